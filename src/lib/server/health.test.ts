import { describe, expect, it } from 'vitest';
import { createDatabase } from './db';
import { checkDatabase } from './health';
import { createTestDatabase, testDatabaseKinds } from './db/testing';

describe('health check', () => {
	for (const kind of testDatabaseKinds) {
		it(`answers ok when the database answers (${kind})`, async () => {
			const test = await createTestDatabase(kind);
			try {
				expect(await checkDatabase(() => test.db)).toEqual({ status: 'ok' });
			} finally {
				await test.close();
			}
		});
	}

	it('says only that the database is unavailable, never why', async () => {
		// Nothing listens on port 9 (discard); the driver's message names the address and the error.
		const db = createDatabase({ url: 'postgres://someone:secret@127.0.0.1:9/private_name', poolSize: 1 });
		try {
			const health = await checkDatabase(() => db);
			expect(health).toEqual({ status: 'unavailable' });
			expect(JSON.stringify(health)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|private_name|secret/);
		} finally {
			await db.destroy();
		}
	});

	it('is unavailable, not a crash, before the database is open', async () => {
		const health = await checkDatabase(() => {
			throw new Error('the database is not open yet');
		});
		expect(health).toEqual({ status: 'unavailable' });
	});
});
