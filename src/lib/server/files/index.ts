// Images for modules and other content, uploaded in the browser: PNG, JPEG or SVG, checked by
// their bytes rather than by the name or type the browser gave, an SVG stripped to drawing
// elements (no script, no styles, no links out), and kept in the database under the hash of what
// was stored, so a name never changes what it shows and a page can be cached for good.
import { createHash } from 'node:crypto';
import sanitizeHtml from 'sanitize-html';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema';
import type { SessionPerson } from '../auth/sessions';
import { recordAudit } from '../audit';
import { textField } from '../forms';

type Db = Kysely<DB>;

/** Below the server's default body size limit (512 KB), so an upload never fails for being sent. */
export const largestImageBytes = 400 * 1024;

export type ImageType = 'image/png' | 'image/jpeg' | 'image/svg+xml';

const extensions: Record<ImageType, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/svg+xml': 'svg' };

/** A stored image's address: its hash and the extension of its type. */
export const imageNamePattern = /^[a-f0-9]{64}\.(png|jpg|svg)$/;

export interface CheckedImage {
	bytes: Buffer;
	contentType: ImageType;
	name: string;
}

export type Checked = ({ ok: true } & CheckedImage) | { ok: false; message: string; field: 'file' | 'description' };

const refuse = (message: string, field: 'file' | 'description' = 'file') => ({ ok: false, message, field }) as const;

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// What an SVG may keep: shapes, paths, text, gradients and groups, with their geometry and
// paint. Everything else goes, with its content: scripts, styles, foreign objects, images, links,
// animation, and every attribute not listed (event handlers among them).
const svgTags = [
	'svg',
	'g',
	'path',
	'rect',
	'circle',
	'ellipse',
	'line',
	'polyline',
	'polygon',
	'text',
	'tspan',
	'title',
	'desc',
	'defs',
	'lineargradient',
	'radialgradient',
	'stop',
	'clippath'
];
const svgAttributes = [
	'viewbox',
	'width',
	'height',
	'x',
	'y',
	'x1',
	'y1',
	'x2',
	'y2',
	'cx',
	'cy',
	'r',
	'rx',
	'ry',
	'd',
	'points',
	'fill',
	'fill-opacity',
	'fill-rule',
	'stroke',
	'stroke-width',
	'stroke-opacity',
	'stroke-linecap',
	'stroke-linejoin',
	'stroke-dasharray',
	'opacity',
	'transform',
	'offset',
	'stop-color',
	'stop-opacity',
	'gradientunits',
	'gradienttransform',
	'font-size',
	'font-weight',
	'font-family',
	'text-anchor',
	'id',
	'clip-path',
	'clippathunits',
	'preserveaspectratio',
	'xmlns',
	'role',
	'aria-label',
	'dominant-baseline'
];
// Attribute names and tags come out in lower case; these are the ones SVG spells otherwise.
const svgCase: Record<string, string> = {
	viewbox: 'viewBox',
	lineargradient: 'linearGradient',
	radialgradient: 'radialGradient',
	clippath: 'clipPath',
	gradientunits: 'gradientUnits',
	gradienttransform: 'gradientTransform',
	clippathunits: 'clipPathUnits',
	preserveaspectratio: 'preserveAspectRatio'
};

