// Families' feedback: the links coordinators hand out, and taking a response from the public
// questionnaire. A response keeps its month, channel and link, never who sent it: no account, no
// address, no time of day, nothing linked to a case. The public form is throttled per client (by a
// hash of the address whose salt is thrown away after a day) and capped per link per day.
import { createHmac, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema';
import type { SessionPerson } from '../auth/sessions';
import { recordAudit } from '../audit';
import { hasControlCharacter, controlCharacterMessage, textField } from '../forms';
import { personalDetailIn } from '../privacy';
import { nameOrEmailContains } from '../people';
import {
	feedbackAudiences,
	feedbackChannels,
	type FeedbackAudience,
	type FeedbackChannel,
	type FeedbackQuestion,
	type Questionnaire
} from '../content/feedback';
import type { FeedbackRules } from '../content/service';
import { firstMonthNotEnded, keptFigures, monthOf, nextMonth, type KeptFigures } from '../reports/kept';

export { feedbackAudiences, feedbackChannels, type FeedbackAudience, type FeedbackChannel };

type Db = Kysely<DB>;

export const channelLabels: Record<FeedbackChannel, string> = {
	helpline: 'Helpline',
	email: 'Email or website',
	meeting: 'Supporter at a meeting',
	workshop: 'Workshop or information session',
	other: 'Another way'
};

// Links.

/** Letters and digits that cannot be mistaken for one another when typed from a printed leaflet. */
export const codeAlphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
export const linkCodePattern = /^[a-hjkmnp-z2-9]{8}$/;

export function newLinkCode(): string {
	const bytes = randomBytes(8);
	return Array.from(bytes, (b) => codeAlphabet[b % codeAlphabet.length]).join('');
}

export interface FeedbackLink {
	id: string;
	code: string;
	channel: FeedbackChannel;
	label: string;
	workerId: string | null;
}

export const linkSchema = z.object({
	label: textField('The name of the link', 80).min(3, 'Enter a name for the link, like "Helpline leaflet 2027"'),
	channel: z.enum(feedbackChannels, { error: 'Choose how families came to the service' }),
	workerId: z
		.string()
		.trim()
		.optional()
		.transform((v) => v || null)
		.pipe(z.uuid({ error: 'Choose a worker from the list' }).nullable())
});

export async function createLink(
	db: Db,
	actor: SessionPerson,
	input: { label: string; channel: FeedbackChannel; workerId: string | null }
): Promise<FeedbackLink | { error: string }> {
	return db.transaction().execute(async (trx) => {
		if (input.workerId) {
			const worker = await trx
				.selectFrom('person')
				.select('id')
				.where('id', '=', input.workerId)
				.where('status', '=', 'active')
				.where(sql<boolean>`roles && array['volunteer', 'staff', 'supervisor', 'coordinator']::text[]`)
				.executeTakeFirst();
			if (!worker) return { error: 'Choose a worker from the list' };
		}
		const link = await trx
			.insertInto('feedbackLink')
			.values({
				code: newLinkCode(),
				channel: input.channel,
				label: input.label,
				workerId: input.workerId,
				createdBy: actor.id
			})
			.returning(['id', 'code', 'channel', 'label', 'workerId'])
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			actorId: actor.id,
			action: 'feedback.link-created',
			recordType: 'feedback-link',
			recordId: link.id,
			detail: { channel: link.channel, worker: !!link.workerId }
		});
		return link;
	});
}

export async function retireLink(db: Db, actor: SessionPerson, id: string): Promise<boolean> {
	return db.transaction().execute(async (trx) => {
		const done = await trx
			.updateTable('feedbackLink')
			.set({ retiredAt: new Date() })
			.where('id', '=', id)
			.where('retiredAt', 'is', null)
			.executeTakeFirst();
		if (!Number(done.numUpdatedRows)) return false;
		await recordAudit(trx, {
			actorId: actor.id,
			action: 'feedback.link-retired',
			recordType: 'feedback-link',
			recordId: id
		});
		return true;
	});
}

/** Responses through each link in a month: [link, responses]. */
interface LinkMonth {
	links: [string, number][];
}

