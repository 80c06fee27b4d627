import { describe, expect, it } from 'vitest';
import { loadQuestionnaires } from '../content/feedback';
import { afterAnswer, changeScreen, previousScreen } from './flow';
import { questionsFor } from './index';

const families = loadQuestionnaires('content').questionnaires.find((q) => q.audience === 'families')!;
const questions = questionsFor(families, undefined);

describe('the questionnaire, one page at a time', () => {
	it('goes on to the next question, carrying every answer so far', () => {
		const result = afterAnswer(families, questions, { question: 'channel', value: 'helpline' });
		expect(result).toMatchObject({
			ok: true,
			screen: { kind: 'question', number: 2, question: { id: 'took-sides' }, answers: { channel: 'helpline' } }
		});
	});

	it('refuses a choice that is not listed, and keeps a refused comment as typed', () => {
		expect(afterAnswer(families, questions, { question: 'took-sides', value: 'perhaps' })).toMatchObject({
			ok: false,
			screen: { question: { id: 'took-sides' }, error: 'Select an answer' }
		});
		const typed = 'Email me at sam@example.org';
		expect(afterAnswer(families, questions, { question: 'anything-else', value: typed })).toMatchObject({
			ok: false,
			screen: { value: typed, error: expect.stringContaining('an email address') }
		});
	});

	it('drops a carried answer that was tampered with, and asks that question again before the check page', () => {
		const carried = Object.fromEntries(
			questions.filter((q) => q.kind === 'choice').map((q) => [`answer.${q.id}`, q.options[0]!.value])
		);
		carried['answer.confidence'] = 'certain';
		const result = afterAnswer(families, questions, {
			...carried,
			'answer.channel': 'email',
			question: 'anything-else',
			value: ''
		});
		expect(result).toMatchObject({ ok: true, screen: { kind: 'question', question: { id: 'confidence' } } });
	});

	it('returns to the check page after a change, and back from the first question to the start', () => {
		const carried = Object.fromEntries(
			questions.filter((q) => q.kind !== 'text').map((q) => [`answer.${q.id}`, q.options[0]!.value])
		);
		expect(changeScreen(families, questions, { ...carried, question: 'result' })).toMatchObject({
			kind: 'question',
			fromCheck: true,
			value: 'yes'
		});
		expect(
			afterAnswer(families, questions, { ...carried, question: 'result', value: 'no', fromCheck: 'yes' })
		).toMatchObject({
			ok: true,
			screen: { kind: 'check', answers: { result: 'no' } }
		});
		expect(previousScreen(families, questions, { question: 'channel' })).toBeNull();
	});
});
