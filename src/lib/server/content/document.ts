// One Markdown document with front matter, as modules, policies and courses are written: split,
// validated against its schema, rendered, and checked for a body and for stray top-level titles.
import type { z } from 'zod';
import { renderMarkdown, splitFrontMatter, type Rendered, type RenderOptions } from './markdown';
import type { ContentProblem } from './problems';
import { validateYaml, type ParsedYaml } from './yaml';

export interface Document<T> {
	/** The validated front matter, or undefined when it had problems. */
	value?: T;
	frontMatter: ParsedYaml;
	body: string;
	bodyLine: number;
	rendered: Rendered;
}

/**
 * Reads a document, adding every problem found to `problems`. Returns null when there is no front
 * matter at all; `noun` names the kind of document in messages ("the module has no text").
 */
export function readDocument<S extends z.ZodType>(
	text: string,
	file: string,
	schema: S,
	noun: string,
	problems: ContentProblem[],
	options: RenderOptions = {}
): Document<z.output<S>> | null {
	const { frontMatter, body, bodyLine } = splitFrontMatter(text, file);
	if (!frontMatter) {
		problems.push({ file, line: 1, message: `front matter is missing: start the file with --- and the ${noun} details` });
		return null;
	}
	const { value, problems: fmProblems } = validateYaml(frontMatter, schema, file);
	problems.push(...fmProblems);
	const rendered = renderMarkdown(body, file, bodyLine, options);
	problems.push(...rendered.problems);
	if (!body.trim()) problems.push({ file, line: bodyLine, message: `the ${noun} has no text after its front matter` });
	return { value, frontMatter, body, bodyLine, rendered };
}

/** A `# ` heading in the body: titles come from the front matter, sections start at `##`. */
export function checkNoTitleHeading(doc: Pick<Document<unknown>, 'body' | 'bodyLine'>, file: string, problems: ContentProblem[]): void {
	const index = doc.body.split('\n').findIndex((l) => l.startsWith('# '));
	if (index >= 0) problems.push({ file, line: doc.bodyLine + index, message: 'use ## for sections: the title comes from the front matter' });
}
