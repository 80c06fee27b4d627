import { describe, expect, it } from 'vitest';
import { takingTurns } from './turns';

describe('takingTurns', () => {
	it('runs no more than the limit at once, and every piece of work in the end', async () => {
		const inTurn = takingTurns(2);
		let running = 0;
		let most = 0;
		const order: number[] = [];
		const work = (n: number) =>
			inTurn(async () => {
				running += 1;
				most = Math.max(most, running);
				await new Promise((r) => setTimeout(r, 5));
				running -= 1;
				order.push(n);
				return n * 10;
			});
		const results = await Promise.all([1, 2, 3, 4, 5, 6, 7].map(work));
		expect(results).toEqual([10, 20, 30, 40, 50, 60, 70]);
		expect(most).toBe(2);
		expect(order.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
	});

	it('lets the next one run when a piece of work fails', async () => {
		const inTurn = takingTurns(1);
		const failing = inTurn(async () => {
			throw new Error('no');
		});
		const next = inTurn(async () => 'ran');
		await expect(failing).rejects.toThrow('no');
		await expect(next).resolves.toBe('ran');
	});
});
