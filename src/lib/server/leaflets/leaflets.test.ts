import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/testing';
import type { SessionPerson } from '../auth/sessions';
import type { Role } from '../db/schema';
import { defaultLeafletRules } from '../content/service';
import { serviceDay } from '../../format';
import {
	checkPdf,
	cleanFileName,
	decisionSchema,
	dueCounts,
	leafletCounts,
	leafletDetail,
	leafletPdf,
	leafletSchema,
	leafletSteps,
	listLeaflets,
	recordDecision,
	recordLeaflet,
	recordReview,
	renderLeafletText,
	retireLeaflet,
	reviewSchema,
	saveVersion,
	sendForReview,
	setSubGroup,
	waitingForReview
} from './index';

const pdfBytes = (body = 'a leaflet') =>
	Buffer.from(`%PDF-1.7\n1 0 obj << >> endobj\n% ${body}\ntrailer << >>\n%%EOF\n`);
const upload = (bytes: Buffer | string, name = 'leaflet.pdf', type = 'application/pdf') =>
	new File([new Uint8Array(typeof bytes === 'string' ? Buffer.from(bytes) : bytes)], name, { type });
const limit = 400 * 1024;

describe('checking an uploaded PDF', () => {
	it('takes a real PDF and keeps a clean name', async () => {
		const result = await checkPdf(upload(pdfBytes(), 'Our leaflet.pdf'), limit);
		expect(result).toMatchObject({ ok: true, name: 'Our leaflet.pdf' });
	});

	it('says what is wrong with a missing, empty, oversized or disguised file', async () => {
		const message = async (file: FormDataEntryValue | null) => {
			const result = await checkPdf(file, limit);
			return result.ok ? 'accepted' : result.message;
		};
		expect(await message(null)).toBe('Choose a PDF file to upload');
		// What a browser sends when no file was chosen.
		expect(await message(upload('', '', 'application/octet-stream'))).toBe('Choose a PDF file to upload');
		expect(await message('a string where a file should be')).toBe('Choose a PDF file to upload');
		expect(await message(upload('', 'empty.pdf'))).toBe('The selected file is empty');
		const big = Buffer.concat([pdfBytes(), Buffer.alloc(limit)]);
		expect(await message(upload(big))).toBe('The selected file must be smaller than 400 KB');
		expect(await message(upload('<html><script>alert(1)</script></html>', 'leaflet.pdf'))).toBe(
			'The selected file must be a PDF'
		);
		expect(await message(upload(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), 'photo.pdf'))).toBe(
			'The selected file must be a PDF'
		);
		// A PDF's start with anything at all after it is not a PDF.
		expect(await message(upload('%PDF-1.4\n<html>cut short'))).toBe('The selected file must be a PDF');
	});

	it('keeps no folders, control characters or endless names', () => {
		expect(cleanFileName('../../etc/passwd')).toBe('passwd');
		expect(cleanFileName('C:\\Users\\me\\leaflet.pdf')).toBe('leaflet.pdf');
		expect(cleanFileName('lea\u0000f\u202Elet.pdf')).toBe('leaflet.pdf');
		expect(cleanFileName('   ')).toBe('leaflet.pdf');
		expect(cleanFileName(`${'a'.repeat(500)}.pdf`)).toHaveLength(120);
	});
});

describe('the forms', () => {
	it('asks for each missing field, and for comments when something is not impartial', () => {
		const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
			r.success ? [] : r.error!.issues.map((i) => [i.path[0], i.message]);
		expect(
			issues(
				leafletSchema.safeParse({
					title: '',
					kind: 'poster',
					label: '',
					dated: '2026-02-30',
					format: 'text',
					bodyText: ''
				})
			)
		).toEqual([
			['title', 'Enter the title'],
			['kind', 'Choose what kind of item it is'],
			['label', 'Enter the version, for example 3 or 2026-1'],
			['dated', 'Enter a real date']
		]);
		expect(
			issues(
				leafletSchema.safeParse({
					title: 'A',
					kind: 'leaflet',
					label: '1',
					dated: '2026-02-01',
					format: 'text',
					bodyText: ''
				})
			)
		).toEqual([['bodyText', 'Paste the text of the item']]);
		expect(issues(reviewSchema.safeParse({ impartial: 'no', comments: '' }))).toEqual([
			['comments', 'Say what is not impartial, so it can be put right']
		]);
		expect(issues(decisionSchema.safeParse({ decision: 'sent-back', comments: ' ' }))).toEqual([
			['comments', 'Say what needs to change before it is sent again']
		]);
	});
});

