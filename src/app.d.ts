import type { SessionPerson } from '$lib/server/auth/sessions';

declare global {
	namespace App {
		interface Locals {
			person: SessionPerson | null;
			sessionToken: string | null;
		}
		interface Error {
			message: string;
			reference?: string;
		}
	}
}

export {};
