// The service's own content: the content/ tree kept in the database as documents and their
// revisions. The shipped library fills it on first start and is followed on upgrades where the
// service has not edited a document; drafts are checked with the loader, and a publication swaps
// the content every instance serves.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { loadContent, type Content } from '../content';
import { sha256 } from '../content/markdown';
import { ContentError, type ContentProblem } from '../content/problems';
import { allFiles, treeSource, type ContentSource, type TreeFile } from '../content/source';
import { recordAudit } from '../audit';
import { frontMatterValue, setFrontMatterValue, yamlString } from './front-matter';
import { dayPlusMonths, serviceDay } from '../../format';
import { closeReview } from './review';

import { editableKinds, type EditableKind } from '../../content-kinds';

export { editableKinds, type EditableKind };

const textFile = (path: string) => /\.(md|yml|yaml|txt)$/.test(path);

/** What a file of the content tree is: its kind (its folder) and the slug people know it by. */
export function describePath(path: string): { kind: string; slug: string } {
	const [folder, name = '', file] = path.split('/');
	if (!name) return { kind: 'settings', slug: folder! };
	if (folder === 'policies' && file) return { kind: 'policies', slug: name };
	if (folder === 'modules') return { kind: 'modules', slug: /^\d{2}-(.+)\.md$/.exec(name)?.[1] ?? name };
	return { kind: folder!, slug: name.replace(/\.md$/, '') };
}

/** A revision's columns for a file: its text, or its bytes for an image. */
const fileColumns = (file: TreeFile) =>
	typeof file === 'string' ? { body: file, bytes: null } : { body: null, bytes: file };

/** The statement that adds a document's draft (the caller says what to do on a draft already there). */
const insertDraft = (db: Kysely<DB>, documentId: string, body: string, authorId: string) =>
	db
		.insertInto('contentRevision')
		.values({ documentId, body, bytes: null, hash: sha256(body), state: 'draft', authorId, publicationId: null });

const hashOf = (file: TreeFile) =>
	typeof file === 'string' ? sha256(file) : sha256(Buffer.from(file).toString('base64'));

/** The newest publication's id: the one value each request compares with the content it holds. */
export async function latestPublicationId(db: Kysely<DB>): Promise<number | null> {
	const row = await db.selectFrom('contentPublication').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst();
	return row?.id ?? null;
}

/**
 * Brings the shipped library into the database: a file not seen before is added and published; a
 * changed file replaces a document the service has not edited, and is only noted (with its text,
 * for a diff) on one the service has. Several instances starting at once take turns.
 */
export async function syncShippedContent(
	db: Kysely<DB>,
	shipped: ContentSource
): Promise<{ added: number; followed: number; flagged: number }> {
	const files = new Map(
		allFiles(shipped).map((path) => [path, textFile(path) ? shipped.readText(path) : shipped.readBytes(path)] as const)
	);
	return db.transaction().execute(async (trx) => {
		await sql`select pg_advisory_xact_lock(hashtext('impartial:content'))`.execute(trx);
		const documents = await trx
			.selectFrom('contentDocument as d')
			.select(['d.id', 'd.path', 'd.shippedHash'])
			.select((eb) =>
				eb
					.selectFrom('contentRevision as r')
					.select('r.authorId')
					.whereRef('r.documentId', '=', 'd.id')
					.where('r.state', '=', 'published')
					.orderBy('r.publicationId', 'desc')
					.limit(1)
					.as('editedBy')
			)
			.execute();
		const byPath = new Map(documents.map((d) => [d.path, d]));
		const counts = { added: 0, followed: 0, flagged: 0 };
		let publicationId: number | undefined;
		const publication = async () =>
			(publicationId ??= (
				await trx
					.insertInto('contentPublication')
					.values({ publishedBy: null })
					.returning('id')
					.executeTakeFirstOrThrow()
			).id);
		for (const [path, file] of files) {
			const hash = hashOf(file);
			const shippedBody = typeof file === 'string' ? file : null;
			const known = byPath.get(path);
			if (known?.shippedHash === hash) continue;
			if (known && known.editedBy) {
				await trx
					.updateTable('contentDocument')
					.set({ shippedHash: hash, shippedBody, shippedChangedAt: new Date() })
					.where('id', '=', known.id)
					.execute();
				counts.flagged++;
				continue;
			}
			const documentId =
				known?.id ??
				(
					await trx
						.insertInto('contentDocument')
						.values({ ...describePath(path), path, shippedHash: hash, shippedBody })
						.returning('id')
						.executeTakeFirstOrThrow()
				).id;
			if (known)
				await trx
					.updateTable('contentDocument')
					.set({ shippedHash: hash, shippedBody, shippedChangedAt: null })
					.where('id', '=', known.id)
					.execute();
			await trx
				.insertInto('contentRevision')
				.values({
					documentId,
					...fileColumns(file),
					hash,
					state: 'published',
					summary: known ? 'Updated with the shipped library' : 'Shipped with the service',
					authorId: null,
					publicationId: await publication()
				})
				.execute();
			counts[known ? 'followed' : 'added']++;
		}
		return counts;
	});
}

