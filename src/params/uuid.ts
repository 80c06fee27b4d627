import type { ParamMatcher } from '@sveltejs/kit';
import { isUuid } from '$lib/uuid';

export const match = ((param: string) => isUuid(param)) satisfies ParamMatcher;
