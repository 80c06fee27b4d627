// The few parts of oidc-provider (which ships no types) that the demo's and the tests' provider uses.
declare module 'oidc-provider' {
	import type { IncomingMessage, ServerResponse } from 'node:http';

	export class Check {
		static REQUEST_PROMPT: boolean;
		static NO_NEED_TO_PROMPT: boolean;
		constructor(reason: string, description: string, check: (ctx: ProviderContext) => boolean | Promise<boolean>);
	}
	export interface Prompt {
		name: string;
		checks: Check[];
	}
	export const interactionPolicy: {
		base(): { get(name: string): Prompt } & Prompt[];
		Check: typeof Check;
	};

	export interface ProviderContext {
		oidc: {
			result?: { login?: unknown; consent?: { grantId?: string } };
			session: { accountId?: string; grantIdFor(clientId: string): string | undefined };
			client: { clientId: string };
			provider: Provider;
		};
	}

	export interface Grant {
		addOIDCScope(scope: string): void;
		save(): Promise<string>;
	}

	export default class Provider {
		constructor(issuer: string, configuration: Record<string, unknown>);
		proxy: boolean;
		Grant: {
			new (init: { clientId: string; accountId?: string }): Grant;
			find(id: string): Promise<Grant | undefined>;
		};
		callback(): (req: IncomingMessage, res: ServerResponse) => void;
		interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<{ uid: string; prompt: { name: string } }>;
		interactionFinished(
			req: IncomingMessage,
			res: ServerResponse,
			result: Record<string, unknown>,
			options?: { mergeWithLastSubmission?: boolean }
		): Promise<void>;
	}
}
