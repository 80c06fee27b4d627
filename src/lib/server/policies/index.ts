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
import { hasRole, rolesInText } from '../db/has-role';
import { planEachCall } from '../db/prepared';

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
	// When they joined, and their latest acknowledgement of each policy, in one statement.
	const row = await db
		.selectFrom('person')
		.select([joinedAt.as('joinedAt'), latestAcknowledgements('person.id').as('acks')])
		.where('id', '=', person.id)
		.executeTakeFirstOrThrow();
	return policiesFromAcknowledgements(person, row.joinedAt, policies, row.acks, timing, now);
}

/** A latest acknowledgement as `latestAcknowledgements` reads it: its moment as JSON gives it, a string. */
export interface LatestAcknowledgement {
	slug: string;
	version: number;
	acknowledgedAt: string;
}

/**
 * A person's latest acknowledgement of each policy, as the trigger on acknowledgements keeps it,
 * as a JSON array (empty when there are none): a column for any statement that reads people,
 * whose `person` names the column holding the person's id.
 */
export const latestAcknowledgements = (person: string) =>
	sql<LatestAcknowledgement[]>`coalesce((
		select json_agg(json_build_object('slug', l.slug, 'version', l.version, 'acknowledgedAt', l.acknowledged_at))
		from policy_latest_acknowledgement l where l.person_id = ${sql.ref(person)}), '[]')`;

