import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { clientAddress } from '$lib/server/address';
import { requirePermission } from '$lib/server/auth/guard';
import { content } from '$lib/server/content';
import { pageNumber, parseForm, rejectForm, type FieldErrors } from '$lib/server/forms';
import { checkImage, imageMarkdown, imageNamePattern, imageSchema, largestImageBytes, listImages, storeImage } from '$lib/server/files';
import {
	checkLogoImage,
	largestLogoBytes,
	latestLogoChoice,
	logoCandidates,
	logoOf,
	logoSchema,
	logoTypes,
	setServiceLogo
} from '$lib/server/files/logo';
import type { Actions, PageServerLoad } from './$types';

const pageSize = 24;

const logoMessages: Record<string, string> = {
	set: 'The logo is now in the header of every page.',
	removed: 'The logo chosen here is removed.'
};

export const load: PageServerLoad = async ({ locals, url }) => {
	requirePermission(locals, url, 'content.edit');
	const page = pageNumber(url, 1000);
	const [{ rows, total }, candidates, choice] = await Promise.all([
		listImages(db(), { limit: pageSize, offset: (page - 1) * pageSize }),
		logoCandidates(db()),
		latestLogoChoice(db())
	]);
	const added = url.searchParams.get('added') ?? '';
	// The image just added, read back from the list by its name: nothing from the address is shown.
	const just = imageNamePattern.test(added) ? rows.find((r) => r.name === added) : undefined;
	const { service } = content();
	return {
		images: rows.map((r) => ({ ...r, markdown: imageMarkdown(r.description, r.path) })),
		total,
		page,
		pageSize,
		added: just ? { path: just.path, description: just.description, markdown: imageMarkdown(just.description, just.path) } : null,
		largestKb: largestImageBytes / 1024,
		logo: {
			shown: logoOf(service),
			chosenHere: !!service.logo?.text,
			setBy: service.logo?.text && choice?.fileName ? { name: choice.setByName, at: choice.setAt } : null,
			// The form starts from the logo in use, so changing only what it says is one step.
			current: choice?.fileName
				? {
						image: choice.fileName,
						spells: choice.altText === null ? 'name' : 'description',
						logoDescription: choice.altText ?? ''
					}
				: null,
			candidates: candidates.map((c) => ({
				value: c.name,
				label: `${c.description}${c.originalName ? ` (${c.originalName})` : ''}`
			})),
			largestKb: largestLogoBytes / 1024,
			done: logoMessages[url.searchParams.get('logo') ?? ''] ?? null
		}
	};
};

export const actions: Actions = {
	upload: async ({ locals, url, request }) => {
		const person = requirePermission(locals, url, 'content.edit');
		const formData = await request.formData();
		const form = parseForm(imageSchema, formData);
		const file = formData.get('file');
		const image = await checkImage(file);
		const errors = { ...(form.ok ? {} : form.errors), ...(image.ok ? {} : { [image.field]: image.message }) };
		if (!form.ok || !image.ok) return rejectForm(form.values, errors);
		const stored = await storeImage(db(), person, image, form.data.description, file instanceof File ? file.name : '');
		redirect(303, `/content/files?added=${stored.name}`);
	},
	logo: async (event) => {
		const person = requirePermission(event.locals, event.url, 'content.edit');
		const formData = await event.request.formData();
		const form = parseForm(logoSchema, formData);
		const values = { ...form.values };
		const errors: FieldErrors = form.ok ? {} : { ...form.errors };
		const file = formData.get('logoFile');
		let chosen = form.ok ? form.data.image : '';
		if (file instanceof File && (file.size > 0 || file.name)) {
			// An upload is checked as any image, then as a logo; kept even when the rest of the form is
			// refused, so the person need not choose the file again: it comes back chosen in the list.
			const image = await checkImage(file);
			if (!image.ok) errors.logoFile = image.message;
			else if (!(logoTypes as readonly string[]).includes(image.contentType))
				errors.logoFile = 'The logo must be a PNG or an SVG';
			else if (image.bytes.length > largestLogoBytes)
				errors.logoFile = `The logo must be smaller than ${largestLogoBytes / 1024} KB`;
			else {
				const description =
					form.ok && form.data.spells === 'description'
						? form.data.logoDescription.trim()
						: `Logo of ${content().service.name}`;
				chosen = (await storeImage(db(), person, image, description, file.name)).name;
				values.image = chosen;
			}
		} else if (!chosen && !errors.image) errors.image = 'Upload a logo, or choose an image already added';
		if (chosen && !errors.image) {
			const usable = await checkLogoImage(db(), chosen);
			if (!usable.ok) errors[usable.field] = usable.message;
		}
		if (!form.ok || Object.keys(errors).length) return rejectForm(values, errors);
		await setServiceLogo(db(), {
			choice: {
				fileName: chosen,
				altText: form.data.spells === 'description' ? form.data.logoDescription.trim() : null
			},
			actorId: person.id,
			address: clientAddress(event)
		});
		redirect(303, '/content/files?logo=set#logo');
	},
	removeLogo: async (event) => {
		const person = requirePermission(event.locals, event.url, 'content.edit');
		const choice = await latestLogoChoice(db());
		if (!choice?.fileName) return rejectForm({}, { form: 'No logo has been chosen here, so there is none to remove.' });
		await setServiceLogo(db(), { choice: null, actorId: person.id, address: clientAddress(event) });
		redirect(303, '/content/files?logo=removed#logo');
	}
};
