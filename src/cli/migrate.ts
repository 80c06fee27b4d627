// npm run migrate: brings the database up to date.
import { openMigratedDatabase } from './database';

const { db, description, applied } = await openMigratedDatabase();
console.log(applied.length ? `Applied to ${description}:\n  ${applied.join('\n  ')}` : `${description} is up to date.`);
await db.destroy();
