// What each person should do next, shown on their home page. Everything it needs comes back from
// the database in one query, because every signed-in person lands here.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { SessionPerson } from '../auth/sessions';
import type { Content } from '../content';
import { inductionFromProgress, type Progress } from '../induction';
import { latestAcknowledgements, policiesFromAcknowledgements, type LatestAcknowledgement } from '../policies';
import { declarationDue } from '../declarations';
import { can } from '../auth/permissions';
import { peopleToFollowUp } from '../people';
import { dayPlusDays, serviceDay, startOfDay, formatDate as when } from '../../format';
import { currentVersion, type Policy } from '../content/policies';
import { leafletSteps } from '../leaflets';
import { leafletRules } from '../content/service';
import { reviewSteps } from '../authoring/review';

export interface NextStep {
	text: string;
	href?: string;
	count?: number;
}

export interface HomeSummary {
	supervisorName: string | null;
	induction: {
		completed: number;
		total: number;
		minutesLeft: number;
		next: { slug: string; title: string; status: string } | null;
	};
	steps: NextStep[];
	superviseeCount: number | null;
}

interface HomeRow {
	joinedAt: Date;
	supervisorName: string | null;
	progress: {
		slug: string;
		startedAt: string;
		completedAt: string | null;
		completedVersion: number | null;
		outcome: 'did-not-pass' | null;
	}[];
	acknowledgements: LatestAcknowledgement[];
	lastReturn: Date | null;
	lastChange: Date | null;
	supervisees: string | null;
	didNotPass: { id: string; name: string; slug: string }[] | null;
	actions: { description: string; dueOn: string }[];
	openActions: string;
	toSign: string;
}

async function homeRow(db: Kysely<DB>, person: SessionPerson, isSupervisor: boolean): Promise<HomeRow> {
	// Written into the text rather than passed, so each kind of person has its own prepared
	// statement that PostgreSQL can plan once and reuse.
	const supervisor = sql.lit(isSupervisor);
	const { rows } = await sql<HomeRow>`
		select
			coalesce(p.activated_at, p.created_at) as joined_at,
			s.name as supervisor_name,
			(select coalesce(json_agg(json_build_object('slug', mp.slug, 'startedAt', mp.started_at, 'completedAt', mp.completed_at, 'completedVersion', mp.completed_version, 'outcome', mp.outcome)), '[]')
				from module_progress mp where mp.person_id = p.id) as progress,
			${latestAcknowledgements('p.id')} as acknowledgements,
			(select max(made_at) from declaration_return where person_id = p.id) as last_return,
			(select max(greatest(declared_at, coalesce(ended_at, declared_at))) from declared_interest where person_id = p.id) as last_change,
			(select coalesce(json_agg(json_build_object('description', x.description, 'dueOn', x.due_on) order by x.due_on), '[]') from (
				select a.description, a.due_on::text as due_on from agreed_action a join supervision_record r on r.id = a.record_id
				where a.owner_id = p.id and a.closed_at is null and (r.status <> 'draft' or r.author_id = p.id) order by a.due_on limit 3) x) as actions,
			(select count(*) from agreed_action a join supervision_record r on r.id = a.record_id
				where a.owner_id = p.id and a.closed_at is null and (r.status <> 'draft' or r.author_id = p.id)) as open_actions,
			(select count(*) from supervision_record r where r.subject_id = p.id and r.status = 'shared') as to_sign,
			case when ${supervisor} then (select count(*) from person where supervisor_id = p.id and status != 'deactivated') end as supervisees,
			case when ${supervisor} then (
				select coalesce(json_agg(json_build_object('id', x.id, 'name', x.name, 'slug', mp.slug) order by x.name), '[]')
				from module_progress mp join person x on x.id = mp.person_id
				where x.supervisor_id = p.id and mp.outcome = 'did-not-pass'
			) end as did_not_pass
		from person p
		left join person s on s.id = p.supervisor_id
		where p.id = ${person.id}`.execute(db);
	return rows[0]!;
}

const toDate = (v: string | Date | null) => (v ? new Date(v) : null);

/** How long before a policy's next review the people who edit content are told it is coming. */
export const reviewNoticeDays = 60;

/**
 * Each policy in force whose review (its `next_review`) is overdue or falls within the notice
 * period: the steering group reviews it, and the reviewed text is published as its next version.
 */
export function policyReviewSteps(policies: readonly Policy[], today: string): NextStep[] {
	return policies.flatMap((policy) => {
		const current = currentVersion(policy, startOfDay(today));
		if (!current || current.nextReview > dayPlusDays(today, reviewNoticeDays)) return [];
		const text =
			current.nextReview < today
				? `The ${current.title} was due for review on ${when(current.nextReview)}: review it with the steering group and publish the reviewed version`
				: `The ${current.title} is due for review by ${when(current.nextReview)}: plan its review with the steering group`;
		return [{ text, href: `/content/policies/${policy.slug}` }];
	});
}

