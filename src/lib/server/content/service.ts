// content/service.yml: who the service is and the rules it has chosen. Validated once at start-up.
import { sourceOf, type ContentSource } from './source';
import { extname, posix } from 'node:path';
import { z } from 'zod';
import { roles } from '../db/schema';
import type { ContentProblem } from './problems';
import { parseYaml, validateYaml } from './yaml';
import { defaultTimeZone, isTimeZone } from '../../format';

const hexColour = z
	.string()
	.regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour written as # and six hex digits, like "#1d5c63"');

const positiveWhole = (what: string) =>
	z.number({ error: `must be a whole number of ${what}` }).int(`must be a whole number of ${what}`).positive(`must be more than 0 ${what}`);

/** Relative luminance per WCAG 2.2, for checking white header text against the brand colour. */
export function contrastWithWhite(hex: string): number {
	const channel = (i: number) => {
		const c = parseInt(hex.slice(i, i + 2), 16) / 255;
		return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	};
	const l = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
	return 1.05 / (l + 0.05);
}

/** Whether a pattern compiles as a regular expression. */
function compiles(pattern: unknown): boolean {
	if (typeof pattern !== 'string') return false;
	try {
		new RegExp(pattern);
		return true;
	} catch {
		return false;
	}
}

const regex = z.string().superRefine((value, ctx) => {
	try {
		new RegExp(value);
	} catch (err) {
		const reason = (err as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '');
		ctx.addIssue({ code: 'custom', message: `is not a valid regular expression (${reason})` });
	}
});

const criteriaList = (what: string) =>
	z
		.array(z.string().trim().min(3, `each ${what} must be at least 3 characters`).max(200, `each ${what} must be 200 characters or fewer`), { error: `must be a list of ${what}s, one per line starting with "- "` })
		.min(1, `must list at least one ${what}`)
		.max(20, `must list 20 or fewer`)
		.refine((list) => new Set(list.map((c) => c.toLowerCase())).size === list.length, `lists the same ${what} twice`);

/** What the policies promise an observation of practice looks for, used when service.yml names none. */
export const defaultObservationCriteria = [
	'States the impartiality of the role at the start',
	'Gives information that is accurate and grounded in law, guidance and local policy',
	'Sets out the options without directing',
	'Supports the parent or young person to give their own views',
	'Respects confidentiality',
	'Recognises and manages their own views',
	'Records factually'
];

/** What a casework sample checks in each case, used when service.yml names none. */
export const defaultCaseworkCriteria = [
	'Impartiality stated at first contact',
	'Information factual and sourced',
	'Options set out, not direction given',
	'Outcome recorded factually',
	'Confidentiality kept',
	'Conflicts of interest checked'
];

export const defaultSupportLevels = ['Information', 'Advice', 'Individual support'];

/** The smallest group of people a report figure is shown for, when service.yml names none. */
export const defaultSmallestGroup = 5;

/** How long records are kept, used for any period service.yml does not name. */
export const defaultRetention: RetentionPeriods = {
	supervisionYearsAfterLeaving: 6,
	quizAttemptYears: 6,
	auditLogYears: 7
};

/** How families' feedback is kept and throttled, used for any setting service.yml does not name. */
export const defaultFeedbackRules: FeedbackRules = {
	commentRetentionMonths: 24,
	dailyCapPerLink: 200,
	perClientPerHour: 10,
	commentThemes: ['Impartiality', 'Information and options', 'Being heard', 'Arm\'s length from the council', 'Waiting and access', 'Thanks']
};

const phone = z
	.string({ error: 'must be a phone number' })
	.trim()
	.regex(/^\+?[0-9][0-9 ()-]{5,20}$/, 'must be a phone number, like 01632 960 000');

