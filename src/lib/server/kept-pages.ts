// Whole pages kept for each reader and sent again without rendering, until something they show
// changes. Rendering a long page costs far more than reading what it shows once that is kept, so
// a page read again and again (a module, above all) is rendered once per change, not per visit.
//
// Only the routes listed here are kept. Each shows the signed-in person (their navigation and
// name come from the session) and content fixed while the server runs, together with what it
// reads from the tables named beside it. A page that reads anything else, or that varies with
// the time, must not be listed.
import type { Kysely } from 'kysely';
import type { SessionPerson } from './auth/sessions';
import { keptWhileUnchanged, type CountedTable } from './db/changes';
import type { DB } from './db/schema';

const keptRoutes: Readonly<Record<string, readonly CountedTable[]>> = {
	// The module's text, and the reader's progress through their induction.
	'/modules/[slug=slug]': ['module_progress']
};

/** A page as sent, minus anything that belongs to one response only. */
interface KeptPage {
	status: number;
	headers: [string, string][];
	body: ArrayBuffer;
}

/** What a request must show for its page to be kept. */
export interface KeptPageRequest {
	method: string;
	routeId: string | null;
	url: URL;
	/** The signed-in person, exactly as the session gives them. */
	person: SessionPerson | null;
}

/**
 * A page is kept only when it is whole and the same for every visit: a 200 without cookies, and
 * without a CSP nonce, which must be new on every response.
 */
function keepable(response: Response): boolean {
	return (
		response.status === 200 &&
		!response.headers.has('set-cookie') &&
		!/'nonce-/.test(response.headers.get('content-security-policy') ?? '') &&
		(response.headers.get('content-type') ?? '').startsWith('text/html')
	);
}

/**
 * The page for this request: kept from an earlier visit by the same person to the same address
 * while none of its tables has changed, else rendered by `render` (and kept, when it can be).
 * The caller must not have set a cookie for this response: a kept page would not carry it.
 */
export async function keptPage(
	db: Kysely<DB>,
	request: KeptPageRequest,
	render: () => Response | Promise<Response>
): Promise<Response> {
	const tables =
		request.method === 'GET' && request.person && request.routeId ? keptRoutes[request.routeId] : undefined;
	if (!tables) return render();
	// Everything the session says of the person is in the key, so a change of name or roles (which
	// changes the navigation) is a different page.
	const key = `page:${JSON.stringify(request.person)}:${request.url.pathname}${request.url.search}`;
	let rendered: Response | undefined;
	const kept = await keptWhileUnchanged(db, key, tables, async (): Promise<KeptPage | null> => {
		const response = await render();
		if (!keepable(response)) {
			// This request sends what it rendered; any other waiting on it renders its own.
			rendered = response;
			return null;
		}
		return { status: response.status, headers: [...response.headers], body: await response.arrayBuffer() };
	});
	if (rendered) return rendered;
	// Not keepable: kept as such until a table changes, and rendered every time.
	if (!kept) return render();
	return new Response(kept.body, { status: kept.status, headers: kept.headers });
}
