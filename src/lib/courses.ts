// Course words shared by the server (the record export) and the pages.

export const placeStatusLabels: Record<string, { label: string; colour: string }> = {
	booked: { label: 'Booked', colour: 'green' },
	pending: { label: 'Waiting for approval', colour: 'blue' },
	waitlisted: { label: 'On the waitlist', colour: 'yellow' },
	declined: { label: 'Declined', colour: 'red' },
	cancelled: { label: 'Cancelled', colour: 'grey' },
	removed: { label: 'Removed', colour: 'red' },
	moved: { label: 'Moved to another cohort', colour: 'grey' }
};

/** How a person's attendance at one session is marked, in the order the register offers them. */
export const attendanceLabels = { attended: 'Attended', partly: 'Partly attended', absent: 'Absent' } as const;
