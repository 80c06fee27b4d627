// The query plans of the heaviest lists and reports, on the generated service. Each domain function
// is called as a page would call it, on a database handle that notes every statement it sends;
// each statement is then run again under EXPLAIN (ANALYZE, BUFFERS), and the slowest are reported
// with their plans, so a missing index shows as a sequential scan beside its time.
import { CamelCasePlugin, Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import type { Content } from '../src/lib/server/content';
import type { DB } from '../src/lib/server/db/schema';
import type { SessionPerson } from '../src/lib/server/auth/sessions';
import { listPeople } from '../src/lib/server/people';
import { policyCompliance } from '../src/lib/server/policies';
import { declarationRegister } from '../src/lib/server/declarations';
import { supervisionOverview } from '../src/lib/server/supervision/overview';
import { searchAuditLog } from '../src/lib/server/audit/search';
import { advisoryReport } from '../src/lib/server/reports';

export interface Plan {
	use: string;
	ms: number;
	sql: string;
	plan: string[];
}

type Viewers = Record<'coordinator' | 'supervisor', SessionPerson>;

/** What each heavy page asks of the database, by name. */
function uses(content: Content, viewers: Viewers): Record<string, (db: Kysely<DB>) => Promise<unknown>> {
	const policy = content.policies.find((p) => p.slug === 'impartiality-policy')!;
	const timing = content.service.policyTiming;
	return {
		'people list': (db) => listPeople(db, viewers.coordinator, { page: 20 }),
		'people search': (db) => listPeople(db, viewers.coordinator, { search: 'patel' }),
		'people, needs review': (db) => listPeople(db, viewers.coordinator, { induction: 'needs-review' }),
		supervisees: (db) => listPeople(db, viewers.supervisor),
		'policy compliance': (db) => policyCompliance(db, policy, timing, {}, new Date(), { limit: 50, offset: 0 }),
		'policy compliance, overdue': (db) =>
			policyCompliance(db, policy, timing, { status: 'overdue' }, new Date(), { limit: 50, offset: 0 }),
		'register of interests': (db) => declarationRegister(db),
		'supervision overview, everyone': (db) => supervisionOverview(db, viewers.coordinator, content, { everyone: true }),
		'audit search': (db) => searchAuditLog(db, { person: 'patel' }),
		'reports, ten years': (db) => advisoryReport(db, { from: '2016-11-01', to: '2026-10-31' }, content)
	};
}

/** The `count` slowest statements the heavy pages send, each with its plan. */
export async function slowestPlans(url: string, content: Content, viewers: Viewers, count = 5): Promise<Plan[]> {
	const sent: { use: string; query: CompiledQuery }[] = [];
	let current = '';
	const pool = new pg.Pool({ connectionString: url, max: 4 });
	const db = new Kysely<DB>({
		dialect: new PostgresDialect({ pool }),
		plugins: [new CamelCasePlugin()],
		log: (event) => {
			if (event.level === 'query') sent.push({ use: current, query: event.query });
		}
	});
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	// As the app's own connections (src/lib/server/db): no compiling of costly-looking plans.
	await client.query('set jit = off; set random_page_cost = 1.1');
	try {
		for (const [use, run] of Object.entries(uses(content, viewers))) {
			current = use;
			await run(db);
		}
		const plans: Plan[] = [];
		for (const { use, query } of sent) {
			if (!/^\s*(select|with)\b/i.test(query.sql)) continue;
			const { rows } = await client.query<{ 'QUERY PLAN': string }>(
				`explain (analyze, buffers) ${query.sql}`,
				query.parameters as unknown[]
			);
			const plan = rows.map((r) => r['QUERY PLAN']);
			const ms = Number(/Execution Time: ([\d.]+) ms/.exec(plan.at(-1) ?? '')?.[1] ?? 0);
			plans.push({ use, ms, sql: query.sql.replace(/\s+/g, ' ').slice(0, 300), plan });
		}
		return plans.sort((a, b) => b.ms - a.ms).slice(0, count);
	} finally {
		await client.end();
		await db.destroy();
	}
}
