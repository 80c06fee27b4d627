// The reports' figures about people as they stand today (policy acknowledgements by role,
// declarations, induction of those who joined in the period, and the supervision each role's
// interval would give), all from one pass over everyone, kept while nothing it reads changes
// (standing.ts). Each figure had its own pass before; at 20,000 people each pass costs about as
// much as the rest of the report.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB, Role } from '../db/schema';
import type { Content } from '../content';
import { currentVersion } from '../content/policies';
import { policyStatus } from '../policies';
import { declarantRoles, declarationStatus } from '../declarations';
import { serviceDay, timeZone } from '../../format';
import type { Intervals } from './months';
import { keptStanding } from '../db/standing';

type Status = 'acknowledged' | 'due' | 'overdue';
const statuses: Status[] = ['acknowledged', 'due', 'overdue'];
export const inductionStages = ['completed', 'in-progress', 'not-started', 'needs-review'] as const;

export interface PeopleCounts {
	induction: {
		stages: Record<(typeof inductionStages)[number], number>;
		/** Not started here, but inducted before, by the service's earlier records: not a completion of today's modules. */
		earlier: number;
		total: number;
		medianDays: number | null;
	};
	policies: {
		slug: string;
		title: string;
		version: number;
		byRole: { role: Role; counts: Record<Status, number> }[];
	}[];
	declarations: Record<Status, number>;
	supervision: { role: Role; people: number; expected: number }[];
}

