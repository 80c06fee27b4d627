import { error } from '@sveltejs/kit';
import { db, publicOrigin } from '$lib/server/app';
import { requirePermission } from '$lib/server/auth/guard';
import { linkById } from '$lib/server/feedback';
import { qrPng } from '$lib/server/feedback/qr';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url, params }) => {
	requirePermission(locals, url, 'feedback.links');
	const link = await linkById(db(), params.id);
	if (!link) error(404, 'There is no such feedback link');
	const body = await qrPng(`${publicOrigin()}/feedback/${link.code}`);
	return new Response(body as unknown as BodyInit, {
		headers: {
			'Content-Type': 'image/png',
			'Content-Disposition': `attachment; filename="feedback-${link.code}.png"`,
			'Cache-Control': 'private, no-store'
		}
	});
};
