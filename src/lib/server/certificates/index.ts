// Certificates: issued to a person for a completed induction or an IPS course cohort attended in
// full, with the facts they state frozen at issue, a verification code anyone holding it can look
// up, and whether the achievement still stands today.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { Content } from '../content';
import { recordAudit } from '../audit';
import { inductionModulesFor } from '../induction/status';
import { serviceDay } from '../../format';
import { formatCode, generateCode, normaliseCode } from './code';

export { formatCode, normaliseCode } from './code';

/** What a certificate states, as it was when issued. */
export interface CertificateFacts {
	service: { name: string; shortName: string; brandColour: string };
	personName: string;
	/** "Induction" or the course's title. */
	title: string;
	/** The sentence under the name: "has completed the induction of …". */
	statement: string;
	/** YYYY-MM-DD on the service's clock. */
	completedOn: string;
	/** What the certificate covers, at the versions completed. */
	covers: { title: string; version: string }[];
	cohort: string | null;
	issuer: { name: string } | null;
	/** YYYY-MM-DD on the service's clock. */
	issuedOn: string;
}

export { standingLabels, type Standing } from '../../certificate-standing';
import type { Standing } from '../../certificate-standing';

/** The throttle on lookups that find nothing, per network address. */
export const lookupLimits = { windowMinutes: 60, perAddress: 20 };

const achievementOfCourse = (slug: string) => `course:${slug}`;

export interface Achievement {
	achievement: string;
	kind: 'induction' | 'course';
	title: string;
	completedAt: Date;
	/** The live certificate for it, if one has been issued. */
	certificateId: string | null;
}

/** What a person has achieved that a certificate can be issued for, and any live certificate for each. */
export async function achievementsOf(
	db: Kysely<DB>,
	personId: string,
	content: Pick<Content, 'modules' | 'courseBySlug'>
): Promise<Achievement[]> {
	const [person, courses, live] = await Promise.all([
		db.selectFrom('person').select(['id', 'roles', 'inductionStage']).where('id', '=', personId).executeTakeFirst(),
		db
			.selectFrom('courseCompletion')
			.select(['courseSlug', 'completedAt'])
			.where('personId', '=', personId)
			.orderBy('completedAt')
			.execute(),
		db
			.selectFrom('certificate')
			.select(['id', 'achievement'])
			.where('personId', '=', personId)
			.where('withdrawnAt', 'is', null)
			.execute()
	]);
	if (!person) return [];
	const liveFor = new Map(live.map((c) => [c.achievement, c.id]));
	const found: Achievement[] = [];
	if (person.inductionStage === 'completed') {
		const induction = await inductionCompletion(db, person, content);
		if (induction)
			found.push({
				achievement: 'induction',
				kind: 'induction',
				title: 'Induction',
				completedAt: induction.completedAt,
				certificateId: liveFor.get('induction') ?? null
			});
	}
	for (const c of courses) {
		const achievement = achievementOfCourse(c.courseSlug);
		found.push({
			achievement,
			kind: 'course',
			title: content.courseBySlug.get(c.courseSlug)?.title ?? c.courseSlug,
			completedAt: c.completedAt,
			certificateId: liveFor.get(achievement) ?? null
		});
	}
	return found;
}