/** Whether the revision named `alias` is its document's newest published one. */
const newestPublished = (alias: 'r' | 'p') =>
	sql<boolean>`not exists (
		select 1 from content_revision later
		where later.document_id = ${sql.ref(`${alias}.documentId`)} and later.state = 'published'
			and later.publication_id > ${sql.ref(`${alias}.publicationId`)})`;

/** The published text of every document, by path: the tree the service serves. */
export async function publishedTree(db: Kysely<DB>): Promise<Map<string, TreeFile>> {
	const rows = await db
		.selectFrom('contentDocument as d')
		.innerJoin('contentRevision as r', 'r.documentId', 'd.id')
		.select(['d.path', 'r.body', 'r.bytes'])
		.where('r.state', '=', 'published')
		.where(newestPublished('r'))
		.execute();
	return new Map(rows.map((r) => [r.path, r.body ?? r.bytes!]));
}

/** The content as published, with the publication it is as of. Throws a ContentError when it does not load. */
export async function loadPublishedContent(
	db: Kysely<DB>
): Promise<{ content: Content; publicationId: number | null }> {
	const publicationId = await latestPublicationId(db);
	const content = loadContent(treeSource(await publishedTree(db)));
	return { content, publicationId };
}

/** The problems the whole tree would have with these files changed; none means it loads. */
export function problemsWith(
	tree: ReadonlyMap<string, TreeFile>,
	changes: Record<string, string>
): { problems: ContentProblem[]; content?: Content } {
	const changed = new Map(tree);
	for (const [path, text] of Object.entries(changes)) changed.set(path, text);
	try {
		return { problems: [], content: loadContent(treeSource(changed)) };
	} catch (err) {
		if (err instanceof ContentError) return { problems: err.problems };
		throw err;
	}
}

export interface DocumentSummary {
	id: string;
	kind: string;
	slug: string;
	path: string;
	publishedAt: Date | null;
	publishedBy: string | null;
	hasDraft: boolean;
	draftBy: string | null;
	draftAt: Date | null;
	shippedChangedAt: Date | null;
}

/**
 * Every editable document with its latest publication and any draft; for policies only the newest
 * version, which is the one an author edits. One page of the library is a few dozen rows.
 */
export async function listDocuments(db: Kysely<DB>): Promise<DocumentSummary[]> {
	const rows = await db
		.selectFrom('contentDocument as d')
		.leftJoin('contentRevision as p', (join) =>
			join.onRef('p.documentId', '=', 'd.id').on('p.state', '=', 'published').on(newestPublished('p'))
		)
		.leftJoin('person as pa', 'pa.id', 'p.authorId')
		.leftJoin('contentRevision as dr', (join) => join.onRef('dr.documentId', '=', 'd.id').on('dr.state', '=', 'draft'))
		.leftJoin('person as da', 'da.id', 'dr.authorId')
		.select([
			'd.id',
			'd.kind',
			'd.slug',
			'd.path',
			'd.shippedChangedAt',
			'p.createdAt as publishedAt',
			'pa.name as publishedBy',
			'dr.id as draftId',
			'da.name as draftBy',
			'dr.updatedAt as draftAt'
		])
		.where('d.kind', 'in', [...editableKinds])
		.orderBy('d.kind')
		.orderBy('d.path')
		.limit(1000)
		.execute();
	const newest = new Map<string, (typeof rows)[number]>();
	for (const row of rows) {
		const key = `${row.kind}/${row.slug}`;
		const seen = newest.get(key);
		if (!seen || versionOfPath(row.path) > versionOfPath(seen.path)) newest.set(key, row);
	}
	return [...newest.values()].map((r) => ({
		id: r.id,
		kind: r.kind,
		slug: r.slug,
		path: r.path,
		publishedAt: r.publishedAt,
		publishedBy: r.publishedBy,
		hasDraft: r.draftId !== null,
		draftBy: r.draftBy,
		draftAt: r.draftAt,
		shippedChangedAt: r.shippedChangedAt
	}));
}

