// Links between pages of a list keep the list's filters and change only the page number.

/**
 * The query string for page `page` of a list filtered by `filters` (empty filters are left out).
 * A page holding two lists names each one's page by its own `key`.
 */
export function pageQuery(filters: Record<string, unknown>, page: number, key = 'page'): string {
	const params = new URLSearchParams();
	for (const [name, value] of Object.entries(filters)) {
		if (name !== key && value !== undefined && value !== null && value !== '') params.set(name, String(value));
	}
	params.set(key, String(page));
	return `?${params}`;
}
