// How a module stands for a person, worked out from their progress and the module's current version.
import type { Role } from '../db/schema';
import type { Module } from '../content/modules';
import type { InductionStatus, ModuleStatus } from '../../module-status';

export { moduleStatuses, moduleStatusLabels, type ModuleStatus } from '../../module-status';

export interface Progress {
	slug: string;
	startedAt: Date;
	completedAt: Date | null;
	completedVersion: number | null;
	outcome?: 'did-not-pass' | null;
	lastViewedVersionId?: string | null;
}

/** The modules a person with these roles must do in induction, in order. */
export function inductionModulesFor(modules: Module[], roles: readonly Role[]): Module[] {
	return modules.filter((m) => m.induction && m.audiences.some((a) => roles.includes(a)));
}

export function moduleStatus(module: Module, progress: ReadonlyMap<string, Progress>): ModuleStatus {
	const own = progress.get(module.slug);
	if (own?.completedVersion != null) return own.completedVersion >= module.version ? 'completed' : 'needs-review';
	if (own?.outcome === 'did-not-pass') return 'did-not-pass';
	// A prerequisite done in any version counts: a later version asks for a review, not a restart.
	const blocked = module.prerequisites.some((p) => progress.get(p)?.completedVersion == null);
	if (blocked) return 'cannot-start';
	return own ? 'in-progress' : 'not-started';
}

export interface InductionOverview {
	status: InductionStatus;
	completed: number;
	total: number;
}

export function overviewOf(statuses: ModuleStatus[]): InductionOverview {
	const completed = statuses.filter((s) => s === 'completed').length;
	const total = statuses.length;
	const status = statuses.includes('needs-review')
		? 'needs-review'
		: completed === total
			? 'completed'
			: statuses.some((s) => s !== 'not-started' && s !== 'cannot-start')
				? 'in-progress'
				: 'not-started';
	return { status, completed, total };
}
