// The one content loader: reads, validates and prepares the whole content/ tree once at start-up.
import { resolve } from 'node:path';
import { ContentError, type ContentProblem } from './problems';
import { loadModules, type Module } from './modules';
import { loadServiceConfig, type ServiceConfig } from './service';

export interface Content {
	service: ServiceConfig;
	modules: Module[];
	moduleBySlug: Map<string, Module>;
}

export const defaultContentDir = 'content';

/** Loads everything or throws a ContentError listing every problem found. */
export function loadContent(dir: string = process.env.CONTENT_DIR || defaultContentDir): Content {
	const problems: ContentProblem[] = [];
	const { service, problems: serviceProblems } = loadServiceConfig(resolve(dir));
	problems.push(...serviceProblems);
	const { modules, problems: moduleProblems } = loadModules(resolve(dir));
	problems.push(...moduleProblems);
	if (problems.length || !service) throw new ContentError(problems);
	return { service, modules, moduleBySlug: new Map(modules.map((m) => [m.slug, m])) };
}

let current: Content | undefined;

/** The content loaded at start-up. */
export function content(): Content {
	current ??= loadContent();
	return current;
}

export function setContent(next: Content): void {
	current = next;
}
