// npm run bench: generates a large service, builds and starts the server, signs in as the roles
// that matter and load-tests each key page, then a mix of writes by many people at once. Prints a
// table and writes bench/results-<people>.json (BENCH_PEOPLE, default 2000; 20000 is the large size).
import { execSync, spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import pg from 'pg';
import { sql } from 'kysely';
import { createDatabase } from '../src/lib/server/db';
import { createSession, sessionCookieName } from '../src/lib/server/auth/sessions';
import { migrateToLatest, migrationsFromFolder } from '../src/lib/server/db/migrate';
import { loadContent } from '../src/lib/server/content';
import { benchPassword, generateService } from './generate';
import { benchPages, type BenchPage, type BenchRole } from './pages';
import { slowestPlans, type Plan } from './plans';

const port = 4300;
const origin = `http://127.0.0.1:${port}`;
// Each page is loaded for `seconds` in all, split into `rounds`, each just after the no-database
// page is loaded for `baselineSeconds`.
const seconds = Number(process.env.BENCH_SECONDS ?? 12);
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const baselineSeconds = Number(process.env.BENCH_BASELINE_SECONDS ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const size = Number(process.env.BENCH_PEOPLE ?? 2000);

async function freshDatabase(): Promise<{ env: Record<string, string>; kind: string }> {
	if (process.env.DATABASE_URL) {
		const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
		await admin.connect();
		await admin.query('drop database if exists impartial_bench with (force)');
		await admin.query('create database impartial_bench');
		await admin.end();
		const url = new URL(process.env.DATABASE_URL);
		url.pathname = '/impartial_bench';
		return { env: { DATABASE_URL: url.toString() }, kind: 'PostgreSQL' };
	}
	rmSync('bench/data/pglite', { recursive: true, force: true });
	return { env: { PGLITE_DIR: 'bench/data/pglite' }, kind: 'embedded PGlite' };
}

async function waitForHealth() {
	for (let i = 0; i < 120; i++) {
		try {
			if ((await fetch(`${origin}/healthz`)).ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error('the server did not become healthy within 60 s');
}

async function signIn(email: string): Promise<string> {
	const response = await fetch(`${origin}/sign-in`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin, Accept: 'text/html' },
		body: new URLSearchParams({ email, password: benchPassword })
	});
	const cookie = response.headers.getSetCookie().find((c) => c.startsWith('impartial_session='));
	if (response.status !== 303 || !cookie) throw new Error(`sign-in as ${email} failed: ${response.status}`);
	return cookie.split(';')[0]!;
}

function peakMemoryMb(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
	return Math.round(kb / 1024);
}

const { env: dbEnv, kind } = await freshDatabase();
console.log(`Generating a service of ${size} people on ${kind} ...`);
const content = loadContent();
const db = createDatabase(dbEnv.DATABASE_URL ? { url: dbEnv.DATABASE_URL } : { pgliteDir: dbEnv.PGLITE_DIR });
await migrateToLatest(db, await migrationsFromFolder('migrations'));
const generated = await generateService(db, content, size);
// A bulk load leaves dead rows and no planner statistics until autovacuum comes round; tidy up
// now, as a running service would have it.
await sql`vacuum analyze`.execute(db);
// The supervisee with the most supervision records, so "a person's records" measures a full history.
const supervisee = (
	await db
		.selectFrom('person as p')
		.innerJoin('person as s', 's.id', 'p.supervisorId')
		.select('p.id')
		.where('s.email', '=', 'supervisor@bench.test')
		.where('p.status', '=', 'active')
		.orderBy(
			(eb) =>
				eb
					.selectFrom('supervisionRecord as r')
					.select((r) => r.fn.countAll().as('n'))
					.whereRef('r.subjectId', '=', 'p.id'),
			'desc'
		)
		.orderBy('p.id')
		.limit(1)
		.executeTakeFirstOrThrow()
).id;
// Sessions for the write mix, each a different active volunteer's. They are opened here rather
// than by signing in, which the service throttles per address: the bench comes from one.
const writerCount = Number(process.env.BENCH_WRITERS ?? 50);
const writerCookies = await Promise.all(
	(
		await db
			.selectFrom('person')
			.select('id')
			.where('status', '=', 'active')
			.where(sql<boolean>`roles = array['volunteer']::text[]`)
			.where('email', 'like', 'volunteer%@bench.test')
			.orderBy('email')
			.limit(writerCount)
			.execute()
	).map(async (p) => `${sessionCookieName}=${(await createSession(db, p.id, 1)).token}`)
);
const viewer = (email: string) =>
	db
		.selectFrom('person')
		.select(['id', 'name', 'email', 'roles', 'supervisorId'])
		.where('email', '=', email)
		.executeTakeFirstOrThrow();
const viewers = {
	coordinator: await viewer(generated.signIns.coordinator),
	supervisor: await viewer(generated.signIns.supervisor)
};
await db.destroy();
// Plans are PostgreSQL's to show; the embedded database is measured by its pages alone.
let plans: Plan[] = [];
if (dbEnv.DATABASE_URL) {
	plans = await slowestPlans(dbEnv.DATABASE_URL, content, viewers);
	console.log('Slowest statements of the heavy pages, with their plans:');
	for (const p of plans)
		console.log(`\n  ${p.use}: ${p.ms} ms\n    ${p.sql}\n${p.plan.map((l) => `      ${l}`).join('\n')}`);
}
console.log(`Generated ${generated.people} people and ${generated.acknowledgements} policy acknowledgements.`);

if (!process.env.BENCH_SKIP_BUILD) {
	console.log('Building ...');
	execSync('npx vite build', { stdio: 'ignore' });
}
// BENCH_NODE_ARGS passes flags to the server (--cpu-prof to see where its time goes); BENCH_ONLY
// keeps the pages whose name contains it (or any of several, comma-separated), plus the baseline.
const server = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), 'build'], {
	env: { ...process.env, ...dbEnv, PORT: String(port), ORIGIN: origin },
	stdio: ['ignore', 'ignore', 'inherit']
});
try {
	await waitForHealth();
	const cookies: Record<BenchRole, string> = {
		anonymous: '',
		coordinator: await signIn(generated.signIns.coordinator),
		supervisor: await signIn(generated.signIns.supervisor),
		volunteer: await signIn(generated.signIns.volunteer)
	};
	// The answer submission needs an attempt open.
	await fetch(`${origin}/quizzes/impartiality-basics?/start`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			Cookie: cookies.volunteer,
			Origin: origin,
			Accept: 'text/html',
			'Content-Type': 'application/x-www-form-urlencoded'
		},
		body: ''
	});

	/**
	 * Many people writing at once, each signed in as a different volunteer on their own connection:
	 * each answers quiz questions and acknowledges the Impartiality Policy, over and over. Writes by
	 * different people must never wait on one another, so the p99 stays near a single write's.
	 */
	async function writeMix(writers: string[]) {
		const duration = Number(process.env.BENCH_WRITE_SECONDS ?? 12);
		const form = (cookie: string, path: string, body: string) =>
			fetch(`${origin}${path}`, {
				method: 'POST',
				redirect: 'manual',
				headers: {
					Cookie: cookie,
					Origin: origin,
					Accept: 'text/html',
					'Content-Type': 'application/x-www-form-urlencoded'
				},
				body
			});
		const times: number[] = [];
		let errors = 0;
		const timed = async (send: () => Promise<Response>) => {
			const started = performance.now();
			try {
				const response = await send();
				await response.arrayBuffer();
				// A refusal with a message (a question already answered, say) is an answer; a 5xx is not.
				if (response.status >= 500) errors += 1;
			} catch {
				errors += 1;
			}
			times.push(performance.now() - started);
		};
		const until = Date.now() + duration * 1000;
		await Promise.all(
			writers.map(async (cookie, n) => {
				await form(cookie, '/quizzes/impartiality-basics?/start', '');
				for (let round = 0; Date.now() < until; round++) {
					await timed(() =>
						form(
							cookie,
							`/quizzes/impartiality-basics/questions/${(round % 5) + 1}`,
							`answer=${'abc'[(n + round) % 3]}`
						)
					);
					await timed(() => form(cookie, '/policies/impartiality-policy?/acknowledge', 'understood=yes'));
				}
			})
		);
		times.sort((a, b) => a - b);
		const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0);
		return {
			connections: writers.length,
			seconds: duration,
			requests: times.length,
			p50: at(0.5),
			p99: at(0.99),
			errors
		};
	}

	type Row = {
		page: string;
		path: string;
		rps: number;
		p50: number;
		p99: number;
		errors: number;
		budget?: number;
		baselineRps: number;
		ratio: number;
	};
	const rows: Row[] = [];
	const only = process.env.BENCH_ONLY;
	const pages = benchPages.filter((p) => !only || p.baseline || only.split(',').some((o) => p.name.includes(o)));
	const baselinePage = pages.find((p) => p.baseline)!;
	async function load(page: BenchPage, duration: number) {
		const path =
			typeof page.path === 'function' ? page.path({ supervisee, cohort: generated.registerCohort }) : page.path;
		const headers: Record<string, string> = {
			Accept: 'text/html',
			...(cookies[page.as] ? { Cookie: cookies[page.as] } : {})
		};
		if (page.method === 'POST')
			Object.assign(headers, { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' });
		const expected = page.status ?? 200;
		const check = await fetch(`${origin}${path}`, {
			method: page.method ?? 'GET',
			headers,
			body: page.body,
			redirect: 'manual'
		});
		if (check.status !== expected) throw new Error(`${page.name}: ${path} answered ${check.status}, not ${expected}`);
		const result = await autocannon({
			url: `${origin}${path}`,
			method: page.method ?? 'GET',
			headers,
			body: page.body,
			connections,
			duration
		});
		const unexpected = Object.entries(result.statusCodeStats ?? {})
			.filter(([code]) => Number(code) !== expected)
			.reduce((n, [, s]) => n + (s as { count: number }).count, 0);
		return {
			page: page.name,
			path,
			rps: result.requests.average,
			p50: result.latency.p50,
			p99: result.latency.p99,
			errors: unexpected + result.errors + result.timeouts,
			budget: page.p99BudgetMs
		};
	}
	const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
	const median = (values: number[]) => {
		const sorted = [...values].sort((a, b) => a - b);
		const mid = Math.floor(sorted.length / 2);
		return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
	};
	for (const page of pages) {
		if (page.baseline) {
			const row = await load(page, seconds);
			rows.push({ ...row, baselineRps: row.rps, ratio: 1 });
			console.log(`  ${page.name}: ${Math.round(row.rps)} req/s, p99 ${row.p99} ms`);
			continue;
		}
		// A second of load first, so the rounds measure the page's code once compiled and warm.
		await load(page, 1);
		// This machine's speed drifts from one second to the next, so each round compares the page
		// with the no-database page loaded just before it, and the page's ratio is the median of its
		// rounds': one disturbed round cannot set it. Its p99 is the worst round's.
		const measured: { baseline: number; row: Awaited<ReturnType<typeof load>> }[] = [];
		for (let round = 0; round < rounds; round++) {
			const baseline = await load(baselinePage, baselineSeconds);
			measured.push({ baseline: baseline.rps, row: await load(page, seconds / rounds) });
		}
		const row: Row = {
			...measured[0]!.row,
			rps: mean(measured.map((m) => m.row.rps)),
			p50: median(measured.map((m) => m.row.p50)),
			p99: Math.max(...measured.map((m) => m.row.p99)),
			errors: measured.reduce((n, m) => n + m.row.errors, 0),
			baselineRps: mean(measured.map((m) => m.baseline)),
			ratio: median(measured.map((m) => m.row.rps / m.baseline))
		};
		rows.push(row);
		const each = measured.map((m) => (m.row.rps / m.baseline).toFixed(2)).join(', ');
		console.log(
			`  ${page.name}: ${Math.round(row.rps)} req/s, p99 ${row.p99} ms, ${row.ratio.toFixed(2)} of the no-database page (rounds: ${each})`
		);
	}
	// The same mix with a few people first: what one write costs when the machine is not saturated,
	// beside the many-people figure, which on a small machine is bound by how many writes a second
	// its cores can do rather than by any write waiting for another.
	const fewWrites = only ? null : await writeMix(writerCookies.slice(0, 5));
	const writes = only ? null : await writeMix(writerCookies);
	const memory = peakMemoryMb(server.pid!);

	const table = [
		['page', 'req/s', 'p50 ms', 'p99 ms', 'no-db req/s', 'vs no-db', 'budget', 'errors'],
		...rows.map((r) => [
			r.page,
			Math.round(r.rps).toString(),
			r.p50.toString(),
			r.p99.toString(),
			Math.round(r.baselineRps).toString(),
			r.ratio.toFixed(2),
			r.budget ? `${r.p99 <= r.budget ? 'ok' : 'OVER'} (<${r.budget})` : '',
			r.errors.toString()
		])
	];
	const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
	console.log(`\n${kind}, ${generated.people} people, ${seconds} s at ${connections} connections per page\n`);
	for (const row of table)
		console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
	if (fewWrites)
		console.log(
			`\nwrite mix, ${fewWrites.connections} people at once: ${fewWrites.requests} writes, p50 ${fewWrites.p50} ms, p99 ${fewWrites.p99} ms, ${fewWrites.errors} errors`
		);
	if (writes)
		console.log(
			`\nwrite mix, ${writes.connections} people at once for ${writes.seconds} s: ${writes.requests} writes, p50 ${writes.p50} ms, p99 ${writes.p99} ms, ${writes.errors} errors ${writes.p99 <= 100 && !writes.errors ? 'ok' : 'OVER'} (<100, 0 errors)`
		);
	console.log(`\nserver peak memory (VmHWM): ${memory} MB`);
	if (!only)
		writeFileSync(
			`bench/results-${size}.json`,
			JSON.stringify(
				{
					date: new Date().toISOString(),
					database: kind,
					node: process.version,
					people: generated.people,
					acknowledgements: generated.acknowledgements,
					seconds,
					rounds,
					baselineSeconds,
					connections,
					peakMemoryMb: memory,
					writeMix: writes,
					writeMixFewPeople: fewWrites,
					slowestPlans: plans,
					pages: rows.map(({ ratio, ...r }) => ({ ...r, ratioToNoDatabase: ratio }))
				},
				null,
				'\t'
			) + '\n'
		);
	if (rows.some((r) => r.errors) || writes?.errors) process.exitCode = 1;
} finally {
	const exited = new Promise((resolve) => server.once('exit', resolve));
	server.kill('SIGTERM');
	await exited;
}
