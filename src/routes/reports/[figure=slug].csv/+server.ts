import { db } from '$lib/server/app';
import { error } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guard';
import { csvDownload } from '$lib/server/csv';
import { figureRows } from '$lib/server/reports';
import { periodFrom, reportFor } from '$lib/server/reports/route';
import type { RequestHandler } from './$types';

/** One figure, or every figure ("all"), as CSV: the same numbers as the page, withheld counts included as "fewer than 5". */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	requirePermission(locals, url, 'reports.view');
	const { period, errors } = periodFrom(url);
	if (!period) error(400, Object.values(errors ?? {})[0] ?? 'Choose a period');
	const figures = (await reportFor(db(), period)).sections.flatMap((s) => s.figures);
	const chosen = params.figure === 'all' ? figures : figures.filter((f) => f.id === params.figure);
	if (!chosen.length) error(404, 'Page not found');
	const rows = chosen.flatMap((f, i) => [...(i ? [[]] : []), ...figureRows(f)]);
	return csvDownload(`${params.figure}-${period.from}-to-${period.to}.csv`, [
		[`Period ${period.from} to ${period.to}`],
		[],
		...rows
	]);
};
