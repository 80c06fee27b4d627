import { describe, expect, it } from 'vitest';
import type { ListedPerson } from './index';
import { peopleRows } from './rows';

const person = (over: Partial<ListedPerson>): ListedPerson =>
	Object.freeze<ListedPerson>({
		id: '3f1c2b9e-8a41-4d7e-9c55-0b6f2d1e4a77',
		name: 'Ada Patel',
		email: 'ada@example.org',
		roles: ['volunteer'],
		status: 'active',
		supervisorName: null,
		induction: null,
		...over
	});

describe('the rows of the people table', () => {
	it('shows each person with a link, their roles, supervisor, induction stage and account', () => {
		const html = peopleRows([
			person({ supervisorName: 'Sam Supervisor', roles: ['supervisor', 'staff'], induction: 'needs-review' }),
			person({ id: '5a0d7c3e-1b2f-4c6d-8e9f-a1b2c3d4e5f6', name: 'Ben Okafor', status: 'invited' })
		]);
		const [ada, ben] = html.split('</tr>');
		expect(ada).toContain('<a class="govuk-link" href="/people/3f1c2b9e-8a41-4d7e-9c55-0b6f2d1e4a77">Ada Patel</a>');
		expect(ada).toContain('>Supervisor</strong>');
		expect(ada).toContain('>Staff</strong>');
		expect(ada).toContain('<td>Sam Supervisor</td>');
		expect(ada).toContain('<strong class="govuk-tag govuk-tag--orange">Needs review</strong>');
		expect(ada).toContain('<strong class="govuk-tag govuk-tag--green">Active</strong>');
		expect(ben).toContain('>Ben Okafor</a>');
		expect(ben).toContain('<td>None</td>');
		expect(ben).toContain('<strong class="govuk-tag govuk-tag--blue">Invited</strong>');
		expect(html.match(/<tr>/g)).toHaveLength(2);
		// The page is served without script, so Svelte's hydration markers would be bytes for nothing.
		expect(html).not.toContain('<!--');
	});

	it('escapes what people typed, since the rows go into the page as HTML', () => {
		const html = peopleRows([person({ name: '<img src=x onerror=alert(1)>', supervisorName: 'Tom & Jerry' })]);
		expect(html).not.toContain('<img');
		expect(html).toContain('&lt;img src=x onerror=alert(1)>');
		expect(html).toContain('Tom &amp; Jerry');
	});

	it('renders an entry once and keeps its row, which is why kept entries must be replaced, not changed', () => {
		// An entry that is not frozen shows what keeping means: a change made in place is not seen.
		const entry: ListedPerson = { ...person({}) };
		expect(peopleRows([entry])).toContain('>Ada Patel</a>');
		entry.name = 'Ada Changed';
		expect(peopleRows([entry])).toContain('>Ada Patel</a>');
		// A new entry for the same person, as the kept list makes after a change, is rendered afresh.
		expect(peopleRows([{ ...entry }])).toContain('>Ada Changed</a>');
		expect(peopleRows([])).toBe('');
	});
});
