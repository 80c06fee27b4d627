// Where the loader reads content from: the content/ folder on disk, or a tree of texts held in
// memory (the service's published revisions). Paths are relative to the content root, with "/".
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface ContentSource {
	/** The names in a folder, files and folders alike, sorted; none when the folder is missing. */
	list(folder: string): string[];
	/** Whether the path is a folder. */
	isFolder(path: string): boolean;
	exists(path: string): boolean;
	readText(path: string): string;
	readBytes(path: string): Buffer;
}

/** The content tree in a folder on disk. */
export function folderSource(dir: string): ContentSource {
	const root = resolve(dir);
	const at = (path: string) => join(root, path);
	return {
		list: (folder) => (existsSync(at(folder)) && statSync(at(folder)).isDirectory() ? readdirSync(at(folder)).sort() : []),
		isFolder: (path) => existsSync(at(path)) && statSync(at(path)).isDirectory(),
		exists: (path) => existsSync(at(path)),
		readText: (path) => readFileSync(at(path), 'utf8'),
		readBytes: (path) => readFileSync(at(path))
	};
}

/** A file's content in a tree: Markdown and YAML as text, images as bytes. */
export type TreeFile = string | Uint8Array;

/** The content tree held in memory, one entry per file path (folders are implied by the paths). */
export function treeSource(files: ReadonlyMap<string, TreeFile>): ContentSource {
	const folders = new Map<string, Set<string>>();
	for (const path of files.keys()) {
		const parts = path.split('/');
		for (let i = 0; i < parts.length; i++) {
			const folder = parts.slice(0, i).join('/');
			if (!folders.has(folder)) folders.set(folder, new Set());
			folders.get(folder)!.add(parts[i]!);
		}
	}
	const file = (path: string) => {
		const found = files.get(path);
		if (found === undefined) throw new Error(`no file ${path} in the content tree`);
		return found;
	};
	return {
		list: (folder) => [...(folders.get(folder) ?? [])].sort(),
		isFolder: (path) => folders.has(path),
		exists: (path) => files.has(path) || folders.has(path),
		readText: (path) => {
			const found = file(path);
			return typeof found === 'string' ? found : Buffer.from(found).toString('utf8');
		},
		readBytes: (path) => {
			const found = file(path);
			return typeof found === 'string' ? Buffer.from(found, 'utf8') : Buffer.from(found);
		}
	};
}

/** A source for what a loader was given: a folder's path, or a source already made. */
export const sourceOf = (from: string | ContentSource): ContentSource => (typeof from === 'string' ? folderSource(from) : from);

/** Every file under a source, by path: how the shipped content/ folder is read into the database. */
export function allFiles(source: ContentSource, folder = ''): string[] {
	return source.list(folder).flatMap((name) => {
		const path = folder ? `${folder}/${name}` : name;
		return source.isFolder(path) ? allFiles(source, path) : [path];
	});
}