/** Someone the service sends people to: a named person, team or office, and how to reach them. */
const contact = z
	.object({
		name: z.string({ error: 'must name the person, team or office' }).trim().min(3, 'must name the person, team or office').max(120),
		phone: phone.optional(),
		out_of_hours: phone.optional(),
		email: z.email('must be an email address').optional(),
		web: z.url('must be a web address, starting https://').optional()
	})
	.strict();

export const serviceSchema = z
	.object({
		name: z.string().trim().min(3, 'must be the full name of the service'),
		short_name: z.string().trim().min(2).max(30, 'must be 30 characters or fewer to fit the header'),
		logo: z.string().regex(/^[\w./-]+\.(svg|png)$/, 'must be an .svg or .png file inside content/').optional(),
		brand_colour: hexColour.refine((c) => !/^#[0-9a-f]{6}$/i.test(c) || contrastWithWhite(c) >= 4.5, {
			message: 'is too light: white header text on it must reach a contrast of 4.5:1'
		}),
		contact_email: z.email('must be an email address'),
		time_zone: z
			.string()
			.refine(isTimeZone, 'must be a time zone by its IANA name, like Europe/London')
			.default(defaultTimeZone),
		email: z
			.object({
				from: z.email('must be an email address').optional(),
				from_name: z
					.string()
					.trim()
					.min(2, 'must be at least 2 characters')
					.max(70, 'must be 70 characters or fewer')
					.regex(/^[^<>"\r\n@]+$/, 'must be a plain name, without <, >, " or @')
					.optional()
			})
			.strict()
			.default({}),
		case_reference: z
			.object({
				pattern: regex,
				example: z.string(),
				hint: z.string().optional()
			})
			.strict()
			// An invalid pattern is reported by its own rule above; this one only compares.
			.refine((c) => !compiles(c.pattern) || new RegExp(c.pattern).test(c.example), {
				message: 'example does not match pattern',
				path: ['example']
			}),
		supervision: z
			.object({
				interval_days: z
					.object(Object.fromEntries(roles.map((r) => [r, positiveWhole('days').optional()])) as Record<
						(typeof roles)[number],
						z.ZodOptional<z.ZodNumber>
					>)
					.strict(),
				sample_size: positiveWhole('cases').max(20, 'must be 20 cases or fewer').default(3),
				resample_after_months: positiveWhole('months').max(60, 'must be 60 months or fewer').default(12),
				support_levels: criteriaList('support level').default(defaultSupportLevels),
				observation_criteria: criteriaList('criterion').default(defaultObservationCriteria),
				casework_criteria: criteriaList('criterion').default(defaultCaseworkCriteria)
			})
			.strict(),
		policies: z
			.object({
				reacknowledge_months: positiveWhole('months').max(36, 'must be 36 months or fewer'),
				due_within_days: positiveWhole('days').max(90).default(28),
				remind_before_days: positiveWhole('days').max(60).default(14),
				overdue_every_days: positiveWhole('days').max(60).default(7),
				copy_supervisor_after_days: positiveWhole('days').max(90).default(14)
			})
			.strict(),
		accounts: z
			.object({
				invitation_valid_days: positiveWhole('days').max(30).default(7),
				password_reset_valid_hours: positiveWhole('hours').max(72).default(24),
				session_days: positiveWhole('days').max(90).default(14)
			})
			.strict()
			.default({ invitation_valid_days: 7, password_reset_valid_hours: 24, session_days: 14 }),
		retention: z
			.object({
				supervision_years_after_leaving: positiveWhole('years').max(100, 'must be 100 years or fewer').default(defaultRetention.supervisionYearsAfterLeaving),
				quiz_attempt_years: positiveWhole('years').max(100, 'must be 100 years or fewer').default(defaultRetention.quizAttemptYears),
				audit_log_years: positiveWhole('years').max(100, 'must be 100 years or fewer').default(defaultRetention.auditLogYears)
			})
			.strict()
			.default({
				supervision_years_after_leaving: defaultRetention.supervisionYearsAfterLeaving,
				quiz_attempt_years: defaultRetention.quizAttemptYears,
				audit_log_years: defaultRetention.auditLogYears
			}),
		reports: z
			.object({
				smallest_group: z
					.number({ error: 'must be a whole number of people' })
					.int('must be a whole number of people')
					.min(3, 'must be 3 or more: a group smaller than that can be picked out')
					.max(50, 'must be 50 or fewer')
					.default(defaultSmallestGroup)
			})
			.strict()
			.default({ smallest_group: defaultSmallestGroup }),
		leaflets: z
			.object({
				review_every_months: positiveWhole('months').max(60, 'must be 60 months or fewer').default(12),
				due_within_days: positiveWhole('days').max(180, 'must be 180 days or fewer').default(30),
				largest_pdf_kb: positiveWhole('kilobytes').max(20_480, 'must be 20480 kilobytes or fewer').default(400)
			})
			.strict()
			.default({ review_every_months: 12, due_within_days: 30, largest_pdf_kb: 400 }),
		// The service's own contacts, shown in modules and policies through {{placeholders}}.
		safeguarding: z
			.object({
				lead: contact.optional(),
				deputy: contact.optional(),
				lado: contact.optional(),
				children: contact.optional(),
				adults: contact.optional()
			})
			.strict()
			.default({}),
		complaints: contact.optional(),
		sign_in: z
			.object({
				// Single sign-on through the OpenID provider named by OIDC_ISSUER (see the README).
				single_sign_on: z
					.object({
						label: z.string({ error: 'must be the words on the button' }).trim().min(3, 'must be at least 3 characters').max(60, 'must be 60 characters or fewer'),
						email_domains: z
							.array(z.string().trim().toLowerCase().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'each must be a domain name, like northshire.example, without the @'), { error: 'must be a list of email domains, one per line starting with "- "' })
							.min(1, 'must list at least one email domain')
							.max(20, 'must list 20 or fewer'),
						required_for_staff: z.boolean({ error: 'must be true or false' }).default(false)
					})
					.strict()
					.optional()
			})
			.strict()
			.default({}),
		feedback: z
			.object({
				comment_retention_months: positiveWhole('months').max(120, 'must be 120 months or fewer').default(defaultFeedbackRules.commentRetentionMonths),
				daily_cap_per_link: positiveWhole('answers').max(10_000, 'must be 10,000 or fewer').default(defaultFeedbackRules.dailyCapPerLink),
				per_client_per_hour: positiveWhole('answers').max(100, 'must be 100 or fewer').default(defaultFeedbackRules.perClientPerHour),
				comment_themes: z
					.array(z.string({ error: 'must be a theme\'s name' }).trim().min(2, 'must be 2 characters or more').max(40, 'must be 40 characters or fewer'), { error: 'must be a list of themes' })
					.max(20, 'must list 20 themes or fewer')
					.refine((list) => new Set(list.map((t) => t.toLowerCase())).size === list.length, 'must not list a theme twice')
					.default(defaultFeedbackRules.commentThemes)
			})
			.strict()
			.default({
				comment_retention_months: defaultFeedbackRules.commentRetentionMonths,
				daily_cap_per_link: defaultFeedbackRules.dailyCapPerLink,
				per_client_per_hour: defaultFeedbackRules.perClientPerHour,
				comment_themes: defaultFeedbackRules.commentThemes
			}),
		data_protection: z
			.object({
				controller: z.string({ error: 'must name the data controller' }).trim().min(3, 'must name the data controller').max(120).optional(),
				officer: contact.optional()
			})
			.strict()
			.default({}),
		// Multi-factor authentication for everyone who can read other people's records.
		mfa: z.enum(['required', 'offered'], { error: 'must be required or offered' }).default('offered')
	})
	.strict();

