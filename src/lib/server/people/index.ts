// People and their accounts: inviting, listing, changing roles and supervisor, deactivating.
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { DB, PersonStatus, Role } from '../db/schema';
import { recordAudit } from '../audit';
import { can } from '../auth/permissions';
import { endAllSessions, type SessionPerson } from '../auth/sessions';
import { linkPlaceholder, sendEmail, type SendResult } from '../mail';
import type { ServiceConfig } from '../content/service';
import type { InviteInput } from './schemas';
import type { InductionStatus } from '../../module-status';
import { hasRole } from '../db/has-role';

export interface PeopleFilter {
	role?: Role;
	status?: PersonStatus;
	search?: string;
	induction?: InductionStatus;
	page?: number;
}

export const peoplePageSize = 50;

/** A person as the people table shows them. */
export interface ListedPerson {
	id: string;
	name: string;
	email: string;
	roles: Role[];
	status: PersonStatus;
	supervisorName: string | null;
	induction: InductionStatus | null;
}

/** For the coordinator's home page: people invited but not yet signed up, and active volunteers and staff without a supervisor. */
export async function peopleToFollowUp(db: Kysely<DB>): Promise<{ invited: number; unsupervised: number }> {
	// Two counts, each answered by its own index, rather than one pass over every person's row.
	const { rows } = await sql<{ invited: string; unsupervised: string }>`
		select (select count(*) from person where status = 'invited') as invited,
			(select count(*) from person where status = 'active' and supervisor_id is null and roles && array['volunteer', 'staff']::text[]) as unsupervised`.execute(
		db
	);
	return { invited: Number(rows[0]!.invited), unsupervised: Number(rows[0]!.unsupervised) };
}

/**
 * People whose name or email address holds `text` anywhere, in any case, with `%`, `_` and `\`
 * taken literally: the trigram indexes on both answer it.
 */
export function nameOrEmailContains(text: string) {
	const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
	return (eb: ExpressionBuilder<DB, 'person'>) =>
		eb.or([eb('person.name', 'ilike', like), eb('person.email', 'ilike', like)]);
}

/**
 * People the viewer may list (everyone for coordinators, supervisees for supervisors), filtered,
 * counted and cut to one page by the database.
 */
export async function listPeople(db: Kysely<DB>, viewer: SessionPerson, filter: PeopleFilter = {}) {
	const search = filter.search?.replace(/\n/g, ' ');
	const matching = db
		.selectFrom('person')
		.$if(!can(viewer, 'people.list-all'), (q) => q.where('person.supervisorId', '=', viewer.id))
		.$if(!!filter.induction, (q) => q.where('person.inductionStage', '=', filter.induction!))
		.$if(!!filter.role, (q) => q.where(hasRole(filter.role!, sql.ref('person.roles'))))
		.$if(!!filter.status, (q) => q.where('person.status', '=', filter.status!))
		.$if(!!search, (q) => q.where(nameOrEmailContains(search!)));
	const page = Math.max(1, filter.page ?? 1);
	const [rows, count] = await Promise.all([
		matching
			.leftJoin('person as supervisor', 'supervisor.id', 'person.supervisorId')
			.select([
				'person.id',
				'person.name',
				'person.email',
				'person.roles',
				'person.status',
				'supervisor.name as supervisorName',
				'person.inductionStage as induction'
			])
			.orderBy('person.name')
			.orderBy('person.id')
			.limit(peoplePageSize)
			.offset((page - 1) * peoplePageSize)
			.execute(),
		matching.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()
	]);
	const people: ListedPerson[] = rows.map((p) => ({
		id: p.id,
		name: p.name,
		email: p.email,
		roles: p.roles,
		status: p.status,
		supervisorName: p.supervisorName,
		induction: p.induction
	}));
	return { people, total: Number(count.n), page, pageSize: peoplePageSize };
}

