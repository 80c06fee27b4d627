// The service navigation, by what the person may do. Later features add their entries here.
import { can } from './auth/permissions';
import type { SessionPerson } from './auth/sessions';

export interface NavItem {
	href: string;
	text: string;
}

export function navigationFor(person: SessionPerson | null): NavItem[] {
	if (!person) return [];
	const items: NavItem[] = [{ href: '/', text: 'Home' }];
	if (can(person, 'induction.view')) items.push({ href: '/induction', text: 'Induction' });
	if (can(person, 'people.list')) {
		items.push({ href: '/people', text: can(person, 'people.list-all') ? 'People' : 'My supervisees' });
	}
	if (can(person, 'supervision.overview')) items.push({ href: '/supervision', text: 'Supervision' });
	else if (can(person, 'supervision.list', person))
		items.push({ href: `/supervision/people/${person.id}`, text: 'My supervision' });
	if (can(person, 'policies.list')) items.push({ href: '/policies', text: 'Policies' });
	if (can(person, 'declarations.own')) items.push({ href: '/declarations', text: 'Declarations' });
	if (can(person, 'courses.view')) items.push({ href: '/courses', text: 'Courses' });
	if (can(person, 'reports.view')) items.push({ href: '/reports', text: 'Reports' });
	if (can(person, 'leaflets.view')) items.push({ href: '/leaflets', text: 'Leaflets' });
	if (can(person, 'scenarios.list')) items.push({ href: '/scenarios', text: 'Scenarios' });
	if (can(person, 'quizzes.insights')) items.push({ href: '/quizzes', text: 'Quizzes' });
	if (can(person, 'outbox.read')) items.push({ href: '/outbox', text: 'Outbox' });
	if (can(person, 'audit.read')) items.push({ href: '/audit', text: 'Audit log' });
	if (can(person, 'content.edit')) items.push({ href: '/content', text: 'Content' });
	if (can(person, 'feedback.links')) items.push({ href: '/feedback/links', text: 'Feedback links' });
	return items;
}
