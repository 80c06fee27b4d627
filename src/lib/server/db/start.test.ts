import { afterEach, describe, expect, it, vi } from 'vitest';
import net from 'node:net';
import { backOff, isUnreachable, probeDatabase, untilDatabaseAnswers } from './start';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('waiting for the database at start-up', () => {
	afterEach(() => vi.restoreAllMocks());

	it('backs off from 1 s to every 30 s', () => {
		expect([1, 2, 3, 4, 5, 6, 7, 20].map(backOff)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
	});

	it('tries again while the database does not answer, and is ready once it does', async () => {
		vi.spyOn(console, 'error').mockImplementation(() => {});
		vi.spyOn(console, 'log').mockImplementation(() => {});
		let tries = 0;
		const waits: number[] = [];
		const fatal = vi.fn();
		const waiting = untilDatabaseAnswers(
			async () => {
				tries++;
				if (tries < 4) throw refused();
			},
			{
				describe: 'PostgreSQL at db:5432/impartial',
				retry: true,
				onFatal: fatal,
				delay: (n) => (waits.push(n), 5)
			}
		);
		await waiting.firstTry;
		expect(tries).toBe(1);
		await waiting.ready;
		expect(tries).toBe(4);
		expect(waits).toEqual([1, 2, 3]);
		expect(fatal).not.toHaveBeenCalled();
		expect(console.error).toHaveBeenCalledWith(expect.stringMatching(/does not answer .*ECONNREFUSED.*trying again/));
	});

	it('stops start-up when the database answers but refuses, or a migration fails', async () => {
		vi.spyOn(console, 'error').mockImplementation(() => {});
		for (const err of [
			Object.assign(new Error('password authentication failed for user "impartial_app"'), { code: '28P01' }),
			new Error('migration 2026-12-03T0900_guard_record_states failed: syntax error')
		]) {
			const fatal = vi.fn();
			const waiting = untilDatabaseAnswers(() => Promise.reject(err), {
				describe: 'PostgreSQL',
				retry: true,
				onFatal: fatal,
				delay: () => 5
			});
			await waiting.firstTry;
			expect(fatal).toHaveBeenCalledWith(expect.stringContaining(err.message));
		}
	});

	it('stops trying when the server shuts down', async () => {
		vi.spyOn(console, 'error').mockImplementation(() => {});
		let tries = 0;
		const waiting = untilDatabaseAnswers(
			async () => {
				tries++;
				throw refused();
			},
			{ describe: 'PostgreSQL', retry: true, onFatal: () => {}, delay: () => 20 }
		);
		await waiting.firstTry;
		waiting.stop();
		await new Promise((resolve) => setTimeout(resolve, 80));
		expect(tries).toBe(1);
	});

	it('tells a database that is not there from one that said no', () => {
		expect(isUnreachable(refused())).toBe(true);
		expect(isUnreachable({ code: '57P03', message: 'the database system is starting up' })).toBe(true);
		expect(isUnreachable({ code: '08006' })).toBe(true);
		expect(isUnreachable(new Error('wrapped', { cause: refused() }))).toBe(true);
		expect(isUnreachable(new AggregateError([refused()], ''))).toBe(true);
		expect(isUnreachable(new Error('Connection terminated unexpectedly'))).toBe(true);
		expect(isUnreachable({ code: '28P01', message: 'password authentication failed' })).toBe(false);
		expect(isUnreachable({ code: '42601', message: 'syntax error' })).toBe(false);
	});
});

// The real thing: a PostgreSQL server behind a door that opens only after the app has tried.
const serverUrl = process.env.TEST_DATABASE_URL;
if (serverUrl)
	describe('waiting for a PostgreSQL server that comes up late', () => {
		it('gets no answer through a closed door, waits, and opens once the server answers', async () => {
			vi.spyOn(console, 'error').mockImplementation(() => {});
			vi.spyOn(console, 'log').mockImplementation(() => {});
			const target = new URL(serverUrl);
			// A port nothing listens on yet.
			const door = net.createServer();
			await new Promise<void>((resolve) => door.listen(0, '127.0.0.1', resolve));
			const port = (door.address() as net.AddressInfo).port;
			await new Promise((resolve) => door.close(resolve));
			const url = new URL(serverUrl);
			url.hostname = '127.0.0.1';
			url.port = String(port);

			let tries = 0;
			const waiting = untilDatabaseAnswers(
				async () => {
					tries++;
					await probeDatabase(url.toString(), 2_000);
				},
				{ describe: 'PostgreSQL', retry: true, onFatal: (m) => expect.fail(m), delay: () => 50 }
			);
			await waiting.firstTry;
			expect(tries).toBe(1);

			// The server comes up: connections to the door now reach PostgreSQL.
			const proxy = net.createServer((socket) => {
				const upstream = net.connect(Number(target.port || 5432), target.hostname);
				socket.pipe(upstream).pipe(socket);
				socket.on('error', () => upstream.destroy());
				upstream.on('error', () => socket.destroy());
			});
			await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve));
			try {
				await waiting.ready;
				expect(tries).toBeGreaterThan(1);
			} finally {
				waiting.stop();
				await new Promise((resolve) => proxy.close(resolve));
			}
		});
	});