/** The modules of a person's completed induction at the versions they completed, and when the last was done. */
async function inductionCompletion(
	db: Kysely<DB>,
	person: { id: string; roles: readonly string[] },
	content: Pick<Content, 'modules'>
) {
	const required = inductionModulesFor(content.modules, person.roles as Parameters<typeof inductionModulesFor>[1]);
	if (!required.length) return null;
	const rows = await db
		.selectFrom('moduleProgress')
		.innerJoin('moduleVersion', 'moduleVersion.id', 'moduleProgress.completedVersionId')
		.select(['moduleProgress.slug', 'moduleProgress.completedAt', 'moduleVersion.version', 'moduleVersion.contentHash'])
		.where('moduleProgress.personId', '=', person.id)
		.where(
			'moduleProgress.slug',
			'in',
			required.map((m) => m.slug)
		)
		.execute();
	const bySlug = new Map(rows.map((r) => [r.slug, r]));
	const modules = required.map((m) => ({ module: m, done: bySlug.get(m.slug) }));
	if (modules.some((m) => !m.done?.completedAt || m.done.version < m.module.version)) return null;
	const completedAt = new Date(Math.max(...modules.map((m) => m.done!.completedAt!.getTime())));
	return {
		completedAt,
		covers: modules.map((m) => ({
			title: m.module.title,
			version: `version ${m.done!.version}, text ${m.done!.contentHash.slice(0, 12)}`
		}))
	};
}

export type IssueResult = { ok: true; id: string; code: string } | { ok: false; message: string };

/**
 * Issues a certificate for one of the person's achievements, unless they hold a live one for it
 * already (then that one is returned). Refused when the achievement is not, or no longer, theirs.
 */
export async function issueCertificate(
	db: Kysely<DB>,
	personId: string,
	achievement: string,
	content: Pick<Content, 'modules' | 'courseBySlug' | 'service'>
): Promise<IssueResult> {
	return db.transaction().execute(async (trx) => {
		// Two requests at once for the same certificate take turns; the second finds the first's.
		await sql`select pg_advisory_xact_lock(hashtext('impartial.certificate'), hashtext(${`${personId}:${achievement}`}))`.execute(
			trx
		);
		const existing = await trx
			.selectFrom('certificate')
			.select(['id', 'code'])
			.where('personId', '=', personId)
			.where('achievement', '=', achievement)
			.where('withdrawnAt', 'is', null)
			.executeTakeFirst();
		if (existing) return { ok: true as const, ...existing };
		const person = await trx
			.selectFrom('person')
			.select(['id', 'name', 'roles', 'inductionStage'])
			.where('id', '=', personId)
			.executeTakeFirst();
		if (!person) return { ok: false as const, message: 'There is no such person' };
		const facts = await factsFor(trx, person, achievement, content);
		if (!facts) return { ok: false as const, message: 'There is no completed achievement to certify' };
		const code = generateCode();
		const { id } = await trx
			.insertInto('certificate')
			.values({
				personId,
				kind: facts.kind,
				achievement,
				cohortId: facts.cohortId,
				code,
				facts: JSON.stringify(facts.facts),
				issuedBy: facts.issuerId
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			actorId: personId,
			action: 'certificate.issued',
			recordType: 'certificate',
			recordId: id,
			detail: { achievement, completedOn: facts.facts.completedOn, covers: facts.facts.covers }
		});
		return { ok: true as const, id, code };
	});
}

