// Module statuses and how they read: shared by the server, which works them out, and the pages.
export const moduleStatuses = [
	'not-started',
	'in-progress',
	'completed',
	'needs-review',
	'cannot-start',
	'did-not-pass'
] as const;
export type ModuleStatus = (typeof moduleStatuses)[number];

export const moduleStatusLabels: Record<ModuleStatus, { label: string; colour: string }> = {
	'not-started': { label: 'Not started', colour: 'blue' },
	'in-progress': { label: 'In progress', colour: 'light-blue' },
	completed: { label: 'Completed', colour: 'green' },
	'needs-review': { label: 'Needs review', colour: 'orange' },
	'cannot-start': { label: 'Cannot start yet', colour: 'grey' },
	'did-not-pass': { label: 'Completed, did not pass', colour: 'red' }
};

/** How a module came to be completed. */
export const moduleMethodLabels = {
	read: 'Read and confirmed',
	quiz: 'Passed the quiz',
	recorded: 'Recorded by a coordinator',
	scenario: 'Worked through its scenario'
} as const;

export const inductionStatuses = ['not-started', 'in-progress', 'completed', 'needs-review'] as const;
export type InductionStatus = (typeof inductionStatuses)[number];
