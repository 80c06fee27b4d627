// One test of what counts as a record's id, for route parameters and for ids posted in forms: the
// database's own uuid text, in either case. Anything else is refused before a query is built.
import { z } from 'zod';

const uuid = z.guid();

export const isUuid = (value: unknown): value is string => uuid.safeParse(value).success;
