import { describe, expect, it } from 'vitest';
import { describeDatabase } from '.';

describe('describing the database for the log', () => {
	it('names the host, port and database of every connection string pg accepts, and never the password', () => {
		const cases: [string, string][] = [
			[
				'postgres://impartial_app:app-secret@db.internal:5432/impartial',
				'PostgreSQL at db.internal:5432, database impartial'
			],
			['postgresql://impartial_app:app-secret@127.0.0.1/impartial', 'PostgreSQL at 127.0.0.1, database impartial'],
			// Through a Unix socket, as a database on the same machine is reached without a password.
			[
				'postgres://impartial_app@/impartial?host=/run/postgresql',
				'PostgreSQL at the socket in /run/postgresql, database impartial'
			],
			[
				'postgres:///impartial?host=/var/run/postgresql',
				'PostgreSQL at the socket in /var/run/postgresql, database impartial'
			],
			['socket:/run/postgresql?db=impartial', 'PostgreSQL at the socket in /run/postgresql, database impartial'],
			['postgres://impartial_app:app-secret@db.internal', 'PostgreSQL at db.internal']
		];
		for (const [url, described] of cases) {
			const text = describeDatabase({ url });
			expect(text, url).toBe(described);
			expect(text).not.toContain('secret');
		}
	});

	it('names the embedded database by its folder', () => {
		expect(describeDatabase({ pgliteDir: './data/pglite' })).toBe('embedded PostgreSQL in ./data/pglite');
	});
});
