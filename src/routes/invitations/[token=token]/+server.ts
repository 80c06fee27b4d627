import { db } from '$lib/server/app';
import { openLink } from '$lib/server/auth/link-route';

export const { GET, HEAD } = openLink(db, 'invitation');
