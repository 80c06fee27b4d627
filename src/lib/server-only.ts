// Page data that stays on the server. SvelteKit serialises every page's data for the browser even
// when the page is served as plain HTML with no script (csr = false), and for a long module or a
// page of people that serialising costs more than rendering the page. Data wrapped in serverOnly()
// renders exactly as before on the server, while the transport hook in src/hooks.ts writes a
// placeholder in its place. Only pages with csr = false may use it: a browser that tried to
// hydrate such a page would meet the placeholder and fail loudly.
class ServerOnlyObject {}
class ServerOnlyArray<T> extends Array<T> {}

/** Marks a page's data (an object or an array) as needed only for the server-side render. */
export function serverOnly<T extends object>(value: T): T {
	if (Array.isArray(value)) return Object.setPrototypeOf([...value], ServerOnlyArray.prototype) as T;
	return Object.assign(Object.create(ServerOnlyObject.prototype) as object, value) as T;
}

export function isServerOnly(value: unknown): boolean {
	return value instanceof ServerOnlyObject || value instanceof ServerOnlyArray;
}
