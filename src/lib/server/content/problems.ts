// Problems found in the content/ tree, reported as `path:line: message` so an author can jump to them.
export interface ContentProblem {
	file: string;
	line: number;
	message: string;
}

export function formatProblem(p: ContentProblem): string {
	return `${p.file}:${p.line}: ${p.message}`;
}

export class ContentError extends Error {
	constructor(readonly problems: ContentProblem[]) {
		super(problems.map(formatProblem).join('\n'));
		this.name = 'ContentError';
	}
}
