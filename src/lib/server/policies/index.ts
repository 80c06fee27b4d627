// Policies people must read and acknowledge: registering versions, acknowledging (yourself, or a
// coordinator on your behalf), what is due for each person, and compliance for the coordinator.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB, Role } from '../db/schema';
import type { SessionPerson } from '../auth/sessions';
import type { PolicyTiming } from '../content/service';
import { currentVersion, latestMajorVersion, type Policy, type PolicyVersion } from '../content/policies';
import { recordAudit } from '../audit';
import { passedSince } from '../quizzes';
import type { Quiz } from '../content/quizzes';
import { acknowledgementDue, type AcknowledgementStatus, type DueState } from './due';
import { dayPlusDays, firstDayReaching, serviceDay, startOfDay } from '../../format';
import { keptStanding } from '../db/standing';

export * from './due';

export async function registerPolicyVersions(db: Kysely<DB>, policies: Policy[]): Promise<Map<string, string>> {
	const versions = policies.flatMap((p) => p.versions);
	if (!versions.length) return new Map();
	await db
		.insertInto('policyVersion')
		.values(
			versions.map((v) => ({
				slug: v.slug,
				version: v.version,
				contentHash: v.hash,
				title: v.title,
				major: v.major,
				effective: v.effective,
				markdown: v.markdown
			}))
		)
		.onConflict((oc) => oc.columns(['slug', 'contentHash']).doNothing())
		.execute();
	const rows = await db
		.selectFrom('policyVersion')
		.select(['id', 'contentHash'])
		.where(
			'contentHash',
			'in',
			versions.map((v) => v.hash)
		)
		.execute();
	const byHash = new Map(rows.map((r) => [r.contentHash, r.id]));
	return new Map(versions.map((v) => [v.hash, byHash.get(v.hash)!]));
}

const joinedAt = sql<Date>`coalesce(person.activated_at, person.created_at)`;

/** A person's latest acknowledgement of each policy, as the trigger on acknowledgements keeps it. */
async function lastAcknowledgements(db: Kysely<DB>, personId: string) {
	const rows = await db
		.selectFrom('policyLatestAcknowledgement')
		.select(['slug', 'version', 'acknowledgedAt', 'method'])
		.where('personId', '=', personId)
		.execute();
	return new Map(rows.map((r) => [r.slug, r]));
}

export interface PolicyForPerson {
	slug: string;
	title: string;
	version: number;
	due: DueState;
	lastAcknowledged: { version: number; at: Date } | null;
}

/** Every policy in force for a person, with whether their acknowledgement is up to date. */
export async function policiesFor(
	db: Kysely<DB>,
	person: { id: string; roles: readonly Role[] },
	policies: Policy[],
	timing: PolicyTiming,
	now = new Date()
): Promise<PolicyForPerson[]> {
	const [last, joined] = await Promise.all([
		lastAcknowledgements(db, person.id),
		db.selectFrom('person').select(joinedAt.as('joinedAt')).where('id', '=', person.id).executeTakeFirstOrThrow()
	]);
	return policiesFromAcknowledgements(person, joined.joinedAt, policies, last, timing, now);
}

export function policiesFromAcknowledgements(
	person: { roles: readonly Role[] },
	joined: Date,
	policies: Policy[],
	last: Map<string, { version: number; acknowledgedAt: Date }>,
	timing: PolicyTiming,
	now = new Date()
): PolicyForPerson[] {
	return policies.flatMap((policy) => {
		const current = currentVersion(policy, now);
		if (!current) return [];
		const ack = last.get(policy.slug);
		const due = acknowledgementDue(policy, { roles: person.roles, joinedAt: joined }, ack ?? null, timing, now);
		if (due.status === 'not-applicable') return [];
		return [
			{
				slug: policy.slug,
				title: current.title,
				version: current.version,
				due,
				lastAcknowledged: ack ? { version: ack.version, at: ack.acknowledgedAt } : null
			}
		];
	});
}

/** The check quiz a person must pass before acknowledging, and whether they have since their last acknowledgement. */
export async function checkQuizFor(db: Kysely<DB>, personId: string, quiz: Quiz, lastAcknowledged: Date | null) {
	return {
		slug: quiz.slug,
		scenarios: quiz.draw ?? quiz.scenarios.length,
		passed: await passedSince(db, personId, quiz.slug, lastAcknowledged)
	};
}

