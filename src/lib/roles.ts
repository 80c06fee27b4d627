// How roles and statuses read to people. Shared by server and pages.
export const roleLabels = {
	volunteer: 'Volunteer (IPS)',
	staff: 'Staff',
	supervisor: 'Supervisor',
	coordinator: 'Coordinator',
	steering: 'Steering group',
	editor: 'Content editor'
} as const;

export const roleHints = {
	volunteer: 'Independent Parental Supporter: induction, quizzes, policy and supervision',
	staff: 'As a volunteer, plus casework',
	supervisor: 'Records supervision, observations and reviews for their supervisees',
	coordinator: 'Runs the service: people, policies, courses and evidence',
	steering: 'Steering or advisory group member: IPS course place and aggregate reports only',
	editor: 'Writes and publishes modules, quizzes, policies and courses, without the rest of a coordinator’s powers'
} as const;

export const statusTags = {
	invited: { label: 'Invited', colour: 'blue' },
	active: { label: 'Active', colour: 'green' },
	deactivated: { label: 'Deactivated', colour: 'grey' }
} as const;
