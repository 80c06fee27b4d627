import { spawn } from 'node:child_process';
import { expect, test } from '@playwright/test';

// A second instance of the built server, on embedded PostgreSQL of its own: SIGTERM lets the
// requests under way finish, closes the database and exits within 3 s.
test('SIGTERM drains the requests under way, closes the database and exits within 3 seconds', async () => {
	test.setTimeout(120_000);
	const port = 4191;
	const server = spawn(process.execPath, ['build'], {
		env: {
			...process.env,
			PORT: String(port),
			ORIGIN: `http://localhost:${port}`,
			PGLITE_DIR: `.e2e-data/shutdown-${Date.now()}`,
			DATABASE_URL: ''
		},
		stdio: ['ignore', 'ignore', 'pipe']
	});
	let stderr = '';
	server.stderr!.on('data', (chunk) => (stderr += chunk));
	const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
	for (let i = 0; i < 240; i++) {
		const ok = await fetch(`http://localhost:${port}/healthz`).then(
			(r) => r.ok,
			() => false
		);
		if (ok) break;
		await new Promise((r) => setTimeout(r, 250));
	}
	// Requests that need the database are still arriving when the signal comes.
	const inFlight = Array.from({ length: 20 }, () =>
		fetch(`http://localhost:${port}/healthz`).then(
			(r) => r.status,
			() => 'hung up'
		)
	);
	const started = Date.now();
	server.kill('SIGTERM');
	const code = await exited;
	expect(Date.now() - started).toBeLessThan(3_000);
	expect(code).toBe(0);
	await Promise.all(inFlight);
	expect(stderr).not.toMatch(/database is not open|has already been destroyed/);
});