/** Every placeholder a module or policy may use, with what each stands for in service.yml. */
const contactFields = ['name', 'phone', 'out_of_hours', 'email', 'web'] as const;
const contactKeys = ['safeguarding.lead', 'safeguarding.deputy', 'safeguarding.lado', 'safeguarding.children', 'safeguarding.adults', 'complaints', 'data_protection.officer'];
export const placeholderKeys: string[] = [
	'service.name',
	'service.short_name',
	'service.contact_email',
	'data_protection.controller',
	...contactKeys.flatMap((key) => [key, ...contactFields.map((f) => `${key}.${f}`)])
];

/** What each placeholder stands for in this service; keys the service has not set are absent. */
function placeholderValues(value: z.output<typeof serviceSchema>): Map<string, string> {
	const values = new Map<string, string>([
		['service.name', value.name],
		['service.short_name', value.short_name],
		['service.contact_email', value.contact_email]
	]);
	if (value.data_protection.controller) values.set('data_protection.controller', value.data_protection.controller);
	const contacts: Record<string, z.output<typeof contact> | undefined> = {
		'safeguarding.lead': value.safeguarding.lead,
		'safeguarding.deputy': value.safeguarding.deputy,
		'safeguarding.lado': value.safeguarding.lado,
		'safeguarding.children': value.safeguarding.children,
		'safeguarding.adults': value.safeguarding.adults,
		complaints: value.complaints,
		'data_protection.officer': value.data_protection.officer
	};
	for (const [key, c] of Object.entries(contacts)) {
		if (!c) continue;
		// {{safeguarding.lead}} on its own is the name.
		values.set(key, c.name);
		for (const field of contactFields) if (c[field]) values.set(`${key}.${field}`, c[field]);
	}
	return values;
}

