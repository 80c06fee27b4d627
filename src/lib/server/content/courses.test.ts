import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCourses } from './courses';
import { formatProblem } from './problems';

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function courseText(front: Record<string, string>, body = 'Four sessions on impartial support.\n\n## What to bring\n\n- A notebook\n') {
	const fields = {
		title: 'IPS training course',
		summary: 'Four sessions that prepare you to support families impartially.',
		audiences: '[volunteer, staff]',
		sessions: '4',
		completes: 'Completing every session completes the IPS training.',
		...front
	};
	const yaml = Object.entries(fields)
		.filter(([, v]) => v !== '')
		.map(([k, v]) => `${k}: ${v}`)
		.join('\n');
	return `---\n${yaml}\n---\n\n${body}`;
}

function contentDir(files: Record<string, string>, modules: string[] = []): string {
	const dir = mkdtempSync(join(tmpdir(), 'impartial-courses-'));
	dirs.push(dir);
	mkdirSync(join(dir, 'courses'));
	for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'courses', name), text);
	if (modules.length) {
		mkdirSync(join(dir, 'modules'));
		for (const name of modules) writeFileSync(join(dir, 'modules', name), '');
	}
	return dir;
}

/** Loads a content folder holding exactly these course files, and returns the problems as printed. */
function problems(files: Record<string, string>, modules: string[] = []): string[] {
	return loadCourses(contentDir(files, modules)).problems.map(formatProblem);
}

describe('content/courses', () => {
	it('loads a course with its fields, rendered body and hash', () => {
		const dir = contentDir({
			'ips-course.md': courseText({ induction: 'true' }, 'Read [the first module](module:what-impartiality-means) before you come.\n\n## What to bring\n\n- A notebook\n'),
			'steering-briefing.md': courseText({ title: 'Steering group briefing', sessions: '1', audiences: '[steering]' })
		}, ['01-what-impartiality-means.md']);
		const { courses, problems } = loadCourses(dir);
		expect(problems).toEqual([]);
		expect(courses.map((c) => c.slug)).toEqual(['ips-course', 'steering-briefing']);
		const ips = courses[0]!;
		expect(ips).toMatchObject({
			slug: 'ips-course',
			file: 'content/courses/ips-course.md',
			title: 'IPS training course',
			summary: 'Four sessions that prepare you to support families impartially.',
			audiences: ['volunteer', 'staff'],
			sessions: 4,
			completes: 'Completing every session completes the IPS training.',
			induction: true
		});
		expect(ips.html).toContain('<a class="govuk-link" href="/modules/what-impartiality-means">the first module</a>');
		// The text is shown under the cohort page's own "About the course" heading, so its ## is an h3.
		expect(ips.html).toContain('<h3 id="what-to-bring" class="govuk-heading-s">What to bring</h3>');
		expect(ips.html).not.toContain('<h2');
		expect(ips.hash).toMatch(/^[0-9a-f]{64}$/);
		expect(ips.hash).not.toBe(courses[1]!.hash);
		// induction is opt-in: a course is not an induction task unless it says so.
		expect(courses[1]).toMatchObject({ sessions: 1, audiences: ['steering'], induction: false });
	});

	it('treats a missing courses folder as no courses', () => {
		const dir = mkdtempSync(join(tmpdir(), 'impartial-courses-'));
		dirs.push(dir);
		expect(loadCourses(dir)).toEqual({ courses: [], problems: [] });
	});

	it('reports a missing title on the front matter line', () => {
		expect(problems({ 'a.md': courseText({ title: '' }) })).toEqual(['content/courses/a.md:2: title: is required']);
	});

	it('reports an unknown role on its line', () => {
		expect(problems({ 'a.md': courseText({ audiences: '[volunteer, parent]' }) })).toEqual([
			'content/courses/a.md:4: audiences.1: must be roles from: volunteer, staff, supervisor, coordinator, steering, editor'
		]);
	});

	it('reports sessions outside 1 to 20 on its line', () => {
		expect(problems({ 'a.md': courseText({ sessions: '0' }) })).toEqual(['content/courses/a.md:5: sessions: must be a whole number from 1 to 20']);
		expect(problems({ 'a.md': courseText({ sessions: '21' }) })).toEqual(['content/courses/a.md:5: sessions: must be a whole number from 1 to 20']);
		expect(problems({ 'a.md': courseText({ sessions: '2.5' }) })).toEqual(['content/courses/a.md:5: sessions: must be a whole number from 1 to 20']);
	});

	it('reports an empty body on the line after the front matter', () => {
		expect(problems({ 'a.md': courseText({}, '\n') })).toEqual(['content/courses/a.md:8: the course has no text after its front matter']);
	});

	it('reports a summary of more than one sentence, an unknown key and a missing completes', () => {
		expect(problems({ 'a.md': courseText({ summary: 'Four sessions. Bring a pen.', completes: '', minutes: '90' }) })).toEqual([
			'content/courses/a.md:3: summary: must be one sentence',
			'content/courses/a.md:2: completes: must say what completing the course counts as',
			'content/courses/a.md:6: minutes: is not a known setting (check the spelling)'
		]);
	});

	it('reports a file name that is not a slug, and a link to a module that does not exist', () => {
		expect(problems({ 'IPS Course.md': courseText({}), 'b.md': courseText({}, 'Text.\n\nSee [this](module:missing-one).\n') })).toEqual([
			'content/courses/IPS Course.md:1: file name must be a slug: lower-case letters, digits and hyphens, like ips-course.md',
			'content/courses/b.md:11: link to module:missing-one, which does not exist'
		]);
	});
});
