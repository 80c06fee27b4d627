// What a supervisor sees at a glance: supervisees by urgency. And what a performance review gathers:
// everything on record about the person since their last review.
import { sql, type Kysely } from 'kysely';
import { roles as allRoles, type DB, type Role } from '../db/schema';
import { rolesInText } from '../db/has-role';
import type { SessionPerson } from '../auth/sessions';
import type { Content } from '../content';
import type { InductionStatus } from '../../module-status';
import type { AcknowledgementStatus } from '../../acknowledgement-status';
import { policyStatus } from '../policies';
import { currentVersion } from '../content/policies';
import { declarantRoles, declarationStatus } from '../declarations';
import { serviceDay, timeZone } from '../../format';
import { keptStanding } from '../db/standing';
import type { ReviewSummary } from '../../supervision';

export const overviewPageSize = 50;

/** How often someone with these roles should have supervision: the shortest interval among their roles. */
export function supervisionInterval(
	roles: readonly Role[],
	intervals: Content['service']['supervisionIntervalDays']
): number | null {
	const days = roles.map((r) => intervals[r]).filter((d): d is number => typeof d === 'number');
	return days.length ? Math.min(...days) : null;
}

interface OverviewRow {
	id: string;
	name: string;
	roles: Role[];
	inductionStage: InductionStatus;
	intervalDays: number | null;
	lastSupervision: string | null;
	nextDue: string | null;
	openActions: string;
	overdueActions: string;
	awaitingSignature: string;
	/** Each policy in force: the person's state, or null where it does not apply to them. */
	policyStates: (AcknowledgementStatus | null)[];
	declarationState: AcknowledgementStatus | null;
	total: string;
}

const worst = (statuses: AcknowledgementStatus[]): AcknowledgementStatus =>
	statuses.includes('overdue')
		? 'overdue'
		: statuses.includes('due')
			? 'due'
			: statuses.length
				? 'acknowledged'
				: 'not-applicable';

/**
 * Supervisees (or, for a coordinator asking for everyone, every active person with a supervision
 * interval), most urgent first: the furthest past their next supervision, then the soonest due.
 * Next due is the last session plus the interval for their roles, or joining plus the interval.
 *
 * Everyone's list is read in that order from indexes rather than worked out for everyone and sorted.
 * Each person's interval is the shortest of their roles', so people are taken role by role, in
 * order of interval, each under the first role they hold. Within one role everyone shares an
 * interval, so the order of next due is the order of the day measured from: the day of the last
 * supervision (an index for each role, so a rare role's walk passes no one else's people), or, for
 * people with none, when they joined (another). Each branch reads only as many people as the pages
 * so far show, and the page is the first of their merge.
 */
