import type { SessionPerson } from '$lib/server/auth/sessions';

declare global {
	namespace App {
		interface Locals {
			person: SessionPerson | null;
			sessionToken: string | null;
			/** Someone past their password who still owes a second factor: signed in to nothing else. */
			secondStep: { person: SessionPerson; step: 'verify' | 'enrol' } | null;
			/** Names this request in the log and in the X-Request-Id response header. */
			requestId: string;
		}
		interface Error {
			message: string;
			reference?: string;
		}
	}
}

export {};
