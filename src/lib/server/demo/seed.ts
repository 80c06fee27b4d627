// The demo service: a small, realistic cast at different stages, seeded once into an empty database.
import type { Kysely } from 'kysely';
import type { DB, PersonStatus, Role } from '../db/schema';
import { hashPassword } from '../auth/password';
import { recordAudit } from '../audit';

export const demoPassword = 'demo-password';

interface DemoPerson {
	key: string;
	email: string;
	name: string;
	roles: Role[];
	status: PersonStatus;
	supervisor?: string;
	joinedDaysAgo: number;
}

export const demoPeople: DemoPerson[] = [
	{ key: 'coordinator', email: 'coordinator@demo.test', name: 'Priya Raman', roles: ['coordinator', 'staff'], status: 'active', joinedDaysAgo: 2100 },
	{ key: 'supervisor', email: 'supervisor@demo.test', name: 'Gareth Lloyd', roles: ['supervisor', 'staff'], status: 'active', joinedDaysAgo: 1500 },
	{ key: 'supervisor2', email: 'supervisor2@demo.test', name: 'Ama Mensah', roles: ['supervisor', 'staff'], status: 'active', joinedDaysAgo: 900 },
	{ key: 'volunteer', email: 'volunteer@demo.test', name: 'Sam Whitfield', roles: ['volunteer'], status: 'active', supervisor: 'supervisor', joinedDaysAgo: 12 },
	{ key: 'volunteer2', email: 'volunteer2@demo.test', name: 'Helen Okafor', roles: ['volunteer'], status: 'active', supervisor: 'supervisor', joinedDaysAgo: 60 },
	{ key: 'volunteer3', email: 'volunteer3@demo.test', name: 'Tom Brennan', roles: ['volunteer'], status: 'active', supervisor: 'supervisor2', joinedDaysAgo: 420 },
	{ key: 'volunteer4', email: 'volunteer4@demo.test', name: 'Ruth Adeyemi', roles: ['volunteer'], status: 'invited', supervisor: 'supervisor2', joinedDaysAgo: 2 },
	{ key: 'staff', email: 'staff@demo.test', name: 'Joanna Pike', roles: ['staff'], status: 'active', supervisor: 'supervisor', joinedDaysAgo: 200 },
	{ key: 'staff2', email: 'staff2@demo.test', name: 'Marcus Hale', roles: ['staff'], status: 'active', supervisor: 'supervisor2', joinedDaysAgo: 700 },
	{ key: 'former', email: 'former@demo.test', name: 'Dev Sharma', roles: ['volunteer'], status: 'deactivated', supervisor: 'supervisor2', joinedDaysAgo: 1100 },
	{ key: 'steering', email: 'steering@demo.test', name: 'Claire Dunmore', roles: ['steering'], status: 'active', joinedDaysAgo: 300 },
	{ key: 'steering2', email: 'steering2@demo.test', name: 'Imran Qureshi', roles: ['steering'], status: 'active', joinedDaysAgo: 150 }
];

const day = 24 * 60 * 60 * 1000;

/** Seeds the demo when no one exists yet; true when it did. */
export async function seedDemo(db: Kysely<DB>): Promise<boolean> {
	const anyone = await db.selectFrom('person').select('id').limit(1).executeTakeFirst();
	if (anyone) return false;
	const passwordHash = await hashPassword(demoPassword);
	await db.transaction().execute(async (trx) => {
		const ids = new Map<string, string>();
		// Supervisors first, so that supervisees can point at them.
		const ordered = [...demoPeople].sort((a, b) => Number(!!a.supervisor) - Number(!!b.supervisor));
		for (const p of ordered) {
			const joined = new Date(Date.now() - p.joinedDaysAgo * day);
			const { id } = await trx
				.insertInto('person')
				.values({
					email: p.email,
					name: p.name,
					roles: p.roles,
					status: p.status,
					supervisorId: p.supervisor ? ids.get(p.supervisor)! : null,
					passwordHash: p.status === 'invited' ? null : passwordHash,
					createdAt: joined,
					activatedAt: p.status === 'invited' ? null : joined,
					deactivatedAt: p.status === 'deactivated' ? new Date(Date.now() - 30 * day) : null
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			ids.set(p.key, id);
		}
		await recordAudit(trx, { actorId: null, action: 'demo.seeded', detail: { people: demoPeople.length } });
	});
	return true;
}

export function demoSignIns(): string {
	const active = demoPeople.filter((p) => p.status === 'active');
	const width = Math.max(...active.map((p) => p.email.length));
	return [
		'Demo sign-ins (password for all: demo-password):',
		...active.map((p) => `  ${p.email.padEnd(width)}  ${p.name} (${p.roles.join(', ')})`)
	].join('\n');
}