const placeholder = /\{\{\s*([^{}]*?)\s*\}\}/g;

/**
 * Replaces each {{placeholder}} in a module or policy with the service's own value, line by line so
 * that a problem names its line. Unknown placeholders, and ones service.yml leaves unset, are problems.
 */
export function fillPlaceholders(text: string, file: string, values: ReadonlyMap<string, string>, problems: ContentProblem[]): string {
	return text
		.split('\n')
		.map((line, i) =>
			line.replace(placeholder, (whole, key: string) => {
				const value = values.get(key);
				if (value !== undefined) return value;
				problems.push({
					file,
					line: i + 1,
					message: placeholderKeys.includes(key)
						? `${whole} is not set: add ${contactKeys.includes(key) ? `${key}.name` : key} to content/service.yml`
						: `${whole} is not a known placeholder (check the spelling)`
				});
				return whole;
			})
		)
		.join('\n');
}

/** When acknowledgements fall due and when people are reminded. */
export interface PolicyTiming {
	reacknowledgeMonths: number;
	/** Days allowed to acknowledge after joining or after a major version takes effect. */
	dueWithinDays: number;
	remindBeforeDays: number;
	overdueEveryDays: number;
	copySupervisorAfterDays: number;
}

/** How supervision, observation and casework sampling are done in this service. */
export interface SupervisionRules {
	sampleSize: number;
	resampleAfterMonths: number;
	supportLevels: string[];
	observationCriteria: string[];
	caseworkCriteria: string[];
}

/** How long records are kept before retention deletes or anonymises them, in whole years. */
export interface RetentionPeriods {
	/**
	 * Supervision, observation and review records and casework samples, counted from the day the
	 * person left (was deactivated). Their name and email are anonymised at the same time.
	 */
	supervisionYearsAfterLeaving: number;
	/** Quiz attempts and their answers, counted from when each attempt was started. */
	quizAttemptYears: number;
	/** Audit log entries, counted from when each was written. */
	auditLogYears: number;
	/** Families' comments, in months from the month each came in (feedback.comment_retention_months). */
	feedbackCommentMonths?: number;
}

/** How the service uses single sign-on: the button's words, the email domains it serves, and whether they must use it. */
export interface SingleSignOnRules {
	label: string;
	emailDomains: string[];
	/** Whether people with an email address in those domains may sign in only through the provider. */
	requiredForStaff: boolean;
}