export async function peopleCounts(
	db: Kysely<DB>,
	period: { from: string; to: string },
	content: Pick<Content, 'policies' | 'service'>,
	intervals: Intervals,
	now: Date
): Promise<PeopleCounts> {
	const timing = content.service.policyTiming;
	const inForce = content.policies.flatMap((policy) => {
		const current = currentVersion(policy, now);
		return current ? [{ policy, current }] : [];
	});
	const column = (name: string) => sql.ref(name);
	// Each person's standing is worked out once, in `each` (kept from being merged into the outer
	// query by `offset 0`, which would otherwise work it out again for every count that reads it),
	// then counted under each of their roles.
	const each: RawBuilder<unknown>[] = [];
	const columns: RawBuilder<unknown>[] = [];
	// Policies: everyone a policy applies to is counted under each of their roles.
	inForce.forEach(({ policy, current }, i) => {
		each.push(
			sql`p.roles && ${sql.val(current.audiences)}::text[] and p.status = 'active' as ${column(`applies${i}`)}`,
			sql`${policyStatus(policy, timing, now, sql.ref(`a${i}`))} as ${column(`status${i}`)}`
		);
		for (const s of statuses)
			columns.push(
				sql`count(*) filter (where ${sql.ref(`p.applies${i}`)} and ${sql.ref(`p.status${i}`)} = ${s}) as ${column(`p${i}s${statuses.indexOf(s)}`)}`
			);
	});
	// The rest: each person once, on the first of their roles.
	const joined = sql`coalesce(p.activated_at, p.created_at)`;
	each.push(
		sql`${joined} as joined`,
		sql`p.roles && array['volunteer', 'staff']::text[] and ${joined} >= ${period.from}::date and ${joined} < ${period.to}::date + 1 as joined_in`,
		sql`p.status = 'active' and p.roles && ${sql.val(declarantRoles)}::text[] as declares`,
		sql`${declarationStatus(now)} as declaration`
	);
	const joinedIn = sql`r.n = 1 and p.joined_in`;
	// Someone inducted before the service used Impartial, who has not started today's modules, is
	// counted apart from those not started: their induction counts, but not as today's versions.
	each.push(
		sql`p.induction_stage = 'not-started' and exists (select 1 from earlier_record e where e.person_id = p.id and e.kind = 'induction') as inducted_earlier`
	);
	const inductedEarlier = sql`p.inducted_earlier`;
	inductionStages.forEach((stage, i) =>
		columns.push(
			sql`count(*) filter (where ${joinedIn} and p.induction_stage = ${stage} and not (${inductedEarlier})) as ${column(`i${i}`)}`
		)
	);
	columns.push(sql`count(*) filter (where ${joinedIn} and ${inductedEarlier}) as iearlier`);
	columns.push(sql`count(*) filter (where ${joinedIn}) as itotal`);
	const completed = sql`${joinedIn} and p.induction_stage = 'completed'`;
	columns.push(
		sql`percentile_cont(0.5) within group (order by case when ${completed} then (select extract(epoch from max(mp.completed_at) - p.joined) / 86400 from module_progress mp where mp.person_id = p.id) end) filter (where ${completed}) as imedian`
	);
	for (const s of statuses)
		columns.push(
			sql`count(*) filter (where r.n = 1 and p.declares and p.declaration = ${s}) as ${column(`d${statuses.indexOf(s)}`)}`
		);
	if (intervals.length) {
		// Each person is counted under the role that sets their interval: the shortest of theirs.
		const days = sql`least(${sql.join(intervals.map(([role, n]) => sql`case when ${role} = any(p.roles) then ${Number(n)}::int end`))})`;
		const role = sql`case ${sql.join(
			[...intervals].sort(([, a], [, b]) => a - b).map(([role]) => sql`when ${role} = any(p.roles) then ${role}`),
			sql` `
		)} end`;
		const starts = sql`greatest(${period.from}::date, (${joined} at time zone ${timeZone()})::date)`;
		const ends = sql`least(${period.to}::date, coalesce((p.deactivated_at at time zone ${timeZone()})::date, ${period.to}::date))`;
		each.push(
			sql`${role} as supervision_role`,
			sql`case when ${ends} >= ${starts} then floor((${ends} - ${starts} + 1)::numeric / ${days}) end as expected`
		);
		intervals.forEach(([r], j) => {
			const counted = sql`r.n = 1 and p.supervision_role = ${r} and p.expected is not null`;
			columns.push(sql`count(*) filter (where ${counted}) as ${column(`s${j}people`)}`);
			columns.push(sql`coalesce(sum(p.expected) filter (where ${counted}), 0) as ${column(`s${j}expected`)}`);
		});
	}
	const acknowledgements = inForce.map(
		({ policy }, i) =>
			sql`left join policy_latest_acknowledgement ${sql.ref(`a${i}`)} on ${sql.ref(`a${i}.person_id`)} = p.id and ${sql.ref(`a${i}.slug`)} = ${policy.slug}`
	);
	// Column names are letters, digits and underscores that the snake-to-camel renaming of results
	// leaves alone in the outer query's own names.
	const query = sql<Record<string, string | number | null>>`
		select r.role, grouping(r.role) as everyone, ${sql.join(columns)}
		from (
			select p.id, p.roles, p.induction_stage, ${sql.join(each)}
			from person p
				${sql.join(acknowledgements, sql` `)}
				left join declaration_latest d on d.person_id = p.id
			where p.status <> 'invited'
			offset 0
		) p cross join lateral unnest(p.roles) with ordinality as r(role, n)
		group by grouping sets ((r.role), ())`;
	// Kept while nothing it reads changes: the statement itself, with every date and rule in it, is the question.
	const { sql: text, parameters } = query.compile(db);
	const rows = await keptStanding(
		db,
		serviceDay(now),
		{ text, parameters },
		async (trx) => (await query.execute(trx)).rows
	);
	const all = rows.find((r) => Number(r.everyone) === 1) ?? {};
	const byRole = rows.filter((r) => Number(r.everyone) === 0);
	const n = (row: Record<string, unknown>, key: string) => Number(row[key] ?? 0);
	return {
		induction: {
			stages: Object.fromEntries(
				inductionStages.map((s, i) => [s, n(all, `i${i}`)])
			) as PeopleCounts['induction']['stages'],
			earlier: n(all, 'iearlier'),
			total: n(all, 'itotal'),
			medianDays: all.imedian == null ? null : Number(all.imedian)
		},
		policies: inForce.map(({ policy, current }, i) => ({
			slug: policy.slug,
			title: current.title,
			version: current.version,
			byRole: byRole
				.map((row) => ({
					role: row.role as Role,
					counts: Object.fromEntries(statuses.map((s) => [s, n(row, `p${i}s${statuses.indexOf(s)}`)])) as Record<
						Status,
						number
					>
				}))
				.filter((r) => statuses.some((s) => r.counts[s] > 0))
		})),
		declarations: Object.fromEntries(statuses.map((s, i) => [s, n(all, `d${i}`)])) as Record<Status, number>,
		supervision: intervals
			.map(([role], j) => ({ role, people: n(all, `s${j}people`), expected: n(all, `s${j}expected`) }))
			.filter((s) => s.people > 0)
	};
}
