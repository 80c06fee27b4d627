// The pages the benchmark loads, who loads them, and the p99 each must stay under. Later features
// add a line each.
import { reportSections, sectionTitles } from '../src/lib/server/reports';

export type BenchRole = 'anonymous' | 'coordinator' | 'supervisor' | 'volunteer';

export interface BenchPage {
	name: string;
	as: BenchRole;
	/** A path, or one worked out from the generated service. */
	path: string | ((ids: { supervisee: string; cohort: string; comment: string }) => string);
	method?: 'GET' | 'POST';
	body?: string;
	/** The status every response must have. */
	status?: number;
	p99BudgetMs?: number;
	/** The page that touches no database, which the others are compared with. */
	baseline?: boolean;
	/** Measured again while a flood of families' questionnaire answers arrives. */
	flood?: boolean;
}

export const benchPages: BenchPage[] = [
	{ name: 'no-database page (/accessibility, signed out)', as: 'anonymous', path: '/accessibility', baseline: true },
	{ name: 'home, coordinator', as: 'coordinator', path: '/', p99BudgetMs: 100, flood: true },
	{ name: 'home, supervisor', as: 'supervisor', path: '/', p99BudgetMs: 100 },
	{ name: 'home, volunteer', as: 'volunteer', path: '/', p99BudgetMs: 100, flood: true },
	{ name: 'people list, coordinator', as: 'coordinator', path: '/people', p99BudgetMs: 100 },
	{ name: 'people list page 20', as: 'coordinator', path: '/people?page=20', p99BudgetMs: 100 },
	{ name: 'people search', as: 'coordinator', path: '/people?search=patel', p99BudgetMs: 100 },
	{
		name: 'people list, needs review filter',
		as: 'coordinator',
		path: '/people?induction=in-progress',
		p99BudgetMs: 100
	},
	{ name: 'supervisees, supervisor', as: 'supervisor', path: '/people', p99BudgetMs: 100 },
	{ name: 'supervisee record', as: 'supervisor', path: (ids) => `/people/${ids.supervisee}`, p99BudgetMs: 100 },
	{ name: 'induction task list', as: 'volunteer', path: '/induction', p99BudgetMs: 100 },
	{ name: 'module page', as: 'volunteer', path: '/modules/what-impartiality-means', p99BudgetMs: 50, flood: true },
	{ name: 'quiz page', as: 'volunteer', path: '/quizzes/impartiality-basics', p99BudgetMs: 50 },
	{
		name: 'quiz answer submission',
		as: 'volunteer',
		path: '/quizzes/impartiality-basics/questions/1',
		method: 'POST',
		body: 'answer=a',
		status: 303,
		p99BudgetMs: 50,
		flood: true
	},
	{
		name: 'policy compliance, 10 years',
		as: 'coordinator',
		path: '/policies/impartiality-policy/compliance',
		p99BudgetMs: 100
	},
	{ name: 'scenario list, volunteer', as: 'volunteer', path: '/scenarios', p99BudgetMs: 100 },
	{ name: 'scenario page, volunteer', as: 'volunteer', path: '/scenarios/what-would-you-do', p99BudgetMs: 50 },
	{
		name: 'scenario insights, coordinator',
		as: 'coordinator',
		path: '/scenarios/what-would-you-do/insights',
		p99BudgetMs: 100
	},
	{ name: 'courses, volunteer', as: 'volunteer', path: '/courses', p99BudgetMs: 100 },
	{
		name: 'cohort register, full with waitlist',
		as: 'coordinator',
		path: (ids) => `/courses/cohorts/${ids.cohort}/register`,
		p99BudgetMs: 100
	},
	{ name: "supervisor's home", as: 'supervisor', path: '/supervision', p99BudgetMs: 100 },
	{ name: 'supervision of everyone, coordinator', as: 'coordinator', path: '/supervision?scope=all', p99BudgetMs: 100 },
	{
		name: "a person's records",
		as: 'supervisor',
		path: (ids) => `/supervision/people/${ids.supervisee}`,
		p99BudgetMs: 100
	},
	{ name: 'register of interests', as: 'coordinator', path: '/declarations/register', p99BudgetMs: 100 },
	{ name: 'audit log search', as: 'coordinator', path: '/audit?person=patel', p99BudgetMs: 100 },
	{ name: "families' questionnaire, signed out", as: 'anonymous', path: '/feedback', p99BudgetMs: 100, flood: true },
	{ name: 'feedback links, coordinator', as: 'coordinator', path: '/feedback/links', p99BudgetMs: 100 },
	{ name: 'leaflets, coordinator', as: 'coordinator', path: '/leaflets', p99BudgetMs: 100 },
	{ name: 'import people, coordinator', as: 'coordinator', path: '/people/import', p99BudgetMs: 100 },
	{ name: 'content list, coordinator', as: 'coordinator', path: '/content', p99BudgetMs: 100 },
	{ name: 'content editor, coordinator', as: 'coordinator', path: '/content/modules/arms-length', p99BudgetMs: 100 },
	{ name: 'images, coordinator', as: 'coordinator', path: '/content/files', p99BudgetMs: 100 },
	{ name: 'new module, coordinator', as: 'coordinator', path: '/content/modules/new', p99BudgetMs: 100 },
	{ name: 'certificates, volunteer', as: 'volunteer', path: '/me/certificates', p99BudgetMs: 100 },
	{ name: 'training log, volunteer', as: 'volunteer', path: '/me/training', p99BudgetMs: 100 },
	{ name: 'sign-in methods, supervisor', as: 'supervisor', path: '/me/security', p99BudgetMs: 100 },
	{ name: 'certificate check, signed out', as: 'anonymous', path: '/verify', p99BudgetMs: 100 },
	// The reports page shows one section at a time, so each section is a page of its own. Ten years
	// of reports may take 200 ms, and so may the annual report pack, which prints every section on
	// one page; every other page has 100, the twelve months and the families' results included.
	...reportSections.flatMap((section) => [
		{
			name: `reports, ten years: ${sectionTitles[section]}`,
			as: 'coordinator' as const,
			path: `/reports?from=2016-11-01&to=2026-10-31&section=${section}`,
			p99BudgetMs: 200
		},
		{
			name: `reports, last twelve months: ${sectionTitles[section]}`,
			as: 'coordinator' as const,
			path: `/reports?section=${section}`,
			p99BudgetMs: 100
		}
	]),
	{
		name: 'annual report pack, ten years',
		as: 'coordinator',
		path: '/reports/annual?from=2016-11-01&to=2026-10-31',
		p99BudgetMs: 200
	},
	{ name: 'annual report pack, last twelve months', as: 'coordinator', path: '/reports/annual', p99BudgetMs: 200 },
	{ name: "families' feedback results, coordinator", as: 'coordinator', path: '/reports/feedback', p99BudgetMs: 100 },
	{
		name: "families' comments, coordinator",
		as: 'coordinator',
		path: '/reports/feedback/comments',
		p99BudgetMs: 100
	},
	{
		name: "a family's comment, to tag, coordinator",
		as: 'coordinator',
		path: (ids) => `/reports/feedback/comments/${ids.comment}`,
		p99BudgetMs: 100
	}
];
