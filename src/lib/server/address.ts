// The client's address, for sign-in throttling and the audit log. Behind a proxy (ADDRESS_HEADER)
// it comes from the proxy's header; a request that reaches the server without passing the proxy
// has none, and is answered as usual, counted under its own connection's address.
import type { RequestEvent } from '@sveltejs/kit';
import { log } from './log';

let warned = false;

export function clientAddress(event: Pick<RequestEvent, 'getClientAddress' | 'platform'>): string {
	try {
		return event.getClientAddress();
	} catch {
		if (!warned) {
			warned = true;
			log.warn(
				{ header: process.env.ADDRESS_HEADER },
				'a request came without the ADDRESS_HEADER header, so not through the proxy; its connection address is used'
			);
		}
		const platform = event.platform as { req?: { socket?: { remoteAddress?: string } } } | undefined;
		return platform?.req?.socket?.remoteAddress ?? 'unknown';
	}
}
