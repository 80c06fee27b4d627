// npm run content:check: validates content/ as start-up would, printing `path:line: message`.
import { loadContent } from '../lib/server/content';
import { ContentError, formatProblem } from '../lib/server/content/problems';
import { readArgs } from './args';

const dir = readArgs().dir ?? process.env.CONTENT_DIR ?? 'content';
try {
	const { warnings } = loadContent(dir);
	for (const warning of warnings)
		console.warn(`${formatProblem({ ...warning, message: `warning: ${warning.message}` })}`);
	console.log(
		`${dir}: no problems found${warnings.length ? `, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}` : ''}.`
	);
} catch (err) {
	if (!(err instanceof ContentError)) throw err;
	console.error(err.message);
	console.error(`\n${err.problems.length} problem${err.problems.length === 1 ? '' : 's'} found.`);
	process.exit(1);
}
