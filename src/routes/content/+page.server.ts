import { db } from '$lib/server/app';
import { requirePermission } from '$lib/server/auth/guard';
import { content } from '$lib/server/content';
import { currentVersion } from '$lib/server/content/policies';
import { listDocuments } from '$lib/server/authoring';
import { editableKinds, type EditableKind } from '$lib/content-kinds';
import type { PageServerLoad } from './$types';

const doneMessages: Record<string, string> = {
	published: 'The change is published. Everyone now sees the new version.'
};

/** The title and version readers see now, from the content in use. */
function shown(kind: EditableKind, slug: string): { title: string; version: number | null } {
	const c = content();
	if (kind === 'modules') {
		const m = c.moduleBySlug.get(slug);
		return { title: m?.title ?? slug, version: m?.version ?? null };
	}
	if (kind === 'quizzes') {
		const q = c.quizBySlug.get(slug);
		return { title: q?.title ?? slug, version: q?.version ?? null };
	}
	if (kind === 'policies') {
		const policy = c.policyBySlug.get(slug);
		const version = (policy && (currentVersion(policy) ?? policy.versions.at(-1))) ?? undefined;
		return { title: version?.title ?? slug, version: policy?.versions.at(-1)?.version ?? null };
	}
	return { title: c.courseBySlug.get(slug)?.title ?? slug, version: null };
}

export const load: PageServerLoad = async ({ locals, url }) => {
	requirePermission(locals, url, 'content.edit');
	const documents = await listDocuments(db());
	return {
		groups: editableKinds.map((kind) => ({
			kind,
			documents: documents
				.filter((d) => d.kind === kind)
				.map((d) => ({ ...d, ...shown(kind, d.slug) }))
				.sort((a, b) => a.path.localeCompare(b.path))
		})),
		done: doneMessages[url.searchParams.get('done') ?? ''] ?? null
	};
};
