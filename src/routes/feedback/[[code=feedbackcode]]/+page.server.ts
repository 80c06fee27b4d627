import { error, fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { clientAddress } from '$lib/server/address';
import { content } from '$lib/server/content';
import { feedbackRules } from '$lib/server/content/service';
import { readForm } from '$lib/server/forms';
import {
	audienceSchema,
	firstUnanswered,
	linkByCode,
	questionsFor,
	readCarriedAnswers,
	submitResponse
} from '$lib/server/feedback';
import { afterAnswer, changeScreen, checkScreen, previousScreen, questionScreen } from '$lib/server/feedback/flow';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

// The public questionnaire: no sign-in, and nothing about who answers is read or kept.

async function linkFor(code: string | undefined) {
	if (!code) return undefined;
	const link = await linkByCode(db(), code);
	if (!link) error(404, 'This feedback link is no longer in use. You can still tell us what you think at /feedback');
	return link;
}

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	const link = await linkFor(params.code);
	const { questionnaires, service } = content();
	// Answers pass through these pages: no cache may keep a copy.
	setHeaders({ 'Cache-Control': 'no-store' });
	return {
		serviceName: service.name,
		questionnaires: questionnaires.map((q) => ({
			audience: q.audience,
			title: q.title,
			summary: q.summary,
			introHtml: q.introHtml,
			questions: questionsFor(q, link).length
		}))
	};
};

/** The questionnaire a step's form is for, and the questions it asks through this link. */
async function stepContext(event: RequestEvent) {
	const link = await linkFor(event.params.code);
	const values = readForm(await event.request.formData());
	const audience = audienceSchema.safeParse(values.audience);
	const questionnaire = audience.success
		? content().questionnaires.find((q) => q.audience === audience.data)
		: undefined;
	// A form from an old page, or one made up: start again from the first page.
	if (!questionnaire) redirect(303, event.url.pathname);
	return { link, values, questionnaire, questions: questionsFor(questionnaire, link) };
}

export const actions: Actions = {
	start: async (event) => {
		const { questionnaire, questions } = await stepContext(event);
		return { screen: questionScreen(questionnaire, questions, questions[0]!, {}) };
	},
	next: async (event) => {
		const { questionnaire, questions, values } = await stepContext(event);
		const result = afterAnswer(questionnaire, questions, values);
		if (!result.ok) return fail(400, { screen: result.screen });
		return { screen: result.screen };
	},
	back: async (event) => {
		const { questionnaire, questions, values } = await stepContext(event);
		const screen = previousScreen(questionnaire, questions, values);
		if (!screen) redirect(303, event.url.pathname);
		return { screen };
	},
	change: async (event) => {
		const { questionnaire, questions, values } = await stepContext(event);
		return { screen: changeScreen(questionnaire, questions, values) };
	},
	send: async (event) => {
		const { questionnaire, questions, values, link } = await stepContext(event);
		const answers = readCarriedAnswers(questions, values);
		const missing = firstUnanswered(questions, answers);
		if (missing)
			return fail(400, {
				screen: questionScreen(questionnaire, questions, missing, answers, { error: 'Select an answer' })
			});
		// A field no person can see, filled in: a program sending forms. It is thanked and nothing is kept.
		if (typeof values.website === 'string' && values.website !== '')
			return { screen: { kind: 'sent' as const, audience: questionnaire.audience } };
		const intake = await submitResponse(db(), {
			questionnaire,
			link,
			answers,
			address: clientAddress(event),
			rules: feedbackRules(content().service)
		});
		if (!intake.ok) {
			return fail(429, {
				screen: {
					...checkScreen(questions, questionnaire, answers),
					refused:
						intake.reason === 'client'
							? 'We have had a lot of answers from your network in the last hour, so we could not take yours just now. Please try again in an hour.'
							: 'We have had as many answers through this link as we can take today. Please try again tomorrow.'
				}
			});
		}
		return { screen: { kind: 'sent' as const, audience: questionnaire.audience } };
	}
};
