import { content } from '$lib/server/content';
import { govukFrontendScript } from '$lib/server/govuk-frontend';
import { navigationFor } from '$lib/server/navigation';
import { timeZone } from '$lib/format';
import { logoOf } from '$lib/server/files/logo';
import type { LayoutServerLoad } from './$types';

// Every page is plain HTML from the server, and every link and form a full page load: nothing
// hydrates, so no page can depend on data the browser never had. What JavaScript there is comes
// from GOV.UK Frontend's own script (see govuk-frontend.js) and only enhances.
export const csr = false;

export const load: LayoutServerLoad = ({ locals }) => {
	const { service } = content();
	const person = locals.person;
	return {
		person: person ? { id: person.id, name: person.name, roles: person.roles } : null,
		service: {
			name: service.name,
			shortName: service.shortName,
			logo: logoOf(service),
			contactEmail: service.contactEmail,
			timeZone: timeZone()
		},
		navigation: navigationFor(person),
		script: govukFrontendScript.href
	};
};
