// What the comment pages share: where in the list of comments the address points (the period, the
// filters and the page), so that a comment's own page goes back to the same place.
import { z } from 'zod';
import { pageNumber, schemaFromContent } from '../forms';
import { periodFrom } from '../reports/route';

/** The list's own filters: a theme from service.yml, or the chosen quotes only. */
const filterSchema = schemaFromContent((themes: string[]) =>
	z.object({
		theme: z
			.enum(themes as [string, ...string[]])
			.optional()
			.catch(undefined),
		quotes: z.literal('yes').optional().catch(undefined)
	})
);

/** The period, filters and page of the comment list the address names, and the query that names them again. */
export function commentListFrom(url: URL, themes: string[]) {
	const { period, values, errors } = periodFrom(url);
	const parsed = filterSchema(themes).parse({
		theme: url.searchParams.get('theme') ?? undefined,
		quotes: url.searchParams.get('quotes') ?? undefined
	});
	const filter = { theme: parsed.theme, quotes: parsed.quotes === 'yes' };
	const page = pageNumber(url);
	const query = new URLSearchParams({
		from: values.from,
		to: values.to,
		...(filter.theme ? { theme: filter.theme } : {}),
		...(filter.quotes ? { quotes: 'yes' } : {}),
		page: String(page)
	}).toString();
	return { period, values, errors, filter, page, query };
}
