// The demo's families' feedback: links for the helpline, email, workshops and two workers' meetings,
// and a year of responses through them, drawn from a fixed seed so every start gives the same
// figures. Joanna's link has enough answers for her supervisor to see her totals; Sam's has too few.
import type { Insertable, Kysely } from 'kysely';
import type { DB, FeedbackChannelColumn } from '../db/schema';
import { randomUUID } from 'node:crypto';
import { seededRandom, type Random } from '../../random';
import { serviceDay } from '../../format';
import { codeAlphabet } from '../feedback';

interface DemoLink {
	key: string;
	label: string;
	channel: FeedbackChannelColumn;
	worker?: string;
}

const links: DemoLink[] = [
	{ key: 'helpline', label: 'Helpline leaflet', channel: 'helpline' },
	{ key: 'email', label: 'Email signature', channel: 'email' },
	{ key: 'workshop', label: 'Workshop handout', channel: 'workshop' },
	{ key: 'joanna', label: 'Meetings with Joanna', channel: 'meeting', worker: 'staff' },
	{ key: 'sam', label: 'Meetings with Sam', channel: 'meeting', worker: 'volunteer' }
];

/** What families wrote: none names anyone, as the form asks. The tone says which answers go with it. */
const comments: { tone: Tone; body: string; themes: string[]; quote?: boolean }[] = [
	{
		tone: 'good',
		body: 'The adviser explained every option, including the ones the school had not mentioned.',
		themes: ['Information and options'],
		quote: true
	},
	{
		tone: 'good',
		body: 'I felt listened to, and the letter said what I wanted it to say, not what anyone else thought.',
		themes: ['Being heard'],
		quote: true
	},
	{
		tone: 'good',
		body: 'They would not tell me which school to choose. That annoyed me at first, but I understand why now.',
		themes: ['Impartiality'],
		quote: true
	},
	{ tone: 'good', body: 'Calm, clear and honest about what the law says.', themes: ['Thanks'] },
	{
		tone: 'good',
		body: 'Thank you for coming to the meeting with me. I could not have done it alone.',
		themes: ['Thanks']
	},
	{
		tone: 'mixed',
		body: 'It took over a week to get a call back, but the advice was good when it came.',
		themes: ['Waiting and access'],
		quote: true
	},
	{
		tone: 'mixed',
		body: 'I was not sure at first whether you worked for the council.',
		themes: ["Arm's length from the council"]
	},
	{ tone: 'mixed', body: 'Helpful, although I wanted someone to tell me what to do.', themes: [] },
	{
		tone: 'poor',
		body: 'It felt as if the adviser agreed with the school before hearing me out.',
		themes: ['Impartiality']
	},
	{ tone: 'poor', body: 'Nobody told me I could appeal to the tribunal until I asked.', themes: [] }
];

type Tone = 'good' | 'mixed' | 'poor';

/** The answers a family of a given tone gives, with a little spread. */
function answersFor(tone: Tone, random: Random): Record<string, string> {
	const pick = (good: string, mixed: string, poor: string) =>
		tone === 'good'
			? random.chance(0.9)
				? good
				: mixed
			: tone === 'mixed'
				? random.chance(0.5)
					? good
					: mixed
				: poor;
	return {
		'took-sides': pick('no', 'not-sure', random.chance(0.5) ? 'yes' : 'a-little'),
		'all-options': pick('yes', 'some', 'no'),
		'views-heard': pick('yes', 'partly', 'no'),
		'arms-length': random.chance(tone === 'good' ? 0.7 : 0.4) ? 'yes' : 'no',
		confidence: pick(random.chance(0.6) ? 'very' : 'fairly', 'fairly', random.chance(0.5) ? 'not-very' : 'not-at-all'),
		// The result is drawn on its own: families whose case went against them still rate the service.
		result: random.pick(['yes', 'partly', 'no', 'not-yet'])
	};
}

