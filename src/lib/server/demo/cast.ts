// The rest of the demo service: made-up people around the named cast, the same on every start, so
// that the advisory group's reports have enough people behind each figure to show it.
import type { PersonStatus, Role } from '../db/schema';
import { seededRandom, type Random } from '../../random';

export interface CastMember {
	key: string;
	email: string;
	name: string;
	roles: Role[];
	status: PersonStatus;
	/** Another cast member's key: the named demo people supervise none of them. */
	supervisor?: string;
	joinedDaysAgo: number;
	/** Set for those who have left, with status 'deactivated'. */
	leftDaysAgo?: number;
}

/** The demo's random source: seeded, so the demo is the same on every start. */
export const demoRandom = seededRandom;
export type DemoRandom = Random;

// Invented names. None shares a first or a last name with the named cast, nor with anyone the
// browser tests invite, so a test that looks for one of them by name finds only them.
const firstNames = [
	'Alys',
	'Bilal',
	'Carys',
	'Declan',
	'Efua',
	'Finlay',
	'Grace',
	'Hamza',
	'Iona',
	'Jonah',
	'Kezia',
	'Lewis',
	'Maryam',
	'Niall',
	'Orla',
	'Pavel',
	'Rhiannon',
	'Stefan',
	'Tamsin',
	'Usman',
	'Verity',
	'Wiktor',
	'Yasmin',
	'Zainab',
	'Aled',
	'Bethan',
	'Callum',
	'Delyth',
	'Eamon',
	'Fatima',
	'Gethin',
	'Hollie',
	'Idris',
	'Jasmine',
	'Kieran',
	'Lowri',
	'Malik',
	'Nerys',
	'Oskar',
	'Philippa',
	'Rashid',
	'Saoirse',
	'Tariq',
	'Ursula',
	'Vikram',
	'Winifred',
	'Yannick',
	'Zofia'
];
const lastNames = [
	'Ashworth',
	'Bellamy',
	'Cartwright',
	'Dalgleish',
	'Ellery',
	'Fairbairn',
	'Gallagher',
	'Haworth',
	'Ingram',
	'Jeffries',
	'Kowalczyk',
	'Lindqvist',
	'Macleod',
	'Nwosu',
	'Oduya',
	'Pemberton',
	'Quayle',
	'Rowntree',
	'Sandhu',
	'Thackeray',
	'Underwood',
	'Varga',
	'Wainwright',
	'Yeoman',
	'Abernethy',
	'Barraclough',
	'Chaudhry',
	'Dimitriou',
	'Entwistle',
	'Fenwick',
	'Greenhalgh',
	'Hollings',
	'Iqbal',
	'Jarvis',
	'Kilbride',
	'Lockwood',
	'Mbeki',
	'Northcott',
	'Osei',
	'Pickering',
	'Radcliffe',
	'Sinclair',
	'Tennant',
	'Upton',
	'Vasquez',
	'Whitlock',
	'Yardley',
	'Zielinski'
];

/** How many of each kind the cast has: with the twelve named people, about sixty. */
const shape: { kind: string; roles: Role[]; count: number }[] = [
	{ kind: 'coordinator', roles: ['coordinator', 'staff'], count: 1 },
	{ kind: 'supervisor', roles: ['supervisor', 'staff'], count: 3 },
	{ kind: 'staff', roles: ['staff'], count: 16 },
	{ kind: 'volunteer', roles: ['volunteer'], count: 24 },
	{ kind: 'steering', roles: ['steering'], count: 4 }
];

/**
 * The cast, generated from a fixed seed. The coordinator supervises the cast's supervisors, who
 * share the staff and volunteers between them. About half the workers joined in the last year, in
 * recruitment rounds, with this autumn's intake a month in; two have left.
 */
export function demoCast(): CastMember[] {
	const random = demoRandom(25_2026);
	// Last names shuffled (Fisher–Yates) against the first names.
	const order = lastNames.map((_, i) => i);
	for (let i = order.length - 1; i > 0; i--) {
		const j = random.int(0, i);
		[order[i], order[j]] = [order[j]!, order[i]!];
	}
	let n = 0;
	const cast: CastMember[] = [];
	// Recent joiners come in rounds, a few weeks apart within each, as recruitment does.
	const rounds = [330, 250, 160, 75, 20];
	for (const { kind, roles, count } of shape) {
		for (let i = 0; i < count; i++, n++) {
			const first = firstNames[n]!;
			const last = lastNames[order[n]!]!;
			const key = `${kind}-${i + 1}`;
			const worker = kind === 'staff' || kind === 'volunteer';
			const recent = worker && i % 2 === 1;
			// This autumn's intake of volunteers started a month ago.
			const intake = kind === 'volunteer' && i >= count - 6;
			const joinedDaysAgo =
				kind === 'coordinator'
					? 1900
					: kind === 'supervisor'
						? 700 + 400 * i
						: intake
							? random.int(25, 35)
							: recent
								? Math.max(3, rounds[Math.floor(i / 2) % rounds.length]! - random.int(0, 20))
								: random.int(380, 1800);
			const leftDaysAgo = worker && i === 2 ? random.int(40, 120) : undefined;
			cast.push({
				key,
				email: `${first}.${last}@demo.test`.toLowerCase(),
				name: `${first} ${last}`,
				roles,
				status: leftDaysAgo === undefined ? 'active' : 'deactivated',
				supervisor:
					kind === 'supervisor' ? 'coordinator-1' : worker ? `supervisor-${(i % shape[1]!.count) + 1}` : undefined,
				joinedDaysAgo,
				leftDaysAgo
			});
		}
	}
	return cast;
}
