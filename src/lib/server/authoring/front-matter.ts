// Setting one key of a document's front matter, as publishing does for the version and what
// changed, leaving every other line as the author wrote it.

const lines = (text: string) => text.replace(/\r\n?/g, '\n').split('\n');

/** The front matter's lines [start, end): between the opening and closing `---`, or null when there is none. */
function frontMatterRange(all: string[]): [number, number] | null {
	if (all[0]?.trim() !== '---') return null;
	const end = all.findIndex((l, i) => i > 0 && l.trim() === '---');
	return end > 0 ? [1, end] : null;
}

/** The value written for a top-level key, as text, or undefined. */
export function frontMatterValue(text: string, key: string): string | undefined {
	const all = lines(text);
	const range = frontMatterRange(all);
	if (!range) return undefined;
	const line = all.slice(...range).find((l) => l.startsWith(`${key}:`));
	return line?.slice(key.length + 1).trim();
}

/**
 * Sets a top-level key to a value already written as YAML, replacing the key and any indented lines
 * that continue it, or adding it at the end of the front matter. Text without front matter is returned as it is.
 */
export function setFrontMatterValue(text: string, key: string, yaml: string): string {
	const all = lines(text);
	const range = frontMatterRange(all);
	if (!range) return text;
	const at = all.findIndex((l, i) => i >= range[0] && i < range[1] && l.startsWith(`${key}:`));
	if (at < 0) {
		all.splice(range[1], 0, `${key}: ${yaml}`);
		return all.join('\n');
	}
	let next = at + 1;
	while (next < range[1] && /^\s+\S/.test(all[next]!)) next++;
	all.splice(at, next - at, `${key}: ${yaml}`);
	return all.join('\n');
}

/** A string as a YAML scalar that reads back exactly (JSON's double-quoted strings are YAML). */
export const yamlString = (value: string) => JSON.stringify(value.replace(/\s+/g, ' ').trim());