/** The responses through each link, kept for each month that has ended (reports/kept.ts). */
const keptLinkMonths: KeptFigures<LinkMonth> = {
	table: 'feedback_link_month',
	span: 'month',
	changes: 'feedback_month_change',
	key: 'responses by link',
	count: async (trx, first, last) => {
		const { rows } = await sql<{ month: string; linkId: string; n: string }>`
			select to_char(received_month, 'YYYY-MM-DD') as month, link_id, count(*) as n
			from feedback_response
			where received_month between ${first}::date and ${last}::date and link_id is not null
			group by received_month, link_id`.execute(trx);
		const months = new Map<string, LinkMonth>();
		for (const r of rows) {
			const month = months.get(r.month) ?? { links: [] };
			month.links.push([r.linkId, Number(r.n)]);
			months.set(r.month, month);
		}
		return months;
	},
	none: () => ({ links: [] })
};

/**
 * Every link in use, newest first, with its worker's name and how many responses came through it:
 * those of months that have ended from the kept counts, those since counted afresh from the index
 * of each link's responses by month.
 */
export async function listLinks(db: Db, now = new Date()) {
	const open = firstMonthNotEnded(now);
	const links = await db
		.selectFrom('feedbackLink as l')
		.leftJoin('person as w', 'w.id', 'l.workerId')
		.select((eb) => [
			'l.id',
			'l.code',
			'l.channel',
			'l.label',
			'l.createdAt',
			'w.name as workerName',
			eb
				.selectFrom('feedbackResponse as r')
				.select((e) => e.fn.countAll<string>().as('n'))
				.whereRef('r.linkId', '=', 'l.id')
				.where('r.receivedMonth', '>=', open)
				.as('recent'),
			// The first month anyone answered: the kept months run from it.
			sql<string | null>`(select min(received_month)::text from feedback_response)`.as('firstMonth')
		])
		.where('l.retiredAt', 'is', null)
		.orderBy('l.createdAt', 'desc')
		.limit(200)
		.execute();
	const first = links[0]?.firstMonth;
	const months: string[] = [];
	if (first) for (let m = monthOf(first); m < open; m = nextMonth(m)) months.push(m);
	const total = new Map<string, number>();
	for (const month of (await keptFigures(db, months, keptLinkMonths)).values())
		for (const [id, n] of month.links) total.set(id, (total.get(id) ?? 0) + n);
	return links.map(({ recent, firstMonth: _first, ...link }) => ({
		...link,
		responses: Number(recent) + (total.get(link.id) ?? 0)
	}));
}

export async function linkById(db: Db, id: string) {
	return db
		.selectFrom('feedbackLink as l')
		.leftJoin('person as w', 'w.id', 'l.workerId')
		.select(['l.id', 'l.code', 'l.channel', 'l.label', 'l.retiredAt', 'w.name as workerName'])
		.where('l.id', '=', id)
		.executeTakeFirst();
}

/** The link a printed code stands for, unless it was retired. */
export async function linkByCode(db: Db, code: string): Promise<FeedbackLink | undefined> {
	if (!linkCodePattern.test(code)) return undefined;
	return db
		.selectFrom('feedbackLink')
		.select(['id', 'code', 'channel', 'label', 'workerId'])
		.where('code', '=', code)
		.where('retiredAt', 'is', null)
		.executeTakeFirst();
}

// Answers.

/** The longest comment taken: two minutes' typing, and a bound on what one response can store. */
export const commentMaxLength = 1200;

/** The questions asked through a link: the channel question is left out when the link says it already. */
export function questionsFor(questionnaire: Questionnaire, link: FeedbackLink | undefined): FeedbackQuestion[] {
	return questionnaire.questions.filter((q) => !(link && q.kind === 'channel'));
}

/**
 * One answer as typed or chosen: a choice must be one of the question's options; a comment is
 * optional, at most `commentMaxLength` characters, and refused when it holds an email address, a
 * phone number or a postcode, saying why (the text typed goes back to the family unchanged).
 */
