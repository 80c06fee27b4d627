// The query plans of the heaviest lists and reports, on the generated service. Each domain function
// is called as a page would call it, on a database handle that notes every statement it sends;
// each statement is then run again under EXPLAIN (ANALYZE, BUFFERS), and the slowest are reported
// with their plans, so a missing index shows as a sequential scan beside its time.
import { PostgresDialect, type CompiledQuery, type Kysely } from 'kysely';
import { kyselyWithSnakeCaseNames } from '../src/lib/server/db/names';
import pg from 'pg';
import type { Content } from '../src/lib/server/content';
import type { DB } from '../src/lib/server/db/schema';
import type { SessionPerson } from '../src/lib/server/auth/sessions';
import { listPeople } from '../src/lib/server/people';
import { policyCompliance } from '../src/lib/server/policies';
import { declarationRegister } from '../src/lib/server/declarations';
import { supervisionOverview } from '../src/lib/server/supervision/overview';
import { searchAuditLog } from '../src/lib/server/audit/search';
import { advisoryReport, defaultPeriod } from '../src/lib/server/reports';
import { commentsIn, feedbackResults, quotesIn } from '../src/lib/server/feedback/results';
import { smallestGroup } from '../src/lib/server/content/service';

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
	const tenYears = { from: '2016-11-01', to: '2026-10-31' };
	// The report counts the days of the month not yet ended afresh, so the default twelve months
	// cost most on a month's last day: as if today were the last day of last month.
	const now = new Date();
	const monthEnd = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0, 12));
	return {
		'people list': (db) => listPeople(db, viewers.coordinator, { page: 20 }),
		'people search': (db) => listPeople(db, viewers.coordinator, { search: 'patel' }),
		'people, needs review': (db) => listPeople(db, viewers.coordinator, { induction: 'needs-review' }),
		supervisees: (db) => listPeople(db, viewers.supervisor),
		'policy compliance': (db) => policyCompliance(db, policy, timing, {}, new Date(), { limit: 50, offset: 0 }),
		'policy compliance, overdue': (db) =>
			policyCompliance(db, policy, timing, { status: 'overdue' }, new Date(), { limit: 50, offset: 0 }),
		'register of interests': (db) => declarationRegister(db),
		"supervisor's home": (db) => supervisionOverview(db, viewers.supervisor, content),
		'supervision overview, everyone': (db) => supervisionOverview(db, viewers.coordinator, content, { everyone: true }),
		'audit search': (db) => searchAuditLog(db, { person: 'patel' }),
		'reports, ten years': (db) => advisoryReport(db, tenYears, content),
		"reports, twelve months to a month's last day": (db) =>
			advisoryReport(db, defaultPeriod(monthEnd), content, monthEnd),
		"reports' quotes, ten years": (db) => quotesIn(db, tenYears),
		"families' feedback, ten years": (db) =>
			Promise.all([
				feedbackResults(db, tenYears, content.questionnaires, smallestGroup(content.service)),
				commentsIn(db, tenYears, 1, { quotes: true })
			])
	};
}

/** A value written into a statement's text, as pg would send it: EXECUTE takes no parameters. */
function literal(client: pg.Client, value: unknown): string {
	if (value === null || value === undefined) return 'null';
	if (Array.isArray(value))
		return client.escapeLiteral(`{${value.map((v) => `"${String(v).replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
	if (value instanceof Date) return client.escapeLiteral(value.toISOString());
	if (typeof value === 'object') return client.escapeLiteral(JSON.stringify(value));
	return client.escapeLiteral(String(value));
}

/**
 * The `count` slowest statements the heavy pages send, each with its plan, and those whose plan as
 * the app keeps it runs clearly slower than one made for their values: each of those wants its
 * condition written into its text, or to be planned each call.
 */
export async function slowestPlans(
	url: string,
	content: Content,
	viewers: Viewers,
	count = 5
): Promise<{ slowest: Plan[]; slowerWhenKept: { use: string; sql: string; planned: number; kept: number }[] }> {
	const sent: { use: string; query: CompiledQuery }[] = [];
	let current = '';
	const pool = new pg.Pool({ connectionString: url, max: 4 });
	const db = kyselyWithSnakeCaseNames<DB>(new PostgresDialect({ pool }), {
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
		const slowerWhenKept: { use: string; sql: string; planned: number; kept: number }[] = [];
		const explain = async (text: string, values: unknown[]) => {
			const { rows } = await client.query<{ 'QUERY PLAN': string }>(text, values);
			const plan = rows.map((r) => r['QUERY PLAN']);
			return { plan, ms: Number(/Execution Time: ([\d.]+) ms/.exec(plan.at(-1) ?? '')?.[1] ?? 0) };
		};
		for (const [n, { use, query }] of sent.entries()) {
			if (!/^\s*(select|with)\b/i.test(query.sql)) continue;
			const values = query.parameters as unknown[];
			const sql = query.sql.replace(/\s+/g, ' ').slice(0, 300);
			// Planned for its values, as a statement is the first few times it runs.
			const custom = await explain(`explain (analyze, buffers) ${query.sql}`, values);
			plans.push({ use, ms: custom.ms, sql, plan: custom.plan });
			// The app sends each parameterised statement as a named prepared one (src/lib/server/db/
			// prepared.ts). After five runs PostgreSQL may keep one plan made for any values, when it
			// guesses that plan costs no more: a plan that cannot use an index whose condition only a
			// value proves (a partial index on `quote` for `quote = $1`), or that guesses how many
			// people hold the roles in an array. So the statement is also prepared and run as the app
			// runs it, and its sixth run is measured; those planned each call are not kept.
			if (values.length && !query.sql.trimStart().startsWith('/* planned each call */')) {
				await client.query(`prepare bench_${n} as ${query.sql}`);
				try {
					const run = `explain (analyze, buffers) execute bench_${n}(${values.map((v) => literal(client, v)).join(', ')})`;
					for (let i = 0; i < 5; i++) await client.query(run);
					const kept = await explain(run, []);
					plans.push({ use: `${use} (prepared, sixth run)`, ms: kept.ms, sql, plan: kept.plan });
					if (kept.ms > 0.5 && kept.ms > 2 * custom.ms)
						slowerWhenKept.push({ use, sql, planned: custom.ms, kept: kept.ms });
				} finally {
					await client.query(`deallocate bench_${n}`);
				}
			}
		}
		return { slowest: plans.sort((a, b) => b.ms - a.ms).slice(0, count), slowerWhenKept };
	} finally {
		await client.end();
		await db.destroy();
	}
}
