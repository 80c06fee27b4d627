// "What changed" between two versions of a text: paragraphs kept, removed and added, and within a
// changed paragraph the words that differ.
import { diffArrays, diffWords } from 'diff';

export interface DiffPart {
	kind: 'same' | 'added' | 'removed';
	text: string;
}

export interface DiffBlock {
	kind: 'same' | 'added' | 'removed' | 'changed';
	parts: DiffPart[];
}

const paragraphs = (text: string) => text.split(/\n{2,}/).map((p) => p.trim()).filter(Boolean);

export function readableDiff(before: string, after: string): { blocks: DiffBlock[]; added: number; removed: number; changed: number } {
	const blocks: DiffBlock[] = [];
	const changes = diffArrays(paragraphs(before), paragraphs(after));
	for (let i = 0; i < changes.length; i++) {
		const change = changes[i]!;
		const next = changes[i + 1];
		// A removal followed by an addition of the same size is an edit: show the words that moved.
		if (change.removed && next?.added && next.value.length === change.value.length) {
			change.value.forEach((old, j) => {
				const parts = diffWords(old, next.value[j]!).map((p) => ({ kind: p.added ? 'added' : p.removed ? 'removed' : 'same', text: p.value }) as DiffPart);
				blocks.push({ kind: 'changed', parts });
			});
			i++;
			continue;
		}
		const kind = change.added ? 'added' : change.removed ? 'removed' : 'same';
		for (const text of change.value) blocks.push({ kind, parts: [{ kind, text }] });
	}
	return {
		blocks,
		added: blocks.filter((b) => b.kind === 'added').length,
		removed: blocks.filter((b) => b.kind === 'removed').length,
		changed: blocks.filter((b) => b.kind === 'changed').length
	};
}