export async function findPerson(db: Kysely<DB>, id: string) {
	return db
		.selectFrom('person')
		.leftJoin('person as supervisor', 'supervisor.id', 'person.supervisorId')
		.select([
			'person.id',
			'person.name',
			'person.email',
			'person.roles',
			'person.status',
			'person.supervisorId',
			'supervisor.name as supervisorName',
			'person.createdAt',
			'person.activatedAt',
			'person.deactivatedAt'
		])
		.where('person.id', '=', id)
		.executeTakeFirst();
}

export async function findPersonByEmail(db: Kysely<DB>, email: string) {
	return db
		.selectFrom('person')
		.select(['id', 'name'])
		.where(sql<boolean>`lower(email) = lower(${email})`)
		.executeTakeFirst();
}

/** Everyone who can be named as a supervisor, for choosing one. */
export async function listSupervisors(db: Kysely<DB>): Promise<{ id: string; name: string }[]> {
	return db
		.selectFrom('person')
		.select(['id', 'name'])
		.where(hasRole('supervisor'))
		.where('status', '!=', 'deactivated')
		.orderBy('name')
		.execute();
}

async function emailTaken(db: Kysely<DB>, email: string): Promise<boolean> {
	const row = await db
		.selectFrom('person')
		.select('id')
		.where(sql<boolean>`lower(email) = lower(${email})`)
		.executeTakeFirst();
	return !!row;
}

async function checkSupervisor(db: Kysely<DB>, supervisorId: string | null, personId?: string): Promise<string | null> {
	if (!supervisorId) return null;
	if (supervisorId === personId) return 'A person cannot be their own supervisor';
	const row = await db
		.selectFrom('person')
		.select('id')
		.where('id', '=', supervisorId)
		.where(hasRole('supervisor'))
		.where('status', '!=', 'deactivated')
		.executeTakeFirst();
	return row ? null : 'Choose a supervisor from the list';
}

export type InviteResult =
	({ ok: true; personId: string } & SendResult) | { ok: false; errors: Record<string, string> };

export async function invitePerson(
	db: Kysely<DB>,
	actor: SessionPerson,
	input: InviteInput,
	service: ServiceConfig,
	origin: string
): Promise<InviteResult> {
	if (await emailTaken(db, input.email)) {
		return { ok: false, errors: { email: 'Someone with this email address already has an account' } };
	}
	const supervisorProblem = await checkSupervisor(db, input.supervisorId);
	if (supervisorProblem) return { ok: false, errors: { supervisorId: supervisorProblem } };

	const personId = await db.transaction().execute(async (trx) => {
		const { id } = await trx
			.insertInto('person')
			.values({
				email: input.email,
				name: input.name,
				roles: input.roles,
				supervisorId: input.supervisorId,
				status: 'invited'
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			actorId: actor.id,
			action: 'person.invited',
			recordType: 'person',
			recordId: id,
			detail: { roles: input.roles, supervisorId: input.supervisorId }
		});
		return id;
	});
	const sent = await sendInvitation(db, actor, { id: personId, name: input.name, email: input.email }, service, origin);
	return { ok: true, personId, ...sent };
}

/** The invitation email, with its single-use link, for someone just invited or imported. */
export async function sendInvitation(
	db: Kysely<DB>,
	actor: SessionPerson,
	person: { id: string; name: string; email: string },
	service: ServiceConfig,
	origin: string
): Promise<SendResult> {
	// The link is made as the email goes, and afresh for each attempt: it is never kept.
	return sendEmail(
		db,
		{
			to: person.email,
			subject: `You are invited to ${service.shortName} training`,
			body: [
				`Hello ${person.name},`,
				'',
				`${actor.name} has invited you to ${service.name}'s training and supervision records.`,
				'',
				'Set your password here:',
				linkPlaceholder,
				'',
				`If you were not expecting this, you can ignore it or write to ${service.contactEmail}.`
			].join('\n'),
			link: { personId: person.id, purpose: 'invitation', createdBy: actor.id }
		},
		service,
		origin
	);
}

