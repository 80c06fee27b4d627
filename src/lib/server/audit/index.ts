// The audit log: an append-only record of who did what to which record, and when.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';

export interface AuditEntry {
	actorId: string | null;
	action: string;
	recordType?: string;
	recordId?: string;
	detail?: Record<string, unknown>;
	address?: string | null;
}

export async function recordAudit(db: Kysely<DB>, entry: AuditEntry): Promise<void> {
	await db
		.insertInto('auditEvent')
		.values({
			actorId: entry.actorId,
			action: entry.action,
			recordType: entry.recordType ?? null,
			recordId: entry.recordId ?? null,
			detail: JSON.stringify(entry.detail ?? {}) as unknown as Record<string, unknown>,
			address: entry.address ?? null
		})
		.execute();
}

export async function auditTrail(db: Kysely<DB>, recordType: string, recordId: string, limit = 50) {
	return db
		.selectFrom('auditEvent')
		.leftJoin('person as actor', 'actor.id', 'auditEvent.actorId')
		.select(['auditEvent.id', 'auditEvent.at', 'auditEvent.action', 'auditEvent.detail', 'actor.name as actorName'])
		.where('auditEvent.recordType', '=', recordType)
		.where('auditEvent.recordId', '=', recordId)
		.orderBy('auditEvent.at', 'desc')
		.orderBy('auditEvent.id', 'desc')
		.limit(limit)
		.execute();
}
