import { db } from '$lib/server/app';
import { requirePermission } from '$lib/server/auth/guard';
import { declarationRegister } from '$lib/server/declarations';
import { pageNumber } from '$lib/server/forms';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	requirePermission(locals, url, 'declarations.register');
	const register = await declarationRegister(db(), {
		interests: pageNumber(url, 10_000, 'interests'),
		due: pageNumber(url, 10_000, 'due')
	});
	return {
		people: register.people,
		interests: register.interests,
		interestCount: register.interestCount,
		outstandingCount: register.outstandingCount,
		pages: register.pages,
		pageSize: register.pageSize,
		outstanding: register.outstanding.map((p) => ({
			id: p.id,
			name: p.name,
			status: p.due.status,
			dueOn: p.due.dueOn,
			reason: p.due.reason,
			lastReturn: p.madeAt
		}))
	};
};
