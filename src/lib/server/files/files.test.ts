// Images uploaded for content: only real PNG, JPEG and SVG drawings are taken, an SVG keeps its
// drawing and loses everything that could run or reach out, and the same image is kept once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/testing';
import type { SessionPerson } from '../auth/sessions';
import { renderMarkdown } from '../content/markdown';
import { checkImage, cleanSvg, imageByName, imageMarkdown, largestImageBytes, listImages, storeImage } from './index';

const png = Buffer.concat([
	Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
	Buffer.from('IHDR rest of a picture')
]);
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF rest of a picture')]);
const file = (bytes: Buffer | string, name = 'picture') =>
	new File([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], name);

const hostile = `<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)">
	<script>alert(2)</script>
	<style>rect { fill: url(https://tracker.example/x) }</style>
	<foreignObject><div>form</div></foreignObject>
	<a href="https://elsewhere.example"><text x="1" y="5">Click</text></a>
	<image href="https://tracker.example/pixel.png" />
	<use href="https://elsewhere.example/sprite.svg#x" />
	<rect x="1" y="1" width="8" height="8" fill="url(https://tracker.example/paint)" />
	<circle cx="5" cy="5" r="3" fill="#1d70b8" onclick="steal()" />
	<linearGradient id="g"><stop offset="0" stop-color="#fff" /></linearGradient>
	<path d="M0 0L10 10" stroke="url(#g)" />
</svg>`;

describe('checking an uploaded image', () => {
	it('takes a PNG and a JPEG by their first bytes, whatever they are called', async () => {
		const a = await checkImage(file(png, 'notes.txt'));
		expect(a).toMatchObject({ ok: true, contentType: 'image/png' });
		if (a.ok) expect(a.name).toMatch(/^[a-f0-9]{64}\.png$/);
		expect(await checkImage(file(jpeg, 'photo.png'))).toMatchObject({ ok: true, contentType: 'image/jpeg' });
	});

	it('keeps an SVG drawing and takes out scripts, styles, links, handlers and anything fetched from elsewhere', () => {
		const cleaned = cleanSvg(hostile)!;
		expect(cleaned).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 10 10">/);
		for (const gone of [
			'script',
			'alert',
			'style',
			'foreignObject',
			'form',
			'href',
			'elsewhere',
			'tracker',
			'onclick',
			'onload',
			'<a',
			'<image',
			'<use'
		])
			expect(cleaned, gone).not.toContain(gone);
		expect(cleaned).toContain('<circle cx="5" cy="5" r="3" fill="#1d70b8"');
		expect(cleaned).toContain('<path d="M0 0L10 10" stroke="url(#g)"');
		expect(cleaned).toContain('<linearGradient id="g">');
	});

	it('refuses what is not an image, an SVG with nothing left to draw, and files empty or too large', async () => {
		expect(await checkImage(file('%PDF-1.7 not a picture'))).toMatchObject({
			ok: false,
			field: 'file',
			message: 'The selected file must be a PNG, a JPEG or an SVG'
		});
		expect(await checkImage(file('<html><body><svg><rect/></svg></body></html>'))).toMatchObject({ ok: false });
		expect(await checkImage(file('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toEqual({
			ok: false,
			field: 'file',
			message: 'The selected SVG has no drawing in it that the service can show'
		});
		expect(await checkImage(null)).toMatchObject({ ok: false, message: 'Choose an image to upload' });
		expect(await checkImage(file(Buffer.alloc(0), 'empty.png'))).toMatchObject({
			message: 'The selected file is empty'
		});
		expect(await checkImage(file(Buffer.concat([png, Buffer.alloc(largestImageBytes)])))).toMatchObject({
			message: 'The selected file must be smaller than 400 KB'
		});
	});

	it('gives an attribute left empty a value, as XML requires', () => {
		expect(cleanSvg('<svg viewBox="0 0 1 1" aria-label=""><rect width="1" height="1"/></svg>')).toContain(
			'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1" aria-label="">'
		);
	});

	it('shows in a module only an image of the service, with its description; any other is a problem on its line', () => {
		const name = `${'a'.repeat(64)}.png`;
		const body = [
			'Intro.',
			'',
			`![The three roles at a meeting](/files/${name})`,
			'',
			'![](/files/' + name + ')',
			'',
			'![A tracker](https://tracker.example/pixel.png)',
			'',
			'<img src="https://tracker.example/raw.png" alt="raw">'
		].join('\n');
		const rendered = renderMarkdown(body, 'content/modules/01-x.md', 10);
		expect(rendered.html).toContain(
			`<img class="app-content-image" src="/files/${name}" alt="The three roles at a meeting" />`
		);
		expect(rendered.html.match(/<img/g)).toHaveLength(1);
		expect(rendered.html).not.toContain('tracker');
		expect(rendered.html).not.toContain('<p class="govuk-body"></p>');
		expect(rendered.problems.map((p) => `${p.line}: ${p.message}`)).toEqual([
			`14: image /files/${name}: say what it shows for people who cannot see it, as ![what it shows](/files/${name})`,
			'16: image https://tracker.example/pixel.png: use an image added to the service under Images, whose address starts /files/',
			'18: raw HTML <img src="https://tracker.example/raw.pn would be removed by sanitising: write it in Markdown'
		]);
	});

	it('writes the Markdown line with the description as its alternative text', () => {
		expect(imageMarkdown('The three roles [at a meeting]\nand more', '/files/abc.png')).toBe(
			'![The three roles at a meeting and more](/files/abc.png)'
		);
	});
});

describe.each(testDatabaseKinds)('keeping uploaded images on %s', (kind) => {
	let test: TestDatabase;
	let coordinator: SessionPerson;

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		coordinator = await test.db
			.insertInto('person')
			.values({ email: 'cora@example.org', name: 'Cora', roles: ['coordinator'], status: 'active' })
			.returning(['id', 'name', 'email', 'roles', 'supervisorId'])
			.executeTakeFirstOrThrow();
	});
	afterAll(() => test?.close());

	it('keeps an image once under the hash of its bytes, with its description, and audits each upload', async () => {
		const checked = await checkImage(file(hostile, 'roles.svg'));
		if (!checked.ok) throw new Error(checked.message);
		const first = await storeImage(test.db, coordinator, checked, 'Diagram of the three roles', 'roles.svg');
		const again = await storeImage(test.db, coordinator, checked, 'Another description', 'copy.svg');
		expect(again).toEqual(first);
		expect(first.path).toBe(`/files/${checked.name}`);
		const stored = await imageByName(test.db, checked.name);
		expect(stored?.contentType).toBe('image/svg+xml');
		expect(Buffer.from(stored!.bytes).toString('utf8')).not.toContain('script');
		const { rows, total } = await listImages(test.db, { limit: 10, offset: 0 });
		expect(total).toBe(1);
		expect(rows[0]).toMatchObject({
			description: 'Diagram of the three roles',
			originalName: 'roles.svg',
			uploadedByName: 'Cora'
		});
		const audits = await test.db
			.selectFrom('auditEvent')
			.select('action')
			.where('recordId', '=', checked.name)
			.orderBy('at')
			.execute();
		expect(audits.map((a) => a.action).sort()).toEqual(['content.image-uploaded', 'content.image-uploaded-again']);
	});

	it('finds nothing under a name that is not an image name', async () => {
		expect(await imageByName(test.db, '../../etc/passwd')).toBeUndefined();
		expect(await imageByName(test.db, `${'0'.repeat(64)}.png`)).toBeUndefined();
	});
});
