import type { ParamMatcher } from '@sveltejs/kit';

// A feedback link's code, as printed on a leaflet: eight letters and digits that are hard to
// misread (no i, l, o, 0 or 1). Kept the same as linkCodePattern in $lib/server/feedback.
export const match = ((param: string) => /^[a-hjkmnp-z2-9]{8}$/.test(param)) satisfies ParamMatcher;