export type AcknowledgeResult = { ok: true; recorded: boolean } | { ok: false; message: string };

/**
 * Records that a person has read and understood the version in force. Acknowledging again while
 * up to date on the same version changes nothing.
 */
export async function acknowledgePolicy(
	db: Kysely<DB>,
	actor: SessionPerson,
	person: { id: string; roles: readonly Role[] },
	policy: Policy,
	version: PolicyVersion,
	versionId: string,
	timing: PolicyTiming,
	onBehalf?: { remark: string; acknowledgedAt?: Date }
): Promise<AcknowledgeResult> {
	return db.transaction().execute(async (trx) => {
		// Serialise a person's acknowledgements so a double click records once.
		await trx.selectFrom('person').select('id').where('id', '=', person.id).forUpdate().executeTakeFirstOrThrow();
		const [status] = (await policiesFor(trx, person, [policy], timing)).filter((p) => p.slug === policy.slug);
		if (!status) return { ok: false, message: 'This policy is not one you need to acknowledge.' };
		if (status.due.status === 'acknowledged' && status.lastAcknowledged?.version === version.version && !onBehalf)
			return { ok: true, recorded: false };
		// A check quiz is passed afresh before each acknowledgement a person makes themselves; a
		// coordinator recording a signed paper copy has seen the understanding in person.
		if (
			version.quiz &&
			!onBehalf &&
			!(await passedSince(trx, person.id, version.quiz, status.lastAcknowledged?.at ?? null))
		) {
			return { ok: false, message: 'Pass the check quiz before you acknowledge this policy' };
		}
		const { id } = await trx
			.insertInto('policyAcknowledgement')
			.values({
				personId: person.id,
				policyVersionId: versionId,
				slug: policy.slug,
				version: version.version,
				contentHash: version.hash,
				acknowledgedAt: onBehalf?.acknowledgedAt ?? new Date(),
				method: onBehalf ? 'recorded' : 'self',
				recordedBy: onBehalf ? actor.id : null,
				remark: onBehalf?.remark ?? null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			actorId: actor.id,
			action: onBehalf ? 'policy.acknowledgement-recorded' : 'policy.acknowledged',
			recordType: 'person',
			recordId: person.id,
			detail: {
				policy: policy.slug,
				version: version.version,
				hash: version.hash,
				acknowledgementId: id,
				...(onBehalf ? { remark: onBehalf.remark } : {})
			}
		});
		return { ok: true, recorded: true };
	});
}

export interface ComplianceFilter {
	role?: Role;
	supervisorId?: string;
	status?: Exclude<AcknowledgementStatus, 'not-applicable'>;
}

/**
 * The people a policy applies to (active and in its audiences), each rated acknowledged, due or
 * overdue, as the SQL of a `with rated as (...)` chain. The rules of `acknowledgementDue` become
 * three instants worked out once here: whether a date is past due is then a comparison of the
 * stored timestamps with them, with no date arithmetic or time zone per person, so counting by
 * state reads each row once and cheaply. A page's own rows get their due dates from
 * `acknowledgementDue` itself; a test holds the two to the same answer.
 */
function ratedPeople(
	policy: Policy,
	current: NonNullable<ReturnType<typeof currentVersion>>,
	timing: PolicyTiming,
	now: Date
) {
	return sql`
		with rated as (
			select p.id, p.name, p.roles, p.supervisor_id, coalesce(p.activated_at, p.created_at) as joined_at,
				a.version, a.acknowledged_at, ${policyStatus(policy, timing, now, sql.ref('a'))} as status
			from person p left join policy_latest_acknowledgement a on a.person_id = p.id and a.slug = ${policy.slug}
			where p.status = 'active' and p.roles && ${sql.val(current.audiences)}::text[]
		)`;
}

