import { editorScript } from '$lib/server/editor-script';
import { serveScript } from '$lib/server/page-script';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = () => serveScript(editorScript);