export async function homeSummary(
	db: Kysely<DB>,
	person: SessionPerson,
	content: Pick<Content, 'modules' | 'policies' | 'service'>
): Promise<HomeSummary> {
	const { modules } = content;
	const [row, followUp, leaflets, policyDrafts] = await Promise.all([
		homeRow(db, person, person.roles.includes('supervisor')),
		can(person, 'people.list-all') ? peopleToFollowUp(db) : null,
		can(person, 'leaflets.view') ? leafletSteps(db, person, leafletRules(content.service), serviceDay()) : [],
		can(person, 'policies.review') ? reviewSteps(db, person) : []
	]);
	const joined = new Date(row.joinedAt);
	const progress = new Map<string, Progress>(
		row.progress.map((p) => [
			p.slug,
			{
				slug: p.slug,
				startedAt: new Date(p.startedAt),
				completedAt: toDate(p.completedAt),
				completedVersion: p.completedVersion,
				outcome: p.outcome
			}
		])
	);
	const induction = inductionFromProgress(person, modules, progress);
	const policies = policiesFromAcknowledgements(
		person,
		joined,
		content.policies,
		row.acknowledgements,
		content.service.policyTiming
	);
	const declarations = can(person, 'declarations.own')
		? declarationDue(joined, toDate(row.lastReturn), toDate(row.lastChange))
		: null;

	const steps: NextStep[] = [];
	for (const policy of policies.filter((p) => p.due.status !== 'acknowledged')) {
		const by = policy.due.dueOn
			? `${policy.due.status === 'overdue' ? 'overdue since' : 'by'} ${when(policy.due.dueOn)}`
			: '';
		steps.push({
			text: `Read and acknowledge the ${policy.title} (version ${policy.version}), ${by}`,
			href: `/policies/${policy.slug}`
		});
	}
	if (declarations && declarations.status !== 'acknowledged') {
		steps.push({
			text: `Make your declaration of interests, ${declarations.status === 'overdue' ? 'overdue since' : 'by'} ${when(declarations.dueOn)}`,
			href: '/declarations'
		});
	}
	const toSign = Number(row.toSign);
	if (toSign)
		steps.push({
			text: `Read and sign off ${toSign === 1 ? 'a supervision record' : `${toSign} supervision records`} shared with you`,
			href: `/supervision/people/${person.id}`,
			count: toSign
		});
	for (const action of row.actions) {
		const late = action.dueOn < serviceDay();
		steps.push({
			text: `Agreed action: ${action.description}, ${late ? 'overdue since' : 'due by'} ${when(action.dueOn)}`,
			href: '/supervision/actions'
		});
	}
	const moreActions = Number(row.openActions) - row.actions.length;
	if (moreActions > 0)
		steps.push({
			text: `${moreActions} more agreed action${moreActions === 1 ? '' : 's'}`,
			href: '/supervision/actions',
			count: moreActions
		});
	steps.push(...leaflets);
	steps.push(...policyDrafts);
	if (can(person, 'content.edit')) steps.push(...policyReviewSteps(content.policies, serviceDay()));
	const next = induction.next;
	if (next) {
		const verb =
			next.status === 'needs-review'
				? 'Review the changes to'
				: next.status === 'in-progress'
					? 'Carry on with'
					: 'Start';
		steps.push({ text: `${verb} your induction module: ${next.module.title}`, href: `/modules/${next.module.slug}` });
	}
	const titles = new Map(modules.map((m) => [m.slug, m.title]));
	// Supervisees who used every attempt at a quiz without passing: a conversation is due.
	for (const flag of row.didNotPass ?? []) {
		steps.push({
			text: `Talk ${flag.name} through the quiz for ${titles.get(flag.slug) ?? flag.slug}: they did not pass`,
			href: `/people/${flag.id}`
		});
	}
	if (followUp) {
		const { invited, unsupervised } = followUp;
		if (invited)
			steps.push({
				text: `${invited} invited ${invited === 1 ? 'person has' : 'people have'} not set up their account yet`,
				href: '/people?status=invited',
				count: invited
			});
		if (unsupervised)
			steps.push({
				text: `${unsupervised} active volunteer${unsupervised === 1 ? '' : 's'} or staff without a named supervisor`,
				href: '/people?status=active',
				count: unsupervised
			});
		steps.push({ text: 'Invite a new volunteer or member of staff', href: '/people/invite' });
	}
	if (can(person, 'feedback.results'))
		steps.push({ text: "Read families' feedback and choose quotes for the annual report", href: '/reports/feedback' });
	return {
		induction: {
			completed: induction.overview.completed,
			total: induction.overview.total,
			minutesLeft: induction.minutesLeft,
			next: next ? { slug: next.module.slug, title: next.module.title, status: next.status } : null
		},
		supervisorName: row.supervisorName,
		superviseeCount: row.supervisees === null ? null : Number(row.supervisees),
		steps
	};
}
