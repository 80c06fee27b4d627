// The people table's rows as HTML. A page of fifty people cost more to render, row by row, than
// everything else about the page together, yet the rows only change when a person does. Each
// person's row is therefore rendered once and kept beside the kept list of everyone: the entries
// of that list are frozen and replaced whenever anyone changes, so a row kept for an entry is
// never out of date, and rows of replaced entries are let go with them.
//
// Fifty rows are most of the page's bytes, and under load the bytes cost as much as the rendering:
// the rows carry no classes of their own (the table body styles them, see .app-lean-rows) and no
// hydration markers, since the page is served without script. A page of rows went from 35 to 21 kB.
import { render } from 'svelte/server';
import PersonRow from '$lib/components/PersonRow.svelte';
import type { ListedPerson } from '.';

const keptRows = new WeakMap<ListedPerson, string>();

function rowOf(person: ListedPerson): string {
	let row = keptRows.get(person);
	if (row === undefined) {
		// Markers only: what people typed is escaped, so it holds no "<" to start a comment.
		row = render(PersonRow, { props: { person } }).body.replace(/<!--[^>]*-->/g, '');
		keptRows.set(person, row);
	}
	return row;
}

/** The rows of the people table for these people, in order, as one piece of HTML. */
export function peopleRows(people: readonly ListedPerson[]): string {
	// Joined rather than added one by one, so the page is one flat string and not a chain of pieces.
	return people.map(rowOf).join('');
}