async function factsFor(
	db: Kysely<DB>,
	person: { id: string; name: string; roles: readonly string[]; inductionStage: string },
	achievement: string,
	content: Pick<Content, 'modules' | 'courseBySlug' | 'service'>
): Promise<{
	kind: 'induction' | 'course';
	cohortId: string | null;
	issuerId: string | null;
	facts: CertificateFacts;
} | null> {
	const { service } = content;
	const base = {
		service: { name: service.name, shortName: service.shortName, brandColour: service.brandColour },
		personName: person.name,
		issuedOn: serviceDay(new Date())
	};
	if (achievement === 'induction') {
		if (person.inductionStage !== 'completed') return null;
		const done = await inductionCompletion(db, person, content);
		if (!done) return null;
		// The coordinator who invited them; someone seeded or brought in another way has none on record.
		const issuer = await db
			.selectFrom('auditEvent')
			.innerJoin('person', 'person.id', 'auditEvent.actorId')
			.select(['person.id', 'person.name'])
			.where('auditEvent.action', '=', 'person.invited')
			.where('auditEvent.recordType', '=', 'person')
			.where('auditEvent.recordId', '=', person.id)
			.orderBy('auditEvent.at', 'desc')
			.executeTakeFirst();
		return {
			kind: 'induction',
			cohortId: null,
			issuerId: issuer?.id ?? null,
			facts: {
				...base,
				title: 'Induction',
				statement: `has completed the induction of ${service.name}`,
				completedOn: serviceDay(done.completedAt),
				covers: done.covers,
				cohort: null,
				issuer: issuer ? { name: issuer.name } : null
			}
		};
	}
	const slug = /^course:([a-z0-9-]+)$/.exec(achievement)?.[1];
	if (!slug) return null;
	const completion = await db
		.selectFrom('courseCompletion')
		.innerJoin('cohort', 'cohort.id', 'courseCompletion.cohortId')
		.select(['courseCompletion.cohortId', 'courseCompletion.completedAt', 'cohort.title as cohortTitle'])
		.where('courseCompletion.personId', '=', person.id)
		.where('courseCompletion.courseSlug', '=', slug)
		.executeTakeFirst();
	if (!completion) return null;
	// The coordinator who recorded their attendance at the cohort's last session.
	const issuer = await db
		.selectFrom('sessionAttendance')
		.innerJoin('cohortSession', 'cohortSession.id', 'sessionAttendance.sessionId')
		.innerJoin('person', 'person.id', 'sessionAttendance.markedBy')
		.select(['person.id', 'person.name'])
		.where('cohortSession.cohortId', '=', completion.cohortId)
		.where('sessionAttendance.personId', '=', person.id)
		.orderBy('cohortSession.position', 'desc')
		.executeTakeFirst();
	const course = content.courseBySlug.get(slug);
	const title = course?.title ?? slug;
	return {
		kind: 'course',
		cohortId: completion.cohortId,
		issuerId: issuer?.id ?? null,
		facts: {
			...base,
			title,
			statement: `has attended every session of the ${title}`,
			completedOn: serviceDay(completion.completedAt),
			covers: [{ title, version: course ? `course text ${course.hash.slice(0, 12)}` : 'course text not on record' }],
			cohort: completion.cohortTitle,
			issuer: issuer ? { name: issuer.name } : null
		}
	};
}

export interface CertificateSummary {
	id: string;
	kind: 'induction' | 'course';
	title: string;
	completedOn: string;
	code: string;
	issuedAt: Date;
	withdrawnAt: Date | null;
	standing: Standing;
}

/** Whether a certificate still stands, worked out by the database beside each row. */
function standingColumns() {
	return sql<Standing>`case
		when certificate.withdrawn_at is not null then 'withdrawn'
		when certificate.kind = 'induction' then
			case when person.induction_stage = 'completed' then 'stands' else 'needs-review' end
		when exists (
			select 1 from course_completion cc
			where cc.person_id = certificate.person_id and 'course:' || cc.course_slug = certificate.achievement
		) then 'stands'
		else 'not-recorded' end`;
}

/** A person's certificates, newest first, each with whether it stands. */
export async function certificatesOf(db: Kysely<DB>, personId: string): Promise<CertificateSummary[]> {
	const rows = await db
		.selectFrom('certificate')
		.innerJoin('person', 'person.id', 'certificate.personId')
		.select([
			'certificate.id',
			'certificate.kind',
			'certificate.code',
			'certificate.issuedAt',
			'certificate.withdrawnAt',
			sql<string>`certificate.facts->>'title'`.as('title'),
			sql<string>`certificate.facts->>'completedOn'`.as('completedOn'),
			standingColumns().as('standing')
		])
		.where('certificate.personId', '=', personId)
		.orderBy('certificate.issuedAt', 'desc')
		.orderBy('certificate.id')
		.execute();
	return rows.map((r) => ({ ...r, code: formatCode(r.code) }));
}

