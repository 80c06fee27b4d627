import { describe, expect, it } from 'vitest';
import { captureLog, errorFields, log, scrub } from './log';

const token = 'q0Z3m9yR2c8vK1pL5xW7tB4nH6jD0sF2gA9eU3iO8kM';

describe('the log', () => {
	it('writes one JSON line with time, level and the fields given', () => {
		const capture = captureLog();
		try {
			log.info({ req: 'abc12345', method: 'GET', route: '/policies', status: 200, ms: 3.2 }, 'request');
		} finally {
			capture.stop();
		}
		expect(capture.lines).toEqual([
			expect.objectContaining({ level: 'info', req: 'abc12345', method: 'GET', route: '/policies', status: 200 })
		]);
		expect(Date.parse(capture.lines[0]!.time as string)).not.toBeNaN();
	});

	it('takes email addresses, tokens and quoted values out of a message', () => {
		const text = scrub(`email to jo.bloggs@example.org not sent: link /reset-password/${token} rejected "Jo Bloggs"`);
		expect(text).not.toMatch(/jo\.bloggs|example\.org|Jo Bloggs/);
		expect(text).not.toContain(token);
		expect(text).toContain('<email>');
		expect(text).toContain('<token>');
	});

	it('logs a PostgreSQL error by its code and constraint, never the values in its message', () => {
		const err = Object.assign(new Error('duplicate key value violates unique constraint "person_email_key"'), {
			code: '23505',
			constraint: 'person_email_key',
			detail: 'Key (lower(email))=(jo.bloggs@example.org) already exists.'
		});
		const fields = errorFields(err);
		expect(fields).toMatchObject({ type: 'Error', code: '23505', constraint: 'person_email_key' });
		expect(JSON.stringify(fields)).not.toMatch(/jo\.bloggs|already exists/);
	});

	it('keeps an error stack to a few lines', () => {
		const deep = (n: number): Error => (n === 0 ? new Error('deep') : deep(n - 1));
		expect((errorFields(deep(40)).stack as string[]).length).toBeLessThanOrEqual(5);
	});
});