function statusDates(policy: Policy, timing: PolicyTiming, now: Date) {
	const major = latestMajorVersion(policy, now);
	const today = serviceDay(now);
	return {
		major: major?.version ?? 0,
		// Joined, or last acknowledged before a major version, before this: more than the allowed days ago.
		joinedOverdue: startOfDay(dayPlusDays(today, -timing.dueWithinDays)),
		// A major version whose own window has passed makes everyone who joined before the window overdue.
		majorOverdue: major ? dayPlusDays(major.effective, timing.dueWithinDays) < today : false,
		// Last acknowledged before these: the period has run out, or its reminder window has opened.
		periodOverdue: startOfDay(firstDayReaching(today, timing.reacknowledgeMonths)),
		periodDue: startOfDay(firstDayReaching(dayPlusDays(today, timing.remindBeforeDays + 1), timing.reacknowledgeMonths))
	};
}

/**
 * A person's state for the policy, as an SQL expression over their row `p` and their latest
 * acknowledgement of it, the row `ack` (see `ratedPeople`).
 */
export function policyStatus(policy: Policy, timing: PolicyTiming, now: Date, ack: RawBuilder<unknown>) {
	const d = statusDates(policy, timing, now);
	return sql<string>`case
		when ${ack}.version is null then
			case when coalesce(p.activated_at, p.created_at) < ${d.joinedOverdue} then 'overdue' else 'due' end
		when ${ack}.version < ${d.major}::int then
			case when ${d.majorOverdue} and coalesce(p.activated_at, p.created_at) < ${d.joinedOverdue} then 'overdue' else 'due' end
		when ${ack}.acknowledged_at < ${d.periodOverdue} then 'overdue'
		when ${ack}.acknowledged_at < ${d.periodDue} then 'due'
		else 'acknowledged'
	end`;
}

/**
 * The same rule as `policyStatus`, as a condition that a person is in `status`: ranges the planner
 * can estimate, so that one page of a state, in name order, is read along the name index rather
 * than by rating everyone first.
 */
export function policyStatusIs(
	policy: Policy,
	timing: PolicyTiming,
	now: Date,
	ack: RawBuilder<unknown>,
	status: 'acknowledged' | 'due' | 'overdue'
) {
	const d = statusDates(policy, timing, now);
	const joined = sql`coalesce(p.activated_at, p.created_at)`;
	const current = sql`${ack}.version >= ${d.major}::int`;
	const lateForMajor = d.majorOverdue ? sql`${joined} < ${d.joinedOverdue}` : sql`false`;
	if (status === 'overdue')
		return sql<boolean>`((${ack}.version is null and ${joined} < ${d.joinedOverdue})
			or (${ack}.version < ${d.major}::int and ${lateForMajor})
			or (${current} and ${ack}.acknowledged_at < ${d.periodOverdue}))`;
	if (status === 'due')
		return sql<boolean>`((${ack}.version is null and ${joined} >= ${d.joinedOverdue})
			or (${ack}.version < ${d.major}::int and not (${lateForMajor}))
			or (${current} and ${ack}.acknowledged_at >= ${d.periodOverdue} and ${ack}.acknowledged_at < ${d.periodDue}))`;
	return sql<boolean>`(${current} and ${ack}.acknowledged_at >= ${d.periodDue})`;
}

interface ComplianceRow {
	id: string;
	name: string;
	email: string;
	roles: Role[];
	supervisorId: string | null;
	supervisorName: string | null;
	version: number | null;
	acknowledgedAt: Date | null;
	method: 'self' | 'recorded' | null;
	remark: string | null;
	recordedByName: string | null;
	due: DueState;
}

/** A compliance row as it leaves the database, before its due state is put together. */
type RatedRow = Omit<ComplianceRow, 'due'> & { joinedAt: Date };
type RatedStatus = 'acknowledged' | 'due' | 'overdue';

/**
 * Everyone the policy applies to who matches the filter, with their latest acknowledgement and
 * whether they are due: counted by state and version in the database, and one page of them (or,
 * for an export, all) read in order, overdue first, then due, then acknowledged, each by name.
 */
