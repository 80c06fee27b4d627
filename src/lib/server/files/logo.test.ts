// The service's logo chosen in the browser: it stands in for service.yml's, every instance sees it
// by the publication number alone, removing it brings service.yml's back, and each change is audited.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/testing';
import { createDatabase } from '../db';
import { folderSource } from '../content/source';
import { latestPublicationId, loadPublishedContent, syncShippedContent } from '../authoring';
import type { SessionPerson } from '../auth/sessions';
import { checkImage, storeImage } from './index';
import {
	checkLogoImage,
	largestLogoBytes,
	latestLogoChoice,
	logoCandidates,
	logoOf,
	logoSchema,
	setServiceLogo,
	withChosenLogo
} from './logo';

const drawing = Buffer.from(
	'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 10"><rect width="40" height="10" fill="#1d5c63"/></svg>'
);
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF rest of a picture')]);

describe('the logo form', () => {
	it('asks what the logo says, and for a description unless it spells the service name', () => {
		expect(logoSchema.safeParse({ image: '', spells: '' }).success).toBe(false);
		const described = logoSchema.safeParse({ spells: 'description', logoDescription: ' ' });
		expect(described.error?.issues.map((i) => i.path[0])).toEqual(['logoDescription']);
		expect(logoSchema.safeParse({ spells: 'name', logoDescription: '' }).success).toBe(true);
		expect(logoSchema.safeParse({ image: '../../etc/passwd', spells: 'name' }).error?.issues[0]!.path).toEqual([
			'image'
		]);
	});
});

describe.each(testDatabaseKinds)('the service logo on %s', (kind) => {
	let test: TestDatabase;
	let actor: SessionPerson;

	beforeEach(async () => {
		test = await createTestDatabase(kind);
		await syncShippedContent(test.db, folderSource('content'));
		const { id } = await test.db
			.insertInto('person')
			.values({ email: 'coordinator@example.org', name: 'Cara Coordinator', roles: ['coordinator'], status: 'active' })
			.returning('id')
			.executeTakeFirstOrThrow();
		actor = {
			id,
			name: 'Cara Coordinator',
			email: 'coordinator@example.org',
			roles: ['coordinator'],
			supervisorId: null
		};
	});
	afterEach(() => test.close());

	async function upload(bytes: Buffer, description = 'Logo of the service') {
		const image = await checkImage(new File([new Uint8Array(bytes)], 'logo'));
		if (!image.ok) throw new Error(image.message);
		return (await storeImage(test.db, actor, image, description, 'logo')).name;
	}

	it('stands in for the logo service.yml names, on another instance too, until it is removed', async () => {
		const other = test.url ? createDatabase({ url: test.url, poolSize: 1 }) : test.db;
		try {
			const held = await loadPublishedContent(other);
			const shipped = (await withChosenLogo(other, held.content)).service.logo!;
			expect(shipped.file).toBe('logo.svg');
			expect(logoOf({ logo: shipped })).toEqual({ src: '/brand/logo', spellsName: false, alt: '' });

			const name = await upload(drawing);
			await setServiceLogo(test.db, {
				choice: { fileName: name, altText: 'A green band with the service name' },
				actorId: actor.id
			});
			// The other instance learns of it by the one number it reads on each request.
			const latest = await latestPublicationId(other);
			expect(latest).not.toBe(held.publicationId);
			const served = (await withChosenLogo(other, (await loadPublishedContent(other)).content)).service.logo!;
			expect(served.file).toBe(name);
			expect(served.contentType).toBe('image/svg+xml');
			expect(served.body.toString('utf8')).toContain('<rect');
			expect(logoOf({ logo: served })).toEqual({
				src: `/brand/logo?v=${name.slice(0, 16)}`,
				spellsName: false,
				alt: 'A green band with the service name'
			});

			await setServiceLogo(test.db, { choice: { fileName: name, altText: null }, actorId: actor.id });
			const spelling = (await withChosenLogo(other, held.content)).service.logo!;
			expect(logoOf({ logo: spelling })).toMatchObject({ spellsName: true });
			expect(await latestLogoChoice(test.db)).toMatchObject({ fileName: name, setByName: 'Cara Coordinator' });

			await setServiceLogo(test.db, { choice: null, actorId: actor.id });
			expect((await latestPublicationId(other))! > latest!).toBe(true);
			expect((await withChosenLogo(other, held.content)).service.logo!.file).toBe('logo.svg');
		} finally {
			if (other !== test.db) await other.destroy();
		}

		const audit = await test.db
			.selectFrom('auditEvent')
			.select(['action', 'actorId'])
			.where('recordType', '=', 'service-logo')
			.orderBy('at')
			.orderBy('id')
			.execute();
		expect(audit.map((a) => a.action)).toEqual(['content.logo-set', 'content.logo-set', 'content.logo-removed']);
		expect(audit.every((a) => a.actorId === actor.id)).toBe(true);
	});

	it('takes only a PNG or an SVG small enough to send with every page', async () => {
		const svg = await upload(drawing);
		const photo = await upload(jpeg, 'A photograph');
		const big = await upload(
			Buffer.concat([
				Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
				Buffer.alloc(largestLogoBytes + 1, 1)
			]),
			'A large picture'
		);
		expect(await checkLogoImage(test.db, svg)).toEqual({ ok: true });
		expect(await checkLogoImage(test.db, photo)).toMatchObject({
			ok: false,
			message: expect.stringMatching(/PNG or an SVG/)
		});
		expect(await checkLogoImage(test.db, big)).toMatchObject({ ok: false, message: expect.stringMatching(/100 KB/) });
		expect(await checkLogoImage(test.db, `${'0'.repeat(64)}.png`)).toMatchObject({ ok: false });
		expect((await logoCandidates(test.db)).map((c) => c.name)).toEqual([svg]);
	});
});
