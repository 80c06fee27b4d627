// Links between pages of a list keep the list's filters and change only the page number.

/** The query string for page `page` of a list filtered by `filters` (empty filters are left out). */
export function pageQuery(filters: Record<string, unknown>, page: number): string {
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries(filters)) {
		if (key !== 'page' && value !== undefined && value !== null && value !== '') params.set(key, String(value));
	}
	params.set('page', String(page));
	return `?${params}`;
}