export function readAnswer(
	question: FeedbackQuestion,
	raw: unknown
): { ok: true; value: string } | { ok: false; error: string } {
	const text = typeof raw === 'string' ? raw.replace(/\r\n?/g, '\n') : '';
	if (question.kind !== 'text') {
		const chosen = question.options.find((o) => o.value === text);
		return chosen ? { ok: true, value: chosen.value } : { ok: false, error: 'Select an answer' };
	}
	if (text.length > commentMaxLength)
		return { ok: false, error: `Your answer must be ${commentMaxLength.toLocaleString('en-GB')} characters or fewer` };
	if (hasControlCharacter(text)) return { ok: false, error: controlCharacterMessage('Your answer') };
	const value = text.trim();
	const detail = personalDetailIn(value);
	if (detail) {
		return {
			ok: false,
			error: `Your answer contains what looks like ${detail}. Remove it: we do not keep anything that could identify you or your child`
		};
	}
	return { ok: true, value };
}

/** The answers carried from page to page, each checked again: one that does not read is dropped. */
export function readCarriedAnswers(
	questions: FeedbackQuestion[],
	values: Record<string, unknown>
): Record<string, string> {
	const answers: Record<string, string> = {};
	for (const question of questions) {
		const raw = values[`answer.${question.id}`];
		if (typeof raw !== 'string') continue;
		const read = readAnswer(question, raw);
		if (read.ok) answers[question.id] = read.value;
	}
	return answers;
}

/** The first question that still needs an answer: a choice not yet made (a comment may be left blank). */
export function firstUnanswered(
	questions: FeedbackQuestion[],
	answers: Record<string, string>
): FeedbackQuestion | undefined {
	return questions.find((q) => q.kind !== 'text' && answers[q.id] === undefined);
}

export const audienceSchema = z.enum(feedbackAudiences);

// Taking a response.

export type Intake = { ok: true } | { ok: false; reason: 'client' | 'link' };

/** The key a client is counted under today: an HMAC of its address with today's salt. */
function clientKey(salt: string, address: string): string {
	return createHmac('sha256', salt).update(address).digest('base64url');
}

/** Today's salt, made by the first answer of the day. */
async function todaysSalt(db: Db): Promise<string> {
	await db
		.insertInto('feedbackSalt')
		.values({ day: sql<string>`current_date`, salt: randomBytes(32).toString('base64url') })
		.onConflict((oc) => oc.column('day').doNothing())
		.execute();
	const { salt } = await db
		.selectFrom('feedbackSalt')
		.select('salt')
		.where('day', '=', sql<string>`current_date`)
		.executeTakeFirstOrThrow();
	return salt;
}

/** The refusal for a client or link already at its limit, or nothing. */
async function overLimit(db: Db, client: string, linkKey: string, rules: FeedbackRules): Promise<Intake | undefined> {
	const counts = await sql<{ byClient: number; byLink: number }>`
		select (select count(*)::int from feedback_intake where client_key = ${client} and at > now() - interval '1 hour') as by_client,
			(select count(*)::int from feedback_intake where link_key = ${linkKey} and at >= date_trunc('day', now())) as by_link`.execute(
		db
	);
	const { byClient, byLink } = counts.rows[0]!;
	if (byClient >= rules.perClientPerHour) return { ok: false, reason: 'client' };
	if (byLink >= rules.dailyCapPerLink) return { ok: false, reason: 'link' };
	return undefined;
}

/**
 * Stores a response, unless this client has sent `perClientPerHour` in the last hour or its link
 * (or the questionnaire without a link) has taken `dailyCapPerLink` today. Each intake is a row of
 * its own; families answering through the same link wait only for one another's insert.
 *
 * A flood through one link is refused by a single read, before any lock or write: today's salt and
 * the link's count come together, and once the link is full nothing more is asked of the database.
 */
