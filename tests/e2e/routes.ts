// Every route and form action, with a sample address and what each role should get. The
// permission test fails if a route or action in src/routes is missing here: add new ones here.
import type { Who } from './support';

/** allow: 200. redirect: a 303 (or a permanent redirect) elsewhere than sign-in. missing: 404 after the permission check. */
export type Outcome = 'allow' | 'redirect' | 'missing' | 'forbid' | 'sign-in';
export type Expect = Record<Who, Outcome>;

export interface Samples {
	/** A volunteer supervised by supervisor@demo.test. */
	supervisee: string;
	/** Someone invited by the test itself, safe to change. */
	throwaway: string;
	module: string;
	quiz: string;
	/** A module not written for the steering group, and its quiz. */
	workersModule: string;
	workersQuiz: string;
	policy: string;
	/** The demo's past cohort: registration closed, so requests posted here change nothing. */
	cohort: string;
	/** A place on that cohort. */
	place: string;
	/** A supervision record about the supervisee, shared with them and waiting for sign-off. */
	record: string;
	/** A draft casework sample about the supervisee, and one of its cases. */
	sample: string;
	sampledCase: string;
	/** A draft record about someone supervised by supervisor2, not supervisor. */
	otherRecord: string;
	/** Someone supervised by supervisor2, not supervisor. */
	otherPerson: string;
	/** A demo item for families waiting for review (so posts to it are refused and change nothing), and one with a PDF. */
	leaflet: string;
	leafletWithPdf: string;
	/** A certificate of staff@demo.test's, and its verification code. */
	certificate: string;
	certificateCode: string;
}

export interface ActionCase {
	expect: Expect;
	form?: (s: Samples) => Record<string, string | string[]>;
	/** Actions that would end the test's own sessions are covered by a journey instead. */
	journey?: string;
}

export interface RouteCase {
	/** The route id, as the folder path under src/routes. */
	route: string;
	path: (s: Samples) => string;
	/** Where actions are posted, when that must differ from the page (to change a throwaway record). */
	actionPath?: (s: Samples) => string;
	get: Expect;
	actions?: Record<string, ActionCase>;
}

const everyone = (outcome: Outcome): Expect => ({
	anonymous: outcome,
	volunteer: outcome,
	staff: outcome,
	supervisor: outcome,
	coordinator: outcome,
	steering: outcome
});
const signedIn = (outcome: Outcome, except: Partial<Expect> = {}): Expect => ({
	...everyone(outcome),
	anonymous: 'sign-in',
	...except
});
const only = (allowed: Partial<Expect>): Expect => ({ ...signedIn('forbid'), ...allowed });
const workers = signedIn('allow', { steering: 'forbid' });
/** The supervisee's supervisor and coordinators. */
const overseers = only({ supervisor: 'allow', coordinator: 'allow' });
/** Those who read others' records, each about their own account (their sign-in methods). */
const overseersOwn = only({ supervisor: 'allow', coordinator: 'allow' });

