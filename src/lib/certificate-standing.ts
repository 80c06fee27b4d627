// How a certificate stands, as pages show it: shared by the server, which works it out, and the pages.
export type Standing = 'stands' | 'needs-review' | 'not-recorded' | 'withdrawn';

export const standingLabels: Record<Standing, { label: string; colour: string; explanation: string }> = {
	stands: { label: 'Stands', colour: 'green', explanation: 'The achievement still stands.' },
	'needs-review': {
		label: 'Needs review',
		colour: 'orange',
		explanation:
			'The induction has changed since this certificate was issued, and the holder has not yet completed the changes, so it no longer stands.'
	},
	'not-recorded': {
		label: 'No longer stands',
		colour: 'red',
		explanation: 'The service no longer holds a record of this achievement, so it no longer stands.'
	},
	withdrawn: {
		label: 'Withdrawn',
		colour: 'grey',
		explanation: 'The holder has withdrawn this certificate, so it no longer stands.'
	}
};