export async function submitResponse(
	db: Db,
	input: {
		questionnaire: Questionnaire;
		link: FeedbackLink | undefined;
		answers: Record<string, string>;
		address: string;
		rules: FeedbackRules;
	}
): Promise<Intake> {
	const { questionnaire, link, answers, rules } = input;
	const questions = questionsFor(questionnaire, link);
	const channel = (link?.channel ??
		answers[questions.find((q) => q.kind === 'channel')?.id ?? ''] ??
		'other') as FeedbackChannel;
	const linkKey = link?.id ?? 'none';
	const today = await sql<{ salt: string | null; byLink: number }>`
		select (select salt from feedback_salt where day = current_date) as salt,
			(select count(*)::int from feedback_intake where link_key = ${linkKey} and at >= date_trunc('day', now())) as by_link`.execute(
		db
	);
	const { salt, byLink: already } = today.rows[0]!;
	if (already >= rules.dailyCapPerLink) return { ok: false, reason: 'link' };
	const client = clientKey(salt ?? (await todaysSalt(db)), input.address);
	// Refused without a lock when already over a limit; counted again under the locks to be sure.
	const refused = await overLimit(db, client, linkKey, rules);
	if (refused) return refused;
	return db.transaction().execute(async (trx) => {
		// Counted and stored in turn per client and per link, so answers sent together cannot all
		// slip under a limit; held only while one response is stored, always in this order.
		await sql`select pg_advisory_xact_lock(hashtext('impartial.feedback.client'), hashtext(${client}))`.execute(trx);
		await sql`select pg_advisory_xact_lock(hashtext('impartial.feedback.link'), hashtext(${linkKey}))`.execute(trx);
		const refusedNow = await overLimit(trx, client, linkKey, rules);
		if (refusedNow) return refusedNow;
		await trx.insertInto('feedbackIntake').values({ linkKey, clientKey: client }).execute();
		const month = sql<string>`date_trunc('month', now())::date`;
		const { id } = await trx
			.insertInto('feedbackResponse')
			.values({
				linkId: link?.id ?? null,
				channel,
				audience: questionnaire.audience,
				questionnaireVersion: questionnaire.version,
				receivedMonth: month
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const chosen = questions.filter((q) => q.kind !== 'text' && answers[q.id] !== undefined);
		if (chosen.length) {
			await trx
				.insertInto('feedbackAnswer')
				.values(chosen.map((q) => ({ responseId: id, questionId: q.id, value: answers[q.id]!, receivedMonth: month })))
				.execute();
		}
		const comments = questions.filter((q) => q.kind === 'text' && answers[q.id]);
		if (comments.length) {
			await trx
				.insertInto('feedbackComment')
				.values(comments.map((q) => ({ responseId: id, questionId: q.id, body: answers[q.id]!, receivedMonth: month })))
				.execute();
		}
		return { ok: true } as const;
	});
}

/** Throttling rows older than two days, and salts older than yesterday, serve no purpose: removed daily, by retention. */
export async function removeOldIntake(db: Db, now = new Date()): Promise<number> {
	const removed = await db
		.deleteFrom('feedbackIntake')
		.where('at', '<', sql<Date>`${now}::timestamptz - interval '2 days'`)
		.executeTakeFirst();
	await db
		.deleteFrom('feedbackSalt')
		.where('day', '<', sql<string>`${now}::timestamptz::date - 1`)
		.execute();
	return Number(removed.numDeletedRows);
}

/** How many workers the form for a link lists at once; a service with more finds the worker first. */
export const workersListed = 100;

/** The search for a link's worker, read leniently from the query string: a bad value is dropped. */
export const workerSearchSchema = z.object({
	worker: textField('Worker', 100)
		.optional()
		.catch(undefined)
		.transform((v) => v || undefined)
});

/**
 * Workers a link may name (active people who give information and support), by name: those whose
 * name or email contains `search` when there is one. At most `workersListed`, and whether there
 * were more, so a large service is asked to search rather than shown a list cut short.
 */
export async function workersForLinks(db: Db, search?: string) {
	const rows = await db
		.selectFrom('person')
		.select(['id', 'name'])
		.where('status', '=', 'active')
		.where(sql<boolean>`roles && array['volunteer', 'staff', 'supervisor', 'coordinator']::text[]`)
		.$if(!!search, (q) => q.where(nameOrEmailContains(search!)))
		.orderBy('name')
		.orderBy('id')
		.limit(workersListed + 1)
		.execute();
	return { workers: rows.slice(0, workersListed), more: rows.length > workersListed };
}
