import { openLink } from '$lib/server/auth/link-route';

export const { GET, HEAD } = openLink('invitation');
