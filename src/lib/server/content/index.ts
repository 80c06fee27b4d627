// The one content loader: reads, validates and prepares the whole content/ tree once at start-up.
import { sourceOf, type ContentSource } from './source';
import { ContentError, type ContentProblem } from './problems';
import { loadCourses, type Course } from './courses';
import { loadQuestionnaires, type Questionnaire } from './feedback';
import { loadModules, type Module } from './modules';
import { loadPolicies, type Policy } from './policies';
import { loadQuizzes, type Quiz } from './quizzes';
import { loadScenarios, type BranchingScenario } from './scenarios';
import { loadServiceConfig, type ServiceConfig } from './service';
import { defaultTimeZone, setTimeZone } from '../../format';

export interface Content {
	service: ServiceConfig;
	modules: Module[];
	moduleBySlug: Map<string, Module>;
	quizzes: Quiz[];
	quizBySlug: Map<string, Quiz>;
	scenarios: BranchingScenario[];
	scenarioBySlug: Map<string, BranchingScenario>;
	policies: Policy[];
	policyBySlug: Map<string, Policy>;
	courses: Course[];
	courseBySlug: Map<string, Course>;
	/** The families' questionnaires (content/feedback/), the one for families first. */
	questionnaires: Questionnaire[];
	/** Things worth fixing that do not stop the service, such as a quiz whose right answers are the longest. */
	warnings: ContentProblem[];
}

export const defaultContentDir = 'content';

/** Loads everything or throws a ContentError listing every problem found. */
export function loadContent(from: string | ContentSource = process.env.CONTENT_DIR || defaultContentDir): Content {
	const source = sourceOf(from);
	const problems: ContentProblem[] = [];
	const { service, problems: serviceProblems } = loadServiceConfig(source);
	problems.push(...serviceProblems);
	const { modules, problems: moduleProblems } = loadModules(source, service?.placeholders);
	problems.push(...moduleProblems);
	const { quizzes, references, problems: quizProblems, warnings } = loadQuizzes(source);
	problems.push(...quizProblems);
	const moduleBySlug = new Map(modules.map((m) => [m.slug, m]));
	const { policies, problems: policyProblems, links: policyLinks } = loadPolicies(source, service?.placeholders);
	problems.push(...policyProblems);
	const policyBySlug = new Map(policies.map((p) => [p.slug, p]));
	const { scenarios, problems: scenarioProblems } = loadScenarios(source);
	problems.push(...scenarioProblems);
	const scenarioBySlug = new Map(scenarios.map((s) => [s.slug, s]));
	const { courses, problems: courseProblems } = loadCourses(source);
	problems.push(...courseProblems);
	const courseBySlug = new Map(courses.map((c) => [c.slug, c]));
	const { questionnaires, problems: questionnaireProblems } = loadQuestionnaires(source);
	problems.push(...questionnaireProblems);
	questionnaires.sort((a, b) => Number(b.audience === 'families') - Number(a.audience === 'families'));
	// A quiz and what it belongs to must name each other: a module, so that passing one completes
	// the other; or a policy, whose versions name it as the check to pass before acknowledging.
	for (const { quiz, moduleLine, links } of references) {
		if (quiz.module) {
			const module = moduleBySlug.get(quiz.module);
			if (!module) problems.push({ file: quiz.file, line: moduleLine, message: `module: no module "${quiz.module}"` });
			else if (module.quiz !== quiz.slug) {
				problems.push({ file: quiz.file, line: moduleLine, message: `module: ${module.file} must name this quiz with "quiz: ${quiz.slug}"` });
			}
		} else if (quiz.policy) {
			const policy = policyBySlug.get(quiz.policy);
			if (!policy) problems.push({ file: quiz.file, line: moduleLine, message: `policy: no policy "${quiz.policy}"` });
			else if (!policy.versions.some((v) => v.quiz === quiz.slug)) {
				problems.push({ file: quiz.file, line: moduleLine, message: `policy: no version of "${quiz.policy}" names this quiz with "quiz: ${quiz.slug}"` });
			}
		}
		for (const link of links) {
			if (!moduleBySlug.has(link.slug)) problems.push({ file: quiz.file, line: link.line, message: `link to module:${link.slug}, which does not exist` });
		}
	}
	for (const link of policyLinks) {
		if (!moduleBySlug.has(link.slug)) problems.push({ file: link.file, line: link.line, message: `link to module:${link.slug}, which does not exist` });
	}
	const quizBySlug = new Map(quizzes.map((q) => [q.slug, q]));
	for (const module of modules) {
		const quiz = module.quiz ? quizBySlug.get(module.quiz) : undefined;
		if (quiz?.policy) problems.push({ file: module.file, line: module.quizLine ?? 1, message: `quiz: "${quiz.slug}" is the check quiz for the policy "${quiz.policy}", not a module's quiz` });
		if (module.scenario && !scenarioBySlug.has(module.scenario)) {
			problems.push({ file: module.file, line: module.scenarioLine ?? 1, message: `scenario: no scenario "${module.scenario}" (expected content/scenarios/${module.scenario}.md)` });
		}
	}
	for (const version of policies.flatMap((p) => p.versions)) {
		if (!version.quiz) continue;
		const quiz = quizBySlug.get(version.quiz);
		if (!quiz) problems.push({ file: version.file, line: version.quizLine ?? 1, message: `quiz: no quiz "${version.quiz}"` });
		else if (quiz.policy !== version.slug) problems.push({ file: version.file, line: version.quizLine ?? 1, message: `quiz: ${quiz.file} must name this policy with "policy: ${version.slug}"` });
	}
	if (problems.length || !service) throw new ContentError(problems);
	return { service, modules, moduleBySlug, quizzes, quizBySlug, scenarios, scenarioBySlug, policies, policyBySlug, courses, courseBySlug, questionnaires, warnings };
}

let current: Content | undefined;

/** The content loaded at start-up. */
export function content(): Content {
	if (!current) setContent(loadContent());
	return current!;
}

/** Makes this the content in use, and its time zone the clock every date is shown on. */
export function setContent(next: Content): void {
	current = next;
	setTimeZone(next.service.timeZone ?? defaultTimeZone);
}
