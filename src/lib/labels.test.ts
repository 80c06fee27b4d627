// Each set of words the pages and exports use for a code (a role, a status, an attendance mark)
// has one home. A copy elsewhere drifts: the register once read "Partly attended" while the
// record export said "Attended part". This test finds any file that spells out two or more
// entries of a shared set for itself, whatever words it gives them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { roleHints, roleLabels, statusTags } from './roles';
import { moduleMethodLabels, moduleStatusLabels } from './module-status';
import { acknowledgementStatusLabels } from './acknowledgement-status';
import { gradeLabels, observationSettings, recordKindLabels, recordStatusLabels, sessionFormats } from './supervision';
import { interestKindLabels } from './interest-kinds';
import { attendanceLabels, placeStatusLabels } from './courses';

const sets: Record<string, { home: string; keys: string[] }> = {
	roleLabels: { home: 'src/lib/roles.ts', keys: Object.keys(roleLabels) },
	roleHints: { home: 'src/lib/roles.ts', keys: Object.keys(roleHints) },
	statusTags: { home: 'src/lib/roles.ts', keys: Object.keys(statusTags) },
	moduleStatusLabels: { home: 'src/lib/module-status.ts', keys: Object.keys(moduleStatusLabels) },
	moduleMethodLabels: { home: 'src/lib/module-status.ts', keys: Object.keys(moduleMethodLabels) },
	acknowledgementStatusLabels: {
		home: 'src/lib/acknowledgement-status.ts',
		keys: Object.keys(acknowledgementStatusLabels)
	},
	recordStatusLabels: { home: 'src/lib/supervision.ts', keys: Object.keys(recordStatusLabels) },
	recordKindLabels: { home: 'src/lib/supervision.ts', keys: Object.keys(recordKindLabels) },
	gradeLabels: { home: 'src/lib/supervision.ts', keys: Object.keys(gradeLabels) },
	sessionFormats: { home: 'src/lib/supervision.ts', keys: Object.keys(sessionFormats) },
	observationSettings: { home: 'src/lib/supervision.ts', keys: Object.keys(observationSettings) },
	interestKindLabels: { home: 'src/lib/interest-kinds.ts', keys: Object.keys(interestKindLabels) },
	placeStatusLabels: { home: 'src/lib/courses.ts', keys: Object.keys(placeStatusLabels) },
	attendanceLabels: { home: 'src/lib/courses.ts', keys: Object.keys(attendanceLabels) }
};

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sourceFiles(path);
		return /\.(ts|svelte)$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
	});
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

/**
 * The keys of a set that a file gives short words to itself, as an object's entries (`key: 'words'`,
 * `key: { label: 'words'`) or as choices (`value: 'key', label: 'words'`). Longer sentences keyed
 * by the same codes (a confirmation for each state of a place, say) are not labels.
 */
function spelledOut(text: string, keys: string[]): string[] {
	const words = `['"\`][^'"\`\\n]{1,40}['"\`]`;
	return keys.filter((key) => {
		const k = escape(key);
		return (
			new RegExp(`(^|[{,])\\s*['"]?${k}['"]?\\s*:\\s*(\\{\\s*label\\s*:\\s*)?${words}`, 'm').test(text) ||
			new RegExp(`value\\s*:\\s*['"]${k}['"]\\s*,\\s*label\\s*:\\s*${words}`).test(text)
		);
	});
}

describe('display labels', () => {
	const files = sourceFiles('src').map((path) => ({ path: relative('.', path), text: readFileSync(path, 'utf8') }));

	it('finds a copy when there is one', () => {
		const copy = "const marks = { attended: 'Attended', partly: 'Attended part', absent: 'Absent' };";
		expect(spelledOut(copy, sets.attendanceLabels!.keys)).toEqual(['attended', 'partly', 'absent']);
		const choices = "[{ value: 'good', label: 'Good' }, { value: 'inadequate', label: 'Poor' }]";
		expect(spelledOut(choices, sets.gradeLabels!.keys)).toEqual(['good', 'inadequate']);
	});

	it('has each set spelled out in its home only', () => {
		const copies = Object.entries(sets).flatMap(([name, { home, keys }]) =>
			files
				.filter((f) => f.path !== home)
				.map((f) => ({ file: f.path, set: name, keys: spelledOut(f.text, keys) }))
				// More than half of a set (and two or more) is a copy; a file with a set of its own that
				// shares a code or two ("due" for a leaflet's review) is not.
				.filter((c) => c.keys.length >= 2 && c.keys.length > keys.length / 2)
		);
		expect(copies).toEqual([]);
	});
});