/** A paint or clip that points anywhere but inside the drawing itself (url(#id)) is dropped. */
const outsideReference = /url\s*\(\s*(?!['"]?#)/i;

/**
 * The SVG with everything but drawing taken out, or null when there is no drawing left: no
 * `<svg>` root, or only what was removed.
 */
export function cleanSvg(text: string): string | null {
	if (!/<svg[\s>]/i.test(text)) return null;
	const cleaned = sanitizeHtml(text, {
		allowedTags: svgTags,
		allowedAttributes: Object.fromEntries(svgTags.map((t) => [t, svgAttributes])),
		allowedSchemes: [],
		nonTextTags: ['script', 'style', 'foreignobject', 'textarea', 'noscript', 'iframe', 'object', 'embed'],
		parser: { xmlMode: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
		exclusiveFilter: (frame) => Object.values(frame.attribs).some((v) => outsideReference.test(v))
	})
		.replace(/<(\/?)([a-z]+)/g, (_, slash: string, tag: string) => `<${slash}${svgCase[tag] ?? tag}`)
		.replace(/\s([a-z-]+)=/g, (_, name: string) => ` ${svgCase[name] ?? name}=`)
		// An attribute left empty comes out bare (`aria-label`), which XML does not allow.
		.replace(/<[a-zA-Z]+(?:\s+[a-zA-Z-]+(?:="[^"]*")?)*\s*\/?>/g, (tag) =>
			tag.replace(/\s([a-zA-Z-]+)(?=[\s/>])(?!=)/g, ' $1=""')
		)
		.trim();
	if (!/^<svg[\s>]/.test(cleaned) || !/<(path|rect|circle|ellipse|line|polyline|polygon|text)[\s>/]/.test(cleaned))
		return null;
	return cleaned.includes('xmlns=') ? cleaned : cleaned.replace(/^<svg/, '<svg xmlns="http://www.w3.org/2000/svg"');
}

/** An uploaded file checked to be a PNG, a JPEG or a drawing in SVG, and not too large. */
export async function checkImage(file: FormDataEntryValue | null): Promise<Checked> {
	if (!file || typeof file === 'string' || (file.size === 0 && !file.name)) return refuse('Choose an image to upload');
	if (file.size === 0) return refuse('The selected file is empty');
	if (file.size > largestImageBytes)
		return refuse(`The selected file must be smaller than ${largestImageBytes / 1024} KB`);
	const bytes = Buffer.from(await file.arrayBuffer());
	let contentType: ImageType;
	let stored = bytes;
	if (bytes.subarray(0, 8).equals(pngSignature)) contentType = 'image/png';
	else if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) contentType = 'image/jpeg';
	else {
		const text = bytes.toString('utf8');
		if (!/^\uFEFF?\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?<svg[\s>]/i.test(text))
			return refuse('The selected file must be a PNG, a JPEG or an SVG');
		const svg = cleanSvg(text);
		if (!svg) return refuse('The selected SVG has no drawing in it that the service can show');
		contentType = 'image/svg+xml';
		stored = Buffer.from(svg, 'utf8');
	}
	const hash = createHash('sha256').update(stored).digest('hex');
	return { ok: true, bytes: stored, contentType, name: `${hash}.${extensions[contentType]}` };
}

export const imageSchema = z.object({
	description: textField('The description', 250).min(
		3,
		'Describe what the image shows, for people who cannot see it (at least 3 characters)'
	)
});

/** Keeps an image (once: the same image uploaded again is the same file) and notes who added it. */
export async function storeImage(
	db: Db,
	actor: SessionPerson,
	image: CheckedImage,
	description: string,
	originalName: string
): Promise<{ name: string; path: string }> {
	return db.transaction().execute(async (trx) => {
		const added = await trx
			.insertInto('contentFile')
			.values({
				name: image.name,
				contentType: image.contentType,
				bytes: image.bytes,
				size: image.bytes.length,
				description,
				originalName: originalName.replace(/[\p{Cc}\p{Cf}]/gu, '').slice(0, 120),
				uploadedBy: actor.id
			})
			.onConflict((oc) => oc.column('name').doNothing())
			.returning('name')
			.executeTakeFirst();
		await recordAudit(trx, {
			actorId: actor.id,
			action: added ? 'content.image-uploaded' : 'content.image-uploaded-again',
			recordType: 'content-file',
			recordId: image.name,
			detail: { type: image.contentType, bytes: image.bytes.length }
		});
		return { name: image.name, path: `/files/${image.name}` };
	});
}

/** The images uploaded, newest first, a page at a time, without their bytes. */
export async function listImages(db: Db, page: { limit: number; offset: number }) {
	const [rows, total] = await Promise.all([
		db
			.selectFrom('contentFile as f')
			.leftJoin('person as p', 'p.id', 'f.uploadedBy')
			.select([
				'f.name',
				'f.contentType',
				'f.size',
				'f.description',
				'f.originalName',
				'f.uploadedAt',
				'p.name as uploadedByName'
			])
			.orderBy('f.uploadedAt', 'desc')
			.orderBy('f.name')
			.limit(page.limit)
			.offset(page.offset)
			.execute(),
		db
			.selectFrom('contentFile')
			.select((eb) => eb.fn.countAll<string>().as('n'))
			.executeTakeFirstOrThrow()
	]);
	return { rows: rows.map((r) => ({ ...r, path: `/files/${r.name}` })), total: Number(total.n) };
}

/** One image's bytes and type, by its name. */
export async function imageByName(db: Db, name: string) {
	if (!imageNamePattern.test(name)) return undefined;
	return db.selectFrom('contentFile').select(['bytes', 'contentType']).where('name', '=', name).executeTakeFirst();
}

/** The Markdown that shows an image in a module: its description as the alternative text. */
export function imageMarkdown(description: string, path: string): string {
	return `![${description.replace(/[[\]\\]/g, '').replace(/\s+/g, ' ')}](${path})`;
}