/** How families' feedback is kept and how much of it the service takes. */
export interface FeedbackRules {
	/** Free-text comments are removed this many months after the month they came in. */
	commentRetentionMonths: number;
	/** The most responses one link (or the questionnaire without a link) takes in a day. */
	dailyCapPerLink: number;
	/** The most responses taken from one client in an hour. */
	perClientPerHour: number;
	/** The themes a coordinator may tag a comment with. */
	commentThemes: string[];
}

export interface ServiceConfig {
	name: string;
	shortName: string;
	logo?: {
		file: string;
		contentType: string;
		body: Buffer;
		/** Set for a logo chosen in the browser: what it says, for people who cannot see it. */
		text?: { spellsName: true } | { spellsName: false; description: string };
	};
	brandColour: string;
	contactEmail: string;
	/** The service's clock: every date a person sees is worked out and shown in it. */
	timeZone?: string;
	/**
	 * Who emails come from; replies go to contactEmail. Always set by loadServiceConfig; read it
	 * through senderOf().
	 */
	sender?: { address: string; name: string };
	caseReference: { pattern: RegExp; example: string; hint?: string };
	supervisionIntervalDays: Partial<Record<(typeof roles)[number], number>>;
	supervision: SupervisionRules;
	reacknowledgeMonths: number;
	policyTiming: PolicyTiming;
	invitationValidDays: number;
	passwordResetValidHours: number;
	sessionDays: number;
	/**
	 * Always set by loadServiceConfig; optional only so that a service built by hand (in a test)
	 * need not name it. Read it through retentionPeriods().
	 */
	retention?: RetentionPeriods;
	/** As retention: set by loadServiceConfig; read it through smallestGroup(). */
	reports?: { smallestGroup: number };
	/** Single sign-on, when service.yml sets it up (it also needs OIDC_ISSUER and the client's details). */
	singleSignOn?: SingleSignOnRules;
	/** How often leaflets are reviewed and how large an uploaded one may be. Read it through leafletRules(). */
	leaflets?: LeafletRules;
	/** As retention: set by loadServiceConfig; read it through feedbackRules(). */
	feedback?: FeedbackRules;
	/** What each {{placeholder}} in modules and policies stands for. Set by loadServiceConfig. */
	placeholders?: ReadonlyMap<string, string>;
	/** Whether people who read others' records must use a second factor; offered when unset. */
	mfa?: 'required' | 'offered';
}

/** How leaflets and other information for families are kept under review. */
export interface LeafletRules {
	/** A verified item is due for review again this many months after its decision. */
	reviewEveryMonths: number;
	/** An item shows as due for review this many days before that date. */
	dueWithinDays: number;
	/** The largest PDF accepted, in bytes. */
	largestPdfBytes: number;
}

export const defaultLeafletRules: LeafletRules = { reviewEveryMonths: 12, dueWithinDays: 30, largestPdfBytes: 400 * 1024 };

export const leafletRules = (service: Pick<ServiceConfig, 'leaflets'>): LeafletRules => service.leaflets ?? defaultLeafletRules;

/** Who emails come from: the service's sender setting, or its contact address and short name. */
export const senderOf = (service: Pick<ServiceConfig, 'sender' | 'contactEmail' | 'shortName'>) =>
	service.sender ?? { address: service.contactEmail, name: service.shortName };

export const retentionPeriods = (service: Pick<ServiceConfig, 'retention' | 'feedback'>): RetentionPeriods => ({
	...(service.retention ?? defaultRetention),
	feedbackCommentMonths: (service.feedback ?? defaultFeedbackRules).commentRetentionMonths
});

/** The smallest group of people any report figure is shown for (never below 3). */
export const smallestGroup = (service: Pick<ServiceConfig, 'reports'>): number => service.reports?.smallestGroup ?? defaultSmallestGroup;

