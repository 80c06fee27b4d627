// Single sign-on as the running service is set up for it: service.yml's rules (or the demo's),
// the environment's provider, and the service's public address for the callback.
import { content } from '../content';
import { publicOrigin } from '../app';
import { singleSignOnFrom, singleSignOnRules, type SingleSignOn } from './index';

export function configuredSingleSignOn(): SingleSignOn | undefined {
	return singleSignOnFrom(process.env, singleSignOnRules(content().service), publicOrigin());
}
