// Records written into the service after the fact (the demo's history, the benchmark's, tests):
// the database takes a record's draw, cases and actions only while it is a draft, and moves it on
// only from draft to shared to locked, so such a record is written as a draft with everything that
// hangs off it, then moved on to the stage it had reached, as the app itself would.
import { sql, type Kysely } from 'kysely';
import type { DB, RecordStatus } from '../db/schema';

export interface RecordStage {
	id: string;
	status: RecordStatus;
	/** When it was shared; the time it was signed off, or now, when not given. */
	sharedAt?: Date | null;
	signedAt?: Date | null;
}

/** Moves drafts on to the stage each had reached: shared (with its time), then locked (with its sign-off time). */
export async function moveOnToStages(db: Kysely<DB>, stages: readonly RecordStage[]): Promise<void> {
	const now = new Date();
	const shared = stages.filter((s) => s.status !== 'draft');
	const locked = stages.filter((s) => s.status === 'locked');
	for (let i = 0; i < shared.length; i += 1000) {
		const rows = shared
			.slice(i, i + 1000)
			.map((s) => sql`(${s.id}::uuid, ${s.sharedAt ?? s.signedAt ?? now}::timestamptz)`);
		await sql`update supervision_record r set status = 'shared', shared_at = v.at
			from (values ${sql.join(rows)}) as v(id, at) where r.id = v.id`.execute(db);
	}
	for (let i = 0; i < locked.length; i += 1000) {
		const rows = locked.slice(i, i + 1000).map((s) => sql`(${s.id}::uuid, ${s.signedAt ?? now}::timestamptz)`);
		await sql`update supervision_record r set status = 'locked', signed_at = v.at
			from (values ${sql.join(rows)}) as v(id, at) where r.id = v.id`.execute(db);
	}
}
