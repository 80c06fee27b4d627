import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { render } from 'svelte/server';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '$lib/server/db/testing';
import { folderSource } from '$lib/server/content/source';
import { syncShippedContent } from '$lib/server/authoring';
import { previewDraft } from '$lib/server/authoring/preview';
import type { SessionPerson } from '$lib/server/auth/sessions';
import ErrorSummary from '$lib/components/ErrorSummary.svelte';
import Preview from '$lib/components/ContentPreview.svelte';
import { answerLivePreview, type LivePreview } from './live-preview';

const shipped = folderSource('content');
const moduleText = shipped.readText('modules/02-arms-length.md');
const doc = { kind: 'modules' as const, slug: 'arms-length', path: 'modules/02-arms-length.md' };

const person = (roles: SessionPerson['roles']): SessionPerson => ({
	id: '00000000-0000-4000-8000-000000000001',
	name: 'Ada Editor',
	email: 'ada@example.test',
	roles,
	supervisorId: null
});

function ask(db: TestDatabase['db'], who: SessionPerson | null, body: string) {
	const url = new URL(`http://localhost/content/modules/${doc.slug}/preview`);
	const form = new FormData();
	form.set('body', body);
	return answerLivePreview(db, {
		locals: { person: who } as App.Locals,
		url,
		params: { kind: doc.kind, slug: doc.slug },
		request: new Request(url, { method: 'POST', body: form })
	});
}

describe.each(testDatabaseKinds)('the preview that follows the typing, on %s', (kind) => {
	let test: TestDatabase;
	beforeEach(async () => {
		test = await createTestDatabase(kind);
		await syncShippedContent(test.db, shipped);
	});
	afterEach(() => test.close());

	it('draws the text exactly as the Preview button does, with no problems to list', async () => {
		const text = moduleText
			.replace(/^title: .*$/m, 'title: At arm’s length, retitled')
			.replace(/\n---\n/, '\n---\n\n## A section written just now\n\nSome new words.\n');
		const response = await ask(test.db, person(['editor']), text);
		expect(response.status).toBe(200);
		const answer = (await response.json()) as LivePreview;
		expect(answer.preview).toContain('At arm’s length, retitled');
		expect(answer.preview).toContain('A section written just now');
		const button = await previewDraft(test.db, doc, text);
		expect(answer.preview).toBe(render(Preview, { props: { preview: button.preview! } }).body);
		expect(answer.summary).not.toContain('govuk-error-summary');
		expect(answer.status).toBe('Preview updated, no problems');
	});

	it('lists the problems as the loader finds them, each naming its line, and sends no preview', async () => {
		const broken = moduleText.replace(/^minutes: 7$/m, 'minutes: seven');
		const line = broken.split('\n').findIndex((l) => l.startsWith('minutes:')) + 1;
		const response = await ask(test.db, person(['coordinator']), broken);
		expect(response.status).toBe(200);
		const answer = (await response.json()) as LivePreview;
		expect(answer.preview).toBeNull();
		expect(answer.summary).toMatch(new RegExp(`<a href="#body" data-line="${line}">line ${line}: `));
		const button = await previewDraft(test.db, doc, broken);
		expect(button.problems[0]).toEqual({ text: expect.stringMatching(new RegExp(`^line ${line}: .*minutes`)), line });
		expect(answer.summary).toBe(render(ErrorSummary, { props: { problems: button.problems } }).body);
		expect(answer.status).toBe(`${button.problems.length} problems: fix them to update the preview`);
	});

	it('refuses someone who may not edit content, and sends the signed-out to sign in', async () => {
		const refusal = await ask(test.db, person(['volunteer', 'supervisor']), moduleText).catch((err: unknown) => err);
		expect(isHttpError(refusal) && refusal.status).toBe(403);
		const signedOut = await ask(test.db, null, moduleText).catch((err: unknown) => err);
		expect(isRedirect(signedOut) && signedOut.location).toMatch(/^\/sign-in\?next=/);
	});

	it('refuses a text longer than an editor takes, saying so, and an empty one', async () => {
		const long = await ask(test.db, person(['editor']), moduleText + 'x'.repeat(200_001));
		expect(long.status).toBe(413);
		const answer = (await long.json()) as LivePreview;
		expect(answer.status).toBe('Preview not updated: The text must be 200,000 characters or fewer');
		expect(answer.summary).toContain('The text must be 200,000 characters or fewer');
		expect(answer.preview).toBeNull();
		const empty = await ask(test.db, person(['editor']), '  \n');
		expect(empty.status).toBe(400);
		expect(((await empty.json()) as LivePreview).status).toBe('Preview not updated: Enter the text of the document');
	});
});
