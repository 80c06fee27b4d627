// Who owes a second factor after their password, and what a half-signed-in session may reach.
// Kept apart from the rest of mfa/ because every request asks it.
import { can } from '../auth/permissions';
import type { SecondFactorFacts, SessionPerson } from '../auth/sessions';
import type { ServiceConfig } from '../content/service';

export const mfaPolicy = (service: Pick<ServiceConfig, 'mfa'>) => service.mfa ?? 'offered';

/**
 * What a session still has to do before it is fully signed in: nothing, give a second factor, or
 * (when the service requires one and the person has none) set one up first.
 */
export type SecondStep = 'none' | 'verify' | 'enrol';

export function secondStepDue(
	person: SessionPerson,
	facts: SecondFactorFacts,
	service: Pick<ServiceConfig, 'mfa'>
): SecondStep {
	if (!can(person, 'mfa.use') || facts.passedAt || facts.providerMfa) return 'none';
	if (facts.enrolled) return 'verify';
	return mfaPolicy(service) === 'required' ? 'enrol' : 'none';
}

/**
 * The routes a half-signed-in session may reach: the second step itself and the rest of signing in,
 * signing out, and what every page is drawn with. Everything else sends it to the second step.
 */
const openRoutes = new Set([
	'/sign-out',
	'/signed-out',
	'/healthz',
	'/accessibility',
	'/brand.css',
	'/brand/logo',
	'/favicon.ico',
	'/favicon.svg',
	'/govuk-frontend.js',
	'/passkeys.js'
]);

export function secondStepAllows(routeId: string | null): boolean {
	// No route: a page that does not exist, which says only that.
	if (routeId === null) return true;
	return routeId.startsWith('/sign-in/') || openRoutes.has(routeId);
}
