import { error } from '@sveltejs/kit';
import { readableDiff } from '$lib/server/content/diff';
import { queryNumber } from '$lib/server/forms';
import { policyForRequest } from '$lib/server/policies/route';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url, params }) => {
	const { policy, current } = policyForRequest(locals, url, params.slug);
	const pick = (name: string, fallback: number) => {
		const n = queryNumber(1, 10_000).parse(url.searchParams.get(name) ?? undefined) ?? fallback;
		return policy.versions.find((v) => v.version === n);
	};
	const to = pick('to', current.version);
	const from = pick('from', (to?.version ?? current.version) - 1);
	if (!from || !to) error(404, 'Page not found');
	return {
		policy: { slug: policy.slug, title: current.title, versions: policy.versions.map((v) => v.version) },
		from: { version: from.version, effective: from.effective },
		to: { version: to.version, effective: to.effective, changes: to.changes, major: to.major },
		changes: readableDiff(from.markdown, to.markdown)
	};
};