export async function policyCompliance(
	db: Kysely<DB>,
	policy: Policy,
	timing: PolicyTiming,
	filter: ComplianceFilter = {},
	now = new Date(),
	page: { limit: number; offset: number } | 'all' = 'all'
) {
	const current = currentVersion(policy, now);
	if (!current)
		return { current: null, rows: [], total: 0, counts: { acknowledged: 0, due: 0, overdue: 0 }, versions: [] };
	const today = serviceDay(now);
	const rated = ratedPeople(policy, current, timing, now);
	const chosen = sql.join(
		[
			sql`true`,
			...(filter.role ? [sql`${filter.role} = any(rated.roles)`] : []),
			...(filter.supervisorId ? [sql`rated.supervisor_id = ${filter.supervisorId}`] : [])
		],
		sql` and `
	);
	// The counts read everyone the policy applies to: kept while nothing they read changes.
	const tally = sql<{ status: RatedStatus; version: number | null; n: string }>`
		${rated} select rated.status, rated.version, count(*) as n from rated where ${chosen} group by rated.status, rated.version`;
	const { sql: text, parameters } = tally.compile(db);
	const tallied = await keptStanding(db, today, { text, parameters }, async (trx) => (await tally.execute(trx)).rows);
	// The page: the first rows of each state in name order, read along the name index until enough
	// are found, then put in order; an export reads everyone.
	const states: RatedStatus[] = filter.status ? [filter.status] : ['overdue', 'due', 'acknowledged'];
	const enough = page === 'all' ? null : page.offset + page.limit;
	const branch = (state: RatedStatus) => sql`(
		select p.id, p.name, p.roles, p.supervisor_id, coalesce(p.activated_at, p.created_at) as joined_at,
			a.version, a.acknowledged_at, ${states.indexOf(state)} as rank
		from person p left join policy_latest_acknowledgement a on a.person_id = p.id and a.slug = ${policy.slug}
		where p.status = 'active' and p.roles && ${sql.val(current.audiences)}::text[]
			${filter.role ? sql`and ${filter.role} = any(p.roles)` : sql``}
			${filter.supervisorId ? sql`and p.supervisor_id = ${filter.supervisorId}` : sql``}
			and ${policyStatusIs(policy, timing, now, sql.ref('a'), state)}
		order by p.name, p.id ${enough === null ? sql`` : sql`limit ${enough}`})`;
	const window = page === 'all' ? sql`` : sql`limit ${page.limit} offset ${page.offset}`;
	const { rows: listed } = await sql<RatedRow>`
		with listed as (${sql.join(states.map(branch), sql` union all `)})
		select listed.id, listed.name, p.email, listed.roles, listed.supervisor_id, listed.version, listed.acknowledged_at,
			listed.joined_at, a.method, a.remark,
			(select name from person s where s.id = listed.supervisor_id) as supervisor_name,
			(select name from person r where r.id = a.recorded_by) as recorded_by_name
		from listed
			join person p on p.id = listed.id
			left join policy_latest_acknowledgement a on a.person_id = listed.id and a.slug = ${policy.slug}
		order by listed.rank, listed.name, listed.id
		${window}`.execute(db);
	const counts = { acknowledged: 0, due: 0, overdue: 0 };
	const onVersion = new Map<number, number>();
	for (const t of tallied) {
		counts[t.status] += Number(t.n);
		if (t.version !== null) onVersion.set(t.version, (onVersion.get(t.version) ?? 0) + Number(t.n));
	}
	const rows = listed.map((r): ComplianceRow => ({
		id: r.id,
		name: r.name,
		email: r.email,
		roles: r.roles,
		supervisorId: r.supervisorId,
		supervisorName: r.supervisorName,
		version: r.version,
		acknowledgedAt: r.acknowledgedAt,
		method: r.method,
		remark: r.remark,
		recordedByName: r.recordedByName,
		due: acknowledgementDue(
			policy,
			{ roles: r.roles, joinedAt: r.joinedAt },
			r.version === null ? null : { version: r.version, acknowledgedAt: r.acknowledgedAt! },
			timing,
			now
		)
	}));
	const versions = policy.versions.map((v) => ({
		version: v.version,
		effective: v.effective,
		major: v.major,
		changes: v.changes,
		inForce: v.version === current.version,
		future: v.effective > today,
		people: onVersion.get(v.version) ?? 0
	}));
	const total = filter.status ? counts[filter.status] : counts.acknowledged + counts.due + counts.overdue;
	return { current, total, counts, versions, rows };
}