describe('showing pasted text', () => {
	it('renders Markdown without letting markup or script through', () => {
		const html = renderLeafletText(
			'markdown',
			'# Your rights\n\n<script>alert(1)</script>\n\n[link](javascript:alert(1)) and **bold**'
		);
		expect(html).toContain('<h2 class="govuk-heading-m">Your rights</h2>');
		expect(html).toContain('<strong>bold</strong>');
		expect(html).not.toContain('<script');
		expect(html).not.toContain('javascript:');
		expect(html).toContain('&lt;script&gt;');
	});

	it('keeps plain text as typed', () => {
		expect(renderLeafletText('text', 'One <b>line</b>\nand another\n\nA second paragraph')).toBe(
			'<p class="govuk-body">One &lt;b&gt;line&lt;/b&gt;<br>and another</p>\n<p class="govuk-body">A second paragraph</p>'
		);
	});
});

describe.each(testDatabaseKinds)('leaflets on %s', (kind) => {
	let test: TestDatabase;
	let coordinator: SessionPerson;
	let reviewer: SessionPerson;
	let reviewer2: SessionPerson;
	let outsider: SessionPerson;
	let volunteer: SessionPerson;
	const today = serviceDay();

	const person = async (name: string, roles: Role[]): Promise<SessionPerson> => {
		const row = await test.db
			.insertInto('person')
			.values({ email: `${name.toLowerCase().replace(/\W/g, '')}@example.org`, name, roles, status: 'active' })
			.returning(['id', 'name', 'email', 'roles'])
			.executeTakeFirstOrThrow();
		return { ...row, supervisorId: null };
	};
	const record = async (title: string) => {
		const result = await recordLeaflet(
			test.db,
			coordinator,
			{ title, kind: 'leaflet', label: '1', dated: '2026-10-01', format: 'markdown', bodyText: '# About us' },
			null
		);
		if (!result.ok) throw new Error(result.message);
		return result.id;
	};
	const audits = async (recordId: string) =>
		(
			await test.db
				.selectFrom('auditEvent')
				.select('action')
				.where('recordId', '=', recordId)
				.orderBy('at')
				.orderBy('id')
				.execute()
		).map((a) => a.action);

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		coordinator = await person('Cora Coordinator', ['coordinator']);
		reviewer = await person('Sam Steering', ['steering']);
		reviewer2 = await person('Tess Steering', ['steering']);
		outsider = await person('Olu Steering', ['steering']);
		volunteer = await person('Vic Volunteer', ['volunteer']);
	});
	afterAll(() => test?.close());

	it('names the sub-group from steering members only, and audits each change', async () => {
		expect(await setSubGroup(test.db, reviewer, [reviewer.id])).toMatchObject({ ok: false });
		expect(await setSubGroup(test.db, coordinator, [volunteer.id])).toEqual({
			ok: false,
			message: 'Only active members of the steering group can be in the review sub-group',
			field: 'reviewers'
		});
		expect(await setSubGroup(test.db, coordinator, [reviewer.id, reviewer2.id, outsider.id])).toEqual({ ok: true });
		expect(await setSubGroup(test.db, coordinator, [reviewer.id, reviewer2.id])).toEqual({ ok: true });
		expect(await audits(outsider.id)).toEqual(['leaflet.reviewer-added', 'leaflet.reviewer-removed']);
		expect(await audits(reviewer.id)).toEqual(['leaflet.reviewer-added']);
	});

	it('goes from draft to review to verified, with one review per member, decided by a coordinator', async () => {
		const id = await record('Your rights at a tribunal');
		// Only a coordinator records or sends.
		expect(await sendForReview(test.db, reviewer, id)).toMatchObject({ ok: false });
		expect(await recordReview(test.db, reviewer, id, { impartial: 'yes', comments: '' })).toEqual({
			ok: false,
			message: 'This item is not waiting for review'
		});
		const sent = await sendForReview(test.db, coordinator, id);
		expect(sent).toMatchObject({ ok: true, title: 'Your rights at a tribunal' });
		expect(sent.ok && sent.reviewers.map((r) => r.name)).toEqual(['Sam Steering', 'Tess Steering']);
		expect(await sendForReview(test.db, coordinator, id)).toMatchObject({
			ok: false,
			message: 'This version is already waiting for review'
		});
		// Nothing changes while it is with the sub-group.
		expect(
			await saveVersion(test.db, coordinator, id, { label: '2', dated: '2026-11-01', format: 'keep' }, null)
		).toMatchObject({ ok: false });

		expect((await waitingForReview(test.db, reviewer)).map((w) => w.id)).toContain(id);
		expect(await waitingForReview(test.db, outsider)).toEqual([]);
		// A coordinator cannot decide before anyone has reviewed it.
		expect(await recordDecision(test.db, coordinator, id, { decision: 'verified', comments: '' })).toMatchObject({
			ok: false,
			field: 'decision'
		});
		// Outside the sub-group, or not in the steering group, no review is taken.
		expect(await recordReview(test.db, outsider, id, { impartial: 'yes', comments: '' })).toMatchObject({ ok: false });
		expect(await recordReview(test.db, coordinator, id, { impartial: 'yes', comments: '' })).toMatchObject({
			ok: false
		});
		expect(await recordReview(test.db, reviewer, id, { impartial: 'yes', comments: 'Balanced.' })).toEqual({
			ok: true
		});
		expect(await recordReview(test.db, reviewer, id, { impartial: 'no', comments: 'Changed my mind' })).toEqual({
			ok: false,
			message: 'You have already reviewed this version'
		});
		expect((await waitingForReview(test.db, reviewer)).map((w) => w.id)).not.toContain(id);
		expect((await waitingForReview(test.db, reviewer2)).map((w) => w.id)).toContain(id);
		// The decision is a coordinator's, even for a reviewer.
		expect(await recordDecision(test.db, reviewer, id, { decision: 'verified', comments: '' })).toMatchObject({
			ok: false
		});
		expect((await dueCounts(test.db, defaultLeafletRules, today)).toDecide).toBeGreaterThanOrEqual(1);
		expect(await recordDecision(test.db, coordinator, id, { decision: 'verified', comments: '' })).toEqual({
			ok: true
		});
		expect(await recordReview(test.db, reviewer2, id, { impartial: 'yes', comments: '' })).toMatchObject({ ok: false });

		const detail = (await leafletDetail(test.db, id))!;
		expect(detail.version).toMatchObject({ number: 1, status: 'verified', decidedBy: 'Cora Coordinator' });
		expect(detail.reviews).toMatchObject([{ name: 'Sam Steering', impartial: true, comments: 'Balanced.' }]);
		expect(await audits(id)).toEqual([
			'leaflet.recorded',
			'leaflet.sent-for-review',
			'leaflet.reviewed',
			'leaflet.verified'
		]);
		const listed = await listLeaflets(test.db, { state: 'verified', page: 1 }, defaultLeafletRules, today);
		expect(listed.rows.find((r) => r.id === id)).toMatchObject({
			label: '1',
			verifiedLabel: '1',
			verifiedBy: 'Cora Coordinator',
			state: 'verified'
		});
	});

	it('is sent back with comments, and a new version starts a new review while the old one keeps its own', async () => {
		const id = await record('Choosing a school');
		await sendForReview(test.db, coordinator, id);
		await recordReview(test.db, reviewer, id, { impartial: 'no', comments: 'Names one school as best.' });
		expect(
			await recordDecision(test.db, coordinator, id, { decision: 'sent-back', comments: 'Take out the ranking.' })
		).toEqual({
			ok: true
		});
		expect(await sendForReview(test.db, coordinator, id)).toMatchObject({
			ok: false,
			message: 'Start a new version before sending this item for review again'
		});
		const pdf = await checkPdf(upload(pdfBytes('version two')), limit);
		if (!pdf.ok) throw new Error(pdf.message);
		expect(
			await saveVersion(test.db, coordinator, id, { label: '2', dated: '2026-11-20', format: 'pdf' }, pdf)
		).toEqual({
			ok: true,
			number: 2
		});
		// Saving again changes the draft rather than starting a third version.
		expect(
			await saveVersion(test.db, coordinator, id, { label: '2a', dated: '2026-11-21', format: 'keep' }, null)
		).toEqual({
			ok: true,
			number: 2
		});
		const detail = (await leafletDetail(test.db, id))!;
		expect(detail.version).toMatchObject({ number: 2, label: '2a', status: 'draft', format: 'pdf' });
		expect(detail.reviews).toEqual([]);
		expect((await leafletDetail(test.db, id, 1))!.version).toMatchObject({
			status: 'sent-back',
			decisionComments: 'Take out the ranking.'
		});
		expect(Buffer.from((await leafletPdf(test.db, id, 2))!.pdf!)).toEqual(pdf.bytes);
		expect(await leafletPdf(test.db, id, 1)).toBeUndefined();

		await sendForReview(test.db, coordinator, id);
		expect(await retireLeaflet(test.db, coordinator, id)).toMatchObject({ ok: false });
		// The same member reviews the new version afresh.
		expect(await recordReview(test.db, reviewer, id, { impartial: 'yes', comments: '' })).toEqual({ ok: true });
	});

	it('shows what is due for review, and counts it for the period', async () => {
		const id = await record('Preparing for a meeting');
		await sendForReview(test.db, coordinator, id);
		await recordReview(test.db, reviewer, id, { impartial: 'yes', comments: '' });
		await recordDecision(test.db, coordinator, id, { decision: 'verified', comments: '' });
		// Verified thirteen months ago: overdue for a yearly review.
		await test.db
			.updateTable('leafletVersion')
			.set({ decidedAt: new Date(Date.now() - 396 * 86_400_000) })
			.where('leafletId', '=', id)
			.execute();
		const due = await listLeaflets(test.db, { state: 'due', page: 1 }, defaultLeafletRules, today);
		expect(due.rows.map((r) => r.id)).toEqual([id]);
		expect(await dueCounts(test.db, defaultLeafletRules, today)).toMatchObject({ overdue: 1, due: 0 });
		// The coordinator's home page says so; a sub-group member's lists what waits for their review.
		expect((await leafletSteps(test.db, coordinator, defaultLeafletRules, today)).map((s) => s.text)).toContain(
			'1 item for families overdue for review'
		);
		expect((await leafletSteps(test.db, reviewer2, defaultLeafletRules, today)).map((s) => s.text)).toContain(
			'Review “Choosing a school” (version 2a) for impartiality'
		);
		expect(await leafletSteps(test.db, outsider, defaultLeafletRules, today)).toEqual([]);
		// Reviewed every 24 months instead, it is not due yet.
		expect(
			(await listLeaflets(test.db, { state: 'due', page: 1 }, { ...defaultLeafletRules, reviewEveryMonths: 24 }, today))
				.total
		).toBe(0);

		const counts = await leafletCounts(test.db, { from: '2000-01-01', to: today }, defaultLeafletRules);
		expect(counts).toMatchObject({ verified: 2, sentBack: 1, overdue: 1, unverified: 1 });

		expect(await retireLeaflet(test.db, reviewer, id)).toMatchObject({ ok: false });
		expect(await retireLeaflet(test.db, coordinator, id)).toEqual({ ok: true });
		expect(await retireLeaflet(test.db, coordinator, id)).toMatchObject({ ok: false });
		expect(
			await saveVersion(test.db, coordinator, id, { label: '2', dated: '2026-11-01', format: 'keep' }, null)
		).toMatchObject({
			ok: false,
			message: 'This item has been retired, so it can no longer be changed or reviewed'
		});
		const inUse = await listLeaflets(test.db, { state: 'in-use', page: 1 }, defaultLeafletRules, today);
		expect(inUse.rows.map((r) => r.id)).not.toContain(id);
		const retired = await listLeaflets(test.db, { state: 'retired', page: 1 }, defaultLeafletRules, today);
		expect(retired.rows.map((r) => r.id)).toEqual([id]);
		// Its history stays.
		expect((await leafletDetail(test.db, id))!.reviews).toHaveLength(1);
		expect((await leafletCounts(test.db, { from: '2000-01-01', to: today }, defaultLeafletRules)).overdue).toBe(0);
	});

	it('pages the list in the database', async () => {
		const before = (await listLeaflets(test.db, { state: 'draft', page: 1 }, defaultLeafletRules, today)).total;
		for (let i = 0; i < 30; i++) await record(`Zz paging ${String(i).padStart(2, '0')}`);
		const first = await listLeaflets(test.db, { state: 'draft', page: 1 }, defaultLeafletRules, today);
		const second = await listLeaflets(test.db, { state: 'draft', page: 2 }, defaultLeafletRules, today);
		expect(first.total).toBe(before + 30);
		expect(first.rows).toHaveLength(25);
		expect(second.rows).toHaveLength(before + 5);
		expect(second.rows.at(-1)!.title).toBe('Zz paging 29');
	});
});
