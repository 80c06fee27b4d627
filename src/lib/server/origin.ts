// The service's public address, which every link in an email starts with. It comes from ORIGIN
// alone: never from a request's Host header, which whoever sends the request chooses.

/** ORIGIN as `https://host[:port]`, or why it cannot be used. */
export function readOrigin(
	env: NodeJS.ProcessEnv = process.env
): { ok: true; origin: string } | { ok: false; problem: string } {
	const value = env.ORIGIN?.trim();
	const example = 'for example ORIGIN=https://training.example.org';
	if (!value)
		return {
			ok: false,
			problem:
				`ORIGIN is not set. It is the address people use to reach the service (${example}): ` +
				'links in emails start with it, and forms from any other address are refused.'
		};
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return {
			ok: false,
			problem: `ORIGIN=${value} is not a web address; set it to the address people use, ${example}.`
		};
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:')
		return { ok: false, problem: `ORIGIN=${value} must start with https:// (or http:// for a trial on one machine).` };
	if (url.pathname !== '/' || url.search || url.hash || url.username || url.password)
		return {
			ok: false,
			problem: `ORIGIN=${value} must be the address alone, with no path, query or password (${example}).`
		};
	return { ok: true, origin: url.origin };
}
