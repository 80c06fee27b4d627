// Svelte drops the whitespace at the start and at the end of an element's content. Where an
// element is written against a word ("Next<span class="govuk-visually-hidden"> page</span>"), the
// space it began with never reaches the page, and a screen reader reads "Nextpage". The space is
// kept when it is written outside the element, between it and the word ("Next <span ...>page").
// This test finds every element written the other way, in every page and component.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function components(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return components(path);
		return name.endsWith('.svelte') ? [path] : [];
	});
}

const inline = 'span|strong|em|a|b|abbr|small|code|label';
/** An inline element opened right after a word, whose content starts with whitespace. */
const leading = new RegExp(`[\\p{L}\\p{N},.:;!?)'’]<(?:${inline})\\b[^>]*>[ \\t\\n]`, 'gu');
/**
 * An inline element whose content ends with whitespace, closed right before a word, another inline
 * element or an expression (`{#each ...}`, `{text}`). A space that must stay inside the element,
 * where the text around it keeps its spaces as typed, is written `&nbsp;`.
 */
const trailing = new RegExp(`[ \\t\\n]</(?:${inline})>(?:[\\p{L}\\p{N}(]|<(?:${inline}|ins|del)\\b|\\{(?![/:]))`, 'gu');

/** Where a space written beside an element is lost, as `file:line: text`. */
export function lostSpaces(file: string, text: string): string[] {
	return [...text.matchAll(leading), ...text.matchAll(trailing)].map((m) => {
		const line = text.slice(0, m.index).split('\n').length;
		return `${file}:${line}: ${m[0].trim()}`;
	});
}

describe('spaces beside words in the markup', () => {
	it('finds a space Svelte would drop, at the start or at the end of an element', () => {
		expect(lostSpaces('a.svelte', 'Next<span class="govuk-visually-hidden"> page</span>')).toHaveLength(1);
		expect(lostSpaces('a.svelte', 'Save<span class="govuk-visually-hidden">\n\t\tthemes</span>')).toHaveLength(1);
		expect(lostSpaces('a.svelte', '<span class="govuk-visually-hidden">Step: </span>What would you do?')).toEqual([
			'a.svelte:1: </span>W'
		]);
		expect(lostSpaces('a.svelte', 'Next <span class="govuk-visually-hidden">page</span>')).toEqual([]);
		expect(lostSpaces('a.svelte', '<span class="govuk-visually-hidden">Step:</span> What would you do?')).toEqual([]);
		expect(lostSpaces('a.svelte', '<li>\n\t<a href="/">Home</a>\n</li>')).toEqual([]);
		expect(lostSpaces('a.svelte', '<span class="govuk-visually-hidden">Added: </span><ins>Text</ins>')).toHaveLength(1);
		expect(
			lostSpaces('a.svelte', '<span class="govuk-visually-hidden">Changed:\n</span>{#each parts as p}')
		).toHaveLength(1);
		expect(lostSpaces('a.svelte', '<span class="govuk-visually-hidden">Added:&nbsp;</span><ins>Text</ins>')).toEqual(
			[]
		);
		expect(lostSpaces('a.svelte', '<strong>Done </strong>{/if}')).toEqual([]);
	});

	it('keeps every space written beside a word in every page and component', () => {
		const found = components('src').flatMap((file) => lostSpaces(file, readFileSync(file, 'utf8')));
		expect(found).toEqual([]);
	});
});
