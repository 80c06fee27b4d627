// The health check behind /healthz: can we reach the database, and how quickly.
import { sql } from 'kysely';
import { db } from './app';

export async function checkDatabase(): Promise<{
	status: 'ok' | 'unavailable';
	database: { ok: boolean; latencyMs: number; error?: string };
}> {
	const started = performance.now();
	try {
		await sql`select 1`.execute(db());
		const latencyMs = Math.round((performance.now() - started) * 10) / 10;
		return { status: 'ok', database: { ok: true, latencyMs } };
	} catch (err) {
		const latencyMs = Math.round(performance.now() - started);
		return { status: 'unavailable', database: { ok: false, latencyMs, error: (err as Error).message } };
	}
}
