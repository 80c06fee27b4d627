import { loadContent } from '../src/lib/server/content';
import { createDatabase } from '../src/lib/server/db';
import { advisoryReport } from '../src/lib/server/reports';
const url = 'postgres://postgres@127.0.0.1:5432/impartial_bench';
const content = loadContent();
const db = createDatabase({ url });
import { defaultPeriod } from '../src/lib/server/reports';
const periods = [defaultPeriod(), { from: '2016-11-01', to: '2026-10-31' }];
for (const p of periods) for (let i = 0; i < 8; i++) { const t = performance.now(); await advisoryReport(db, p as never, content); console.log(JSON.stringify(p), i, (performance.now() - t).toFixed(1)); }
await db.destroy();
