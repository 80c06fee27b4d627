// Policy acknowledgement statuses and how they read: shared by the server and the pages.
export type AcknowledgementStatus = 'acknowledged' | 'due' | 'overdue' | 'not-applicable';

export const acknowledgementStatusLabels: Record<AcknowledgementStatus, { label: string; colour: string }> = {
	acknowledged: { label: 'Up to date', colour: 'green' },
	due: { label: 'Due', colour: 'yellow' },
	overdue: { label: 'Overdue', colour: 'red' },
	'not-applicable': { label: 'Not for this role', colour: 'grey' }
};
