// npm run privacy-notice: writes the privacy notice for this service to standard output, filled in
// from docs/privacy-notice.md and the service's service.yml (and the mail relay in SMTP_URL).
// Whatever neither says is left marked for the data protection officer to fill in.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { loadContentOrExit } from './content';

const content = loadContentOrExit();
const template = readFileSync(fileURLToPath(new URL('../../docs/privacy-notice.md', import.meta.url)), 'utf8');
const settings = parse(readFileSync(join(process.env.CONTENT_DIR || 'content', 'service.yml'), 'utf8')) as Record<
	string,
	unknown
>;
const service = content.service;
const known: Record<string, string> = {
	name: service.name,
	short_name: service.shortName,
	contact_email: service.contactEmail,
	time_zone: service.timeZone ?? 'Europe/London',
	'email.from': service.sender?.address ?? service.contactEmail,
	'retention.supervision_years_after_leaving': String(service.retention?.supervisionYearsAfterLeaving),
	'retention.quiz_attempt_years': String(service.retention?.quizAttemptYears),
	'retention.audit_log_years': String(service.retention?.auditLogYears),
	...(process.env.SMTP_URL && { mail_provider: `the mail relay at ${new URL(process.env.SMTP_URL).hostname}` })
};

function lookup(path: string): string | undefined {
	if (known[path] !== undefined) return known[path];
	const value = path
		.split('.')
		.reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], settings);
	return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

process.stdout.write(
	template
		.replace(/^_This is a template\.[^\n]*\n\n/m, '')
		.replace(/\{\{([\w.]+)\}\}/g, (_, path: string) => lookup(path) ?? `[to fill in: ${path}]`)
);
