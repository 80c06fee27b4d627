// Policies people must read and acknowledge: registering versions, acknowledging (yourself, or a
// coordinator on your behalf), what is due for each person, and compliance for the coordinator.
import { sql, type Kysely } from 'kysely';
import type { DB, Role } from '../db/schema';
import type { SessionPerson } from '../auth/sessions';
import type { PolicyTiming } from '../content/service';
import { currentVersion, type Policy, type PolicyVersion } from '../content/policies';
import { recordAudit } from '../audit';
import { acknowledgementDue, type AcknowledgementStatus, type DueState } from './due';

export * from './due';

export async function registerPolicyVersions(db: Kysely<DB>, policies: Policy[]): Promise<Map<string, string>> {
	const versions = policies.flatMap((p) => p.versions);
	if (!versions.length) return new Map();
	await db
		.insertInto('policyVersion')
		.values(versions.map((v) => ({ slug: v.slug, version: v.version, contentHash: v.hash, title: v.title, major: v.major, effective: v.effective, markdown: v.markdown })))
		.onConflict((oc) => oc.columns(['slug', 'contentHash']).doNothing())
		.execute();
	const rows = await db.selectFrom('policyVersion').select(['id', 'contentHash']).where('contentHash', 'in', versions.map((v) => v.hash)).execute();
	const byHash = new Map(rows.map((r) => [r.contentHash, r.id]));
	return new Map(versions.map((v) => [v.hash, byHash.get(v.hash)!]));
}

const joinedAt = sql<Date>`coalesce(person.activated_at, person.created_at)`;

async function lastAcknowledgements(db: Kysely<DB>, personId: string) {
	const rows = await db
		.selectFrom('policyAcknowledgement')
		.select(['slug', 'version', 'acknowledgedAt', 'method'])
		.distinctOn('slug')
		.where('personId', '=', personId)
		.orderBy('slug')
		.orderBy('acknowledgedAt', 'desc')
		.execute();
	return new Map(rows.map((r) => [r.slug, r]));
}

export interface PolicyForPerson {
	slug: string;
	title: string;
	version: number;
	due: DueState;
	lastAcknowledged: { version: number; at: Date } | null;
}

/** Every policy in force for a person, with whether their acknowledgement is up to date. */
export async function policiesFor(db: Kysely<DB>, person: { id: string; roles: readonly Role[] }, policies: Policy[], timing: PolicyTiming, now = new Date()): Promise<PolicyForPerson[]> {
	const [last, joined] = await Promise.all([
		lastAcknowledgements(db, person.id),
		db.selectFrom('person').select(joinedAt.as('joinedAt')).where('id', '=', person.id).executeTakeFirstOrThrow()
	]);
	return policiesFromAcknowledgements(person, joined.joinedAt, policies, last, timing, now);
}

export function policiesFromAcknowledgements(
	person: { roles: readonly Role[] },
	joined: Date,
	policies: Policy[],
	last: Map<string, { version: number; acknowledgedAt: Date }>,
	timing: PolicyTiming,
	now = new Date()
): PolicyForPerson[] {
	return policies.flatMap((policy) => {
		const current = currentVersion(policy, now);
		if (!current) return [];
		const ack = last.get(policy.slug);
		const due = acknowledgementDue(policy, { roles: person.roles, joinedAt: joined }, ack ?? null, timing, now);
		if (due.status === 'not-applicable') return [];
		return [{ slug: policy.slug, title: current.title, version: current.version, due, lastAcknowledged: ack ? { version: ack.version, at: ack.acknowledgedAt } : null }];
	});
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
	return db.transaction().execute(async (trx) => {
		// Serialise a person's acknowledgements so a double click records once.
		await trx.selectFrom('person').select('id').where('id', '=', person.id).forUpdate().executeTakeFirstOrThrow();
		const [status] = (await policiesFor(trx, person, [policy], timing)).filter((p) => p.slug === policy.slug);
		if (!status) return { ok: false, message: 'This policy is not one you need to acknowledge.' };
		if (status.due.status === 'acknowledged' && status.lastAcknowledged?.version === version.version && !onBehalf) return { ok: true, recorded: false };
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
			detail: { policy: policy.slug, version: version.version, hash: version.hash, acknowledgementId: id, ...(onBehalf ? { remark: onBehalf.remark } : {}) }
		});
		return { ok: true, recorded: true };
	});
}

