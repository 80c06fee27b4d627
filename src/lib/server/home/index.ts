// What each person should do next, shown on their home page. Later features add their own tasks.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { SessionPerson } from '../auth/sessions';
import { inductionFor } from '../induction';
import type { Content } from '../content';
import { policiesFor } from '../policies';
import { declarationsOf } from '../declarations';
import { can } from '../auth/permissions';
import { formatDate as when } from '../../format';

export interface NextStep {
	text: string;
	href?: string;
	count?: number;
}

export interface HomeSummary {
	supervisorName: string | null;
	induction: { completed: number; total: number; minutesLeft: number; next: { slug: string; title: string; status: string } | null };
	steps: NextStep[];
	superviseeCount: number | null;
}

export async function homeSummary(db: Kysely<DB>, person: SessionPerson, content: Pick<Content, 'modules' | 'policies' | 'service'>): Promise<HomeSummary> {
	const { modules } = content;
	const isCoordinator = person.roles.includes('coordinator');
	const isSupervisor = person.roles.includes('supervisor');
	const [induction, policies, declarations, supervisor, coordinatorCounts, supervisees, didNotPass] = await Promise.all([
		inductionFor(db, person, modules),
		policiesFor(db, person, content.policies, content.service.policyTiming),
		can(person, 'declarations.own') ? declarationsOf(db, person.id) : null,
		person.supervisorId
			? db.selectFrom('person').select('name').where('id', '=', person.supervisorId).executeTakeFirst()
			: undefined,
		isCoordinator
			? db
					.selectFrom('person')
					.select([
						sql<string>`count(*) filter (where status = 'invited')`.as('invited'),
						sql<string>`count(*) filter (where status = 'active' and supervisor_id is null and roles && array['volunteer', 'staff']::text[])`.as('unsupervised')
					])
					.executeTakeFirstOrThrow()
			: undefined,
		isSupervisor
			? db
					.selectFrom('person')
					.select((eb) => eb.fn.countAll<string>().as('count'))
					.where('supervisorId', '=', person.id)
					.where('status', '!=', 'deactivated')
					.executeTakeFirstOrThrow()
			: undefined,
		// Supervisees who used every attempt at a quiz without passing: a conversation is due.
		isSupervisor
			? db
					.selectFrom('moduleProgress')
					.innerJoin('person', 'person.id', 'moduleProgress.personId')
					.select(['person.id', 'person.name', 'moduleProgress.slug'])
					.where('person.supervisorId', '=', person.id)
					.where('moduleProgress.outcome', '=', 'did-not-pass')
					.orderBy('person.name')
					.execute()
			: []
	]);

	const steps: NextStep[] = [];
	for (const policy of policies.filter((p) => p.due.status !== 'acknowledged')) {
		const by = policy.due.dueDate ? `${policy.due.status === 'overdue' ? 'overdue since' : 'by'} ${when(policy.due.dueDate)}` : '';
		steps.push({ text: `Read and acknowledge the ${policy.title} (version ${policy.version}), ${by}`, href: `/policies/${policy.slug}` });
	}
	if (declarations && declarations.due.status !== 'acknowledged') {
		steps.push({ text: `Make your declaration of interests, ${declarations.due.status === 'overdue' ? 'overdue since' : 'by'} ${when(declarations.due.dueDate)}`, href: '/declarations' });
	}
	const next = induction.next;
	if (next) {
		const verb = next.status === 'needs-review' ? 'Review the changes to' : next.status === 'in-progress' ? 'Carry on with' : 'Start';
		steps.push({ text: `${verb} your induction module: ${next.module.title}`, href: `/modules/${next.module.slug}` });
	}
	const titles = new Map(modules.map((m) => [m.slug, m.title]));
	for (const flag of didNotPass) {
		steps.push({ text: `Talk ${flag.name} through the quiz for ${titles.get(flag.slug) ?? flag.slug}: they did not pass`, href: `/people/${flag.id}` });
	}
	if (coordinatorCounts) {
		const invited = Number(coordinatorCounts.invited);
		const unsupervised = Number(coordinatorCounts.unsupervised);
		if (invited) steps.push({ text: `${invited} invited ${invited === 1 ? 'person has' : 'people have'} not set up their account yet`, href: '/people?status=invited', count: invited });
		if (unsupervised) steps.push({ text: `${unsupervised} active volunteer${unsupervised === 1 ? '' : 's'} or staff without a named supervisor`, href: '/people?status=active', count: unsupervised });
		steps.push({ text: 'Invite a new volunteer or member of staff', href: '/people/invite' });
	}
	return {
		induction: {
			completed: induction.overview.completed,
			total: induction.overview.total,
			minutesLeft: induction.minutesLeft,
			next: next ? { slug: next.module.slug, title: next.module.title, status: next.status } : null
		},
		supervisorName: supervisor?.name ?? null,
		superviseeCount: supervisees ? Number(supervisees.count) : null,
		steps
	};
}
