import type { ParamMatcher } from '@sveltejs/kit';

// Link tokens are 32 random bytes in base64url.
export const match = ((param: string) => /^[A-Za-z0-9_-]{43}$/.test(param)) satisfies ParamMatcher;
