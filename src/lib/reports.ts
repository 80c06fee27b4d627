// Report shapes shared by the server, which works the figures out, and the pages that draw them.

/** A count safe to publish: null stands for a group of 1 to 4 people, shown as "fewer than 5". */
export type Shown = number | null;

export interface Row {
	label: string;
	values: Shown[];
}

/** One figure in a report: a chart and a table of the same numbers, and a CSV of them. */
export interface Figure {
	id: string;
	title: string;
	description: string;
	/** Column headings for the values of each row. */
	series: string[];
	rows: Row[];
	/** Whether values are percentages (read "72%") rather than counts. */
	percent?: boolean[];
	/** Whether the chart stacks the series (parts of a whole) or shows only the first. */
	stacked?: boolean;
	notes?: string[];
}