/** A policy version's number from its file name (policies/slug/3.md); 0 for any other file. */
const versionOfPath = (path: string) => Number(/\/(\d+)\.md$/.exec(path)?.[1] ?? 0);

export interface EditedDocument {
	id: string;
	kind: EditableKind;
	slug: string;
	path: string;
	published: { body: string; createdAt: Date; authorName: string | null; summary: string } | null;
	draft: { body: string; updatedAt: Date; authorName: string | null } | null;
	shippedChangedAt: Date | null;
	shippedBody: string | null;
}

/** The document an author edits for a kind and slug (a policy's newest version), or undefined. */
export async function findDocument(
	db: Kysely<DB>,
	kind: EditableKind,
	slug: string
): Promise<EditedDocument | undefined> {
	const documents = await db
		.selectFrom('contentDocument')
		.select(['id', 'kind', 'slug', 'path', 'shippedChangedAt', 'shippedBody'])
		.where('kind', '=', kind)
		.where('slug', '=', slug)
		.execute();
	const document = documents.sort((a, b) => versionOfPath(b.path) - versionOfPath(a.path))[0];
	if (!document) return undefined;
	const revisions = await db
		.selectFrom('contentRevision as r')
		.leftJoin('person', 'person.id', 'r.authorId')
		.select(['r.state', 'r.body', 'r.createdAt', 'r.updatedAt', 'r.summary', 'person.name as authorName'])
		.where('r.documentId', '=', document.id)
		.where((eb) =>
			eb.or([
				eb('r.state', '=', 'draft'),
				eb(
					'r.publicationId',
					'=',
					eb
						.selectFrom('contentRevision')
						.select((e) => e.fn.max('publicationId').as('latest'))
						.where('documentId', '=', document.id)
				)
			])
		)
		.execute();
	const published = revisions.find((r) => r.state === 'published');
	const draft = revisions.find((r) => r.state === 'draft');
	return {
		id: document.id,
		kind,
		slug,
		path: document.path,
		published: published
			? {
					body: published.body ?? '',
					createdAt: published.createdAt,
					authorName: published.authorName,
					summary: published.summary
				}
			: null,
		draft: draft ? { body: draft.body ?? '', updatedAt: draft.updatedAt, authorName: draft.authorName } : null,
		shippedChangedAt: document.shippedChangedAt,
		shippedBody: document.shippedBody
	};
}

/** Problems in one document's text, in the context of the whole published tree; each names its file. */
export async function checkDocument(db: Kysely<DB>, path: string, body: string): Promise<ContentProblem[]> {
	return problemsWith(await publishedTree(db), { [path]: body }).problems;
}

/**
 * Keeps a draft. `seen` is when the draft the author started from was saved (null: there was none):
 * if someone else saved the draft since, nothing is written and the other text is returned.
 */
export async function saveDraft(
	db: Kysely<DB>,
	input: { documentId: string; body: string; authorId: string; seen: Date | null; address?: string | null }
): Promise<{ saved: true } | { saved: false; theirs: { body: string; authorName: string | null; updatedAt: Date } }> {
	const body = input.body.replace(/\r\n?/g, '\n');
	return db.transaction().execute(async (trx) => {
		const current = await trx
			.selectFrom('contentRevision as r')
			.leftJoin('person', 'person.id', 'r.authorId')
			.select(['r.id', 'r.body', 'r.updatedAt', 'r.authorId', 'person.name as authorName'])
			.where('r.documentId', '=', input.documentId)
			.where('r.state', '=', 'draft')
			.forUpdate('r')
			.executeTakeFirst();
		if (current && current.authorId !== input.authorId && current.updatedAt.getTime() !== input.seen?.getTime()) {
			return {
				saved: false as const,
				theirs: { body: current.body ?? '', authorName: current.authorName, updatedAt: current.updatedAt }
			};
		}
		if (current) {
			await trx
				.updateTable('contentRevision')
				.set({ body, hash: sha256(body), authorId: input.authorId, updatedAt: new Date() })
				.where('id', '=', current.id)
				.execute();
		} else {
			await insertDraft(trx, input.documentId, body, input.authorId)
				.onConflict((oc) =>
					oc
						.column('documentId')
						.where('state', '=', 'draft')
						.doUpdateSet({ body, hash: sha256(body), authorId: input.authorId, updatedAt: new Date() })
				)
				.execute();
		}
		await recordAudit(trx, {
			actorId: input.authorId,
			action: 'content.draft-saved',
			recordType: 'content-document',
			recordId: input.documentId,
			detail: { hash: sha256(body) },
			address: input.address
		});
		return { saved: true as const };
	});
}

