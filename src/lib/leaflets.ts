// The kinds and states of what the service gives families, and how pages name them.
export const leafletKinds = ['leaflet', 'letter', 'web-page'] as const;
export type LeafletKind = (typeof leafletKinds)[number];
export const leafletFormats = ['pdf', 'markdown', 'text'] as const;
export type LeafletFormat = (typeof leafletFormats)[number];
export type LeafletVersionStatus = 'draft' | 'in-review' | 'verified' | 'sent-back';

export const kindLabels: Record<LeafletKind, string> = {
	leaflet: 'Leaflet',
	letter: 'Letter template',
	'web-page': 'Web page'
};

export const formatLabels: Record<LeafletFormat, string> = {
	pdf: 'PDF',
	markdown: 'Text with Markdown formatting',
	text: 'Plain text'
};

/** The states the list can be filtered by: a version's status, and those worked out from dates. */
export const listStates = ['in-use', 'draft', 'in-review', 'sent-back', 'verified', 'due', 'retired'] as const;
export type ListState = (typeof listStates)[number];
export type ItemState = LeafletVersionStatus | 'due' | 'overdue' | 'retired';

export const listStateLabels: Record<ListState, string> = {
	'in-use': 'All in use',
	draft: 'Drafts',
	'in-review': 'Waiting for review',
	'sent-back': 'Sent back',
	verified: 'Verified',
	due: 'Due or overdue for review',
	retired: 'Retired'
};

export const stateTags: Record<ItemState, { label: string; colour: string }> = {
	draft: { label: 'Draft', colour: 'grey' },
	'in-review': { label: 'Waiting for review', colour: 'blue' },
	'sent-back': { label: 'Sent back', colour: 'orange' },
	verified: { label: 'Verified', colour: 'green' },
	due: { label: 'Due for review', colour: 'yellow' },
	overdue: { label: 'Overdue for review', colour: 'red' },
	retired: { label: 'Retired', colour: 'grey' }
};
