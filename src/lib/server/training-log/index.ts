// A person's own training log: training done elsewhere and reflective notes for supervision.
// Only the person writes, changes or deletes their entries; each change is audited.
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema';
import type { SessionPerson } from '../auth/sessions';
import { recordAudit } from '../audit';
import { serviceDay } from '../../format';
import { dayField, freeText, textField, type CaseReferenceRule } from '../forms';

type Db = Kysely<DB>;

export { trainingLogKindLabels, type TrainingLogKind } from '../../training-log';
import type { TrainingLogKind } from '../../training-log';

export interface TrainingLogEntry {
	id: string;
	kind: TrainingLogKind;
	/** YYYY-MM-DD. */
	doneOn: string;
	title: string;
	provider: string;
	/** Hours, to the nearest minute; null for a note. */
	hours: number | null;
	reflection: string;
}

const hoursText = /^\d{1,3}(?:\.\d{1,2})?$/;
const enterHours = 'Enter the hours as a number, for example 1.5';

/** The form for an entry: a note has no provider or hours; training must say how long it took. */
export function entrySchema(caseReference: CaseReferenceRule) {
	return (
		z
			.object({
				kind: z.enum(['training', 'note'], { error: 'Choose whether this is training or a reflective note' }),
				doneOn: dayField('the date', '2026-03-14'),
				title: textField('Title', 200).min(1, 'Enter a title'),
				provider: textField('Provider', 200).optional().default(''),
				hours: z.string().trim().max(10, enterHours).optional().default(''),
				reflection: freeText('Reflection', caseReference, { max: 3000 })
			})
			// Checked whenever the kind and hours were read, so its error shows beside any other.
			.superRefine(
				(v, ctx) => {
					if (v.kind !== 'training') return;
					const problem = !v.hours
						? 'Enter how many hours the training took'
						: !hoursText.test(v.hours)
							? enterHours
							: Number(v.hours) <= 0 || Number(v.hours) > 1000
								? 'Enter between 0.1 and 1000 hours'
								: null;
					if (problem) ctx.addIssue({ code: 'custom', path: ['hours'], message: problem });
				},
				{ when: (payload) => !payload.issues.some((i) => i.path?.[0] === 'kind' || i.path?.[0] === 'hours') }
			)
			.refine((v) => v.doneOn <= serviceDay(), {
				message: 'The date must be today or in the past',
				path: ['doneOn'],
				when: (payload) => !payload.issues.some((i) => i.path?.[0] === 'doneOn')
			})
			.transform((v) => ({
				kind: v.kind,
				doneOn: v.doneOn,
				title: v.title,
				provider: v.kind === 'training' ? v.provider : '',
				minutes: v.kind === 'training' ? Math.max(1, Math.round(Number(v.hours) * 60)) : null,
				reflection: v.reflection
			}))
	);
}
export type EntryInput = z.output<ReturnType<typeof entrySchema>>;

export const deleteSchema = z.object({ id: z.uuid({ error: 'Choose the entry to delete' }) });

const columns = [
	'id',
	'kind',
	sql<string>`done_on::text`.as('doneOn'),
	'title',
	'provider',
	'minutes',
	'reflection'
] as const;

type Row = {
	id: string;
	kind: TrainingLogKind;
	doneOn: string;
	title: string;
	provider: string;
	minutes: number | null;
	reflection: string;
};

const entryOf = (r: Row): TrainingLogEntry => ({
	id: r.id,
	kind: r.kind,
	doneOn: r.doneOn,
	title: r.title,
	provider: r.provider,
	hours: r.minutes === null ? null : Math.round((r.minutes / 60) * 100) / 100,
	reflection: r.reflection
});

/** A person's entries, newest first. Whoever asks must have been allowed `training.view` on them. */
export async function trainingLogOf(db: Db, personId: string): Promise<TrainingLogEntry[]> {
	const rows = await db
		.selectFrom('trainingLogEntry')
		.select(columns)
		.where('personId', '=', personId)
		.orderBy('doneOn', 'desc')
		.orderBy('createdAt', 'desc')
		.orderBy('id')
		.execute();
	return rows.map(entryOf);
}

/** One of the person's own entries, or null when it is not theirs (or not there). */
export async function ownEntry(db: Db, personId: string, id: string): Promise<TrainingLogEntry | null> {
	const row = await db
		.selectFrom('trainingLogEntry')
		.select(columns)
		.where('id', '=', id)
		.where('personId', '=', personId)
		.executeTakeFirst();
	return row ? entryOf(row) : null;
}

/** Hours of training by calendar year, latest year first; notes carry no hours. */
export function hoursByYear(entries: readonly TrainingLogEntry[]): { year: string; hours: number; entries: number }[] {
	const years = new Map<string, { hours: number; entries: number }>();
	for (const e of entries) {
		if (e.kind !== 'training' || e.hours === null) continue;
		const year = e.doneOn.slice(0, 4);
		const y = years.get(year) ?? { hours: 0, entries: 0 };
		years.set(year, { hours: y.hours + e.hours, entries: y.entries + 1 });
	}
	return [...years]
		.sort(([a], [b]) => b.localeCompare(a))
		.map(([year, y]) => ({ year, hours: Math.round(y.hours * 100) / 100, entries: y.entries }));
}

const auditDetail = (input: EntryInput) => ({ kind: input.kind, doneOn: input.doneOn });

export async function addEntry(db: Db, actor: SessionPerson, input: EntryInput): Promise<string> {
	return db.transaction().execute(async (tx) => {
		const { id } = await tx
			.insertInto('trainingLogEntry')
			.values({ personId: actor.id, ...input })
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(tx, {
			actorId: actor.id,
			action: 'training-log.added',
			recordType: 'training_log_entry',
			recordId: id,
			detail: auditDetail(input)
		});
		return id;
	});
}

/** Changes one of the actor's own entries; false when it is not theirs. */
export async function updateEntry(db: Db, actor: SessionPerson, id: string, input: EntryInput): Promise<boolean> {
	return db.transaction().execute(async (tx) => {
		const changed = await tx
			.updateTable('trainingLogEntry')
			.set({ ...input, updatedAt: sql<Date>`now()` })
			.where('id', '=', id)
			.where('personId', '=', actor.id)
			.executeTakeFirst();
		if (!changed.numUpdatedRows) return false;
		await recordAudit(tx, {
			actorId: actor.id,
			action: 'training-log.changed',
			recordType: 'training_log_entry',
			recordId: id,
			detail: auditDetail(input)
		});
		return true;
	});
}

/** Deletes one of the actor's own entries; false when it is not theirs. */
export async function deleteEntry(db: Db, actor: SessionPerson, id: string): Promise<boolean> {
	return db.transaction().execute(async (tx) => {
		const gone = await tx
			.deleteFrom('trainingLogEntry')
			.where('id', '=', id)
			.where('personId', '=', actor.id)
			.returning(['kind', sql<string>`done_on::text`.as('doneOn')])
			.executeTakeFirst();
		if (!gone) return false;
		await recordAudit(tx, {
			actorId: actor.id,
			action: 'training-log.deleted',
			recordType: 'training_log_entry',
			recordId: id,
			detail: { kind: gone.kind, doneOn: gone.doneOn }
		});
		return true;
	});
}
