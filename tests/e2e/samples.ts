// The addresses the browser tests visit: records, people and cohorts of the demo, and records a
// coordinator makes for the tests. They are made once for each test database and kept beside it in
// .e2e-data, which is emptied whenever the test server starts afresh with a new database.
import { request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { baseURL } from '../../playwright.config';
import type { Samples } from './routes';
import { postForm, statePath } from './support';

const samplesPath = '.e2e-data/samples.json';

/** The samples for this test database, made the first time they are asked for. */
export async function samples(): Promise<Samples> {
	if (existsSync(samplesPath)) return JSON.parse(readFileSync(samplesPath, 'utf8')) as Samples;
	const made = await makeSamples();
	writeFileSync(samplesPath, JSON.stringify(made));
	return made;
}

function firstFile(dir: string, pattern: RegExp): string {
	const name = readdirSync(dir)
		.sort()
		.find((f) => pattern.test(f));
	if (!name) throw new Error(`no content in ${dir}`);
	return name;
}

/**
 * The first module's quiz. Every demo account has either finished the first module or not yet
 * begun it, so none has an attempt open, and a question of it sends each back to the start page.
 */
function firstModuleQuiz(): string {
	const text = readFileSync(join('content/modules', firstFile('content/modules', /\.md$/)), 'utf8');
	const quiz = /^quiz: *([a-z0-9-]+)/m.exec(text)?.[1];
	if (!quiz) throw new Error('the first module has no quiz');
	return quiz;
}

/** The first module with a quiz whose audiences leave out the steering group. */
function workersModule(): Pick<Samples, 'workersModule' | 'workersQuiz'> {
	for (const file of readdirSync('content/modules').sort()) {
		const text = readFileSync(join('content/modules', file), 'utf8');
		const quiz = /^quiz: *([a-z0-9-]+)/m.exec(text)?.[1];
		if (quiz && !/^audiences:.*steering/m.test(text)) {
			return { workersModule: file.replace(/^\d+-|\.md$/g, ''), workersQuiz: quiz };
		}
	}
	throw new Error('every module with a quiz is written for the steering group');
}

const recordId = (location: string | undefined) => /\/supervision\/records\/([0-9a-f-]{36})/.exec(location ?? '')![1]!;

/** Records made by a coordinator for the matrix: a shared one and a draft sample about the supervisee, a draft about someone else. */
async function supervisionSamples(coordinator: APIRequestContext, supervisee: string, otherPerson: string) {
	const today = new Date().toISOString().slice(0, 10);
	const session = {
		heldOn: today,
		minutes: '45',
		format: 'one-to-one',
		agenda: 'Matrix check',
		discussion: 'Matrix check',
		impartiality: 'Matrix check'
	};
	const created = await postForm(coordinator, `/supervision/people/${supervisee}/new/supervision`, session);
	const record = recordId(created.headers()['location']);
	await postForm(coordinator, `/supervision/records/${record}?/share`, {});
	const other = await postForm(coordinator, `/supervision/people/${otherPerson}/new/supervision`, session);
	// Fresh references each run, so no earlier draw has used them.
	const base = 1000 + Math.floor(Math.random() * 8000);
	const references = Array.from({ length: 6 }, (_, i) => `NS-2026-${base + i}`).join('\n');
	const drawn = await postForm(coordinator, `/supervision/people/${supervisee}/sample`, {
		periodFrom: '2026-01-01',
		periodTo: today,
		caseReferences: references
	});
	const sample = recordId(drawn.headers()['location']);
	const page = await (await coordinator.get(`/supervision/records/${sample}`)).text();
	const sampledCase = new RegExp(`/supervision/records/${sample}/cases/([0-9a-f-]{36})`).exec(page)![1]!;
	return { record, otherRecord: recordId(other.headers()['location']), sample, sampledCase };
}

async function makeSamples(): Promise<Samples> {
	const coordinator = await playwrightRequest.newContext({
		baseURL,
		storageState: statePath('coordinator'),
		extraHTTPHeaders: { 'X-Forwarded-For': '127.0.0.1' }
	});
	const people = await (await coordinator.get('/people?search=Helen%20Okafor')).text();
	const supervisee = /href="\/people\/([0-9a-f-]{36})"/.exec(people)![1]!;
	const invited = await postForm(coordinator, '/people/invite', {
		name: 'Matrix Throwaway',
		email: `matrix-${Date.now()}@demo.test`,
		roles: ['volunteer'],
		supervisorId: ''
	});
	const throwaway = /href="\/people\/([0-9a-f-]{36})"/.exec(await invited.text())![1]!;
	const courses = await (await coordinator.get('/courses')).text();
	const cohort = /href="\/courses\/cohorts\/([0-9a-f-]{36})">Autumn 2026</.exec(courses)![1]!;
	const register = await (await coordinator.get(`/courses/cohorts/${cohort}/register`)).text();
	const place = /\/places\/([0-9a-f-]{36})"/.exec(register)![1]!;
	const otherPeople = await (await coordinator.get('/people?search=Tom%20Brennan')).text();
	const otherPerson = /href="\/people\/([0-9a-f-]{36})"/.exec(otherPeople)![1]!;
	const records = await supervisionSamples(coordinator, supervisee, otherPerson);
	const leaflets = await (await coordinator.get('/leaflets')).text();
	const leafletId = (title: string) => new RegExp(`href="/leaflets/([0-9a-f-]{36})">${title}<`).exec(leaflets)![1]!;
	const leaflet = leafletId('Letter: confirming our support at a meeting');
	const leafletWithPdf = leafletId('What we do: information, advice and support');
	await coordinator.dispose();
	const staff = await playwrightRequest.newContext({ baseURL, storageState: statePath('staff') });
	const certificates = await (await staff.get('/me/certificates')).text();
	await staff.dispose();
	const certificate = /\/me\/certificates\/([0-9a-f-]{36})\/certificate\.pdf/.exec(certificates)![1]!;
	const certificateCode = /class="app-certificate-code">([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})</.exec(certificates)![1]!;
	return {
		supervisee,
		throwaway,
		cohort,
		place,
		...records,
		otherPerson,
		leaflet,
		leafletWithPdf,
		certificate,
		certificateCode,
		module: firstFile('content/modules', /\.md$/).replace(/^\d+-|\.md$/g, ''),
		quiz: firstModuleQuiz(),
		...workersModule(),
		// the changes page compares versions 1 and 2, so take a policy that has both
		policy: readdirSync('content/policies')
			.sort()
			.find((slug) => readdirSync(`content/policies/${slug}`).includes('2.md'))!
	};
}
