import { content } from '$lib/server/content';
import { navigationFor } from '$lib/server/navigation';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
	const { service } = content();
	const person = locals.person;
	return {
		person: person ? { id: person.id, name: person.name, roles: person.roles } : null,
		service: {
			name: service.name,
			shortName: service.shortName,
			hasLogo: !!service.logo,
			contactEmail: service.contactEmail
		},
		navigation: navigationFor(person)
	};
};
