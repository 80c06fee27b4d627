import type { ParamMatcher } from '@sveltejs/kit';

/** The kinds of supervision record written through a form: a casework sample starts with a draw instead. */
export const match = ((param: string) =>
	param === 'supervision' || param === 'observation' || param === 'review') satisfies ParamMatcher;
