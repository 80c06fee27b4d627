// Commands that need the service's content load it here, and stop with the problems if it is broken.
import { loadContent, setContent, type Content } from '../lib/server/content';
import type { Kysely } from 'kysely';
import type { DB } from '../lib/server/db/schema';
import { ContentError } from '../lib/server/content/problems';
import { latestPublicationId, loadPublishedContent } from '../lib/server/authoring';

export function loadContentOrExit(): Content {
	try {
		const content = loadContent();
		// Dates the command writes are on the service's clock, as the server's are.
		setContent(content);
		return content;
	} catch (err) {
		if (err instanceof ContentError) {
			console.error(`Fix these problems in content/ first:\n${err.message}`);
			process.exit(1);
		}
		throw err;
	}
}

/**
 * The content the server serves: the service's published content in its database, or the files
 * when the database holds none yet (the server has not started on it).
 */
export async function servedContentOrExit(db: Kysely<DB>): Promise<Content> {
	if ((await latestPublicationId(db)) === null) return loadContentOrExit();
	try {
		const { content } = await loadPublishedContent(db);
		setContent(content);
		return content;
	} catch (err) {
		if (err instanceof ContentError) {
			console.error(`The service's published content has problems:\n${err.message}`);
			process.exit(1);
		}
		throw err;
	}
}
