import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDatabase } from './db';
import { listenForChanges } from './db/changes';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from './db/testing';
import type { SessionPerson } from './auth/sessions';
import type { Module } from './content/modules';
import { completeModule, openModule, registerModuleVersions } from './induction';
import { keptPage, type KeptPageRequest } from './kept-pages';

const moduleRoute = '/modules/[slug=slug]';
const basics: Module = {
	slug: 'basics',
	order: 1,
	file: 'content/modules/01-basics.md',
	title: 'Basics',
	summary: 'summary',
	minutes: 10,
	audiences: ['volunteer'],
	version: 1,
	induction: true,
	prerequisites: [],
	hash: 'basics-1',
	markdown: 'Impartiality first.',
	html: '<p>Impartiality first.</p>',
	sections: [],
	words: 2
};

describe.each(testDatabaseKinds)('pages kept between visits, on %s', (kind) => {
	let test: TestDatabase;
	let reader: SessionPerson;
	let other: SessionPerson;
	let versionId: string;

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		const rows = await test.db
			.insertInto('person')
			.values([
				{ email: 'reader@example.org', name: 'Rea Reader', roles: ['volunteer'], status: 'active' },
				{ email: 'other@example.org', name: 'Otto Other', roles: ['volunteer'], status: 'active' }
			])
			.returning('id')
			.execute();
		reader = {
			id: rows[0]!.id,
			name: 'Rea Reader',
			email: 'reader@example.org',
			roles: ['volunteer'],
			supervisorId: null
		};
		other = {
			id: rows[1]!.id,
			name: 'Otto Other',
			email: 'other@example.org',
			roles: ['volunteer'],
			supervisorId: null
		};
		versionId = (await registerModuleVersions(test.db, [basics])).get('basics')!;
	});
	afterAll(() => test.close());

	const request = (person: SessionPerson | null, path = '/modules/basics', method = 'GET'): KeptPageRequest => ({
		method,
		routeId: moduleRoute,
		url: new URL(`http://localhost${path}`),
		person
	});

	/** Renders a module page the way the route does, counting each render. */
	function moduleRenderer(person: SessionPerson) {
		const renders = { count: 0 };
		const render = async () => {
			renders.count += 1;
			const { status } = await openModule(test.db, person, basics, versionId);
			return new Response(`<p>${person.name}: ${status}</p>`, {
				headers: { 'content-type': 'text/html', etag: `"${status}"` }
			});
		};
		return { renders, render };
	}

	async function visit(req: KeptPageRequest, render: () => Promise<Response>) {
		const response = await keptPage(test.db, req, render);
		return { status: response.status, body: await response.text(), etag: response.headers.get('etag') };
	}

	it("renders a module once, sends it again until the reader's progress changes, and shows the change on the next visit", async () => {
		const { renders, render } = moduleRenderer(reader);
		// The first visit records that the reader has started, so the second renders again.
		expect((await visit(request(reader), render)).body).toBe('<p>Rea Reader: in-progress</p>');
		expect((await visit(request(reader), render)).body).toBe('<p>Rea Reader: in-progress</p>');
		const rendered = renders.count;
		const kept = await visit(request(reader), render);
		expect(kept).toEqual({ status: 200, body: '<p>Rea Reader: in-progress</p>', etag: '"in-progress"' });
		expect(renders.count).toBe(rendered);

		expect(await completeModule(test.db, reader, basics, versionId)).toEqual({ ok: true });
		expect((await visit(request(reader), render)).body).toBe('<p>Rea Reader: completed</p>');
		expect(renders.count).toBe(rendered + 1);
	});

	it('keeps each person, each address and each version of a person apart', async () => {
		const { render: renderOther } = moduleRenderer(other);
		expect((await visit(request(other), renderOther)).body).toBe('<p>Otto Other: in-progress</p>');
		expect((await visit(request(reader), moduleRenderer(reader).render)).body).toBe('<p>Rea Reader: completed</p>');

		const banner = moduleRenderer(reader);
		await visit(request(reader, '/modules/basics?completed'), banner.render);
		expect(banner.renders.count).toBe(1);

		// A new role or name changes what the page shows around the module (its navigation).
		const renamed = { ...reader, name: 'Rea Renamed' };
		expect((await visit(request(renamed), moduleRenderer(renamed).render)).body).toBe('<p>Rea Renamed: completed</p>');
	});

	it('renders every time what cannot be kept: a failure, a cookie, a nonce, a form, a visitor or another route', async () => {
		const count = { n: 0 };
		const responding = (response: () => Response) => async () => {
			count.n += 1;
			return response();
		};
		const cases: [KeptPageRequest, () => Promise<Response>][] = [
			[
				request(reader, '/modules/missing'),
				responding(() => new Response('Page not found', { status: 404, headers: { 'content-type': 'text/html' } }))
			],
			[
				request(reader, '/modules/basics?cookie'),
				responding(() => new Response('<p>x</p>', { headers: { 'content-type': 'text/html', 'set-cookie': 'a=b' } }))
			],
			[
				request(reader, '/modules/basics?nonce'),
				responding(
					() =>
						new Response('<p>x</p>', {
							headers: { 'content-type': 'text/html', 'content-security-policy': "script-src 'self' 'nonce-abc'" }
						})
				)
			],
			[
				request(reader, '/modules/basics', 'POST'),
				responding(() => new Response(null, { status: 303, headers: { location: '/modules/basics?completed' } }))
			],
			[request(null), responding(() => new Response('<p>sign in</p>', { headers: { 'content-type': 'text/html' } }))],
			[
				{ ...request(reader, '/induction'), routeId: '/induction' },
				responding(() => new Response('<p>list</p>', { headers: { 'content-type': 'text/html' } }))
			]
		];
		for (const [req, render] of cases) {
			const before = count.n;
			const first = await keptPage(test.db, req, render);
			const second = await keptPage(test.db, req, render);
			expect(count.n - before).toBe(2);
			// What was not kept reaches the browser untouched.
			expect(second.status).toBe(first.status);
			expect(second.headers.get('set-cookie')).toBe(first.headers.get('set-cookie'));
		}
	});

	// Another instance's change to a reader's progress must reach a page kept here.
	if (kind === 'postgres')
		it("shows progress recorded on another instance on this instance's next visit", async () => {
			const listening = await listenForChanges(test.db, test.url!, 50);
			const elsewhere = createDatabase({ url: test.url!, poolSize: 2 });
			try {
				const { render } = moduleRenderer(other);
				await vi.waitFor(async () => expect(listening.live).toBe(true), { timeout: 2_000, interval: 10 });
				await visit(request(other), render);
				expect((await visit(request(other), render)).body).toBe('<p>Otto Other: in-progress</p>');
				expect(await completeModule(elsewhere, other, basics, versionId)).toEqual({ ok: true });
				await vi.waitFor(
					async () => expect((await visit(request(other), render)).body).toBe('<p>Otto Other: completed</p>'),
					{ timeout: 2_000, interval: 10 }
				);
			} finally {
				await listening.close();
				await elsewhere.destroy();
			}
		});
});