export async function supervisionOverview(
	db: Kysely<DB>,
	viewer: SessionPerson,
	content: Pick<Content, 'policies' | 'service'>,
	options: { everyone?: boolean; page?: number } = {},
	now = new Date()
) {
	const intervals = content.service.supervisionIntervalDays;
	const intervalSql = sql.join(
		Object.entries(intervals).map(([role, days]) => sql`case when ${role} = any(p.roles) then ${Number(days)}::int end`)
	);
	const interval = Object.keys(intervals).length ? sql<number>`least(${intervalSql})` : sql<number>`null::int`;
	const byInterval = Object.entries(intervals)
		.map(([role, days]) => ({ role, days: Number(days) }))
		.sort((a, b) => a.days - b.days || a.role.localeCompare(b.role));
	const rolesWithInterval = byInterval.map((r) => r.role);
	const page = Math.max(1, options.page ?? 1);
	const reach = page * overviewPageSize;
	const today = serviceDay(now);
	const zone = timeZone();
	const joined = sql`coalesce(p.activated_at, p.created_at)`;
	// The roles are written into the query's text, not sent as values: they are fixed while the
	// server runs, and the statement's plan (kept for each connection) must know how many people
	// hold each, to read a rare role's few people from the roles index rather than walk everyone.
	// So are the page's limits (a whole number from 1 to 10,000): a plan made for any limit guesses
	// a tenth of everyone, costs more than one made for 50, and PostgreSQL then planned the six
	// branches again on every call (1.6 ms of the statement's 4 at 20,000 people). With them in the
	// text, each page's statement keeps one plan.
	const everyoneInOrder = () => {
		if (!byInterval.length) return null;
		const branches = byInterval.flatMap(({ role, days }, i) => {
			const earlier = rolesWithInterval.slice(0, i);
			const holds = earlier.length
				? sql`p.roles @> ${rolesInText([role])} and not p.roles && ${rolesInText(earlier)}`
				: sql`p.roles @> ${rolesInText([role])}`;
			const never = sql`p.status = 'active' and p.last_supervision_on is null and ${holds}`;
			return [
				sql`(select p.id, p.last_supervision_on + ${sql.lit(days)} as next_due, p.name from person p
					where p.status = 'active' and p.last_supervision_on is not null and ${holds}
					order by p.last_supervision_on, p.name, p.id limit ${sql.lit(reach)})`,
				// Joining times, not days, are in the index: everyone up to the end of the day of the
				// last one needed is read, so that people who joined that day are then ordered by name.
				sql`(select p.id, (${joined} at time zone ${zone})::date + ${sql.lit(days)}, p.name from person p
					where ${never} and ${joined} < coalesce((
						select ((${joined} at time zone ${zone})::date + 1)::timestamp at time zone ${zone}
						from person p where ${never} order by ${joined} offset ${sql.lit(reach - 1)} limit 1), 'infinity'))`
			];
		});
		// Everyone with an interval is every active person but those whose roles all have none (the
		// steering group, say): two counts the status and roles indexes answer, where testing each
		// person's roles would read all of them. Counting everyone active reads the whole status
		// index (1 ms of the statement's 2 at 20,000 people), so the count is kept in the database
		// for the day, as the reports' figures about people are, until someone's status or roles
		// change.
		const withoutInterval = allRoles.filter((r) => !rolesWithInterval.includes(r));
		const total = keptStanding(db, today, { count: 'supervision overview', withoutInterval }, async (trx) => {
			const { rows } = await sql<{ n: string }>`
				select (select count(*) from person p where p.status = 'active')
					- (select count(*) from person p where p.status = 'active' and p.roles <@ ${rolesInText(withoutInterval)}) as n`.execute(
				trx
			);
			return Number(rows[0]!.n);
		});
		return { candidates: sql.join(branches, sql` union all `), total };
	};
	// A supervisor's own people (a caseload, a few hundred at most) are each worked out and sorted,
	// from the index of active supervisees, which holds all that needs (the table is read only for
	// the page's fifty): walking the ordered indexes for them would pass everyone else's. Those
	// whose roles have no interval come last.
	const mine = sql`p.status = 'active' and p.supervisor_id = ${viewer.id}`;
	const read = options.everyone
		? everyoneInOrder()
		: {
				candidates: sql`select p.id, coalesce(p.last_supervision_on, (${joined} at time zone ${zone})::date) + ${interval} as next_due, p.name
					from person p where ${mine}`,
				total: sql<string>`(select count(*) from person p where ${mine})`
			};
	if (!read) return { people: [], total: 0, page, pageSize: overviewPageSize };
	const counted = read.total instanceof Promise ? read.total : null;
	// Whether each is up to date with each policy and their declarations, rated in the database by
	// the rules the compliance page and the register count by: the page's people are rated there
	// with their rows, rather than each worked out here from their dates.
	const inForce = content.policies.flatMap((policy, i) => {
		const current = currentVersion(policy, now);
		return current ? [{ policy, audiences: current.audiences, alias: `a${i}` }] : [];
	});
	const policyJoins = inForce.map(
		({ policy, alias }) =>
			sql`left join policy_latest_acknowledgement ${sql.raw(alias)} on ${sql.raw(alias)}.person_id = p.id and ${sql.raw(alias)}.slug = ${policy.slug}`
	);
	const policyStates = inForce.length
		? sql`array[${sql.join(
				inForce.map(
					({ policy, audiences, alias }) =>
						sql`case when p.roles && ${sql.val(audiences)}::text[] then ${policyStatus(policy, content.service.policyTiming, now, sql.ref(alias))} end`
				)
			)}]`
		: sql`array[]::text[]`;
	const pageRows = sql<OverviewRow>`
		with candidates as (${read.candidates}),
		ranked as (
			select id, next_due from candidates order by next_due nulls last, name, id
			limit ${sql.lit(overviewPageSize)} offset ${sql.lit((page - 1) * overviewPageSize)}
		)
		select p.id, p.name, p.roles, p.induction_stage, ${interval} as interval_days,
			-- Kept by triggers; a supervision from the service's earlier records counts as one held that day.
			p.last_supervision_on::text as last_supervision, ranked.next_due::text as next_due,
			${counted ? sql`null` : read.total} as total,
			(select count(*) from agreed_action a where a.subject_id = p.id and a.closed_at is null) as open_actions,
			(select count(*) from agreed_action a where a.subject_id = p.id and a.closed_at is null and a.due_on < ${today}::date) as overdue_actions,
			(select count(*) from supervision_record r where r.subject_id = p.id and r.status = 'shared') as awaiting_signature,
			${policyStates} as policy_states,
			case when p.roles && ${sql.val(declarantRoles)}::text[] then ${declarationStatus(now)} end as declaration_state
		from ranked join person p on p.id = ranked.id
			${sql.join(policyJoins, sql` `)}
			left join declaration_latest d on d.person_id = p.id
		order by ranked.next_due nulls last, p.name, p.id`.execute(db);
	const [{ rows }, keptTotal] = await Promise.all([pageRows, counted]);

	const people = rows.map((row) => {
		return {
			id: row.id,
			name: row.name,
			roles: row.roles,
			inductionStage: row.inductionStage,
			intervalDays: row.intervalDays,
			lastSupervision: row.lastSupervision,
			nextDue: row.nextDue,
			overdue: !!row.nextDue && row.nextDue < today,
			openActions: Number(row.openActions),
			overdueActions: Number(row.overdueActions),
			awaitingSignature: Number(row.awaitingSignature),
			policyStatus: worst(row.policyStates.filter((state) => state !== null)),
			declarationStatus: row.declarationState ?? 'not-applicable'
		};
	});
	const total = keptTotal ?? (rows.length ? Number(rows[0]!.total) : 0);
	return { people, total, page, pageSize: overviewPageSize };
}

