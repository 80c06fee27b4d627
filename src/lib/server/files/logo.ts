// The service's logo chosen in the browser from the uploaded images: it stands in for the logo
// service.yml names until it is removed. A choice is a content publication, so every instance
// serves it from its next request, as it does a published module.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema';
import type { Content } from '../content';
import type { ServiceConfig } from '../content/service';
import { recordAudit } from '../audit';
import { textField } from '../forms';
import { imageNamePattern } from './index';

type Db = Kysely<DB>;

/** A logo is fetched with every page: it is kept small. */
export const largestLogoBytes = 100 * 1024;

/** The types a logo may be: the header shows any image, but a certificate's PDF draws only these. */
export const logoTypes = ['image/png', 'image/svg+xml'] as const;

export const logoSchema = z
	.object({
		image: z.string().trim().max(80).optional().default(''),
		spells: z.enum(['name', 'description'], { error: 'Choose what the logo says' }),
		logoDescription: z.string().optional().default('')
	})
	.superRefine((form, ctx) => {
		if (form.image && !imageNamePattern.test(form.image))
			ctx.addIssue({ code: 'custom', path: ['image'], message: 'Choose an image from the list' });
		if (form.spells !== 'description') return;
		const description = textField('What the logo shows', 250)
			.min(3, 'Say what the logo shows, for people who cannot see it (at least 3 characters)')
			.safeParse(form.logoDescription);
		if (!description.success)
			ctx.addIssue({ code: 'custom', path: ['logoDescription'], message: description.error.issues[0]!.message });
	});

export interface LogoChoice {
	fileName: string;
	/** Null when the logo spells the service's name, which is then its text. */
	altText: string | null;
}

export type LogoRefusal = { ok: false; field: 'image'; message: string };

/** Whether an uploaded image can be the logo: a PNG or an SVG, small enough to send with every page. */
export async function checkLogoImage(db: Db, fileName: string): Promise<{ ok: true } | LogoRefusal> {
	const image = await db
		.selectFrom('contentFile')
		.select(['contentType', 'size'])
		.where('name', '=', fileName)
		.executeTakeFirst();
	if (!image) return { ok: false, field: 'image', message: 'Choose an image from the list' };
	if (!(logoTypes as readonly string[]).includes(image.contentType))
		return { ok: false, field: 'image', message: 'The logo must be a PNG or an SVG: choose another image' };
	if (image.size > largestLogoBytes)
		return {
			ok: false,
			field: 'image',
			message: `The logo must be smaller than ${largestLogoBytes / 1024} KB: choose a smaller image`
		};
	return { ok: true };
}

/**
 * Makes an uploaded image the service's logo, or (with null) puts back the logo service.yml names.
 * The change is a publication of its own, so every instance takes it up.
 */
export async function setServiceLogo(
	db: Db,
	input: { choice: LogoChoice | null; actorId: string; address?: string | null }
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const { id: publicationId } = await trx
			.insertInto('contentPublication')
			.values({ publishedBy: input.actorId })
			.returning('id')
			.executeTakeFirstOrThrow();
		const { id } = await trx
			.insertInto('serviceLogo')
			.values({
				fileName: input.choice?.fileName ?? null,
				altText: input.choice?.altText ?? null,
				setBy: input.actorId,
				publicationId
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			actorId: input.actorId,
			action: input.choice ? 'content.logo-set' : 'content.logo-removed',
			recordType: 'service-logo',
			recordId: String(id),
			detail: input.choice
				? { file: input.choice.fileName, text: input.choice.altText ?? 'the service name', publication: publicationId }
				: { publication: publicationId },
			address: input.address
		});
	});
}

/** The newest choice of logo: who made it and when, and the image (none: service.yml's logo is back). */
export async function latestLogoChoice(db: Db) {
	return db
		.selectFrom('serviceLogo as l')
		.leftJoin('person as p', 'p.id', 'l.setBy')
		.select(['l.fileName', 'l.altText', 'l.setAt', 'p.name as setByName'])
		.orderBy('l.id', 'desc')
		.limit(1)
		.executeTakeFirst();
}

/** The logo chosen in the browser and in use, with its bytes; undefined when none is. */
async function chosenLogo(db: Db) {
	const row = await db
		.selectFrom('serviceLogo as l')
		.innerJoin('contentFile as f', 'f.name', 'l.fileName')
		.select(['f.name', 'l.altText', 'f.contentType', 'f.bytes'])
		.where('l.id', '=', (eb) => eb.selectFrom('serviceLogo').select((e) => e.fn.max('id').as('latest')))
		.executeTakeFirst();
	return row;
}

/** The content with the logo chosen in the browser in place of the one service.yml names, if one is. */
export async function withChosenLogo<C extends Pick<Content, 'service'>>(db: Db, content: C): Promise<C> {
	const chosen = await chosenLogo(db);
	if (!chosen) return content;
	const logo: ServiceConfig['logo'] = {
		file: chosen.name,
		contentType: chosen.contentType,
		body: Buffer.from(chosen.bytes),
		text: chosen.altText === null ? { spellsName: true } : { spellsName: false, description: chosen.altText }
	};
	return { ...content, service: { ...content.service, logo } };
}

/** PNG and SVG images small enough to be the logo, newest first, for choosing one. */
export async function logoCandidates(db: Db, limit = 50) {
	return db
		.selectFrom('contentFile')
		.select(['name', 'description', 'originalName', 'contentType'])
		.where('contentType', 'in', [...logoTypes])
		.where('size', '<=', largestLogoBytes)
		.orderBy('uploadedAt', 'desc')
		.orderBy('name')
		.limit(limit)
		.execute();
}

/**
 * What the header shows of the logo. A chosen logo's address names its version, so a browser
 * holding the last one fetches the new one at once rather than when its copy expires.
 */
export function logoOf(service: Pick<ServiceConfig, 'logo'>) {
	const logo = service.logo;
	if (!logo) return null;
	return {
		src: logo.text ? `/brand/logo?v=${logo.file.slice(0, 16)}` : '/brand/logo',
		spellsName: logo.text?.spellsName ?? false,
		// The shipped logo sits beside the service's name and says nothing more.
		alt: logo.text && !logo.text.spellsName ? logo.text.description : ''
	};
}