/**
 * A fresh invitation (for the invited) or password-reset link (for the active), made by a
 * coordinator and sent to the person. The coordinator sees the link only when this instance
 * cannot send email at all, to pass on by hand.
 */
export async function issueSignInLink(
	db: Kysely<DB>,
	actor: SessionPerson,
	person: { id: string; name: string; email: string; status: PersonStatus },
	service: ServiceConfig,
	origin: string
): Promise<SendResult> {
	const invitation = person.status === 'invited';
	await recordAudit(db, {
		actorId: actor.id,
		action: invitation ? 'person.invitation-renewed' : 'person.reset-link-issued',
		recordType: 'person',
		recordId: person.id
	});
	return sendEmail(
		db,
		{
			to: person.email,
			subject: invitation ? `Your invitation to ${service.shortName}` : `Reset your ${service.shortName} password`,
			body: [
				`Hello ${person.name},`,
				'',
				invitation
					? 'Here is a new link to set up your account:'
					: `${actor.name} has sent you a link to set a new password for your ${service.shortName} account:`,
				linkPlaceholder,
				'',
				invitation
					? `If you were not expecting this, write to ${service.contactEmail}.`
					: `Your password has not changed yet. If you did not ask for this, write to ${service.contactEmail}.`
			].join('\n'),
			link: { personId: person.id, purpose: invitation ? 'invitation' : 'password-reset', createdBy: actor.id }
		},
		service,
		origin
	);
}

export async function updateRolesAndSupervisor(
	db: Kysely<DB>,
	actor: SessionPerson,
	personId: string,
	input: { roles: Role[]; supervisorId: string | null }
): Promise<{ ok: true } | { ok: false; errors: Record<string, string> }> {
	const supervisorProblem = await checkSupervisor(db, input.supervisorId, personId);
	if (supervisorProblem) return { ok: false, errors: { supervisorId: supervisorProblem } };
	await db.transaction().execute(async (trx) => {
		const before = await trx
			.selectFrom('person')
			.select(['roles', 'supervisorId'])
			.where('id', '=', personId)
			.forUpdate()
			.executeTakeFirstOrThrow();
		await trx
			.updateTable('person')
			.set({ roles: input.roles, supervisorId: input.supervisorId })
			.where('id', '=', personId)
			.execute();
		await recordAudit(trx, {
			actorId: actor.id,
			action: 'person.roles-changed',
			recordType: 'person',
			recordId: personId,
			detail: { before, after: input }
		});
	});
	return { ok: true };
}

export async function setPersonActive(
	db: Kysely<DB>,
	actor: SessionPerson,
	personId: string,
	active: boolean
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const person = await trx
			.selectFrom('person')
			.select(['status', 'passwordHash'])
			.where('id', '=', personId)
			.forUpdate()
			.executeTakeFirstOrThrow();
		const status: PersonStatus = active ? (person.passwordHash ? 'active' : 'invited') : 'deactivated';
		await trx
			.updateTable('person')
			.set({ status, deactivatedAt: active ? null : new Date() })
			.where('id', '=', personId)
			.execute();
		let endedSessions = 0;
		if (!active) {
			endedSessions = await endAllSessions(trx, personId);
			// Unused links die with the account.
			await trx
				.updateTable('accountLink')
				.set({ usedAt: new Date() })
				.where('personId', '=', personId)
				.where('usedAt', 'is', null)
				.execute();
		}
		await recordAudit(trx, {
			actorId: actor.id,
			action: active ? 'person.reactivated' : 'person.deactivated',
			recordType: 'person',
			recordId: personId,
			detail: active ? { status } : { endedSessions }
		});
	});
}

/** Reading someone else's record is personal data processing, so it is audit logged. */
export async function recordPersonViewed(db: Kysely<DB>, viewer: SessionPerson, id: string): Promise<void> {
	if (id !== viewer.id) {
		await recordAudit(db, { actorId: viewer.id, action: 'person.viewed', recordType: 'person', recordId: id });
	}
}