/** One of a person's own certificates with all its facts; null if it is not theirs. */
export async function ownCertificate(db: Kysely<DB>, personId: string, id: string) {
	const row = await db
		.selectFrom('certificate')
		.innerJoin('person', 'person.id', 'certificate.personId')
		.select([
			'certificate.id',
			'certificate.code',
			'certificate.facts',
			'certificate.issuedAt',
			'certificate.withdrawnAt',
			standingColumns().as('standing')
		])
		.where('certificate.id', '=', id)
		.where('certificate.personId', '=', personId)
		.executeTakeFirst();
	if (!row) return null;
	return { ...row, facts: row.facts as unknown as CertificateFacts, code: formatCode(row.code) };
}

/** The holder withdraws a certificate: its code says so from then on. Withdrawing twice changes nothing. */
export async function withdrawCertificate(db: Kysely<DB>, personId: string, id: string): Promise<boolean> {
	return db.transaction().execute(async (trx) => {
		const updated = await trx
			.updateTable('certificate')
			.set({ withdrawnAt: new Date() })
			.where('id', '=', id)
			.where('personId', '=', personId)
			.where('withdrawnAt', 'is', null)
			.returning('id')
			.executeTakeFirst();
		if (!updated) return false;
		await recordAudit(trx, {
			actorId: personId,
			action: 'certificate.withdrawn',
			recordType: 'certificate',
			recordId: id
		});
		return true;
	});
}

/** What a verification page shows: the name, the achievement and its date, whether it stands; nothing else. */
export interface Verification {
	name: string;
	title: string;
	completedOn: string;
	standing: Standing;
	withdrawnAt: Date | null;
}

export type VerifyResult =
	{ status: 'found'; certificate: Verification } | { status: 'unknown' } | { status: 'limited'; retryMinutes: number };

/**
 * Looks up a code as typed. A lookup that finds nothing (a malformed code included) counts
 * against the address; once an address has failed too often in the window, every lookup from it
 * is refused until the window moves on.
 */
export async function verifyCertificate(db: Kysely<DB>, typed: string, address: string): Promise<VerifyResult> {
	return db.transaction().execute(async (trx) => {
		await sql`select pg_advisory_xact_lock(hashtext('impartial.certificate-lookup'), hashtext(${address}))`.execute(
			trx
		);
		const { windowMinutes, perAddress } = lookupLimits;
		const { rows } = await sql<{ count: number; oldest: Date | null }>`
			select count(*)::int as count, min(failed_at) as oldest from certificate_lookup_failure
			where address = ${address} and failed_at > now() - make_interval(mins => ${windowMinutes})`.execute(trx);
		const window = rows[0]!;
		if (window.count >= perAddress && window.oldest) {
			const freedAt = new Date(window.oldest).getTime() + windowMinutes * 60_000;
			return { status: 'limited' as const, retryMinutes: Math.max(1, Math.ceil((freedAt - Date.now()) / 60_000)) };
		}
		const code = normaliseCode(typed);
		const row = code
			? await trx
					.selectFrom('certificate')
					.innerJoin('person', 'person.id', 'certificate.personId')
					.select([
						sql<string>`certificate.facts->>'personName'`.as('name'),
						sql<string>`certificate.facts->>'title'`.as('title'),
						sql<string>`certificate.facts->>'completedOn'`.as('completedOn'),
						'certificate.withdrawnAt',
						standingColumns().as('standing')
					])
					.where('certificate.code', '=', code)
					.executeTakeFirst()
			: undefined;
		if (row) return { status: 'found' as const, certificate: row };
		await trx.insertInto('certificateLookupFailure').values({ address }).execute();
		// Failures older than a day count for nothing: they go as new ones come.
		await trx
			.deleteFrom('certificateLookupFailure')
			.where('failedAt', '<', new Date(Date.now() - 24 * 60 * 60_000))
			.execute();
		return { status: 'unknown' as const };
	});
}