/** Each policy in force for a person, with whether their acknowledgement is up to date, from their latest acknowledgements. */
export function policiesFromAcknowledgements(
	person: { roles: readonly Role[] },
	joined: Date,
	policies: Policy[],
	acknowledgements: readonly LatestAcknowledgement[],
	timing: PolicyTiming,
	now = new Date()
): PolicyForPerson[] {
	const last = new Map(
		acknowledgements.map((a) => [a.slug, { version: a.version, acknowledgedAt: new Date(a.acknowledgedAt) }])
	);
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
	// The policy as it stands for the person, and the answer when there is nothing to record: a
	// policy not theirs to acknowledge, or this version already acknowledged.
	const standing = async (
		q: Kysely<DB>
	): Promise<{ settled: AcknowledgeResult } | { settled: null; status: PolicyForPerson }> => {
		const status = (await policiesFor(q, person, [policy], timing)).find((p) => p.slug === policy.slug);
		if (!status) return { settled: { ok: false, message: 'This policy is not one you need to acknowledge.' } };
		if (status.due.status === 'acknowledged' && status.lastAcknowledged?.version === version.version && !onBehalf)
			return { settled: { ok: true, recorded: false } };
		return { settled: null, status };
	};
	// Already acknowledged (a second click, a form sent again): answered from one read, with no
	// transaction and no lock.
	const before = await standing(db);
	if (before.settled) return before.settled;
	return db.transaction().execute(async (trx) => {
		// Serialise a person's acknowledgements so a double click records once: the second, once the
		// first has committed, reads it here and records nothing.
		await trx.selectFrom('person').select('id').where('id', '=', person.id).forUpdate().executeTakeFirstOrThrow();
		const locked = await standing(trx);
		if (locked.settled) return locked.settled;
		const { status } = locked;
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
 * Where the people in one state are found: among those who never acknowledged, those last
 * acknowledging a version before the latest major one, or those on a current version; each with
 * its condition on the person `p` and their latest acknowledgement `a`.
 */
interface StatePart {
	state: RatedStatus;
	on: 'never' | 'behind' | 'current';
	where: RawBuilder<boolean>;
}

/**
 * The same rule as `policyStatus`, as the parts each state is made of, each a condition an index
 * can find: never acknowledged (the rows kept in `policy_never_acknowledged`), acknowledged only
 * before the latest major version, or last acknowledged within a range of days.
 */
function statusParts(policy: Policy, timing: PolicyTiming, now: Date): StatePart[] {
	const d = statusDates(policy, timing, now);
	// Written into the statement's text: they change once a day, and the plan depends on them.
	const at = (day: Date) => sql`${sql.lit(day)}::timestamptz`;
	const joined = sql`coalesce(p.activated_at, p.created_at)`;
	const late = sql<boolean>`${joined} < ${at(d.joinedOverdue)}`;
	const inTime = sql<boolean>`${joined} >= ${at(d.joinedOverdue)}`;
	const behind = sql<boolean>`a.version < ${sql.lit(d.major)}`;
	const current = sql`a.version >= ${sql.lit(d.major)}`;
	return [
		{ state: 'overdue', on: 'never', where: late },
		{ state: 'due', on: 'never', where: inTime },
		{
			state: 'overdue',
			on: 'behind',
			where: d.majorOverdue ? sql<boolean>`${behind} and ${late}` : sql<boolean>`false`
		},
		{ state: 'due', on: 'behind', where: d.majorOverdue ? sql<boolean>`${behind} and ${inTime}` : behind },
		{ state: 'overdue', on: 'current', where: sql<boolean>`${current} and a.acknowledged_at < ${at(d.periodOverdue)}` },
		{
			state: 'due',
			on: 'current',
			where: sql<boolean>`${current} and a.acknowledged_at >= ${at(d.periodOverdue)} and a.acknowledged_at < ${at(d.periodDue)}`
		},
		{
			state: 'acknowledged',
			on: 'current',
			where: sql<boolean>`${current} and a.acknowledged_at >= ${at(d.periodDue)}`
		}
	];
}

/**
 * Up to this many people in a part are read from its own rows; more, along the name index. (A
 * test sets it to -1 to hold the second reading to the same answer.)
 */
export const complianceReading = { sparseUpTo: 1000 };

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
			...(filter.role ? [hasRole(filter.role, sql.ref('rated.roles'))] : []),
			...(filter.supervisorId ? [sql`rated.supervisor_id = ${filter.supervisorId}`] : [])
		],
		sql` and `
	);
	// The counts read everyone the policy applies to: kept while nothing they read changes. Worked
	// out only after a change, so it is planned for its own dates each time: the plan PostgreSQL
	// keeps, made for any dates, took 12 ms at 2,000 people against 5 ms.
	const tally = sql<{ status: RatedStatus; version: number | null; n: string }>`
		${planEachCall}${rated} select rated.status, rated.version, count(*) as n from rated where ${chosen} group by rated.status, rated.version`;
	const { sql: text, parameters } = tally.compile(db);
	const tallied = await keptStanding(db, today, { text, parameters }, async (trx) => (await tally.execute(trx)).rows);
	const counts = { acknowledged: 0, due: 0, overdue: 0 };
	const onVersion = new Map<number, number>();
	const major = latestMajorVersion(policy, now)?.version ?? 0;
	const inPart = new Map<string, number>();
	for (const t of tallied) {
		counts[t.status] += Number(t.n);
		if (t.version !== null) onVersion.set(t.version, (onVersion.get(t.version) ?? 0) + Number(t.n));
		const on = t.version === null ? 'never' : t.version < major ? 'behind' : 'current';
		inPart.set(`${t.status} ${on}`, (inPart.get(`${t.status} ${on}`) ?? 0) + Number(t.n));
	}
	// The page: the first rows of each state in name order, from each part that has anyone in it
	// (as just counted), then put in order; an export reads everyone. A part with few people is read
	// from its own rows and sorted; the fence (offset 0) keeps the planner from walking the name
	// index in hope of finding them early, which it misjudges (the never acknowledged are mostly
	// people no longer active). A part with many is read along the name index until enough are found.
	const states: RatedStatus[] = filter.status ? [filter.status] : ['overdue', 'due', 'acknowledged'];
	const enough = page === 'all' ? null : page.offset + page.limit;
	// Parts with few people that read the same rows are read together, each row ranked by its state.
	const sparse = (part: StatePart) => (inPart.get(`${part.state} ${part.on}`) ?? 0) <= complianceReading.sparseUpTo;
	const wanted = statusParts(policy, timing, now).filter(
		(part) => states.includes(part.state) && inPart.has(`${part.state} ${part.on}`)
	);
	const groups = [
		...(['never', 'behind', 'current'] as const)
			.map((on) => wanted.filter((part) => part.on === on && sparse(part)))
			.filter((group) => group.length),
		...wanted.filter((part) => !sparse(part)).map((part) => [part])
	];
	const branch = (group: StatePart[]) => {
		const on = group[0]!.on;
		const rank = sql.join(
			group.map((part) => sql`when ${part.where} then ${states.indexOf(part.state)}`),
			sql` `
		);
		const rows = sql`
			select p.id, p.name, p.roles, p.supervisor_id, coalesce(p.activated_at, p.created_at) as joined_at,
				${on === 'never' ? sql`null::int as version, null::timestamptz as acknowledged_at` : sql`a.version, a.acknowledged_at`},
				case ${rank} end as rank
			from ${
				on === 'never'
					? sql`policy_never_acknowledged u join person p on p.id = u.person_id and u.slug = ${policy.slug}`
					: sql`policy_latest_acknowledgement a join person p on p.id = a.person_id and a.slug = ${policy.slug}`
			}
			where p.status = 'active' and p.roles && ${rolesInText(current.audiences)}
				${filter.role ? sql`and ${hasRole(filter.role, sql.ref('p.roles'))}` : sql``}
				${filter.supervisorId ? sql`and p.supervisor_id = ${filter.supervisorId}` : sql``}
				and (${sql.join(
					group.map((part) => part.where),
					sql` or `
				)})`;
		const limit = enough === null ? sql`` : sql`limit ${sql.lit(enough)}`;
		return sparse(group[0]!)
			? sql`(select * from (${rows} offset 0) part order by part.rank, part.name, part.id ${limit})`
			: sql`(${rows} order by p.name, p.id ${limit})`;
	};
	const window = page === 'all' ? sql`` : sql`limit ${sql.lit(page.limit)} offset ${sql.lit(page.offset)}`;
	// Everything the plan depends on (the day's dates, the audiences, the page's limits) is in the
	// statement's text, and only the policy and a supervisor are sent as values, which any plan
	// suits: PostgreSQL keeps the plan it makes rather than planning the whole union, for 3 ms, on
	// every call.
	const { rows: listed } = groups.length
		? await sql<RatedRow>`
		with listed as (${sql.join(groups.map(branch), sql` union all `)})
		select listed.id, listed.name, p.email, listed.roles, listed.supervisor_id, listed.version, listed.acknowledged_at,
			listed.joined_at, a.method, a.remark,
			(select name from person s where s.id = listed.supervisor_id) as supervisor_name,
			(select name from person r where r.id = a.recorded_by) as recorded_by_name
		from listed
			join person p on p.id = listed.id
			left join policy_latest_acknowledgement a on a.person_id = listed.id and a.slug = ${policy.slug}
		order by listed.rank, listed.name, listed.id
		${window}`.execute(db)
		: { rows: [] };
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
