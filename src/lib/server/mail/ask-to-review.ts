// Asking people to review something (a policy draft, a leaflet): one email each, with the address
// of the page where they review it. A message the mail server does not take waits in the outbox,
// as every other does.
import { db, publicOrigin } from '../app';
import { content } from '../content';
import { sendEmail } from './index';

export async function askToReview(
	people: { name: string; email: string }[],
	request: { subject: string; text: string; path: string }
): Promise<void> {
	const service = content().service;
	for (const person of people) {
		await sendEmail(
			db(),
			{
				to: person.email,
				subject: request.subject,
				body: [
					`Hello ${person.name},`,
					'',
					request.text,
					`${publicOrigin()}${request.path}`,
					'',
					service.shortName
				].join('\n')
			},
			service
		);
	}
}
