// The service's earlier records, entered on import: their kinds and how they read to people.
// Shared by server and pages.

export const earlierRecordKinds = [
	'started',
	'induction',
	'ips-course',
	'policy-acknowledgement',
	'supervision',
	'declaration'
] as const;
export type EarlierRecordKind = (typeof earlierRecordKinds)[number];

export const earlierKindLabels: Record<EarlierRecordKind, string> = {
	started: 'Started with the service',
	induction: 'Induction completed',
	'ips-course': 'IPS course attended',
	'policy-acknowledgement': 'Impartiality Policy acknowledged',
	supervision: 'Supervision',
	declaration: 'Declaration of interests'
};
