// GOV.UK Frontend's own script, served from this origin (so the CSP's script-src 'self' holds),
// followed by the few lines that start it. It is the only script any page loads, and only
// enhances: the menu folds behind a button on small screens, error summaries take focus, links
// styled as buttons answer the space key. Every page works without it.
import { createHash } from 'node:crypto';
import library from 'govuk-frontend/dist/govuk/govuk-frontend.min.js?raw';

// A module script runs only where GOV.UK Frontend is supported, so the classes its styles and
// components look for are set here rather than by an inline script, which the CSP forbids.
const start = `
document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll({ onError: (error) => console.error(error) });
`;

const body = library.replace(/\/\/# sourceMappingURL=\S+\s*$/, '') + start;
const version = createHash('sha256').update(body).digest('hex').slice(0, 12);

export const govukFrontendScript = {
	body,
	/** Changes whenever the script does, so browsers may keep it for good. */
	href: `/govuk-frontend.js?v=${version}`
};
