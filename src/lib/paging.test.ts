import { describe, expect, it } from 'vitest';
import { pageQuery } from './paging';

describe('pageQuery', () => {
	it('keeps the filters, leaves out empty ones and sets the page', () => {
		expect(pageQuery({ search: 'patel', role: '', status: undefined, page: 3 }, 4)).toBe('?search=patel&page=4');
	});

	it("moves only its own list's page when a page holds two lists", () => {
		const filters = { interests: 2, due: 5 };
		expect(pageQuery(filters, 3, 'interests')).toBe('?due=5&interests=3');
		expect(pageQuery(filters, 6, 'due')).toBe('?interests=2&due=6');
	});
});
