import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/testing';
import { createDatabase } from '../db';
import { loadContent } from '../content';
import { formatProblem } from '../content/problems';
import { allFiles, folderSource, treeSource, type TreeFile } from '../content/source';
import {
	checkDocument,
	findDocument,
	importTree,
	latestPublicationId,
	listDocuments,
	loadPublishedContent,
	publishDraft,
	publishedTree,
	saveDraft,
	settleShippedChange,
	startDocument,
	syncShippedContent,
	textToPublish,
	treeOf
} from './index';
import { sha256 } from '../content/markdown';
import { frontMatterValue, setFrontMatterValue } from './front-matter';

const shipped = folderSource('content');

/** The shipped library as a tree, with some files changed: a later release of it. */
function release(changes: Record<string, string> = {}) {
	const files = new Map<string, TreeFile>(
		allFiles(shipped).map((p) => [p, p.endsWith('.svg') ? shipped.readBytes(p) : shipped.readText(p)])
	);
	for (const [path, text] of Object.entries(changes)) files.set(path, text);
	return treeSource(files);
}

const armsLength = 'modules/02-arms-length.md';

/** Each file's hash, by path: two trees compared without their texts in a failure message. */
const hashes = (tree: ReadonlyMap<string, TreeFile>) =>
	Object.fromEntries(
		[...tree].map(([path, file]) => [
			path,
			sha256(typeof file === 'string' ? file : Buffer.from(file).toString('base64'))
		])
	);
const confidentiality = 'modules/06-confidentiality.md';

describe('publishing a change to the text', () => {
	const module = shipped.readText(confidentiality);

	it('raises a module version for a major change and says what changed, and keeps it for a minor one', () => {
		const major = textToPublish('modules', module, module, 'major', 'The LADO section is new.');
		expect(frontMatterValue(major, 'version')).toBe('3');
		expect(frontMatterValue(major, 'changes')).toBe('"The LADO section is new."');
		const minor = textToPublish('modules', setFrontMatterValue(module, 'version', '7'), module, 'minor', 'Typo');
		expect(frontMatterValue(minor, 'version')).toBe('2');
		expect(frontMatterValue(minor, 'changes')).toBe(frontMatterValue(module, 'changes'));
	});

	it('publishes a policy as its next version, taking effect no earlier than today', () => {
		const policy = shipped.readText('policies/impartiality-policy/4.md');
		const next = textToPublish('policies', policy, policy, 'minor', 'Clearer wording.', '2027-02-01');
		expect([
			frontMatterValue(next, 'version'),
			frontMatterValue(next, 'change'),
			frontMatterValue(next, 'effective')
		]).toEqual(['5', 'minor', '2027-02-01']);
		const later = textToPublish(
			'policies',
			setFrontMatterValue(policy, 'effective', '2027-06-01'),
			policy,
			'major',
			'New section.',
			'2027-02-01'
		);
		expect(frontMatterValue(later, 'effective')).toBe('2027-06-01');
	});

	it('replaces a key written over several lines without touching the rest', () => {
		const text = '---\ntitle: A\nchanges: >\n  one\n  two\nversion: 1\n---\n\nBody\n';
		expect(setFrontMatterValue(text, 'changes', '"new"')).toBe(
			'---\ntitle: A\nchanges: "new"\nversion: 1\n---\n\nBody\n'
		);
		expect(setFrontMatterValue(text, 'quiz', 'x')).toBe(
			'---\ntitle: A\nchanges: >\n  one\n  two\nversion: 1\nquiz: x\n---\n\nBody\n'
		);
	});
});

