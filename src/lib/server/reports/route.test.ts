import { describe, expect, it } from 'vitest';
import { isHttpError } from '@sveltejs/kit';
import { reportSections } from './index';
import { sectionFrom } from './route';

describe('the section of the report an address asks for', () => {
	const at = (query: string) => new URL(`http://localhost/reports${query}`);

	it('is the first section when the address names none', () => {
		expect(sectionFrom(at(''))).toBe('induction');
		expect(sectionFrom(at('?from=2026-04-01&to=2027-03-31'))).toBe(reportSections[0]);
	});

	it('is each section the address names', () => {
		for (const section of reportSections) expect(sectionFrom(at(`?section=${section}`))).toBe(section);
	});

	it('is no page at all for anything else, so a mistyped address shows "Page not found"', () => {
		for (const query of ['?section=', '?section=Induction', '?section=annual', '?section=%3Cscript%3E']) {
			let thrown: unknown;
			try {
				sectionFrom(at(query));
			} catch (e) {
				thrown = e;
			}
			expect(isHttpError(thrown, 404), query).toBe(true);
		}
	});
});
