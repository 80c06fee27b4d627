// Every check the service runs on free text, given text built to stall a check that backtracks:
// each finishes 500 KB of it (or refuses it for its length first) in well under 100 ms.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fastestRun } from '../testing/random';
import { adversarialSize, adversarialTexts } from '../testing/adversarial';
import { freeText, hasControlCharacter, parseForm, textField } from './forms';
import { normaliseForMatching, personalDetailIn } from './privacy';
import { parseCaseList } from './supervision/draw';
import { matchingInterest } from './supervision';
import { noteSchema, sampleSchema, type RecordFormContext } from './supervision/schemas';
import { commentarySchema } from './reports';
import { interestSchema } from './declarations';
import { inviteSchema, signInSchema } from './people/schemas';

const caseReference = { pattern: /^NS-[0-9]{4}-[0-9]{4}$/, example: 'NS-2026-0142' };
const ctx: RecordFormContext = {
	caseReference,
	rules: {
		sampleSize: 3,
		resampleAfterMonths: 12,
		supportLevels: ['Information'],
		observationCriteria: ['Sets out the options'],
		caseworkCriteria: ['Impartiality stated']
	},
	today: '2026-11-23'
};
const interests = [{ organisation: 'Northshire Primary School' }, { organisation: 'Riverside Academy Trust' }];

function form(entries: Record<string, string>): FormData {
	const data = new FormData();
	for (const [k, v] of Object.entries(entries)) data.append(k, v);
	return data;
}

const checks: Record<string, (text: string) => unknown> = {
	'the personal detail guard': (text) => personalDetailIn(text, { caseReference: caseReference.pattern }),
	'normalising for matching': normaliseForMatching,
	'the control character check': hasControlCharacter,
	'a case reference list': (text) => parseCaseList(text, caseReference.pattern),
	'matching a setting against declared interests': (text) => matchingInterest(text, interests),
	'a free-text field, in full': (text) => freeText('Discussion', caseReference).safeParse(text),
	'a free-text field, within its limit': (text) => freeText('Discussion', caseReference).safeParse(text.slice(0, 5000)),
	'a note': (text) => parseForm(noteSchema(caseReference, 'Addendum'), form({ body: text })),
	'the casework sample form': (text) =>
		parseForm(sampleSchema(ctx), form({ periodFrom: '2026-01-01', periodTo: '2026-06-30', caseReferences: text })),
	'the casework sample form, within its limit': (text) =>
		sampleSchema(ctx).safeParse({
			periodFrom: '2026-01-01',
			periodTo: '2026-06-30',
			caseReferences: text.slice(0, 20_000)
		}),
	'the annual report commentary': (text) => parseForm(commentarySchema(caseReference), form({ body: text })),
	'the commentary, within its limit': (text) =>
		commentarySchema(caseReference).safeParse({ body: text.slice(0, 10_000) }),
	'a declaration of interest': (text) =>
		parseForm(interestSchema(caseReference), form({ kind: 'governor', organisation: text, details: text })),
	'a declaration, within its limits': (text) =>
		interestSchema(caseReference).safeParse({
			kind: 'governor',
			organisation: text.slice(0, 200),
			details: text.slice(0, 2000)
		}),
	'the sign-in form': (text) => parseForm(signInSchema, form({ email: text, password: text })),
	'an invitation': (text) => parseForm(inviteSchema, form({ email: text, name: text, roles: 'staff' }), ['roles']),
	'a plain text field': (text) => z.object({ reason: textField('Reason', 500) }).safeParse({ reason: text })
};

// The guard first, in a fresh process: it reads 500 KB in one pass, and ten times the text takes
// about ten times as long, where a check that backtracks takes a hundred times as long.
describe('the personal detail guard on adversarial text', () => {
	const guard = (text: string) => personalDetailIn(text, { caseReference: caseReference.pattern });
	it.each(Object.entries(adversarialTexts))('reads 500 KB of %s in one pass', (_, text) => {
		const time = fastestRun(() => guard(text), 5);
		expect(time).toBeLessThan(100);
		const tenth = fastestRun(() => guard(text.slice(0, adversarialSize / 10)), 5);
		expect(time).toBeLessThan(Math.max(50 * tenth, 20));
	});
});

describe.each(Object.entries(checks))('%s on adversarial text', (_, check) => {
	// The best of five: on a busy machine with two hardware threads a run can take twice its time.
	it.each(Object.entries(adversarialTexts))('finishes 500 KB of %s in well under 100 ms', (_, text) => {
		expect(fastestRun(() => check(text), 5)).toBeLessThan(100);
	});
});
