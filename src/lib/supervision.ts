// Supervision words shared by the server and the pages.
import type { InductionStatus } from './module-status';
export type RecordStatus = 'draft' | 'shared' | 'locked';
export type RecordKind = 'supervision' | 'observation' | 'review' | 'sample';

export const recordStatusLabels: Record<RecordStatus, { label: string; colour: string }> = {
	draft: { label: 'Draft', colour: 'grey' },
	shared: { label: 'Waiting for sign-off', colour: 'yellow' },
	locked: { label: 'Signed off', colour: 'green' }
};

export const recordKindLabels: Record<RecordKind, string> = {
	supervision: 'Supervision session',
	observation: 'Observation of practice',
	review: 'Performance review',
	sample: 'Casework sample'
};

export const sessionFormats = { 'one-to-one': 'One-to-one', group: 'Group' } as const;
export const observationSettings = {
	phone: 'Phone call',
	meeting: 'Meeting',
	'drop-in': 'Drop-in',
	'home-visit': 'Home visit',
	online: 'Online'
} as const;
export const gradeLabels = {
	good: 'Good',
	'requires-improvement': 'Requires improvement',
	inadequate: 'Inadequate',
	'not-applicable': 'Not applicable'
} as const;
export const gradeColours: Record<keyof typeof gradeLabels, string> = {
	good: 'green',
	'requires-improvement': 'yellow',
	inadequate: 'red',
	'not-applicable': 'grey'
};

/** The generated part of a performance review: what is on record since the last review. */
export interface ReviewSummary {
	since: string;
	until: string;
	induction: { stage: InductionStatus; completedSince: number };
	quizzes: { slug: string; attempts: number; passed: number; best: number | null }[];
	acknowledgements: { slug: string; version: number; at: string }[];
	supervision: { held: number; expected: number | null; intervalDays: number | null };
	observations: { count: number; good: number; requiresImprovement: number; inadequate: number };
	casework: { cases: number; good: number; requiresImprovement: number; inadequate: number; conflicts: number };
	declarations: { current: number; lastReturn: string | null };
}
