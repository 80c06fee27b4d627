// The demo's information for families: a few items in every state the review can be in, so the
// list, the home pages and the reports have something to show.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { recordAudit } from '../audit';

const day = 24 * 60 * 60 * 1000;

/** A one-page PDF with a few lines of text, built by hand so that the demo needs no files. */
export function simplePdf(lines: string[]): Buffer {
	const escape = (t: string) => t.replace(/[\\()]/g, (c) => `\\${c}`);
	const text = lines
		.map((l, i) => `BT /F1 ${i === 0 ? 20 : 12} Tf 72 ${740 - i * 28} Td (${escape(l)}) Tj ET`)
		.join('\n');
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
		`<< /Length ${Buffer.byteLength(text)} >>\nstream\n${text}\nendstream`
	];
	let out = '%PDF-1.4\n';
	const offsets: number[] = [];
	objects.forEach((body, i) => {
		offsets.push(Buffer.byteLength(out));
		out += `${i + 1} 0 obj\n${body}\nendobj\n`;
	});
	const xref = Buffer.byteLength(out);
	out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
	out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(out);
}

interface DemoVersion {
	label: string;
	daysAgo: number;
	status: 'draft' | 'in-review' | 'verified' | 'sent-back';
	pdf?: string[];
	text?: string;
	/** Who reviewed it (keys of demo people), each with whether they found it impartial. */
	reviews?: [string, boolean, string][];
	comments?: string;
}

interface DemoLeaflet {
	title: string;
	kind: 'leaflet' | 'letter' | 'web-page';
	retiredDaysAgo?: number;
	versions: DemoVersion[];
}

const demoLeaflets: DemoLeaflet[] = [
	{
		title: 'What we do: information, advice and support',
		kind: 'leaflet',
		versions: [
			{
				label: '4',
				daysAgo: 60,
				status: 'verified',
				pdf: [
					'What we do',
					'Free, confidential and impartial information, advice and support',
					'about special educational needs and disabilities, for families and young people.'
				],
				reviews: [
					['steering', true, 'Clear, and says plainly we are at arm’s length from the council.'],
					['steering2', true, '']
				]
			}
		]
	},
	{
		title: 'Education, health and care needs assessments',
		kind: 'web-page',
		versions: [
			{
				label: '2',
				daysAgo: 400,
				status: 'verified',
				text: '## Asking for an assessment\n\nA parent, a young person or the school can ask the council for an assessment. The council must reply within 6 weeks.\n\n## If the council says no\n\nYou can appeal to the tribunal. We can explain your options; the choice is yours.',
				reviews: [['steering', true, 'Sets out the options without steering.']]
			}
		]
	},
	{
		title: 'Preparing for an annual review',
		kind: 'leaflet',
		versions: [
			{
				label: '1',
				daysAgo: 350,
				status: 'verified',
				text: 'Before the meeting\n\nRead the reports you are sent and note what you agree with and what you do not.',
				reviews: [['steering2', true, '']]
			}
		]
	},
	{
		title: 'Choosing a school or setting',
		kind: 'leaflet',
		versions: [
			{
				label: '1',
				daysAgo: 40,
				status: 'sent-back',
				text: '## Choosing a school\n\nSpecial schools are usually the better choice for children with an EHC plan.',
				reviews: [
					[
						'steering',
						false,
						'This tells families which kind of school is better. Set out the options and what to ask instead.'
					]
				],
				comments: 'Take out the sentence saying which kind of school is better; list the questions to ask each school.'
			}
		]
	},
	{
		title: 'Letter: confirming our support at a meeting',
		kind: 'letter',
		versions: [
			{
				label: '3',
				daysAgo: 10,
				status: 'in-review',
				text: 'Dear [name],\n\nThank you for contacting us. [Worker] will come with you to the meeting on [date]. They will help you put your views across; they will not speak for the school or the council.',
				reviews: [['steering2', true, 'Good: says what the worker will and will not do.']]
			}
		]
	},
	{
		title: 'Mediation and appeals',
		kind: 'leaflet',
		versions: [
			{
				label: '1',
				daysAgo: 3,
				status: 'draft',
				text: '## Mediation\n\nBefore most appeals you must get a mediation certificate.'
			}
		]
	},
	{
		title: 'Transport to school (2023 edition)',
		kind: 'leaflet',
		retiredDaysAgo: 90,
		versions: [
			{
				label: '2023',
				daysAgo: 700,
				status: 'verified',
				text: 'The council’s home to school transport policy sets out who can get help with travel.',
				reviews: [['steering', true, '']]
			}
		]
	}
];

export async function seedLeaflets(db: Kysely<DB>, ids: Map<string, string>, now: number): Promise<void> {
	const coordinator = ids.get('coordinator')!;
	const members = ['steering', 'steering2'].map((k) => ids.get(k)!);
	await db
		.insertInto('leafletReviewer')
		.values(members.map((personId) => ({ personId, addedBy: coordinator, addedAt: new Date(now - 500 * day) })))
		.execute();
	for (const item of demoLeaflets) {
		const first = item.versions[0]!;
		const { id } = await db
			.insertInto('leaflet')
			.values({
				title: item.title,
				kind: item.kind,
				createdBy: coordinator,
				createdAt: new Date(now - (first.daysAgo + 7) * day),
				retiredAt: item.retiredDaysAgo ? new Date(now - item.retiredDaysAgo * day) : null,
				retiredBy: item.retiredDaysAgo ? coordinator : null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		for (const [i, v] of item.versions.entries()) {
			const at = (daysBefore: number) => new Date(now - (v.daysAgo + daysBefore) * day);
			const decided = v.status === 'verified' || v.status === 'sent-back';
			const pdf = v.pdf ? simplePdf(v.pdf) : null;
			const version = await db
				.insertInto('leafletVersion')
				.values({
					leafletId: id,
					number: i + 1,
					label: v.label,
					dated: at(7).toISOString().slice(0, 10),
					format: pdf ? 'pdf' : v.text?.includes('## ') ? 'markdown' : 'text',
					bodyText: pdf ? null : v.text!,
					pdf,
					pdfName: pdf ? `${item.title.toLowerCase().replace(/\W+/g, '-')}.pdf` : null,
					pdfBytes: pdf?.length ?? null,
					status: v.status,
					createdBy: coordinator,
					createdAt: at(7),
					sentBy: v.status === 'draft' ? null : coordinator,
					sentAt: v.status === 'draft' ? null : at(5),
					decidedBy: decided ? coordinator : null,
					decidedAt: decided ? at(0) : null,
					decisionComments: v.comments ?? null
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			for (const [key, impartial, comments] of v.reviews ?? [])
				await db
					.insertInto('leafletReview')
					.values({ versionId: version.id, reviewerId: ids.get(key)!, impartial, comments, reviewedAt: at(2) })
					.execute();
		}
		await recordAudit(db, {
			actorId: coordinator,
			action: 'leaflet.recorded',
			recordType: 'leaflet',
			recordId: id,
			detail: { title: item.title, kind: item.kind, demo: true }
		});
	}
}
