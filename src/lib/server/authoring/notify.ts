// Telling steering members a policy draft waits for their review, once it has been sent.
import { db, publicOrigin } from '../app';
import { sendEmail } from '../mail';
import { content } from '../content';
import type { Member } from './review';

/** One email to each member newly asked; a message the mail server does not take waits in the outbox. */
export async function notifyReviewMembers(reviewId: string, title: string, members: Member[]): Promise<void> {
	const service = content().service;
	for (const member of members) {
		await sendEmail(
			db(),
			{
				to: member.email,
				subject: `A policy draft to review: ${title}`,
				body: [
					`Hello ${member.name},`,
					'',
					`A draft of the ${title} has been sent to you for the steering group’s review. Please read it, with what changed, and leave your comments:`,
					`${publicOrigin()}/policy-reviews/${reviewId}`,
					'',
					service.shortName
				].join('\n')
			},
			service
		);
	}
}
