// Importing people and their history from a file: what would change (the preview), and applying
// exactly that, all or nothing, once the coordinator confirms. Importing the same file again
// changes nothing.
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, EarlierRecordKind, Role } from '../db/schema';
import type { SessionPerson } from '../auth/sessions';
import { recordAudit } from '../audit';
import { earlierKindLabels } from '../../earlier-records';
import { sendInvitation } from '../people';
import type { ServiceConfig } from '../content/service';
import { problemText, type ImportProblem, type ImportRow, type DateKey } from './parse';
import { hasRole } from '../db/has-role';

export { parsePeopleFile, problemText, templateCsv, sampleCsv, importColumns, maxFileBytes, maxRows } from './parse';

/** Which earlier record each date column becomes. */
export const earlierKindOf: Record<DateKey, EarlierRecordKind> = {
	startedOn: 'started',
	inductionOn: 'induction',
	ipsCourseOn: 'ips-course',
	policyAcknowledgedOn: 'policy-acknowledgement',
	supervisionOn: 'supervision',
	declarationOn: 'declaration'
};

/** The policy whose earlier acknowledgements the import reads. */
export const importedPolicySlug = 'impartiality-policy';

export interface PlannedPerson {
	row: number;
	email: string;
	name: string;
	action: 'new' | 'updated' | 'unchanged';
	/** For an existing person. */
	personId: string | null;
	roles: Role[];
	supervisorEmail: string | null;
	/** What changes for an existing person, in words. */
	changes: string[];
	/** Earlier records not yet held, to add. */
	earlier: { kind: EarlierRecordKind; on: string }[];
}

export interface ImportPlan {
	people: PlannedPerson[];
	problems: ImportProblem[];
	counts: { new: number; updated: number; unchanged: number };
	/** A digest of everything that would change: the confirmation applies only this. */
	hash: string;
}

interface KnownPerson {
	id: string;
	email: string;
	name: string;
	roles: Role[];
	status: string;
	supervisorId: string | null;
}

const sameRoles = (a: readonly Role[], b: readonly Role[]) => a.length === b.length && a.every((r) => b.includes(r));

