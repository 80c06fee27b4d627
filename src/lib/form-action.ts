// Where a form with no named action sends itself: this page's own address, without the #fragment
// it may have gained when someone followed an error summary link. A form with no action attribute
// posts to the address as shown, fragment and all, and the browser carries that fragment on through
// the redirect after a save, so the next page would open scrolled to a field of the last one.
import { page } from '$app/state';

/** This page's address for a form's action: its path and query, never its fragment. */
export function formAction(withQuery = true): string {
	return page.url.pathname + (withQuery ? page.url.search : '');
}
