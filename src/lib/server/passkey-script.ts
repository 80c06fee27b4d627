// The script behind the passkey forms, served from this origin like GOV.UK Frontend's (pages do not
// hydrate, and the CSP allows no inline script). It is SimpleWebAuthn's browser bundle followed by
// the few lines that wire it to any `form[data-passkey]`: where the browser can make or use a
// passkey, the form is shown and its fallback text hidden; on submit the browser is asked for the
// credential, which goes into the form's hidden field and is posted as an ordinary form.
import { pageScript } from './page-script';
// The package's exports name only its modules, so its self-contained bundle is read by path.
import library from '../../../node_modules/@simplewebauthn/browser/dist/bundle/index.umd.min.js?raw';

const start = `
const { browserSupportsWebAuthn, startAuthentication, startRegistration } = globalThis.SimpleWebAuthnBrowser;
if (browserSupportsWebAuthn()) {
	for (const fallback of document.querySelectorAll('[data-passkey-fallback]')) fallback.hidden = true;
	for (const form of document.querySelectorAll('form[data-passkey]')) {
		const optionsJSON = JSON.parse(form.dataset.options);
		const field = form.querySelector('input[name="credential"]');
		const problem = form.querySelector('[data-passkey-problem]');
		form.hidden = false;
		form.addEventListener('submit', async (event) => {
			if (field.value) return;
			event.preventDefault();
			try {
				const answer =
					form.dataset.passkey === 'register'
						? await startRegistration({ optionsJSON })
						: await startAuthentication({ optionsJSON });
				field.value = JSON.stringify(answer);
				form.requestSubmit();
			} catch (error) {
				console.error(error);
				if (problem) {
					problem.hidden = false;
					problem.closest('.govuk-form-group')?.classList.add('govuk-form-group--error');
				}
			}
		});
	}
}
`;

export const passkeyScript = pageScript('/passkeys.js', library.replace(/\/\/# sourceMappingURL=\S+\s*$/, '') + start);