/** Works out what importing these rows would do now, and every problem with it. Writes nothing. */
export async function planImport(
	db: Kysely<DB>,
	actor: SessionPerson,
	rows: ImportRow[],
	fileProblems: ImportProblem[] = []
): Promise<ImportPlan> {
	const problems = [...fileProblems];
	const emails = [...new Set(rows.flatMap((r) => [r.email, ...(r.supervisorEmail ? [r.supervisorEmail] : [])]))];
	// Everyone the file names, and every supervisor (whose own supervisors a cycle could run through).
	const known = emails.length
		? await db
				.selectFrom('person')
				.select(['id', sql<string>`lower(email)`.as('email'), 'name', 'roles', 'status', 'supervisorId'])
				.where((eb) =>
					eb.or([eb(sql`lower(email)`, '=', sql<string>`any(${sql.val(emails)}::text[])`), hasRole('supervisor')])
				)
				.execute()
		: [];
	const byEmail = new Map<string, KnownPerson>(known.map((p) => [p.email, p as KnownPerson]));
	const byId = new Map<string, KnownPerson>(known.map((p) => [p.id, p as KnownPerson]));
	const inFile = new Map(rows.map((r) => [r.email, r]));

	const existingIds = rows.map((r) => byEmail.get(r.email)?.id).filter((id): id is string => !!id);
	const held = existingIds.length
		? await db
				.selectFrom('earlierRecord')
				.select(['personId', 'kind', sql<string>`happened_on::text`.as('on')])
				.where(sql<boolean>`person_id = any(${sql.val(existingIds)}::uuid[])`)
				.execute()
		: [];
	const heldKeys = new Set(held.map((h) => `${h.personId}|${h.kind}|${h.on}`));

	const people: PlannedPerson[] = [];
	for (const r of rows) {
		const existing = byEmail.get(r.email);
		const problem = (column: ImportProblem['column'], message: string) =>
			problems.push({ row: r.row, column, message });
		if (existing?.status === 'deactivated')
			problem(
				'email',
				`${existing.name} (${r.email}) is deactivated: reactivate them first, or take them out of the file`
			);

		let supervisorId: string | null = null;
		if (r.supervisorEmail) {
			const other = inFile.get(r.supervisorEmail);
			const stored = byEmail.get(r.supervisorEmail);
			const supervisorRoles = other?.roles ?? stored?.roles;
			if (!other && !stored)
				problem('supervisorEmail', `no one with the email ${r.supervisorEmail} is in the file or the service`);
			else if (!supervisorRoles!.includes('supervisor'))
				problem('supervisorEmail', `${r.supervisorEmail} does not have the supervisor role`);
			else if (stored?.status === 'deactivated') problem('supervisorEmail', `${r.supervisorEmail} is deactivated`);
			supervisorId = stored?.id ?? null;
		}

		const earlier = (Object.keys(earlierKindOf) as DateKey[])
			.filter((key) => r[key])
			.map((key) => ({ kind: earlierKindOf[key], on: r[key]! }))
			.filter((e) => !existing || !heldKeys.has(`${existing.id}|${e.kind}|${e.on}`));

		const changes: string[] = [];
		if (existing) {
			if (existing.name !== r.name) changes.push(`name from ${existing.name} to ${r.name}`);
			if (!sameRoles(existing.roles, r.roles))
				changes.push(`roles from ${existing.roles.join(', ')} to ${r.roles.join(', ')}`);
			const currentSupervisor = existing.supervisorId ? (byId.get(existing.supervisorId)?.email ?? null) : null;
			const sameSupervisor = r.supervisorEmail
				? supervisorId !== null && supervisorId === existing.supervisorId
				: existing.supervisorId === null;
			if (!sameSupervisor)
				changes.push(`supervisor from ${currentSupervisor ?? 'none'} to ${r.supervisorEmail ?? 'none'}`);
			if (existing.id === actor.id && changes.length)
				problem('email', 'this is you: change your own name, roles or supervisor on your record, not by import');
		}
		people.push({
			row: r.row,
			email: r.email,
			name: r.name,
			action: !existing ? 'new' : changes.length || earlier.length ? 'updated' : 'unchanged',
			personId: existing?.id ?? null,
			roles: r.roles,
			supervisorEmail: r.supervisorEmail,
			changes,
			earlier
		});
	}

	// A supervisor cycle: following supervisors from anyone leads back to them.
	const supervisorOf = (email: string): string | null => {
		const row = inFile.get(email);
		if (row) return row.supervisorEmail;
		const p = byEmail.get(email);
		return p?.supervisorId ? (byId.get(p.supervisorId)?.email ?? null) : null;
	};
	const reported = new Set<string>();
	for (const r of rows) {
		const path: string[] = [];
		let at: string | null = r.email;
		while (at && !path.includes(at) && path.length <= rows.length + byEmail.size) {
			path.push(at);
			at = supervisorOf(at);
		}
		if (at === r.email && !reported.has(r.email) && r.supervisorEmail !== r.email) {
			path.forEach((e) => reported.add(e));
			problems.push({
				row: r.row,
				column: 'supervisorEmail',
				message: `supervisors go round in a circle: ${[...path, r.email].join(' supervised by ')}`
			});
		}
	}

	problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
	const counts = { new: 0, updated: 0, unchanged: 0 };
	for (const p of people) counts[p.action]++;
	const hash = createHash('sha256').update(JSON.stringify({ people, problems })).digest('hex');
	return { people, problems, counts, hash };
}

/** Keeps an uploaded file's rows until the coordinator confirms the preview made from them. */
export async function keepImport(
	db: Kysely<DB>,
	actor: SessionPerson,
	fileName: string,
	rows: ImportRow[],
	plan: ImportPlan
): Promise<string> {
	const { id } = await db
		.insertInto('personImport')
		.values({ uploadedBy: actor.id, fileName: fileName.slice(0, 200), rows: JSON.stringify(rows), planHash: plan.hash })
		.returning('id')
		.executeTakeFirstOrThrow();
	await recordAudit(db, {
		actorId: actor.id,
		action: 'people.import-previewed',
		recordType: 'person-import',
		recordId: id,
		detail: { fileName, ...plan.counts, problems: plan.problems.length }
	});
	return id;
}

