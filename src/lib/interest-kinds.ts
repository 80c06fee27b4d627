// The kinds of interest a worker declares, as people read them.
export const interestKindLabels = {
	governor: 'School or college governor',
	trustee: 'Trustee of an academy, trust or charity',
	employee: 'Employee or contractor of a school, setting or the local authority',
	'family-or-friend': 'Family member or friend connected with a school, setting or case',
	'education-role': 'Other role in education or SEND',
	other: 'Other'
} as const;
