import type { ParamMatcher } from '@sveltejs/kit';
import { editableKinds } from '$lib/content-kinds';

export const match = ((param: string): param is (typeof editableKinds)[number] =>
	(editableKinds as readonly string[]).includes(param)) satisfies ParamMatcher;
