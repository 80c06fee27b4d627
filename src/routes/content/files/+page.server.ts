import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { requirePermission } from '$lib/server/auth/guard';
import { pageNumber, parseForm, rejectForm } from '$lib/server/forms';
import { checkImage, imageMarkdown, imageNamePattern, imageSchema, largestImageBytes, listImages, storeImage } from '$lib/server/files';
import type { Actions, PageServerLoad } from './$types';

const pageSize = 24;

export const load: PageServerLoad = async ({ locals, url }) => {
	requirePermission(locals, url, 'content.edit');
	const page = pageNumber(url, 1000);
	const { rows, total } = await listImages(db(), { limit: pageSize, offset: (page - 1) * pageSize });
	const added = url.searchParams.get('added') ?? '';
	// The image just added, read back from the list by its name: nothing from the address is shown.
	const just = imageNamePattern.test(added) ? rows.find((r) => r.name === added) : undefined;
	return {
		images: rows.map((r) => ({ ...r, markdown: imageMarkdown(r.description, r.path) })),
		total,
		page,
		pageSize,
		added: just ? { path: just.path, description: just.description, markdown: imageMarkdown(just.description, just.path) } : null,
		largestKb: largestImageBytes / 1024
	};
};

export const actions: Actions = {
	default: async ({ locals, url, request }) => {
		const person = requirePermission(locals, url, 'content.edit');
		const formData = await request.formData();
		const form = parseForm(imageSchema, formData);
		const file = formData.get('file');
		const image = await checkImage(file);
		const errors = { ...(form.ok ? {} : form.errors), ...(image.ok ? {} : { [image.field]: image.message }) };
		if (!form.ok || !image.ok) return rejectForm(form.values, errors);
		const stored = await storeImage(db(), person, image, form.data.description, file instanceof File ? file.name : '');
		redirect(303, `/content/files?added=${stored.name}`);
	}
};