/**
 * The text as it will be published: for a module or quiz, a major change raises the version (so
 * completions of the last one need review) and a minor one keeps it; a module's "changes" becomes
 * the summary. A policy is published as its next version file, saying major or minor and what changed,
 * taking effect no earlier than today.
 */
export function textToPublish(
	kind: EditableKind,
	draft: string,
	published: string | null,
	change: 'major' | 'minor',
	summary: string,
	today: string = serviceDay()
): string {
	const publishedVersion = Number(frontMatterValue(published ?? '', 'version') ?? 0) || 0;
	let text = draft;
	if (kind === 'modules' || kind === 'quizzes') {
		if (publishedVersion)
			text = setFrontMatterValue(text, 'version', String(change === 'major' ? publishedVersion + 1 : publishedVersion));
		if (kind === 'modules' && change === 'major') text = setFrontMatterValue(text, 'changes', yamlString(summary));
	}
	if (kind === 'policies') {
		text = setFrontMatterValue(text, 'version', String(publishedVersion + 1));
		text = setFrontMatterValue(text, 'change', change);
		text = setFrontMatterValue(text, 'changes', yamlString(summary));
		// A new version cannot take effect in the past: people would be overdue the day it appears.
		const effective = frontMatterValue(text, 'effective');
		if (effective && /^\d{4}-\d{2}-\d{2}$/.test(effective) && effective < today)
			text = setFrontMatterValue(text, 'effective', today);
	}
	return text;
}

/** Where a document's next published text goes: a policy's next version is a new file. */
export function pathToPublish(kind: EditableKind, path: string, published: string | null): string {
	// A policy's first version is published where its draft was started, as 1.md.
	if (kind !== 'policies' || published === null) return path;
	const version = Number(frontMatterValue(published ?? '', 'version') ?? 0) || versionOfPath(path);
	return path.replace(/\/\d+\.md$/, `/${version + 1}.md`);
}

export type PublishResult =
	| { published: true; content: Content; publicationId: number; path: string }
	| { published: false; problems: ContentProblem[] };

/**
 * Publishes a document's draft as a major or minor change, after loading the whole tree with it:
 * a draft that breaks any file, or any reference between files, is refused and nothing is written.
 */
