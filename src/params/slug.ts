import type { ParamMatcher } from '@sveltejs/kit';

export const match = ((param: string) =>
	/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(param) && param.length <= 80) satisfies ParamMatcher;
