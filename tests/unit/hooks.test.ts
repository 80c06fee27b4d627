// The server's hooks: the reference a person is shown for an error is in the log line about it.
import { describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { handleError } from '../../src/hooks.server';
import { captureLog } from '../../src/lib/server/log';

describe('an unexpected error', () => {
	it('shows the person a reference that the log line carries, with no personal detail', async () => {
		const event = {
			locals: { requestId: 'req-0001-test' },
			route: { id: '/people/[id=uuid]' }
		} as unknown as RequestEvent;
		const capture = captureLog();
		let shown: App.Error | void;
		try {
			shown = await handleError({
				error: new Error('invalid input syntax for type uuid: "jo.bloggs@example.org"'),
				event,
				status: 500,
				message: 'Internal Error'
			});
		} finally {
			capture.stop();
		}
		expect(shown).toMatchObject({ message: 'Sorry, there is a problem with the service' });
		const reference = (shown as App.Error).reference!;
		expect(reference).toMatch(/^[0-9a-f]{8}$/);
		expect(capture.lines).toEqual([
			expect.objectContaining({
				level: 'error',
				req: 'req-0001-test',
				errorId: reference,
				route: '/people/[id=uuid]',
				status: 500
			})
		]);
		expect(JSON.stringify(capture.lines)).not.toContain('jo.bloggs');
	});
});