describe.each(testDatabaseKinds)('content kept in the database on %s', (kind) => {
	let test: TestDatabase;
	let seq = 0;

	async function person(name = `Editor ${++seq}`): Promise<string> {
		const { id } = await test.db
			.insertInto('person')
			.values({ email: `editor${++seq}@example.org`, name, roles: ['coordinator'], status: 'active' })
			.returning('id')
			.executeTakeFirstOrThrow();
		return id;
	}

	beforeEach(async () => {
		test = await createTestDatabase(kind);
	});
	afterEach(() => test.close());

	it('is filled from the shipped library on first start and loads exactly as the folder does', async () => {
		expect(await latestPublicationId(test.db)).toBeNull();
		const counts = await syncShippedContent(test.db, shipped);
		expect(counts).toEqual({ added: allFiles(shipped).length, followed: 0, flagged: 0 });
		const tree = await publishedTree(test.db);
		expect([...tree.keys()].sort()).toEqual(allFiles(shipped).sort());
		expect(Buffer.from(tree.get('logo.svg') as Uint8Array).equals(shipped.readBytes('logo.svg'))).toBe(true);

		const { content, publicationId } = await loadPublishedContent(test.db);
		const folder = loadContent('content');
		expect(publicationId).not.toBeNull();
		expect(content.modules.map((m) => m.hash)).toEqual(folder.modules.map((m) => m.hash));
		expect(content.policies.flatMap((p) => p.versions.map((v) => v.hash))).toEqual(
			folder.policies.flatMap((p) => p.versions.map((v) => v.hash))
		);

		// A second start with the same library changes nothing.
		expect(await syncShippedContent(test.db, shipped)).toEqual({ added: 0, followed: 0, flagged: 0 });
		expect(await latestPublicationId(test.db)).toBe(publicationId);
	});

	it('exports what it publishes as a folder would hold it, and imports a tree whole or not at all', async () => {
		await syncShippedContent(test.db, shipped);
		const editor = await person();
		// The export is the shipped library, file for file.
		const exported = await publishedTree(test.db);
		expect(hashes(exported)).toEqual(hashes(treeOf(shipped)));

		// A tree with one module changed and one broken is refused whole, with the broken file's line.
		const before = await latestPublicationId(test.db);
		const edited = exported
			.get(armsLength)!
			.toString()
			.replace(/\n\n/, "\n\nA sentence kept in the service's own folder.\n\n");
		const broken = new Map(exported);
		broken.set(armsLength, edited);
		broken.set(confidentiality, setFrontMatterValue(exported.get(confidentiality)!.toString(), 'minutes', 'soon'));
		const refused = await importTree(test.db, broken, { actorId: editor, summary: 'From our repository' });
		expect(refused.imported).toBe(false);
		if (!refused.imported)
			expect(refused.problems.map(formatProblem).join('\n')).toMatch(/06-confidentiality\.md:\d+: minutes/);
		expect(await latestPublicationId(test.db)).toBe(before);
		expect((await publishedTree(test.db)).get(armsLength)).toBe(exported.get(armsLength));

		// The same tree without the broken file publishes the one change, in the editor's name.
		const good = new Map(exported);
		good.set(armsLength, edited);
		const imported = await importTree(test.db, good, { actorId: editor, summary: 'From our repository' });
		expect(imported).toMatchObject({ imported: true, changed: [armsLength] });
		expect((await publishedTree(test.db)).get(armsLength)).toBe(edited);
		const audit = await test.db
			.selectFrom('auditEvent')
			.select(['actorId', 'detail'])
			.where('action', '=', 'content.imported')
			.executeTakeFirstOrThrow();
		expect(audit).toMatchObject({ actorId: editor, detail: { files: [armsLength], summary: 'From our repository' } });
		// Imported again, nothing differs, and nothing is published.
		expect(await importTree(test.db, good, { actorId: editor, summary: 'Again' })).toEqual({
			imported: true,
			changed: [],
			publicationId: null
		});
		// The service edited it: a later shipped change to it is flagged, not followed.
		const later = release({ [armsLength]: exported.get(armsLength)!.toString().replace('Most', 'Nearly all') });
		expect(await syncShippedContent(test.db, later)).toMatchObject({ flagged: 1, followed: 0 });
	});

	it('starts a new module and a new policy as drafts that publish as they are', async () => {
		await syncShippedContent(test.db, shipped);
		const editor = await person();
		const started = await startDocument(test.db, {
			kind: 'modules',
			slug: 'working-with-schools',
			title: 'Working with schools',
			authorId: editor
		});
		expect(started).toEqual({ started: true, slug: 'working-with-schools' });
		expect(
			await startDocument(test.db, { kind: 'modules', slug: 'working-with-schools', title: 'Again', authorId: editor })
		).toMatchObject({ started: false, field: 'slug' });
		const module = (await findDocument(test.db, 'modules', 'working-with-schools'))!;
		expect(module).toMatchObject({ path: 'modules/12-working-with-schools.md', published: null });
		expect(await checkDocument(test.db, module.path, module.draft!.body)).toEqual([]);
		expect(
			await publishDraft(test.db, { documentId: module.id, change: 'major', summary: 'New module', actorId: editor })
		).toMatchObject({ published: true, path: module.path });
		const { content } = await loadPublishedContent(test.db);
		expect(content.moduleBySlug.get('working-with-schools')).toMatchObject({
			title: 'Working with schools',
			version: 1
		});

		await startDocument(test.db, {
			kind: 'policies',
			slug: 'lone-working',
			title: 'Lone Working Policy',
			authorId: editor
		});
		const policy = (await findDocument(test.db, 'policies', 'lone-working'))!;
		expect(await checkDocument(test.db, policy.path, policy.draft!.body)).toEqual([]);
		expect(
			await publishDraft(test.db, { documentId: policy.id, change: 'major', summary: 'First version', actorId: editor })
		).toMatchObject({ published: true, path: 'policies/lone-working/1.md' });
		const after = await loadPublishedContent(test.db);
		expect(after.content.policyBySlug.get('lone-working')!.versions.map((v) => v.version)).toEqual([1]);
		expect((await findDocument(test.db, 'policies', 'lone-working'))!.path).toBe('policies/lone-working/1.md');
	});

	it('keeps a draft, publishes it, and serves the published text', async () => {
		await syncShippedContent(test.db, shipped);
		const editor = await person();
		const doc = (await findDocument(test.db, 'modules', 'arms-length'))!;
		expect(doc).toMatchObject({ path: armsLength, draft: null });
		const edited = doc.published!.body.replace(/\n\n/, '\n\nA sentence the service added.\n\n');
		expect(await saveDraft(test.db, { documentId: doc.id, body: edited, authorId: editor, seen: null })).toEqual({
			saved: true
		});
		expect((await findDocument(test.db, 'modules', 'arms-length'))!.draft).toMatchObject({
			body: edited,
			authorName: expect.stringMatching(/^Editor/)
		});
		// Until it is published, the service still serves the shipped text.
		expect((await publishedTree(test.db)).get(armsLength)).toBe(doc.published!.body);

		const before = await latestPublicationId(test.db);
		const result = await publishDraft(test.db, {
			documentId: doc.id,
			change: 'minor',
			summary: 'A sentence added',
			actorId: editor
		});
		expect(result.published).toBe(true);
		expect(await latestPublicationId(test.db)).toBeGreaterThan(before!);
		const after = (await findDocument(test.db, 'modules', 'arms-length'))!;
		expect(after.draft).toBeNull();
		expect(after.published).toMatchObject({ body: edited, summary: 'A sentence added' });
		const { content } = await loadPublishedContent(test.db);
		expect(content.moduleBySlug.get('arms-length')!.html).toContain('A sentence the service added.');
		expect(content.moduleBySlug.get('arms-length')!.version).toBe(
			loadContent('content').moduleBySlug.get('arms-length')!.version
		);
		// Published revisions are never changed.
		await expect(
			test.db.updateTable('contentRevision').set({ body: 'changed' }).where('state', '=', 'published').execute()
		).rejects.toThrow(/cannot be changed/);
	});

	it('refuses to publish a draft that breaks the tree, writing nothing', async () => {
		await syncShippedContent(test.db, shipped);
		const editor = await person();
		const doc = (await findDocument(test.db, 'modules', 'arms-length'))!;
		const broken = doc.published!.body.replace(/^quiz: .*$/m, 'quiz: no-such-quiz');
		await saveDraft(test.db, { documentId: doc.id, body: broken, authorId: editor, seen: null });
		const before = await latestPublicationId(test.db);
		const result = await publishDraft(test.db, {
			documentId: doc.id,
			change: 'minor',
			summary: 'Quiz renamed',
			actorId: editor
		});
		expect(result.published).toBe(false);
		const line = broken.split('\n').indexOf('quiz: no-such-quiz') + 1;
		expect(!result.published && result.problems.map(formatProblem)).toContain(
			`content/${armsLength}:${line}: quiz: no quiz "no-such-quiz" (expected content/quizzes/no-such-quiz.md)`
		);
		expect(await latestPublicationId(test.db)).toBe(before);
		expect((await findDocument(test.db, 'modules', 'arms-length'))!.draft?.body).toBe(broken);
	});

	it('publishes a major change as a raised version and a policy change as its next version file', async () => {
		await syncShippedContent(test.db, shipped);
		const editor = await person();
		const module = (await findDocument(test.db, 'modules', 'confidentiality'))!;
		await saveDraft(test.db, { documentId: module.id, body: module.published!.body, authorId: editor, seen: null });
		await publishDraft(test.db, {
			documentId: module.id,
			change: 'major',
			summary: 'Everyone reads the new LADO section.',
			actorId: editor
		});
		const { content } = await loadPublishedContent(test.db);
		expect(content.moduleBySlug.get('confidentiality')).toMatchObject({
			version: 3,
			changes: 'Everyone reads the new LADO section.'
		});

		const policy = (await findDocument(test.db, 'policies', 'impartiality-policy'))!;
		expect(policy.path).toBe('policies/impartiality-policy/4.md');
		await saveDraft(test.db, {
			documentId: policy.id,
			body: policy.published!.body.replace(/^effective: .*$/m, 'effective: 2027-01-01'),
			authorId: editor,
			seen: null
		});
		const result = await publishDraft(test.db, {
			documentId: policy.id,
			change: 'major',
			summary: 'Representation at hearings explained.',
			actorId: editor
		});
		expect(result).toMatchObject({ published: true, path: 'policies/impartiality-policy/5.md' });
		const versions = (await loadPublishedContent(test.db)).content.policyBySlug.get('impartiality-policy')!.versions;
		expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5]);
		expect(versions.at(-1)).toMatchObject({
			major: true,
			changes: 'Representation at hearings explained.',
			effective: '2027-01-01'
		});
		expect((await findDocument(test.db, 'policies', 'impartiality-policy'))!.path).toBe(
			'policies/impartiality-policy/5.md'
		);
		expect((await listDocuments(test.db)).filter((d) => d.slug === 'impartiality-policy').map((d) => d.path)).toEqual([
			'policies/impartiality-policy/5.md'
		]);
	});

	it('follows the shipped library where the service has not edited, and keeps the service’s own text where it has', async () => {
		await syncShippedContent(test.db, shipped);
		const editor = await person();
		const edited = (await findDocument(test.db, 'modules', 'arms-length'))!;
		const ours = edited.published!.body.replace(/\n\n/, '\n\nOur own local practice.\n\n');
		await saveDraft(test.db, { documentId: edited.id, body: ours, authorId: editor, seen: null });
		await publishDraft(test.db, { documentId: edited.id, change: 'minor', summary: 'Local practice', actorId: editor });

		const theirArmsLength = shipped.readText(armsLength).replace(/\n\n/, '\n\nThe library’s new paragraph.\n\n');
		const theirConfidentiality = shipped.readText(confidentiality).replace(/\n\n/, '\n\nAnother new paragraph.\n\n');
		const upgrade = release({ [armsLength]: theirArmsLength, [confidentiality]: theirConfidentiality });
		expect(await syncShippedContent(test.db, upgrade)).toEqual({ added: 0, followed: 1, flagged: 1 });

		const tree = await publishedTree(test.db);
		expect(tree.get(armsLength)).toBe(ours);
		expect(tree.get(confidentiality)).toBe(theirConfidentiality);
		const flagged = (await findDocument(test.db, 'modules', 'arms-length'))!;
		expect(flagged.shippedChangedAt).toBeInstanceOf(Date);
		expect(flagged.shippedBody).toBe(theirArmsLength);
		expect((await findDocument(test.db, 'modules', 'confidentiality'))!.shippedChangedAt).toBeNull();
		expect((await listDocuments(test.db)).find((d) => d.slug === 'arms-length')!.shippedChangedAt).toBeInstanceOf(Date);

		// Adopted: the shipped text becomes the draft, to be checked and published as any other; the mark goes.
		expect(await settleShippedChange(test.db, { documentId: edited.id, adopt: true, actorId: editor })).toBe(true);
		const adopted = (await findDocument(test.db, 'modules', 'arms-length'))!;
		expect(adopted).toMatchObject({ shippedChangedAt: null, draft: { body: theirArmsLength } });
		expect((await publishedTree(test.db)).get(armsLength)).toBe(ours);
		expect(await settleShippedChange(test.db, { documentId: edited.id, adopt: false, actorId: editor })).toBe(false);
	});

	it('lets another instance see a publication by the newest publication number alone', async () => {
		await syncShippedContent(test.db, shipped);
		// On PostgreSQL the other instance has its own connections; the embedded database has one.
		const other = test.url ? createDatabase({ url: test.url, poolSize: 1 }) : test.db;
		try {
			const held = await loadPublishedContent(other);
			const editor = await person();
			const doc = (await findDocument(test.db, 'courses', 'ips-course'))!;
			await saveDraft(test.db, {
				documentId: doc.id,
				body: doc.published!.body.replace(/\n\n/, '\n\nBring a notebook.\n\n'),
				authorId: editor,
				seen: null
			});
			expect(await latestPublicationId(other)).toBe(held.publicationId);
			await publishDraft(test.db, {
				documentId: doc.id,
				change: 'minor',
				summary: 'A note on what to bring',
				actorId: editor
			});
			const latest = await latestPublicationId(other);
			expect(latest).not.toBe(held.publicationId);
			const reloaded = await loadPublishedContent(other);
			expect(reloaded.publicationId).toBe(latest);
			expect(reloaded.content.courseBySlug.get('ips-course')!.html).toContain('Bring a notebook.');
			expect(held.content.courseBySlug.get('ips-course')!.html).not.toContain('Bring a notebook.');
		} finally {
			if (other !== test.db) await other.destroy();
		}
	});

	it('tells the second of two editors that the draft changed, and writes nothing of theirs', async () => {
		await syncShippedContent(test.db, shipped);
		const [first, second] = [await person('First editor'), await person('Second editor')];
		const doc = (await findDocument(test.db, 'courses', 'ips-course'))!;
		await saveDraft(test.db, {
			documentId: doc.id,
			body: `${doc.published!.body}\nFirst.\n`,
			authorId: first,
			seen: null
		});
		const result = await saveDraft(test.db, {
			documentId: doc.id,
			body: `${doc.published!.body}\nSecond.\n`,
			authorId: second,
			seen: null
		});
		expect(result).toMatchObject({
			saved: false,
			theirs: { authorName: 'First editor', body: `${doc.published!.body}\nFirst.\n` }
		});
		const seen = (await findDocument(test.db, 'courses', 'ips-course'))!.draft!.updatedAt;
		expect(
			await saveDraft(test.db, {
				documentId: doc.id,
				body: `${doc.published!.body}\nSecond.\n`,
				authorId: second,
				seen
			})
		).toEqual({ saved: true });
	});

	it('audits every save and publish with who did it', async () => {
		await syncShippedContent(test.db, shipped);
		const editor = await person();
		const doc = (await findDocument(test.db, 'quizzes', 'arms-length'))!;
		await saveDraft(test.db, {
			documentId: doc.id,
			body: doc.published!.body,
			authorId: editor,
			seen: null,
			address: '203.0.113.9'
		});
		await publishDraft(test.db, { documentId: doc.id, change: 'major', summary: 'Harder questions', actorId: editor });
		const audits = await test.db
			.selectFrom('auditEvent')
			.select(['actorId', 'action', 'recordId', 'detail', 'address'])
			.where('recordType', '=', 'content-document')
			.orderBy('id')
			.execute();
		expect(audits).toMatchObject([
			{ actorId: editor, action: 'content.draft-saved', recordId: doc.id, address: '203.0.113.9' },
			{
				actorId: editor,
				action: 'content.published',
				recordId: doc.id,
				detail: { path: 'quizzes/arms-length.md', change: 'major', summary: 'Harder questions' }
			}
		]);
	});
});
