// The questionnaire one page at a time, without an account or a cookie: each page's form carries
// the answers so far in hidden fields, and every step reads them again as if new. Nothing is stored
// until the family sends their answers from the check page.
import type { FeedbackQuestion, Questionnaire } from '../content/feedback';
import { firstUnanswered, readAnswer, readCarriedAnswers } from './index';

export interface QuestionScreen {
	kind: 'question';
	audience: string;
	number: number;
	total: number;
	question: {
		id: string;
		kind: FeedbackQuestion['kind'];
		text: string;
		hint?: string;
		options: { value: string; label: string }[];
	};
	/** What was chosen or typed, kept when the answer is refused. */
	value: string;
	error?: string;
	/** The other answers so far, carried in hidden fields. */
	answers: Record<string, string>;
	/** Reached by "Change" on the check page: continuing goes back there. */
	fromCheck: boolean;
}

export interface CheckScreen {
	kind: 'check';
	audience: string;
	rows: { id: string; text: string; answer: string }[];
	answers: Record<string, string>;
	/** Set when the service could not take the answers now (too many at once). */
	refused?: string;
}

export type Screen = QuestionScreen | CheckScreen | { kind: 'sent'; audience: string };

export function questionScreen(
	questionnaire: Questionnaire,
	questions: FeedbackQuestion[],
	question: FeedbackQuestion,
	answers: Record<string, string>,
	options: { value?: string; error?: string; fromCheck?: boolean } = {}
): QuestionScreen {
	const { [question.id]: own, ...others } = answers;
	return {
		kind: 'question',
		audience: questionnaire.audience,
		number: questions.indexOf(question) + 1,
		total: questions.length,
		question: {
			id: question.id,
			kind: question.kind,
			text: question.text,
			hint: question.hint,
			options: question.options.map((o) => ({ value: o.value, label: o.label }))
		},
		value: options.value ?? own ?? '',
		error: options.error,
		answers: others,
		fromCheck: options.fromCheck ?? false
	};
}

export function checkScreen(
	questions: FeedbackQuestion[],
	questionnaire: Questionnaire,
	answers: Record<string, string>
): CheckScreen {
	return {
		kind: 'check',
		audience: questionnaire.audience,
		rows: questions.map((q) => ({
			id: q.id,
			text: q.text,
			answer:
				q.kind === 'text'
					? answers[q.id] || 'Not answered'
					: (q.options.find((o) => o.value === answers[q.id])?.label ?? 'Not answered')
		})),
		answers
	};
}

/** The page after a step's form: the next question, or the check page once every choice is made. */
export function afterAnswer(
	questionnaire: Questionnaire,
	questions: FeedbackQuestion[],
	values: Record<string, unknown>
): { ok: true; screen: Screen } | { ok: false; screen: QuestionScreen } {
	const answers = readCarriedAnswers(questions, values);
	const question = questions.find((q) => q.id === values.question);
	if (!question) return { ok: true, screen: nextScreen(questionnaire, questions, answers, -1) };
	const fromCheck = values.fromCheck === 'yes';
	const read = readAnswer(question, values.value);
	if (!read.ok) {
		return {
			ok: false,
			screen: questionScreen(questionnaire, questions, question, answers, {
				value: typeof values.value === 'string' ? values.value : '',
				error: read.error,
				fromCheck
			})
		};
	}
	if (read.value) answers[question.id] = read.value;
	else delete answers[question.id];
	if (fromCheck) {
		const missing = firstUnanswered(questions, answers);
		return {
			ok: true,
			screen: missing
				? questionScreen(questionnaire, questions, missing, answers)
				: checkScreen(questions, questionnaire, answers)
		};
	}
	return { ok: true, screen: nextScreen(questionnaire, questions, answers, questions.indexOf(question)) };
}

function nextScreen(
	questionnaire: Questionnaire,
	questions: FeedbackQuestion[],
	answers: Record<string, string>,
	after: number
): Screen {
	const next = questions[after + 1];
	if (next) return questionScreen(questionnaire, questions, next, answers);
	const missing = firstUnanswered(questions, answers);
	return missing
		? questionScreen(questionnaire, questions, missing, answers)
		: checkScreen(questions, questionnaire, answers);
}

/** The question before this one, or null on the first (back to the start page). */
export function previousScreen(
	questionnaire: Questionnaire,
	questions: FeedbackQuestion[],
	values: Record<string, unknown>
): Screen | null {
	const answers = readCarriedAnswers(questions, values);
	const index = questions.findIndex((q) => q.id === values.question);
	if (values.question === 'check')
		return questionScreen(questionnaire, questions, questions[questions.length - 1]!, answers);
	if (index <= 0) return null;
	return questionScreen(questionnaire, questions, questions[index - 1]!, answers);
}

/** "Change" on the check page: the question asked again, with its answer. */
export function changeScreen(
	questionnaire: Questionnaire,
	questions: FeedbackQuestion[],
	values: Record<string, unknown>
): Screen {
	const answers = readCarriedAnswers(questions, values);
	const question = questions.find((q) => q.id === values.question);
	if (!question) return checkScreen(questions, questionnaire, answers);
	return questionScreen(questionnaire, questions, question, answers, { fromCheck: true });
}
