// Browsers and other clients that ask for the old address of an icon are sent to the service's own.
import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = () => redirect(308, '/favicon.svg');
