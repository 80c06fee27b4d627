// YAML parsing that remembers where each key stands, so validation errors can name a line.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { z } from 'zod';
import type { ContentProblem } from './problems';

export interface ParsedYaml {
	data: unknown;
	/** 1-based line of the key or item at `path`, or of the nearest parent that exists. */
	lineOf(path: readonly PropertyKey[]): number;
	problems: ContentProblem[];
}

export function parseYaml(text: string, file: string, firstLine = 1): ParsedYaml {
	const lineCounter = new LineCounter();
	const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
	const offset = firstLine - 1;
	const lineAt = (pos: number) => lineCounter.linePos(pos).line + offset;
	const problems: ContentProblem[] = doc.errors.map((e) => ({
		file,
		line: lineAt(e.pos[0]),
		message: `YAML: ${e.message.split('\n')[0]}`
	}));

	function lineOf(path: readonly PropertyKey[]): number {
		let node: unknown = doc.contents;
		let line = node && (node as Node).range ? lineAt((node as Node).range![0]) : firstLine;
		for (const key of path) {
			if (isMap(node)) {
				const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
				if (!pair) break;
				const keyNode = pair.key as Node;
				if (keyNode.range) line = lineAt(keyNode.range[0]);
				node = pair.value;
			} else if (isSeq(node) && typeof key === 'number') {
				const item = node.items[key] as Node | undefined;
				if (!item) break;
				if (item.range) line = lineAt(item.range[0]);
				node = item;
			} else break;
		}
		return line;
	}

	return { data: problems.length ? undefined : doc.toJS(), lineOf, problems };
}

/** Validates parsed YAML with a zod schema, turning each issue into a problem on its own line. */
export function validateYaml<S extends z.ZodType>(
	parsed: ParsedYaml,
	schema: S,
	file: string
): { value?: z.output<S>; problems: ContentProblem[] } {
	if (parsed.problems.length) return { problems: parsed.problems };
	const result = schema.safeParse(parsed.data ?? {});
	if (result.success) return { value: result.data, problems: [] };
	return {
		problems: result.error.issues.flatMap((issue) => {
			// An unknown key is reported on its own line, so a misspelling is easy to find.
			if (issue.code === 'unrecognized_keys') {
				return issue.keys.map((key) => {
					const path = [...issue.path, key];
					return { file, line: parsed.lineOf(path), message: `${path.join('.')}: is not a known setting (check the spelling)` };
				});
			}
			const message = issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
			return [{ file, line: parsed.lineOf(issue.path), message }];
		})
	};
}
