// Policy reminders: before the due date, on it, and every so often while overdue, copying the
// supervisor once when long overdue. At most one email per person per day, and never the same
// reminder twice, however often or wherever the job runs.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { Content } from '../content';
import { currentVersion } from '../content/policies';
import { sendEmail } from '../mail';
import { acknowledgementDue, dayNumber } from './due';
import { dayCount, formatDate, serviceDay } from '../../format';

interface Item {
	key: string;
	line: string;
}

/** The reminders owed today, per recipient. Pure apart from reading the people and acknowledgements. */
async function remindersOwed(db: Kysely<DB>, content: Pick<Content, 'policies' | 'service'>, now: Date) {
	const timing = content.service.policyTiming;
	const [people, acks] = await Promise.all([
		db
			.selectFrom('person')
			.select(['id', 'name', 'email', 'roles', 'supervisorId', 'createdAt', 'activatedAt'])
			.where('status', '=', 'active')
			.execute(),
		db
			.selectFrom('policyAcknowledgement')
			.select(['personId', 'slug', 'version', 'acknowledgedAt'])
			.distinctOn(['personId', 'slug'])
			.orderBy('personId')
			.orderBy('slug')
			.orderBy('acknowledgedAt', 'desc')
			.execute()
	]);
	const last = new Map(acks.map((a) => [`${a.personId}:${a.slug}`, a]));
	const byId = new Map(people.map((p) => [p.id, p]));
	const owed = new Map<string, Item[]>();
	const add = (personId: string, item: Item) => owed.set(personId, [...(owed.get(personId) ?? []), item]);

	for (const person of people) {
		for (const policy of content.policies) {
			const version = currentVersion(policy, now);
			if (!version) continue;
			const due = acknowledgementDue(
				policy,
				{ roles: person.roles, joinedAt: person.activatedAt ?? person.createdAt },
				last.get(`${person.id}:${policy.slug}`) ?? null,
				timing,
				now
			);
			if (!due.dueOn || due.status === 'acknowledged' || due.status === 'not-applicable') continue;
			const cycle = `${policy.slug}:${due.dueOn}`;
			const daysLeft = dayCount(due.dueOn) - dayNumber(now);
			const what = `the ${version.title} (version ${version.version})`;
			// Someone who has just joined, or just met a major version, has the whole of
			// due_within_days: the first reminder waits until remind_before_days before the date.
			if (due.status === 'due' && daysLeft > timing.remindBeforeDays) continue;
			if (due.status === 'due' && daysLeft >= 1) {
				add(person.id, {
					key: `${cycle}:before`,
					line: `Please read and acknowledge ${what} by ${formatDate(due.dueOn)}.`
				});
			} else if (due.status === 'due') {
				add(person.id, { key: `${cycle}:on-the-day`, line: `Your acknowledgement of ${what} is due today.` });
			} else {
				const daysOverdue = -daysLeft;
				const round = Math.floor(daysOverdue / timing.overdueEveryDays);
				// Every `overdueEveryDays` after the due date, not in between.
				if (round >= 1)
					add(person.id, {
						key: `${cycle}:overdue-${round}`,
						line: `Your acknowledgement of ${what} is overdue: it was due on ${formatDate(due.dueOn)}.`
					});
				const supervisor = person.supervisorId ? byId.get(person.supervisorId) : undefined;
				if (supervisor && daysOverdue >= timing.copySupervisorAfterDays) {
					add(supervisor.id, {
						key: `${cycle}:supervisor-of-${person.id}`,
						line: `${person.name}'s acknowledgement of ${what} has been overdue since ${formatDate(due.dueOn)}.`
					});
				}
			}
		}
	}
	return { owed, byId };
}

export interface ReminderRun {
	emails: number;
	reminders: number;
	waiting: number;
}

export async function sendPolicyReminders(
	db: Kysely<DB>,
	content: Pick<Content, 'policies' | 'service'>,
	origin: string,
	now = new Date()
): Promise<ReminderRun> {
	const { owed, byId } = await remindersOwed(db, content, now);
	const today = serviceDay(now);
	const run: ReminderRun = { emails: 0, reminders: 0, waiting: 0 };
	for (const [personId, items] of owed) {
		// Claim today's email and the reminders in one transaction: whoever commits first sends.
		const claimed = await db.transaction().execute(async (trx) => {
			const sent = await trx
				.selectFrom('reminderItem')
				.select('key')
				.where('personId', '=', personId)
				.where(
					'key',
					'in',
					items.map((i) => i.key)
				)
				.execute();
			const fresh = items.filter((i) => !sent.some((s) => s.key === i.key));
			if (!fresh.length) return [];
			const email = await trx
				.insertInto('reminderEmail')
				.values({ personId, day: today, sentAt: now })
				.onConflict((oc) => oc.columns(['personId', 'day']).doNothing())
				.returning('personId')
				.executeTakeFirst();
			if (!email) {
				run.waiting += fresh.length;
				return [];
			}
			await trx
				.insertInto('reminderItem')
				.values(fresh.map((i) => ({ personId, key: i.key, day: today })))
				.execute();
			return fresh;
		});
		if (!claimed.length) continue;
		const person = byId.get(personId)!;
		await sendEmail(
			db,
			{
				to: person.email,
				subject: `${content.service.shortName}: policy acknowledgement ${claimed.length === 1 ? 'reminder' : 'reminders'}`,
				body: [
					`Hello ${person.name},`,
					'',
					...claimed.map((i) => `- ${i.line}`),
					'',
					`Sign in to read and acknowledge: ${origin}/policies`,
					'',
					`${content.service.name}`
				].join('\n')
			},
			content.service,
			origin
		);
		run.emails++;
		run.reminders += claimed.length;
	}
	return run;
}