export type { ReviewSummary };

interface SummaryRow {
	stage: InductionStatus;
	roles: Role[];
	joined: string;
	previousReview: string | null;
	completedSince: string;
	quizzes: { slug: string; attempts: number; passed: number; best: number | null }[] | null;
	acknowledgements: { slug: string; version: number; at: string }[] | null;
	held: string;
	observationGrades: string[] | null;
	caseGrades: string[] | null;
	conflicts: string;
	currentInterests: string;
	lastReturn: string | null;
}

const tally = (grades: string[] | null) => {
	const all = grades ?? [];
	return {
		good: all.filter((g) => g === 'good').length,
		requiresImprovement: all.filter((g) => g === 'requires-improvement').length,
		inadequate: all.filter((g) => g === 'inadequate').length
	};
};

/** Everything on record about a person between their last review (or joining) and `until`: the generated part of a performance review. */
export async function reviewSummary(
	db: Kysely<DB>,
	subjectId: string,
	until: string,
	intervals: Content['service']['supervisionIntervalDays'],
	excludeRecordId?: string
): Promise<ReviewSummary> {
	const except = excludeRecordId ?? '00000000-0000-0000-0000-000000000000';
	const { rows } = await sql<SummaryRow>`
		with bounds as (
			select p.id, p.induction_stage as stage, p.roles, (coalesce(p.activated_at, p.created_at) at time zone ${timeZone()})::date as joined,
				(select max(r.held_on) from supervision_record r where r.subject_id = p.id and r.kind = 'review' and r.held_on < ${until}::date and r.id <> ${except}::uuid) as previous_review
			from person p where p.id = ${subjectId}
		), b as (select *, coalesce(previous_review, joined) as since from bounds)
		select b.stage, b.roles, b.joined::text as joined, b.previous_review::text as previous_review,
			(select count(*) from module_completion c where c.person_id = b.id and c.completed_at >= b.since and c.completed_at < ${until}::date + 1) as completed_since,
			(select json_agg(q order by q.slug) from (
				select a.quiz_slug as slug, count(*)::int as attempts, count(*) filter (where a.passed)::int as passed, max(a.score) as best
				from quiz_attempt a where a.person_id = b.id and a.submitted_at >= b.since and a.submitted_at < ${until}::date + 1 group by a.quiz_slug) q) as quizzes,
			(select json_agg(json_build_object('slug', k.slug, 'version', k.version, 'at', k.acknowledged_at) order by k.acknowledged_at)
				from policy_acknowledgement k where k.person_id = b.id and k.acknowledged_at >= b.since and k.acknowledged_at < ${until}::date + 1) as acknowledgements,
			(select count(*) from supervision_record r where r.subject_id = b.id and r.kind = 'supervision' and r.held_on >= b.since and r.held_on <= ${until}::date) as held,
			(select array_agg(g->>'grade') from supervision_record r, jsonb_array_elements(r.details->'criteria') g
				where r.subject_id = b.id and r.kind = 'observation' and r.held_on >= b.since and r.held_on <= ${until}::date) as observation_grades,
			(select array_agg(g->>'grade') from supervision_record r join sampled_case sc on sc.record_id = r.id, jsonb_array_elements(sc.grades) g
				where r.subject_id = b.id and r.kind = 'sample' and r.held_on >= b.since and r.held_on <= ${until}::date) as case_grades,
			(select count(*) from supervision_record r join sampled_case sc on sc.record_id = r.id
				where r.subject_id = b.id and r.kind = 'sample' and sc.conflict is not null and r.held_on >= b.since and r.held_on <= ${until}::date) as conflicts,
			(select count(*) from declared_interest d where d.person_id = b.id and d.ended_at is null) as current_interests,
			(select max(made_at)::text from declaration_return d where d.person_id = b.id) as last_return,
			(select count(*) from supervision_record r where r.subject_id = b.id and r.kind = 'observation' and r.held_on >= b.since and r.held_on <= ${until}::date) as observations,
			(select count(*) from supervision_record r join sampled_case sc on sc.record_id = r.id where r.subject_id = b.id and r.kind = 'sample' and sc.reviewed_at is not null and r.held_on >= b.since and r.held_on <= ${until}::date) as cases,
			b.since::text as since
		from b`.execute(db);
	const row = rows[0] as SummaryRow & { observations: string; cases: string; since: string };
	const days = Math.max(
		0,
		Math.round((Date.parse(`${until}T00:00:00Z`) - Date.parse(`${row.since}T00:00:00Z`)) / 86_400_000)
	);
	const intervalDays = supervisionInterval(row.roles, intervals);
	return {
		since: row.since,
		until,
		induction: { stage: row.stage, completedSince: Number(row.completedSince) },
		quizzes: row.quizzes ?? [],
		acknowledgements: row.acknowledgements ?? [],
		supervision: {
			held: Number(row.held),
			expected: intervalDays ? Math.floor(days / intervalDays) : null,
			intervalDays
		},
		observations: { count: Number(row.observations), ...tally(row.observationGrades) },
		casework: { cases: Number(row.cases), ...tally(row.caseGrades), conflicts: Number(row.conflicts) },
		declarations: { current: Number(row.currentInterests), lastReturn: row.lastReturn }
	};
}