export async function publishDraft(
	db: Kysely<DB>,
	input: {
		documentId: string;
		change: 'major' | 'minor';
		summary: string;
		actorId: string;
		/** For a policy: the day the steering group approved this version, if it did. */
		reviewedOn?: string | null;
		address?: string | null;
	}
): Promise<PublishResult> {
	return db.transaction().execute(async (trx) => {
		await sql`select pg_advisory_xact_lock(hashtext('impartial:content'))`.execute(trx);
		const document = await trx
			.selectFrom('contentDocument')
			.select(['id', 'kind', 'slug', 'path'])
			.where('id', '=', input.documentId)
			.executeTakeFirstOrThrow();
		const kind = document.kind as EditableKind;
		const found = await findDocument(trx, kind, document.slug);
		if (!found?.draft || found.id !== document.id)
			return {
				published: false as const,
				problems: [{ file: `content/${document.path}`, line: 1, message: 'there is no draft to publish' }]
			};
		const path = pathToPublish(kind, document.path, found.published?.body ?? null);
		const text = textToPublish(kind, found.draft.body, found.published?.body ?? null, input.change, input.summary);
		const tree = await publishedTree(trx);
		const { problems, content } = problemsWith(tree, { [path]: text });
		if (!content) return { published: false as const, problems };
		const publicationId = (
			await trx
				.insertInto('contentPublication')
				.values({ publishedBy: input.actorId })
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		let target = document.id;
		if (path !== document.path) {
			target = (
				await trx
					.insertInto('contentDocument')
					.values({ kind, slug: document.slug, path })
					.returning('id')
					.executeTakeFirstOrThrow()
			).id;
		}
		await trx
			.deleteFrom('contentRevision')
			.where('documentId', '=', document.id)
			.where('state', '=', 'draft')
			.execute();
		const revision = await trx
			.insertInto('contentRevision')
			.values({
				documentId: target,
				body: text,
				bytes: null,
				hash: sha256(text),
				state: 'published',
				change: input.change,
				summary: input.summary,
				authorId: input.actorId,
				publicationId
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const reviewedOn = kind === 'policies' ? (input.reviewedOn ?? null) : null;
		const review =
			kind === 'policies'
				? await closeReview(trx, {
						documentId: document.id,
						revisionId: revision.id,
						reviewedOn,
						actorId: input.actorId
					})
				: null;
		await recordAudit(trx, {
			actorId: input.actorId,
			action: 'content.published',
			recordType: 'content-document',
			recordId: target,
			detail: {
				path,
				change: input.change,
				summary: input.summary,
				hash: sha256(text),
				publication: publicationId,
				...(review && { review, reviewedOn })
			},
			address: input.address
		});
		return { published: true as const, content, publicationId, path };
	});
}

/**
 * Settles a shipped change to a document the service has edited: adopting puts the shipped text in
 * the draft (replacing any draft) to be checked and published as usual; dismissing keeps the
 * service's text. Either way the mark goes. False when there was no shipped change to settle.
 */
export async function settleShippedChange(
	db: Kysely<DB>,
	input: { documentId: string; adopt: boolean; actorId: string; address?: string | null }
): Promise<boolean> {
	return db.transaction().execute(async (trx) => {
		const document = await trx
			.selectFrom('contentDocument')
			.select(['shippedBody', 'shippedHash'])
			.where('id', '=', input.documentId)
			.where('shippedChangedAt', 'is not', null)
			.forUpdate()
			.executeTakeFirst();
		if (!document) return false;
		if (input.adopt && document.shippedBody !== null) {
			const body = document.shippedBody;
			await trx
				.deleteFrom('contentRevision')
				.where('documentId', '=', input.documentId)
				.where('state', '=', 'draft')
				.execute();
			await insertDraft(trx, input.documentId, body, input.actorId).execute();
		}
		await trx
			.updateTable('contentDocument')
			.set({ shippedChangedAt: null })
			.where('id', '=', input.documentId)
			.execute();
		await recordAudit(trx, {
			actorId: input.actorId,
			action: input.adopt ? 'content.shipped-adopted' : 'content.shipped-dismissed',
			recordType: 'content-document',
			recordId: input.documentId,
			detail: { shippedHash: document.shippedHash },
			address: input.address
		});
		return true;
	});
}

/** Every file of a content folder, read as the loader reads it: text for text files, bytes for the rest. */
export function treeOf(source: ContentSource): Map<string, TreeFile> {
	return new Map(
		allFiles(source).map((path) => [path, textFile(path) ? source.readText(path) : source.readBytes(path)] as const)
	);
}

export type ImportResult =
	{ imported: true; changed: string[]; publicationId: number | null } | { imported: false; problems: ContentProblem[] };

/**
 * Loads a whole content tree (an export, or a folder kept under the service's own version
 * control) as the service's own: checked first, with what is published around it, and refused
 * whole with every problem; then every file that differs from what is published is published in
 * one publication, by the person named. A file the tree does not hold is left as it is.
 */
export async function importTree(
	db: Kysely<DB>,
	tree: ReadonlyMap<string, TreeFile>,
	input: { actorId: string; summary: string }
): Promise<ImportResult> {
	try {
		loadContent(treeSource(tree));
	} catch (err) {
		if (err instanceof ContentError) return { imported: false, problems: err.problems };
		throw err;
	}
	return db.transaction().execute(async (trx) => {
		await sql`select pg_advisory_xact_lock(hashtext('impartial:content'))`.execute(trx);
		const published = await publishedTree(trx);
		const changed = [...tree].filter(([path, file]) => {
			const now = published.get(path);
			return now === undefined || hashOf(now) !== hashOf(file);
		});
		if (!changed.length) return { imported: true as const, changed: [], publicationId: null };
		const merged = new Map([...published, ...tree]);
		try {
			loadContent(treeSource(merged));
		} catch (err) {
			if (err instanceof ContentError) return { imported: false as const, problems: err.problems };
			throw err;
		}
		const publicationId = (
			await trx
				.insertInto('contentPublication')
				.values({ publishedBy: input.actorId })
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		const documents = new Map(
			(await trx.selectFrom('contentDocument').select(['id', 'path']).execute()).map((d) => [d.path, d.id])
		);
		for (const [path, file] of changed) {
			const documentId =
				documents.get(path) ??
				(
					await trx
						.insertInto('contentDocument')
						.values({ ...describePath(path), path })
						.returning('id')
						.executeTakeFirstOrThrow()
				).id;
			await trx
				.insertInto('contentRevision')
				.values({
					documentId,
					...fileColumns(file),
					hash: hashOf(file),
					state: 'published',
					summary: input.summary,
					authorId: input.actorId,
					publicationId
				})
				.execute();
		}
		await recordAudit(trx, {
			actorId: input.actorId,
			action: 'content.imported',
			recordType: 'content-publication',
			recordId: String(publicationId),
			detail: { files: changed.map(([path]) => path), summary: input.summary }
		});
		return { imported: true as const, changed: changed.map(([path]) => path), publicationId };
	});
}

/** The first draft of a new document of each kind: the front matter the loader asks for, to fill in. */
export function starterText(kind: EditableKind, title: string, today: string = serviceDay()): string {
	const name = yamlString(title);
	const review = dayPlusMonths(today, 12);
	switch (kind) {
		case 'modules':
			return `---\ntitle: ${name}\nsummary: One sentence on what this module is for.\nminutes: 10\naudiences: [volunteer, staff]\nversion: 1\ninduction: false\nprerequisites: []\nobjectives:\n  - say what the learner can do by the end\n---\n\nWhat this module covers, and why it matters to the people the service supports.\n\n## The first section\n\nWrite the module here.\n`;
		case 'quizzes':
			return `---\ntitle: ${name}\nmodule: the-module-this-quiz-completes\nversion: 1\npass_mark: 80\n---\n\n## The first scenario {#first}\n\nDescribe the situation.\n\n- [x] The right thing to do\n  > Why it is right.\n- [ ] Something a new volunteer might choose\n  > Why it is not.\n`;
		case 'policies':
			return `---\ntitle: ${name}\nversion: 1\neffective: ${today}\nnext_review: ${review}\naudiences: [volunteer, staff, supervisor, coordinator, steering]\nchange: major\nchanges: First version of the policy.\n---\n\n## 1. Purpose and scope\n\nWrite the policy here.\n`;
		case 'courses':
			return `---\ntitle: ${name}\nsummary: One sentence on what the course is for.\naudiences: [volunteer, staff]\nsessions: 1\ncompletes: What finishing the course counts as.\n---\n\nWhat the course covers, and who it is for.\n`;
	}
}

export type StartResult = { started: true; slug: string } | { started: false; field: 'slug'; message: string };

/**
 * Starts a new document as a draft (nothing is published until it is checked and published as any
 * other): a module takes the next number in the list; a policy starts as its first version, 1.md.
 */
export async function startDocument(
	db: Kysely<DB>,
	input: { kind: EditableKind; slug: string; title: string; authorId: string; address?: string | null }
): Promise<StartResult> {
	return db.transaction().execute(async (trx) => {
		await sql`select pg_advisory_xact_lock(hashtext('impartial:content'))`.execute(trx);
		const taken = await trx
			.selectFrom('contentDocument')
			.select('id')
			.where('kind', '=', input.kind)
			.where('slug', '=', input.slug)
			.executeTakeFirst();
		if (taken)
			return {
				started: false as const,
				field: 'slug' as const,
				message: 'There is already one with this short name: choose another'
			};
		let path = `${input.kind}/${input.slug}.md`;
		if (input.kind === 'policies') path = `policies/${input.slug}/1.md`;
		if (input.kind === 'modules') {
			const numbers = (
				await trx.selectFrom('contentDocument').select('path').where('kind', '=', 'modules').execute()
			).map((d) => Number(/^modules\/(\d{2})-/.exec(d.path)?.[1] ?? 0));
			const next = Math.max(0, ...numbers) + 1;
			if (next > 99)
				return { started: false as const, field: 'slug' as const, message: 'There are 99 modules already' };
			path = `modules/${String(next).padStart(2, '0')}-${input.slug}.md`;
		}
		const { id } = await trx
			.insertInto('contentDocument')
			.values({ kind: input.kind, slug: input.slug, path })
			.returning('id')
			.executeTakeFirstOrThrow();
		const body = starterText(input.kind, input.title);
		await insertDraft(trx, id, body, input.authorId).execute();
		await recordAudit(trx, {
			actorId: input.authorId,
			action: 'content.started',
			recordType: 'content-document',
			recordId: id,
			detail: { kind: input.kind, path },
			address: input.address
		});
		return { started: true as const, slug: input.slug };
	});
}
