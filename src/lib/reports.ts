// Report shapes shared by the server, which works the figures out, and the pages that draw them.

/** A figure safe to publish: null stands for one withheld, shown as the figure's `withheldAs`. */
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
	/** How a withheld value reads: "fewer than 5", for the service's smallest group. */
	withheldAs: string;
}
