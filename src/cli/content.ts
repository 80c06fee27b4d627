// Commands that need the service's content load it here, and stop with the problems if it is broken.
import { loadContent, setContent, type Content } from '../lib/server/content';
import { ContentError } from '../lib/server/content/problems';

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