/** A kept file, only for the coordinator who uploaded it and not yet confirmed. */
export async function findImport(db: Kysely<DB>, actor: SessionPerson, id: string) {
	const found = await db
		.selectFrom('personImport')
		.select(['id', 'fileName', 'rows', 'planHash', 'confirmedAt', 'uploadedAt'])
		.where('id', '=', id)
		.where('uploadedBy', '=', actor.id)
		.executeTakeFirst();
	return found ? { ...found, rows: found.rows as ImportRow[] } : undefined;
}

export type ConfirmResult =
	| { ok: true; created: { id: string; name: string; email: string }[]; updated: number; unchanged: number }
	| { ok: false; message: string; plan?: ImportPlan };

/** Noon UTC: the same day on the service's clock wherever in the world it runs. */
const middayOf = (day: string) => new Date(`${day}T12:00:00Z`);

/**
 * Applies a previewed import in one transaction, exactly as previewed: if anything in the service
 * has changed so the plan would differ, nothing is written and the fresh preview is returned.
 */
export async function confirmImport(
	db: Kysely<DB>,
	actor: SessionPerson,
	importId: string,
	previewedHash: string
): Promise<ConfirmResult> {
	const kept = await findImport(db, actor, importId);
	if (!kept) return { ok: false, message: 'This import was not found: upload the file again' };
	if (kept.confirmedAt) return { ok: false, message: 'This import has already been confirmed' };
	try {
		return await db.transaction().execute(async (trx) => {
			// One confirmation at a time: a second click, or a second tab, waits and then finds it done.
			const claimed = await trx
				.updateTable('personImport')
				.set({ confirmedAt: new Date() })
				.where('id', '=', importId)
				.where('confirmedAt', 'is', null)
				.returning('id')
				.executeTakeFirst();
			if (!claimed) throw new Refused({ ok: false, message: 'This import has already been confirmed' });
			const plan = await planImport(trx, actor, kept.rows);
			if (plan.hash !== previewedHash || kept.planHash !== previewedHash)
				throw new Refused({
					ok: false,
					message:
						'Records have changed since the preview. Nothing was imported: upload the file again to see what it would do now',
					plan
				});
			if (plan.problems.length) throw new Refused({ ok: false, message: 'Fix the problems in the file first', plan });
			return { ok: true as const, ...(await applyPlan(trx, actor, importId, plan)) };
		});
	} catch (e) {
		if (e instanceof Refused) return e.result;
		throw e;
	}
}

class Refused extends Error {
	constructor(readonly result: ConfirmResult) {
		super('refused');
	}
}

