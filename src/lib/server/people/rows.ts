// The people table's rows as HTML. A page of fifty people cost more to render, row by row, than
// everything else about the page together, yet the rows only change when a person does. Each
// person's row is therefore rendered once and kept beside the kept list of everyone: the entries
// of that list are frozen and replaced whenever anyone changes, so a row kept for an entry is
// never out of date, and rows of replaced entries are let go with them.
import { render } from 'svelte/server';
import PersonRow from '$lib/components/PersonRow.svelte';
import type { ListedPerson } from '.';

const keptRows = new WeakMap<ListedPerson, string>();

function rowOf(person: ListedPerson): string {
	let row = keptRows.get(person);
	if (row === undefined) {
		row = render(PersonRow, { props: { person } }).body;
		keptRows.set(person, row);
	}
	return row;
}

/** The rows of the people table for these people, in order, as one piece of HTML. */
export function peopleRows(people: readonly ListedPerson[]): string {
	// Joined rather than added one by one, so the page is one flat string and not a chain of pieces.
	return people.map(rowOf).join('');
}
