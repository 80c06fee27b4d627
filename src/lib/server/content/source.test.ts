import { describe, expect, it } from 'vitest';
import { loadContent } from './index';
import { ContentError, formatProblem } from './problems';
import { allFiles, folderSource, treeSource, type TreeFile } from './source';

/** The shipped content/ folder copied into a tree in memory. */
function shippedTree(): Map<string, TreeFile> {
	const folder = folderSource('content');
	return new Map(allFiles(folder).map((path) => [path, path.endsWith('.svg') || path.endsWith('.png') ? folder.readBytes(path) : folder.readText(path)]));
}

describe('content sources', () => {
	it('loads the same content from a tree in memory as from the folder', () => {
		const fromFolder = loadContent('content');
		const fromTree = loadContent(treeSource(shippedTree()));
		expect(fromTree.modules.map((m) => [m.slug, m.hash])).toEqual(fromFolder.modules.map((m) => [m.slug, m.hash]));
		expect(fromTree.policies.flatMap((p) => p.versions.map((v) => v.hash))).toEqual(fromFolder.policies.flatMap((p) => p.versions.map((v) => v.hash)));
		expect(fromTree.quizzes.map((q) => q.hash)).toEqual(fromFolder.quizzes.map((q) => q.hash));
		expect(fromTree.courses.map((c) => c.hash)).toEqual(fromFolder.courses.map((c) => c.hash));
		expect(fromTree.service.logo?.body.equals(fromFolder.service.logo!.body)).toBe(true);
	});

	it('names the file and line of a problem in a tree as it does for a folder', () => {
		const tree = shippedTree();
		const path = allFiles(treeSource(tree)).find((p) => p.startsWith('modules/'))!;
		tree.set(path, tree.get(path)!.toString().replace(/^minutes: .*$/m, 'minutes: ten'));
		let thrown: unknown;
		try {
			loadContent(treeSource(tree));
		} catch (err) {
			thrown = err;
		}
		expect(thrown).toBeInstanceOf(ContentError);
		const line = (tree.get(path) as string).split('\n').findIndex((l) => l === 'minutes: ten') + 1;
		expect((thrown as ContentError).problems.map(formatProblem)[0]).toBe(`content/${path}:${line}: minutes: must be a whole number of minutes`);
	});

	it('lists folders and files of a tree, and refuses to read what is not there', () => {
		const tree = treeSource(new Map<string, TreeFile>([['policies/a/1.md', 'x'], ['service.yml', 'y']]));
		expect(tree.list('')).toEqual(['policies', 'service.yml']);
		expect(tree.isFolder('policies/a')).toBe(true);
		expect(tree.exists('policies/a/2.md')).toBe(false);
		expect(() => tree.readText('nothing.md')).toThrow('no file nothing.md');
	});
});