async function applyPlan(trx: Transaction<DB>, actor: SessionPerson, importId: string, plan: ImportPlan) {
	const ids = new Map<string, string>(plan.people.filter((p) => p.personId).map((p) => [p.email, p.personId!]));
	const created: { id: string; name: string; email: string }[] = [];
	const fresh = plan.people.filter((p) => p.action === 'new');
	for (let i = 0; i < fresh.length; i += 1000) {
		const chunk = fresh.slice(i, i + 1000);
		const inserted = await trx
			.insertInto('person')
			.values(chunk.map((p) => ({ email: p.email, name: p.name, roles: p.roles, status: 'invited' as const })))
			.returning(['id', 'email', 'name'])
			.execute();
		for (const p of inserted) {
			ids.set(p.email.toLowerCase(), p.id);
			created.push(p);
		}
	}
	// Supervisors named by email, who may be people this file adds.
	const supervisorEmails = [
		...new Set(
			plan.people.flatMap((p) => (p.supervisorEmail && !ids.has(p.supervisorEmail) ? [p.supervisorEmail] : []))
		)
	];
	if (supervisorEmails.length) {
		const rows = await trx
			.selectFrom('person')
			.select(['id', sql<string>`lower(email)`.as('email')])
			.where(sql<boolean>`lower(email) = any(${sql.val(supervisorEmails)}::text[])`)
			.execute();
		for (const r of rows) ids.set(r.email, r.id);
	}
	const policyVersions = await trx
		.selectFrom('policyVersion')
		.select(['id', 'version', 'contentHash', sql<string>`effective::text`.as('effective')])
		.where('slug', '=', importedPolicySlug)
		.orderBy('version')
		.execute();
	const enteredOn = new Date().toISOString().slice(0, 10);
	const remark = `From the service's earlier records, entered by ${actor.name} on ${enteredOn}`;

	for (const p of plan.people) {
		if (p.action === 'unchanged') continue;
		const personId = ids.get(p.email)!;
		const supervisorId = p.supervisorEmail ? ids.get(p.supervisorEmail)! : null;
		if (p.action === 'new' ? supervisorId : p.changes.length)
			await trx
				.updateTable('person')
				.set({ name: p.name, roles: p.roles, supervisorId })
				.where('id', '=', personId)
				.execute();
		for (const e of p.earlier) {
			const record = await trx
				.insertInto('earlierRecord')
				.values({ personId, kind: e.kind, happenedOn: e.on, enteredBy: actor.id })
				.onConflict((oc) => oc.columns(['personId', 'kind', 'happenedOn']).doNothing())
				.returning('id')
				.executeTakeFirst();
			if (!record) continue;
			if (e.kind === 'declaration')
				await trx
					.insertInto('declarationReturn')
					.values({ personId, madeAt: middayOf(e.on), nil: false, interests: 0, earlierRecordId: record.id })
					.execute();
			if (e.kind === 'policy-acknowledgement' && policyVersions.length) {
				// The version in force that day (or the first, for a day before any): the person acknowledged the policy as it then stood.
				const version = policyVersions.filter((v) => v.effective <= e.on).at(-1) ?? policyVersions[0]!;
				await trx
					.insertInto('policyAcknowledgement')
					.values({
						personId,
						policyVersionId: version.id,
						slug: importedPolicySlug,
						version: version.version,
						contentHash: version.contentHash,
						acknowledgedAt: middayOf(e.on),
						method: 'recorded',
						recordedBy: actor.id,
						remark
					})
					.execute();
			}
		}
		await recordAudit(trx, {
			actorId: actor.id,
			action: p.action === 'new' ? 'person.imported' : 'person.import-updated',
			recordType: 'person',
			recordId: personId,
			detail: { importId, roles: p.roles, supervisorId, changes: p.changes, earlier: p.earlier }
		});
	}
	await recordAudit(trx, {
		actorId: actor.id,
		action: 'people.imported',
		recordType: 'person-import',
		recordId: importId,
		detail: plan.counts
	});
	return { created, updated: plan.counts.updated, unchanged: plan.counts.unchanged };
}

/** What a person's record shows of the service's earlier records about them. */
export async function earlierRecordsOf(db: Kysely<DB>, personId: string) {
	return db
		.selectFrom('earlierRecord')
		.leftJoin('person as enterer', 'enterer.id', 'earlierRecord.enteredBy')
		.select([
			'earlierRecord.kind',
			sql<string>`earlier_record.happened_on::text`.as('happenedOn'),
			'earlierRecord.enteredAt',
			'enterer.name as enteredBy'
		])
		.where('earlierRecord.personId', '=', personId)
		.orderBy('earlierRecord.happenedOn', 'desc')
		.orderBy('earlierRecord.kind')
		.execute();
}

/** Sends each person the import added their invitation; those not delivered wait in the outbox. */
export async function sendImportInvitations(
	db: Kysely<DB>,
	actor: SessionPerson,
	people: { id: string; name: string; email: string }[],
	service: ServiceConfig,
	origin: string
): Promise<{ sent: number; notDelivered: number }> {
	let sent = 0;
	for (const person of people) if ((await sendInvitation(db, actor, person, service, origin)).delivered) sent++;
	return { sent, notDelivered: people.length - sent };
}

/** How many rows a preview lists; the counts cover them all. */
export const previewRows = 500;
const previewProblems = 200;

/** What the preview page shows of a plan: the counts, the first rows and the first problems. */
export function previewOf(plan: ImportPlan, fileName: string, importId: string | null) {
	return {
		fileName: fileName.slice(0, 200),
		importId,
		hash: plan.hash,
		counts: plan.counts,
		rows: plan.people.slice(0, previewRows).map((p) => ({
			row: p.row,
			name: p.name,
			email: p.email,
			action: p.action,
			roles: p.roles,
			supervisorEmail: p.supervisorEmail,
			changes: p.changes,
			earlier: p.earlier.map((e) => `${earlierKindLabels[e.kind]}: ${e.on}`)
		})),
		total: plan.people.length,
		problems: plan.problems.slice(0, previewProblems).map(problemText),
		problemCount: plan.problems.length
	};
}
