// The demo's own content history, made through the same steps a real service takes: the
// coordinator has edited one module and published it; and another module, which she also edited,
// has since had a new text in the shipped library, waiting in the authoring list to be adopted or
// dismissed. That second story is played out as an upgrade: the library as an earlier release
// held it, her edit of that, then the library as it ships now.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { findDocument, publishDraft, saveDraft, syncShippedContent, treeOf } from '../authoring';
import { treeSource, type ContentSource } from '../content/source';

/** The module the service has made its own: a local rule added to the shipped text. */
export const demoEditedModule = {
	path: 'modules/09-recording-outcomes.md',
	slug: 'recording-outcomes',
	after: '## Why records matter',
	addition:
		'In Northshire, write the record within two working days of the contact, while it is fresh, and never from memory a week later.',
	summary: 'Added Northshire’s rule: the record is written within two working days of the contact.'
};

/** The module the shipped library changed after the service had edited it. */
export const demoUpgradedModule = {
	path: 'modules/10-when-impartiality-is-challenged.md',
	slug: 'when-impartiality-is-challenged',
	/** The section the current release added, which the earlier one did not have. */
	newSection: '## If you are a steering or advisory group member',
	/** The sentence of the introduction that points to it, new in the same release. */
	pointer: ' If you are a steering or advisory group member, there is a section for you near the end.',
	after: '## Responding at the time',
	addition:
		'In Northshire, tell the service manager the same day whenever someone questions the service’s impartiality, and note it on the case record.',
	summary: 'Added Northshire’s step: tell the service manager the same day.'
};

/** A text with a paragraph put in straight after a heading; undefined when the heading is not there. */
function withParagraph(text: string, heading: string, paragraph: string): string | undefined {
	const at = text.indexOf(`\n${heading}\n`);
	if (at < 0) return undefined;
	const end = at + heading.length + 2;
	return `${text.slice(0, end)}\n${paragraph}\n${text.slice(end)}`;
}

/** The text without one of its sections (the heading up to the next one); undefined when it has none. */
function withoutSection(text: string, heading: string): string | undefined {
	const at = text.indexOf(`\n${heading}\n`);
	if (at < 0) return undefined;
	const next = text.indexOf('\n## ', at + heading.length + 1);
	return next < 0 ? undefined : text.slice(0, at) + text.slice(next);
}

async function publishEdit(
	db: Kysely<DB>,
	slug: string,
	edit: (published: string) => string | undefined,
	summary: string,
	authorId: string
): Promise<boolean> {
	const document = await findDocument(db, 'modules', slug);
	const body = document?.published && edit(document.published.body);
	if (!document || !body) return false;
	await saveDraft(db, { documentId: document.id, body, authorId, seen: null });
	const result = await publishDraft(db, { documentId: document.id, change: 'minor', summary, actorId: authorId });
	return result.published;
}

/**
 * Gives the demo its edited module and its waiting shipped update, as the coordinator. Leaves out
 * either when the shipped library does not hold the module as expected (a service's own content).
 */
export async function seedContentHistory(db: Kysely<DB>, shipped: ContentSource, coordinatorId: string) {
	// As the server does on every start before it seeds (a no-op then); a bare database is filled.
	await syncShippedContent(db, shipped);
	const edited = await publishEdit(
		db,
		demoEditedModule.slug,
		(text) => withParagraph(text, demoEditedModule.after, demoEditedModule.addition),
		demoEditedModule.summary,
		coordinatorId
	);
	const now = treeOf(shipped);
	const current = now.get(demoUpgradedModule.path);
	const earlier =
		typeof current === 'string'
			? withoutSection(current, demoUpgradedModule.newSection)?.replace(demoUpgradedModule.pointer, '')
			: undefined;
	if (!earlier) return { edited, upgradeWaiting: false };
	// The earlier release, followed because the service had not yet edited the module.
	await syncShippedContent(db, treeSource(new Map([...now, [demoUpgradedModule.path, earlier]])));
	const ownEdit = await publishEdit(
		db,
		demoUpgradedModule.slug,
		(text) => withParagraph(text, demoUpgradedModule.after, demoUpgradedModule.addition),
		demoUpgradedModule.summary,
		coordinatorId
	);
	// The release as it ships now: the module is the service's own, so its new text only waits.
	const { flagged } = await syncShippedContent(db, shipped);
	return { edited, upgradeWaiting: ownEdit && flagged > 0 };
}