export const routeCases: RouteCase[] = [
	{ route: '/', path: () => '/', get: everyone('allow') },
	{ route: '/accessibility', path: () => '/accessibility', get: everyone('allow') },
	{ route: '/healthz', path: () => '/healthz', get: everyone('allow') },
	{ route: '/brand.css', path: () => '/brand.css', get: everyone('allow') },
	{ route: '/brand/logo', path: () => '/brand/logo', get: everyone('allow') },
	{ route: '/favicon.svg', path: () => '/favicon.svg', get: everyone('allow') },
	{ route: '/favicon.ico', path: () => '/favicon.ico', get: everyone('redirect') },
	{ route: '/govuk-frontend.js', path: () => '/govuk-frontend.js', get: everyone('allow') },
	{ route: '/passkeys.js', path: () => '/passkeys.js', get: everyone('allow') },
	{ route: '/editor.js', path: () => '/editor.js', get: everyone('allow') },
	{
		route: '/sign-in',
		path: () => '/sign-in',
		get: { ...everyone('redirect'), anonymous: 'allow' },
		actions: {
			default: { expect: everyone('allow'), form: () => ({ email: 'nobody@demo.test', password: 'not-the-password' }) }
		}
	},
	{
		route: '/sign-out',
		path: () => '/sign-out',
		get: signedIn('allow'),
		actions: { default: { expect: everyone('redirect'), journey: 'signs out' } }
	},
	{ route: '/signed-out', path: () => '/signed-out', get: everyone('allow') },
	// Single sign-on (the demo's provider, DEMO_SSO=1): the start sends anyone signed out to the
	// provider and anyone signed in on; an answer with no sign-in waiting for it is refused on a page.
	{ route: '/sign-in/sso', path: () => '/sign-in/sso', get: everyone('redirect') },
	{ route: '/sign-in/sso/callback', path: () => '/sign-in/sso/callback?code=x&state=y', get: everyone('allow') },
	{
		route: '/forgotten-password',
		path: () => '/forgotten-password',
		get: everyone('allow'),
		actions: { default: { expect: everyone('allow'), form: () => ({ email: 'nobody@demo.test' }) } }
	},
	// An emailed link is opened once and exchanged for a cookie; the page goes on without the token.
	{ route: '/invitations/[token=token]', path: () => `/invitations/${'a'.repeat(43)}`, get: everyone('redirect') },
	{
		route: '/invitations',
		path: () => '/invitations',
		get: everyone('allow'),
		actions: {
			default: {
				expect: everyone('allow'),
				form: () => ({ name: 'Nobody', password: 'kettle orchard lantern', confirmPassword: 'kettle orchard lantern' })
			}
		}
	},
	{
		route: '/reset-password/[token=token]',
		path: () => `/reset-password/${'b'.repeat(43)}`,
		get: everyone('redirect')
	},
	{
		route: '/reset-password',
		path: () => '/reset-password',
		get: everyone('allow'),
		actions: {
			default: {
				expect: everyone('allow'),
				form: () => ({ password: 'kettle orchard lantern', confirmPassword: 'kettle orchard lantern' })
			}
		}
	},
	{ route: '/people', path: () => '/people', get: only({ coordinator: 'allow', supervisor: 'allow' }) },
	{
		route: '/people/invite',
		path: () => '/people/invite',
		get: only({ coordinator: 'allow' }),
		actions: { default: { expect: only({ coordinator: 'allow' }), form: () => ({ name: '', email: '' }) } }
	},
	{
		route: '/people/import',
		path: () => '/people/import',
		get: only({ coordinator: 'allow' }),
		actions: {
			preview: { expect: only({ coordinator: 'allow' }) },
			confirm: { expect: only({ coordinator: 'allow' }), form: () => ({ importId: '', hash: '', invitations: 'hold' }) }
		}
	},
	{
		route: '/people/import/template.csv',
		path: () => '/people/import/template.csv',
		get: only({ coordinator: 'allow' })
	},
	{ route: '/people/import/sample.csv', path: () => '/people/import/sample.csv', get: only({ coordinator: 'allow' }) },
	{
		route: '/people/[id=uuid]',
		path: (s) => `/people/${s.supervisee}`,
		actionPath: (s) => `/people/${s.throwaway}`,
		get: only({ coordinator: 'allow', supervisor: 'allow' }),
		actions: {
			roles: { expect: only({ coordinator: 'redirect' }), form: () => ({ roles: ['volunteer'], supervisorId: '' }) },
			link: { expect: only({ coordinator: 'allow' }) },
			deactivate: { expect: only({ coordinator: 'redirect' }) },
			reactivate: { expect: only({ coordinator: 'redirect' }) }
		}
	},
	{ route: '/outbox', path: () => '/outbox', get: only({ coordinator: 'allow' }) },
	{ route: '/induction', path: () => '/induction', get: signedIn('allow') },
	{
		route: '/modules/[slug=slug]',
		path: (s) => `/modules/${s.module}`,
		get: signedIn('allow'),
		actions: { complete: { expect: signedIn('allow') } }
	},
	// Anyone signed in may read any module, so links between modules never end in a refusal; only
	// those it is written for (and coordinators) complete it or take its quiz.
	{
		route: '/modules/[slug=slug]',
		path: (s) => `/modules/${s.workersModule}`,
		get: signedIn('allow'),
		actions: { complete: { expect: signedIn('allow', { steering: 'forbid' }) } }
	},
	{ route: '/modules/[slug=slug]/changes', path: (s) => `/modules/${s.module}/changes`, get: signedIn('allow') },
	{ route: '/modules/[slug=slug]/changes', path: (s) => `/modules/${s.workersModule}/changes`, get: signedIn('allow') },
	{ route: '/quizzes', path: () => '/quizzes', get: only({ coordinator: 'allow' }) },
	{
		route: '/quizzes/[slug=slug]',
		path: (s) => `/quizzes/${s.quiz}`,
		get: signedIn('allow'),
		actions: { start: { expect: signedIn('redirect') } }
	},
	{
		route: '/quizzes/[slug=slug]',
		path: (s) => `/quizzes/${s.workersQuiz}`,
		get: signedIn('allow', { steering: 'forbid' })
	},
	{
		route: '/quizzes/[slug=slug]/questions/[number=int]',
		path: (s) => `/quizzes/${s.quiz}/questions/1`,
		// With no attempt open, a question sends you back to the quiz's start page.
		get: signedIn('redirect'),
		actions: { default: { expect: signedIn('allow'), form: () => ({}) } }
	},
	{
		route: '/quizzes/[slug=slug]/check',
		path: (s) => `/quizzes/${s.quiz}/check`,
		get: signedIn('redirect'),
		actions: { submit: { expect: signedIn('allow'), form: () => ({ attemptId: 'not-an-attempt' }) } }
	},
	{
		route: '/quizzes/[slug=slug]/results/[id=uuid]',
		path: (s) => `/quizzes/${s.quiz}/results/00000000-0000-4000-8000-000000000000`,
		get: signedIn('missing')
	},
	{
		route: '/quizzes/[slug=slug]/insights',
		path: (s) => `/quizzes/${s.quiz}/insights`,
		get: only({ coordinator: 'allow' })
	},
	{ route: '/scenarios', path: () => '/scenarios', get: signedIn('allow') },
	{
		route: '/scenarios/[slug=slug]',
		path: () => '/scenarios/what-would-you-do',
		get: workers,
		actions: {
			start: { expect: signedIn('redirect', { steering: 'forbid' }) },
			restart: { expect: signedIn('redirect', { steering: 'forbid' }) }
		}
	},
	{
		route: '/scenarios/[slug=slug]/step',
		path: () => '/scenarios/what-would-you-do/step',
		// The current step, or a page saying none is in progress. A choice or "go back" for a step the
		// run is not at leads back to the step it is at.
		get: signedIn('allow', { steering: 'forbid' }),
		actions: {
			choose: {
				expect: signedIn('redirect', { steering: 'forbid' }),
				form: () => ({ stepId: 'not-a-step', option: 'a' })
			},
			back: { expect: signedIn('redirect', { steering: 'forbid' }), form: () => ({ stepId: 'not-a-step' }) }
		}
	},
	{
		route: '/scenarios/[slug=slug]/runs/[id=uuid]',
		path: () => '/scenarios/what-would-you-do/runs/00000000-0000-4000-8000-000000000000',
		get: signedIn('missing', { steering: 'forbid' })
	},
	{
		route: '/scenarios/[slug=slug]/insights',
		path: () => '/scenarios/what-would-you-do/insights',
		get: only({ coordinator: 'allow', steering: 'allow' })
	},
	{ route: '/policies', path: () => '/policies', get: signedIn('allow') },
	{
		route: '/policies/[slug=slug]',
		path: (s) => `/policies/${s.policy}`,
		get: signedIn('allow'),
		actions: { acknowledge: { expect: signedIn('allow'), form: () => ({}) } }
	},
	{
		route: '/policies/[slug=slug]/changes',
		path: (s) => `/policies/${s.policy}/changes?from=1&to=2`,
		get: signedIn('allow')
	},
	{
		route: '/policies/[slug=slug]/compliance',
		path: (s) => `/policies/${s.policy}/compliance`,
		get: only({ coordinator: 'allow' })
	},
	{
		route: '/policies/[slug=slug]/compliance/record',
		path: (s) => `/policies/${s.policy}/compliance/record`,
		get: only({ coordinator: 'allow' }),
		actions: {
			default: { expect: only({ coordinator: 'allow' }), form: () => ({ email: '', acknowledgedOn: '', remark: '' }) }
		}
	},
	{
		route: '/policies/[slug=slug]/compliance.csv',
		path: (s) => `/policies/${s.policy}/compliance.csv`,
		get: only({ coordinator: 'allow' })
	},
	{
		route: '/declarations',
		path: () => '/declarations',
		get: workers,
		actions: {
			add: { expect: workers, form: () => ({ kind: '', organisation: '' }) },
			end: { expect: workers, form: () => ({ interestId: '', reason: '' }) },
			confirm: {
				expect: {
					...workers,
					volunteer: 'redirect',
					staff: 'redirect',
					supervisor: 'redirect',
					coordinator: 'redirect'
				}
			}
		}
	},
	{ route: '/declarations/register', path: () => '/declarations/register', get: only({ coordinator: 'allow' }) },
	{ route: '/courses', path: () => '/courses', get: signedIn('allow') },
	{
		route: '/courses/cohorts/new',
		path: () => '/courses/cohorts/new',
		get: only({ coordinator: 'allow' }),
		actions: { default: { expect: only({ coordinator: 'allow' }), form: () => ({ title: '' }) } }
	},
	{
		route: '/courses/cohorts/[id=uuid]',
		path: (s) => `/courses/cohorts/${s.cohort}`,
		get: signedIn('allow'),
		actions: {
			request: { expect: signedIn('allow'), form: () => ({}) },
			cancel: { expect: signedIn('allow'), form: () => ({}) }
		}
	},
	{
		route: '/courses/cohorts/[id=uuid]/calendar.ics',
		path: (s) => `/courses/cohorts/${s.cohort}/calendar.ics`,
		// Only someone booked on the cohort has a calendar for it: in the demo, Joanna (staff).
		get: signedIn('missing', { staff: 'allow' })
	},
	{
		route: '/courses/cohorts/[id=uuid]/register',
		path: (s) => `/courses/cohorts/${s.cohort}/register`,
		get: only({ coordinator: 'allow' })
	},
	{
		route: '/courses/cohorts/[id=uuid]/allocate',
		path: (s) => `/courses/cohorts/${s.cohort}/allocate`,
		get: only({ coordinator: 'allow' }),
		actions: { default: { expect: only({ coordinator: 'allow' }), form: () => ({ email: '', reason: '' }) } }
	},
	{
		route: '/courses/cohorts/[id=uuid]/sessions/[n=int]',
		path: (s) => `/courses/cohorts/${s.cohort}/sessions/1`,
		get: only({ coordinator: 'allow' }),
		actions: { default: { expect: only({ coordinator: 'allow' }), form: () => ({}) } }
	},
	{
		route: '/courses/cohorts/[id=uuid]/places/[placeId=uuid]',
		path: (s) => `/courses/cohorts/${s.cohort}/places/${s.place}`,
		get: only({ coordinator: 'allow' }),
		actions: {
			approve: { expect: only({ coordinator: 'allow' }), form: () => ({ reason: '' }) },
			decline: { expect: only({ coordinator: 'allow' }), form: () => ({ reason: '' }) },
			remove: { expect: only({ coordinator: 'allow' }), form: () => ({ reason: '' }) },
			move: { expect: only({ coordinator: 'allow' }), form: () => ({ toCohortId: '', reason: '' }) }
		}
	},
	{ route: '/leaflets', path: () => '/leaflets', get: only({ coordinator: 'allow', steering: 'allow' }) },
	{
		route: '/content/files',
		path: () => '/content/files',
		get: only({ coordinator: 'allow' }),
		actions: {
			upload: { expect: only({ coordinator: 'allow' }), form: () => ({ description: '' }) },
			logo: { expect: only({ coordinator: 'allow' }), form: () => ({ image: '', spells: '' }) },
			// With no logo chosen here, a coordinator is told there is none to remove.
			removeLogo: { expect: only({ coordinator: 'allow' }), form: () => ({}) }
		}
	},
	{ route: '/files/[name]', path: () => `/files/${'0'.repeat(64)}.png`, get: everyone('missing') },
	{ route: '/content/export.zip', path: () => '/content/export.zip', get: only({ coordinator: 'allow' }) },
	{
		route: '/content/[kind=contentkind]/new',
		path: () => '/content/modules/new',
		get: only({ coordinator: 'allow' }),
		actions: { default: { expect: only({ coordinator: 'allow' }), form: () => ({ title: '', slug: '' }) } }
	},
	{
		route: '/leaflets/new',
		path: () => '/leaflets/new',
		get: only({ coordinator: 'allow' }),
		actions: { default: { expect: only({ coordinator: 'allow' }), form: () => ({ title: '' }) } }
	},
	{
		route: '/leaflets/reviewers',
		path: () => '/leaflets/reviewers',
		get: only({ coordinator: 'allow' }),
		actions: { default: { expect: only({ coordinator: 'allow' }), form: () => ({ reviewers: 'not-a-person' }) } }
	},
	{
		route: '/leaflets/[id=uuid]',
		path: (s) => `/leaflets/${s.leaflet}`,
		get: only({ coordinator: 'allow', steering: 'allow' }),
		actions: {
			// The sample is waiting for review: sending or retiring it is refused, and the forms are incomplete.
			send: { expect: only({ coordinator: 'allow' }), form: () => ({}) },
			review: { expect: only({ steering: 'allow' }), form: () => ({ impartial: '' }) },
			decide: { expect: only({ coordinator: 'allow' }), form: () => ({ decision: '' }) },
			retire: { expect: only({ coordinator: 'allow' }), form: () => ({}) }
		}
	},
	{
		route: '/leaflets/[id=uuid]/versions/new',
		path: (s) => `/leaflets/${s.leaflet}/versions/new`,
		get: only({ coordinator: 'allow' }),
		actions: { default: { expect: only({ coordinator: 'allow' }), form: () => ({ label: '' }) } }
	},
	{
		route: '/leaflets/[id=uuid]/versions/[n=int]/file.pdf',
		path: (s) => `/leaflets/${s.leafletWithPdf}/versions/1/file.pdf`,
		get: only({ coordinator: 'allow', steering: 'allow' })
	},
	{
		route: '/supervision',
		path: () => '/supervision',
		// Volunteers and staff go to their own records; steering members have none.
		get: { ...signedIn('redirect'), supervisor: 'allow', coordinator: 'allow', steering: 'forbid' }
	},
	{
		route: '/supervision/actions',
		path: () => '/supervision/actions',
		get: signedIn('allow'),
		actions: {
			close: { expect: signedIn('missing'), form: () => ({ actionId: '00000000-0000-4000-8000-000000000000' }) }
		}
	},
	{ route: '/supervision/people/[id=uuid]', path: (s) => `/supervision/people/${s.supervisee}`, get: overseers },
	// A supervisor cannot open the records of someone they do not supervise.
	{
		route: '/supervision/people/[id=uuid]',
		path: (s) => `/supervision/people/${s.otherPerson}`,
		get: only({ coordinator: 'allow' })
	},
	{
		route: '/supervision/people/[id=uuid]/new/[kind=recordKind]',
		path: (s) => `/supervision/people/${s.supervisee}/new/supervision`,
		get: overseers,
		actions: { default: { expect: overseers, form: () => ({ heldOn: '' }) } }
	},
	{
		route: '/supervision/people/[id=uuid]/new/[kind=recordKind]',
		path: (s) => `/supervision/people/${s.supervisee}/new/observation`,
		get: overseers
	},
	{
		route: '/supervision/people/[id=uuid]/new/[kind=recordKind]',
		path: (s) => `/supervision/people/${s.otherPerson}/new/review`,
		get: only({ coordinator: 'allow' })
	},
	{
		route: '/supervision/people/[id=uuid]/sample',
		path: (s) => `/supervision/people/${s.supervisee}/sample`,
		get: overseers,
		actions: {
			default: { expect: overseers, form: () => ({ periodFrom: '', periodTo: '', caseReferences: 'not-a-reference' }) }
		}
	},
	{
		route: '/supervision/records/[id=uuid]',
		path: (s) => `/supervision/records/${s.record}`,
		get: overseers,
		actions: {
			// The record is shared, so sharing or deleting it again is refused (409) for those allowed to try.
			share: { expect: overseers },
			delete: { expect: overseers },
			// Only its subject, who is not one of the signed-in roles here, comments and signs.
			comment: { expect: only({}), form: () => ({ body: '' }) },
			sign: { expect: only({}) },
			addendum: { expect: overseers, form: () => ({ body: '' }) },
			close: {
				expect: { ...overseers, supervisor: 'missing', coordinator: 'missing' },
				form: () => ({ actionId: '00000000-0000-4000-8000-000000000000' })
			}
		}
	},
	{
		route: '/supervision/records/[id=uuid]',
		path: (s) => `/supervision/records/${s.otherRecord}`,
		get: only({ coordinator: 'allow' })
	},
	{
		route: '/supervision/records/[id=uuid]/edit',
		path: (s) => `/supervision/records/${s.record}/edit`,
		get: { ...overseers, supervisor: 'redirect', coordinator: 'redirect' },
		actions: { default: { expect: overseers, form: () => ({}) } }
	},
	{
		route: '/supervision/records/[id=uuid]/edit',
		path: (s) => `/supervision/records/${s.otherRecord}/edit`,
		get: only({ coordinator: 'allow' })
	},
	{
		route: '/supervision/records/[id=uuid]/cases/[caseId=uuid]',
		path: (s) => `/supervision/records/${s.sample}/cases/${s.sampledCase}`,
		get: overseers,
		actions: { default: { expect: overseers, form: () => ({}) } }
	},
	// Everyone's own record, and a coordinator's copy of someone else's (audited).
	{ route: '/me/record', path: () => '/me/record', get: signedIn('allow') },
	{ route: '/me/record.json', path: () => '/me/record.json', get: signedIn('allow') },
	{ route: '/me/record.csv', path: () => '/me/record.csv', get: signedIn('allow') },
	// One's own training log: anyone signed in keeps theirs; an entry is only ever its writer's.
	{
		route: '/me/training',
		path: () => '/me/training',
		get: signedIn('allow'),
		actions: { add: { expect: signedIn('allow'), form: () => ({ kind: 'training', title: '' }) } }
	},
	{
		route: '/me/training/[id=uuid]',
		path: () => '/me/training/00000000-0000-4000-8000-000000000000',
		get: signedIn('missing'),
		actions: {
			save: { expect: signedIn('missing'), form: () => ({ kind: 'note', title: 'Not mine' }) },
			delete: { expect: signedIn('missing'), form: () => ({}) }
		}
	},
	// Certificates: the holder's own; a code is checked by anyone, signed in or not.
	{
		route: '/me/certificates',
		path: () => '/me/certificates',
		get: signedIn('allow'),
		actions: {
			issue: { expect: signedIn('allow'), form: () => ({ achievement: 'course:no-such-course' }) },
			withdraw: { expect: signedIn('allow'), form: () => ({ id: '00000000-0000-4000-8000-000000000000' }) }
		}
	},
	{
		route: '/me/certificates/[id=uuid]',
		path: (s) => `/me/certificates/${s.certificate}`,
		get: signedIn('missing', { staff: 'allow' })
	},
	{
		route: '/me/certificates/[id=uuid]/certificate.pdf',
		path: (s) => `/me/certificates/${s.certificate}/certificate.pdf`,
		get: signedIn('missing', { staff: 'allow' })
	},
	{
		route: '/verify',
		path: () => '/verify',
		get: everyone('allow'),
		actions: { default: { expect: everyone('allow'), form: () => ({ code: 'not a code' }) } }
	},
	{ route: '/verify/[code]', path: (s) => `/verify/${s.certificateCode}`, get: everyone('allow') },
	{
		route: '/people/[id=uuid]/record',
		path: (s) => `/people/${s.supervisee}/record`,
		get: only({ coordinator: 'allow' })
	},
	{
		route: '/people/[id=uuid]/record.json',
		path: (s) => `/people/${s.supervisee}/record.json`,
		get: only({ coordinator: 'allow' })
	},
	{
		route: '/people/[id=uuid]/record.csv',
		path: (s) => `/people/${s.supervisee}/record.csv`,
		get: only({ coordinator: 'allow' })
	},
	{ route: '/audit', path: () => '/audit', get: only({ coordinator: 'allow' }) },
	// Content: coordinators (and editors) write and publish. The forms sent here are empty, so nothing changes.
	{ route: '/content', path: () => '/content', get: only({ coordinator: 'allow' }) },
	{
		route: '/content/[kind=contentkind]/[slug=slug]',
		path: () => '/content/courses/ips-course',
		get: only({ coordinator: 'allow' }),
		actions: {
			save: { expect: only({ coordinator: 'allow' }) },
			preview: { expect: only({ coordinator: 'allow' }) },
			// The course has no shipped change waiting, so these are refused with a message.
			adopt: { expect: only({ coordinator: 'allow' }) },
			dismiss: { expect: only({ coordinator: 'allow' }) }
		}
	},
	{
		// The editor's script posts the text here for its preview; the empty form sent here is refused with a message.
		route: '/content/[kind=contentkind]/[slug=slug]/preview',
		path: () => '/content/courses/ips-course/preview',
		get: only({ coordinator: 'redirect' }),
		actions: { default: { expect: only({ coordinator: 'allow' }) } }
	},
	{
		route: '/content/[kind=contentkind]/[slug=slug]/publish',
		path: () => '/content/courses/ips-course/publish',
		get: only({ coordinator: 'redirect' }),
		actions: { default: { expect: only({ coordinator: 'allow' }) } }
	},
	// The steering group's review of a policy draft: coordinators send it (no one is chosen here, so
	// nothing is sent); a member reads only the drafts sent to them, and no draft is sent to this address.
	{
		route: '/content/[kind=contentkind]/[slug=slug]/review',
		path: (s) => `/content/policies/${s.policy}/review`,
		get: only({ coordinator: 'allow' }),
		actions: { default: { expect: only({ coordinator: 'allow' }), form: () => ({}) } }
	},
	{ route: '/policy-reviews', path: () => '/policy-reviews', get: only({ steering: 'allow' }) },
	{
		route: '/policy-reviews/[id=uuid]',
		path: () => '/policy-reviews/00000000-0000-4000-8000-000000000000',
		get: only({ steering: 'missing' }),
		actions: { default: { expect: only({ steering: 'missing' }), form: () => ({ approves: 'yes' }) } }
	},
	// Reports: aggregates for the steering group and coordinators; only coordinators write the commentary.
	{ route: '/reports', path: () => '/reports', get: only({ coordinator: 'allow', steering: 'allow' }) },
	{
		route: '/reports/annual',
		path: () => '/reports/annual',
		get: only({ coordinator: 'allow', steering: 'allow' }),
		actions: { default: { expect: only({ coordinator: 'allow' }), form: () => ({ body: 'x'.repeat(10_001) }) } }
	},
	{
		route: '/reports/[figure=slug].csv',
		path: () => '/reports/all.csv',
		get: only({ coordinator: 'allow', steering: 'allow' })
	},
	// Families' feedback results and their comments: coordinators only; the steering group reads the figures in /reports.
	{ route: '/reports/feedback', path: () => '/reports/feedback', get: only({ coordinator: 'allow' }) },
	{
		route: '/reports/feedback/comments',
		path: () => '/reports/feedback/comments',
		get: only({ coordinator: 'allow' })
	},
	{
		route: '/reports/feedback/comments/[id=uuid]',
		path: () => '/reports/feedback/comments/00000000-0000-4000-8000-000000000000',
		get: only({ coordinator: 'missing' }),
		actions: { default: { expect: only({ coordinator: 'allow' }), form: () => ({ themes: 'Not a theme' }) } }
	},
	// Multi-factor authentication. The second step is for a session that owes one; everyone else is
	// sent on (or to sign in). The demo's people have no factors, so none of them owes one.
	{
		route: '/sign-in/second-factor',
		path: () => '/sign-in/second-factor',
		get: { ...everyone('redirect'), anonymous: 'sign-in' },
		actions: {
			code: { expect: { ...everyone('redirect'), anonymous: 'sign-in' }, form: () => ({ code: '123456' }) },
			passkey: { expect: { ...everyone('redirect'), anonymous: 'sign-in' }, form: () => ({ credential: '{}' }) },
			enrol: { expect: { ...everyone('redirect'), anonymous: 'sign-in' }, form: () => ({ code: '123456' }) }
		}
	},
	{
		route: '/me/security',
		path: () => '/me/security',
		get: overseersOwn,
		actions: {
			removeApp: { expect: overseersOwn },
			removePasskey: { expect: overseersOwn, form: () => ({ id: 'not-a-passkey' }) },
			addPasskey: { expect: overseersOwn, form: () => ({ name: 'Laptop', credential: '{"id":"x"}' }) },
			renewRecoveryCodes: { expect: overseersOwn }
		}
	},
	{
		route: '/me/security/app',
		path: () => '/me/security/app',
		get: overseersOwn,
		actions: { default: { expect: overseersOwn, form: () => ({ code: '000000' }) } }
	},
	{
		route: '/people/[id=uuid]/sign-in-methods',
		path: (s) => `/people/${s.supervisee}/sign-in-methods`,
		actionPath: (s) => `/people/${s.throwaway}/sign-in-methods`,
		get: only({ coordinator: 'allow' }),
		actions: { reset: { expect: only({ coordinator: 'redirect' }) } }
	},
	// Families' feedback: the questionnaire is public and answered without signing in. A step's
	// form with what a page would send gets the next page; these forms send nothing to store.
	{
		route: '/feedback/[[code=feedbackcode]]',
		path: () => '/feedback',
		get: everyone('allow'),
		actions: {
			start: { expect: everyone('allow'), form: () => ({ audience: 'families' }) },
			next: {
				expect: everyone('allow'),
				form: () => ({ audience: 'families', question: 'channel', value: 'nonsense' })
			},
			back: { expect: everyone('allow'), form: () => ({ audience: 'families', question: 'took-sides' }) },
			change: { expect: everyone('allow'), form: () => ({ audience: 'young-people', question: 'result' }) },
			send: { expect: everyone('allow'), form: () => ({ audience: 'families' }) }
		}
	},
	{
		route: '/feedback/links',
		path: () => '/feedback/links',
		get: only({ coordinator: 'allow' }),
		actions: { create: { expect: only({ coordinator: 'allow' }), form: () => ({ label: '', channel: 'helpline' }) } }
	},
	{
		route: '/feedback/links/[id=uuid]',
		path: () => '/feedback/links/00000000-0000-4000-8000-000000000000',
		get: only({ coordinator: 'missing' }),
		actions: { retire: { expect: only({ coordinator: 'allow' }) } }
	},
	{
		route: '/feedback/links/[id=uuid]/qr.svg',
		path: () => '/feedback/links/00000000-0000-4000-8000-000000000000/qr.svg',
		get: only({ coordinator: 'missing' })
	},
	{
		route: '/feedback/links/[id=uuid]/qr.png',
		path: () => '/feedback/links/00000000-0000-4000-8000-000000000000/qr.png',
		get: only({ coordinator: 'missing' })
	}
];

/** Whether an address is a page people read, rather than a file, a feed or the health check. */
export const isPage = (path: string) =>
	!/\/(healthz|brand\.css|brand\/logo|favicon\.(svg|ico)|govuk-frontend\.js|passkeys\.js|editor\.js)$|\.(csv|ics|json|pdf|svg|png|jpg|zip)(\?|$)/.test(
		path
	);

/** Every page someone may open, as the matrix lists them: the address, and the route it belongs to. */
export function pagesFor(who: Who, samples: Samples): { route: string; path: string }[] {
	return routeCases
		.filter((c) => c.get[who] === 'allow')
		.map((c) => ({ route: c.route, path: c.path(samples) }))
		.filter((p) => isPage(p.path));
}
