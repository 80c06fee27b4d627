// What the pages call the two kinds of entry in a person's own training log.
export type TrainingLogKind = 'training' | 'note';

export const trainingLogKindLabels: Record<TrainingLogKind, string> = {
	training: 'Training done elsewhere',
	note: 'Reflective note for supervision'
};

/** Hours as they are read: "1.5 hours", "1 hour". */
export const hoursText = (hours: number) => `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