export const feedbackRules = (service: Pick<ServiceConfig, 'feedback'>): FeedbackRules => service.feedback ?? defaultFeedbackRules;

export function loadServiceConfig(from: string | ContentSource): { service?: ServiceConfig; problems: ContentProblem[] } {
	const file = 'content/service.yml';
	const source = sourceOf(from);
	if (!source.exists('service.yml')) return { problems: [{ file, line: 1, message: 'file is missing' }] };
	const parsed = parseYaml(source.readText('service.yml'), file);
	const { value, problems } = validateYaml(parsed, serviceSchema, file);
	// The logo is looked for even when other settings are wrong, so every problem is told at once.
	const logoName = (parsed.data as { logo?: unknown } | undefined)?.logo;
	let logo: ServiceConfig['logo'];
	if (typeof logoName === 'string' && /^[\w./-]+\.(svg|png)$/.test(logoName)) {
		const logoPath = posix.normalize(logoName);
		if (logoName.includes('..') || !source.exists(logoPath) || source.isFolder(logoPath)) {
			problems.push({ file, line: parsed.lineOf(['logo']), message: `logo: no file content/${logoName}` });
		} else {
			logo = {
				file: logoName,
				contentType: extname(logoName) === '.svg' ? 'image/svg+xml' : 'image/png',
				body: source.readBytes(logoPath)
			};
		}
	}
	if (!value || problems.length) return { problems };
	return {
		problems: [],
		service: {
			name: value.name,
			shortName: value.short_name,
			logo,
			brandColour: value.brand_colour,
			contactEmail: value.contact_email,
			timeZone: value.time_zone,
			sender: { address: value.email.from ?? value.contact_email, name: value.email.from_name ?? value.short_name },
			caseReference: {
				pattern: new RegExp(value.case_reference.pattern),
				example: value.case_reference.example,
				hint: value.case_reference.hint
			},
			supervisionIntervalDays: value.supervision.interval_days,
			supervision: {
				sampleSize: value.supervision.sample_size,
				resampleAfterMonths: value.supervision.resample_after_months,
				supportLevels: value.supervision.support_levels,
				observationCriteria: value.supervision.observation_criteria,
				caseworkCriteria: value.supervision.casework_criteria
			},
			reacknowledgeMonths: value.policies.reacknowledge_months,
			policyTiming: {
				reacknowledgeMonths: value.policies.reacknowledge_months,
				dueWithinDays: value.policies.due_within_days,
				remindBeforeDays: value.policies.remind_before_days,
				overdueEveryDays: value.policies.overdue_every_days,
				copySupervisorAfterDays: value.policies.copy_supervisor_after_days
			},
			invitationValidDays: value.accounts.invitation_valid_days,
			passwordResetValidHours: value.accounts.password_reset_valid_hours,
			sessionDays: value.accounts.session_days,
			retention: {
				supervisionYearsAfterLeaving: value.retention.supervision_years_after_leaving,
				quizAttemptYears: value.retention.quiz_attempt_years,
				auditLogYears: value.retention.audit_log_years
			},
			reports: { smallestGroup: value.reports.smallest_group },
			singleSignOn: value.sign_in.single_sign_on && {
				label: value.sign_in.single_sign_on.label,
				emailDomains: value.sign_in.single_sign_on.email_domains,
				requiredForStaff: value.sign_in.single_sign_on.required_for_staff
			},
			leaflets: {
				reviewEveryMonths: value.leaflets.review_every_months,
				dueWithinDays: value.leaflets.due_within_days,
				largestPdfBytes: value.leaflets.largest_pdf_kb * 1024
			},
			feedback: {
				commentRetentionMonths: value.feedback.comment_retention_months,
				dailyCapPerLink: value.feedback.daily_cap_per_link,
				perClientPerHour: value.feedback.per_client_per_hour,
				commentThemes: value.feedback.comment_themes
			},
			placeholders: placeholderValues(value),
			mfa: value.mfa
		}
	};
}