/** A year of responses, ending with the current month, through links and the plain address. */
export async function seedFeedback(db: Kysely<DB>, ids: Map<string, string>, now: number) {
	const random = seededRandom(2026_26);
	const coordinator = ids.get('coordinator')!;
	const linkIds = new Map<string, string>();
	for (const link of links) {
		const { id } = await db
			.insertInto('feedbackLink')
			.values({
				code: random.string(codeAlphabet, 8),
				channel: link.channel,
				label: link.label,
				workerId: link.worker ? ids.get(link.worker)! : null,
				createdBy: coordinator,
				createdAt: new Date(now - 400 * 24 * 60 * 60 * 1000)
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		linkIds.set(link.key, id);
	}

	const today = serviceDay(new Date(now));
	const [year, month] = [Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1];
	const tagged = new Set<number>();
	const responses: Insertable<DB['feedbackResponse']>[] = [];
	const answers: Insertable<DB['feedbackAnswer']>[] = [];
	const written: Insertable<DB['feedbackComment']>[] = [];
	for (let back = 11; back >= 0; back--) {
		const first = new Date(Date.UTC(year, month - back, 1)).toISOString().slice(0, 10);
		const count = random.int(12, 24);
		for (let i = 0; i < count; i++) {
			const roll = random.next();
			const tone: Tone = roll < 0.78 ? 'good' : roll < 0.95 ? 'mixed' : 'poor';
			const way = random.next();
			// Helpline 40%, email 25%, meetings 20% (most through Joanna's link), workshops 10%, other 5%;
			// about a third of the helpline and email answers come without a link.
			const [channel, link]: [FeedbackChannelColumn, string | null] =
				way < 0.4
					? ['helpline', random.chance(0.65) ? 'helpline' : null]
					: way < 0.65
						? ['email', random.chance(0.65) ? 'email' : null]
						: way < 0.85
							? ['meeting', random.chance(0.8) ? 'joanna' : null]
							: way < 0.95
								? ['workshop', 'workshop']
								: ['other', null];
			const young = random.chance(0.1);
			const id = randomUUID();
			responses.push({
				id,
				linkId: link ? linkIds.get(link)! : null,
				channel,
				audience: young ? 'young-people' : 'families',
				questionnaireVersion: 1,
				receivedMonth: first
			});
			for (const [questionId, value] of Object.entries(answersFor(tone, random)))
				answers.push({ responseId: id, questionId, value, receivedMonth: first });
			if (!link) answers.push({ responseId: id, questionId: 'channel', value: channel, receivedMonth: first });
			if (random.chance(0.12)) {
				const choices = comments.map((c, n) => [c, n] as const).filter(([c]) => c.tone === tone);
				const [comment, n] = random.pick(choices);
				// A coordinator has read the first of each kind of comment: tagged it, and chosen a few to quote.
				const read = !tagged.has(n);
				tagged.add(n);
				written.push({
					responseId: id,
					questionId: 'anything-else',
					body: comment.body,
					receivedMonth: first,
					themes: read ? comment.themes : [],
					quote: read && !!comment.quote
				});
			}
		}
	}

	// Three families answered through Sam's link: too few for anything of them to be shown.
	for (const back of [2, 5, 9]) {
		const first = new Date(Date.UTC(year, month - back, 1)).toISOString().slice(0, 10);
		const id = randomUUID();
		responses.push({
			id,
			linkId: linkIds.get('sam')!,
			channel: 'meeting',
			audience: 'families',
			questionnaireVersion: 1,
			receivedMonth: first
		});
		for (const [questionId, value] of Object.entries(answersFor('good', random)))
			answers.push({ responseId: id, questionId, value, receivedMonth: first });
	}
	// In batches: a year of answers is a few thousand rows.
	for (let i = 0; i < responses.length; i += 500)
		await db
			.insertInto('feedbackResponse')
			.values(responses.slice(i, i + 500))
			.execute();
	for (let i = 0; i < answers.length; i += 1000)
		await db
			.insertInto('feedbackAnswer')
			.values(answers.slice(i, i + 1000))
			.execute();
	if (written.length) await db.insertInto('feedbackComment').values(written).execute();
}
