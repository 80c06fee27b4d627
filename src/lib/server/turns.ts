// Work that must not all run at once: at most `limit` at a time, the rest waiting their turn in
// the order they came.

export function takingTurns(limit: number) {
	let running = 0;
	const waiting: (() => void)[] = [];
	return async function inTurn<T>(work: () => Promise<T>): Promise<T> {
		while (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
		running += 1;
		try {
			return await work();
		} finally {
			running -= 1;
			waiting.shift()?.();
		}
	};
}
