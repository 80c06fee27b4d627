import { passkeyScript } from '$lib/server/passkey-script';
import { serveScript } from '$lib/server/page-script';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = () => serveScript(passkeyScript);
