import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { requirePermission } from '$lib/server/auth/guard';
import { answerLivePreview } from './live-preview';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) => answerLivePreview(db(), event);

// The preview is posted by the editor's script; someone who opens its address goes to the editor.
export const GET: RequestHandler = ({ locals, url, params }) => {
	requirePermission(locals, url, 'content.edit');
	redirect(303, `/content/${params.kind}/${params.slug}`);
};