export interface ComplianceFilter {
	role?: Role;
	supervisorId?: string;
	status?: Exclude<AcknowledgementStatus, 'not-applicable'>;
}

/** Everyone the policy applies to, with their latest acknowledgement and whether they are due. */
export async function policyCompliance(db: Kysely<DB>, policy: Policy, timing: PolicyTiming, filter: ComplianceFilter = {}, now = new Date()) {
	const current = currentVersion(policy, now);
	if (!current) return { current: null, rows: [], counts: { acknowledged: 0, due: 0, overdue: 0 }, versions: [] };
	let query = db
		.selectFrom('person')
		.leftJoin('person as supervisor', 'supervisor.id', 'person.supervisorId')
		.leftJoinLateral(
			(eb) =>
				eb
					.selectFrom('policyAcknowledgement')
					.select(['version', 'acknowledgedAt', 'method', 'recordedBy', 'remark'])
					.whereRef('policyAcknowledgement.personId', '=', 'person.id')
					.where('policyAcknowledgement.slug', '=', policy.slug)
					.orderBy('acknowledgedAt', 'desc')
					.limit(1)
					.as('ack'),
			(join) => join.onTrue()
		)
		.leftJoin('person as recorder', 'recorder.id', 'ack.recordedBy')
		.select([
			'person.id',
			'person.name',
			'person.email',
			'person.roles',
			'supervisor.name as supervisorName',
			joinedAt.as('joinedAt'),
			'ack.version',
			'ack.acknowledgedAt',
			'ack.method',
			'ack.remark',
			'recorder.name as recordedByName'
		])
		.where('person.status', '=', 'active')
		.where(sql<boolean>`person.roles && ${sql.val(current.audiences)}::text[]`);
	if (filter.role) query = query.where(sql<boolean>`${filter.role} = any(person.roles)`);
	if (filter.supervisorId) query = query.where('person.supervisorId', '=', filter.supervisorId);
	const people = await query.orderBy('person.name').orderBy('person.id').execute();

	const severity: Record<AcknowledgementStatus, number> = { overdue: 0, due: 1, acknowledged: 2, 'not-applicable': 3 };
	const all = people.map((p) => {
		const last = p.version != null && p.acknowledgedAt ? { version: p.version, acknowledgedAt: p.acknowledgedAt } : null;
		return { ...p, due: acknowledgementDue(policy, { roles: p.roles, joinedAt: p.joinedAt }, last, timing, now) };
	});
	const counts = { acknowledged: 0, due: 0, overdue: 0 };
	const onVersion = new Map<number, number>();
	for (const row of all) {
		if (row.due.status !== 'not-applicable') counts[row.due.status]++;
		if (row.version != null) onVersion.set(row.version, (onVersion.get(row.version) ?? 0) + 1);
	}
	const rows = all.filter((r) => !filter.status || r.due.status === filter.status).sort((a, b) => severity[a.due.status] - severity[b.due.status]);
	const versions = policy.versions.map((v) => ({ version: v.version, effective: v.effective, major: v.major, changes: v.changes, inForce: v.version === current.version, future: v.effective > now.toISOString().slice(0, 10), people: onVersion.get(v.version) ?? 0 }));
	return { current, rows, counts, versions };
}

/** CSV that a spreadsheet will not execute: cells that could start a formula are quoted as text. */
export function csvCell(value: unknown): string {
	let text = value == null ? '' : value instanceof Date ? value.toISOString() : String(value);
	if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: unknown[][]): string {
	return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
