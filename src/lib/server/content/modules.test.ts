import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModules } from './modules';
import { formatProblem } from './problems';

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function moduleText(front: Record<string, string>, body = 'Some text about impartiality.\n\n## Sources\n\n- A policy\n') {
	const fields = { title: 'A module', summary: 'What you will know after reading.', minutes: '5', audiences: '[volunteer]', version: '1', ...front };
	// Last, so that the lines of the other keys stay where the tests expect them.
	if (!('objectives' in front)) Object.assign(fields, { objectives: '[explain what the module teaches]' });
	const yaml = Object.entries(fields)
		.filter(([, v]) => v !== '')
		.map(([k, v]) => `${k}: ${v}`)
		.join('\n');
	return `---\n${yaml}\n---\n\n${body}`;
}

/** Loads a content folder holding exactly these module files, and returns the problems as printed. */
function problems(files: Record<string, string>): string[] {
	const dir = mkdtempSync(join(tmpdir(), 'impartial-modules-'));
	dirs.push(dir);
	mkdirSync(join(dir, 'modules'));
	for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'modules', name), text);
	return loadModules(dir).problems.map(formatProblem);
}

describe('content/modules', () => {
	it('renders callouts, anchored headings and links between modules, and hashes the file', () => {
		const dir = mkdtempSync(join(tmpdir(), 'impartial-modules-'));
		dirs.push(dir);
		mkdirSync(join(dir, 'modules'));
		const body = 'Read [the next one](module:second).\n\n## Why it matters\n\n## The service\'s rules\n\n> [!policy] From the policy\n> Staff declare interests.\n\n## Sources\n\n- A policy\n';
		writeFileSync(join(dir, 'modules', '01-first.md'), moduleText({}, body));
		writeFileSync(join(dir, 'modules', '02-second.md'), moduleText({ prerequisites: '[first]', version: '3' }));
		const { modules, problems } = loadModules(dir);
		expect(problems).toEqual([]);
		expect(modules.map((m) => [m.slug, m.version, m.prerequisites])).toEqual([['first', 1, []], ['second', 3, ['first']]]);
		const first = modules[0]!;
		expect(first.html).toContain('<a class="govuk-link" href="/modules/second">the next one</a>');
		expect(first.html).toContain('<h2 id="why-it-matters" class="govuk-heading-l">Why it matters</h2>');
		expect(first.html).toContain('<div class="app-callout app-callout--policy" role="note"><p class="app-callout__title"><strong>From the policy</strong></p><p class="govuk-body">Staff declare interests.</p>');
		expect(first.sections).toEqual([{ id: 'why-it-matters', title: 'Why it matters' }, { id: 'the-services-rules', title: "The service's rules" }, { id: 'sources', title: 'Sources' }]);
		expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
		expect(first.hash).not.toBe(modules[1]!.hash);
	});

	it('puts a table in a labelled region of its own that takes focus, so a wide one scrolls there and not the page', () => {
		const dir = mkdtempSync(join(tmpdir(), 'impartial-modules-'));
		dirs.push(dir);
		mkdirSync(join(dir, 'modules'));
		const body = 'Who decides what.\n\n| Who | *Decides* |\n| --- | ---: |\n| Parent | The school to name |\n\n## Sources\n\n- A policy\n';
		writeFileSync(join(dir, 'modules', '01-first.md'), moduleText({}, body));
		const { modules, problems } = loadModules(dir);
		expect(problems).toEqual([]);
		expect(modules[0]!.html).toContain(
			'<div class="app-table-region" role="region" aria-label="Table: Who, Decides" tabindex="0"><table class="govuk-table"><thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Who</th><th scope="col" class="govuk-table__header" align="right"><em>Decides</em></th></tr></thead><tbody class="govuk-table__body"><tr class="govuk-table__row"><td class="govuk-table__cell">Parent</td><td class="govuk-table__cell" align="right">The school to name</td></tr></tbody></table></div>'
		);
	});

	it('reports a missing title on the front matter line', () => {
		expect(problems({ '01-a.md': moduleText({ title: '' }) })).toEqual(['content/modules/01-a.md:2: title: is required']);
	});

	it('reports broken YAML where the parser finds it', () => {
		expect(problems({ '01-a.md': moduleText({ audiences: '[volunteer' }) })).toEqual([
			expect.stringMatching(/^content\/modules\/01-a\.md:[5-6]: YAML: /)
		]);
	});

	it('reports an unknown role on its line', () => {
		expect(problems({ '01-a.md': moduleText({ audiences: '[volunteer, parent]' }) })).toEqual([
			'content/modules/01-a.md:5: audiences.1: must be roles from: volunteer, staff, supervisor, coordinator, steering, editor'
		]);
	});

	it('reports a duplicate slug', () => {
		expect(problems({ '01-a.md': moduleText({}), '02-a.md': moduleText({}) })).toEqual([
			'content/modules/02-a.md:1: duplicate slug "a": content/modules/01-a.md has it too'
		]);
	});

	it('reports unknown prerequisites and quizzes, and circles of prerequisites', () => {
		expect(problems({ '01-a.md': moduleText({ prerequisites: '[nowhere]', quiz: 'no-such-quiz' }) })).toEqual([
			'content/modules/01-a.md:7: prerequisites: no module "nowhere"',
			'content/modules/01-a.md:8: quiz: no quiz "no-such-quiz" (expected content/quizzes/no-such-quiz.md)'
		]);
		expect(problems({ '01-a.md': moduleText({ prerequisites: '[b]' }), '02-b.md': moduleText({ prerequisites: '[a]' }) })).toEqual([
			'content/modules/01-a.md:7: prerequisites go round in a circle: a → b → a'
		]);
	});

	it('reports a link to a module that does not exist, on the line of the link', () => {
		expect(problems({ '01-a.md': moduleText({}, 'First paragraph.\n\nSee [this](module:missing-one).\n') })).toEqual([
			'content/modules/01-a.md:12: link to module:missing-one, which does not exist'
		]);
	});

	it('reports an empty body and a bad file name', () => {
		expect(problems({ '01-a.md': moduleText({}, '\n'), 'notes.md': 'hello' })).toEqual([
			'content/modules/01-a.md:9: the module has no text after its front matter',
			'content/modules/notes.md:1: file name must be NN-slug.md, like 03-supporting-not-advocating.md'
		]);
	});

	it('reports raw HTML that sanitising would remove, and keeps the HTML it allows', () => {
		const body = 'Intro with <abbr title="local authority">LA</abbr>.\n\n<script>alert(1)</script>\n\nA <span onclick="steal()">trap</span>.\n';
		expect(problems({ '01-a.md': moduleText({}, body) })).toEqual([
			'content/modules/01-a.md:12: raw HTML <script>alert(1)</script> would be removed by sanitising: write it in Markdown',
			'content/modules/01-a.md:14: raw HTML <span onclick="steal()"> would be removed by sanitising: write it in Markdown'
		]);
	});

	it('reports an unknown callout kind', () => {
		expect(problems({ '01-a.md': moduleText({}, 'Text.\n\n> [!warning] Careful\n> Something.\n') })).toEqual([
			'content/modules/01-a.md:12: unknown callout [!warning]: use [!policy], [!practice], [!think]'
		]);
	});

	it('requires learning objectives, and keeps them with what a new version changed', () => {
		expect(problems({ '01-a.md': moduleText({ objectives: '' }) })).toEqual([
			'content/modules/01-a.md:2: objectives: must list what the learner can do by the end, one per line starting with "- "'
		]);
		expect(problems({ '01-a.md': moduleText({ objectives: '[]' }) })).toEqual([
			'content/modules/01-a.md:7: objectives: must list at least one thing the learner can do by the end of the module'
		]);
		const dir = mkdtempSync(join(tmpdir(), 'impartial-modules-'));
		dirs.push(dir);
		mkdirSync(join(dir, 'modules'));
		writeFileSync(join(dir, 'modules', '01-a.md'), moduleText({ version: '2', objectives: '[explain the limits of confidentiality, act on a safeguarding concern]', changes: 'Safeguarding concerns are passed on straight away.' }));
		const { modules, problems: found } = loadModules(dir);
		expect(found).toEqual([]);
		expect(modules[0]!.objectives).toEqual(['explain the limits of confidentiality', 'act on a safeguarding concern']);
		expect(modules[0]!.changes).toBe('Safeguarding concerns are passed on straight away.');
	});

	it("fills in the service's own contacts, and reports an unknown or unset placeholder on its line", () => {
		const dir = mkdtempSync(join(tmpdir(), 'impartial-modules-'));
		dirs.push(dir);
		mkdirSync(join(dir, 'modules'));
		const body = 'Tell {{safeguarding.lead}} on {{ safeguarding.lead.phone }} straight away.\n\nThe LADO: {{safeguarding.lado.phone}}.\n\nAsk {{safegarding.lead}}.\n';
		writeFileSync(join(dir, 'modules', '01-a.md'), moduleText({}, body));
		const values = new Map([
			['safeguarding.lead', 'Priya Shah'],
			['safeguarding.lead.phone', '01632 960 101']
		]);
		const { modules, problems: found } = loadModules(dir, values);
		expect(found.map(formatProblem)).toEqual([
			'content/modules/01-a.md:12: {{safeguarding.lado.phone}} is not set: add safeguarding.lado.phone to content/service.yml',
			'content/modules/01-a.md:14: {{safegarding.lead}} is not a known placeholder (check the spelling)'
		]);
		expect(modules[0]!.html).toContain('Tell Priya Shah on 01632 960 101 straight away.');
	});
});
