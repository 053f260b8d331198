import { it } from 'vitest';
import { aparaviExportSql } from '$lib/sample/aparavi-sql.js';
import { buildModelDb } from '../fixtures/model-db';
import { buildReportDb } from '../fixtures/report-db';
it('desc', async () => {
	const AS_OF = Date.UTC(2026, 9, 15);
	const built = await buildModelDb(aparaviExportSql({ rows: 20_000, seed: 7 }), AS_OF);
	const db = await buildReportDb(built.conn, built.rows, built.shape, AS_OF);
	console.log(JSON.stringify((await db.rows(`SELECT column_name, column_type AS data_type FROM (DESCRIBE r_codes)`)).map((r) => `${r.column_name}:${r.data_type}`)));
	console.log(JSON.stringify(await db.rows(`SELECT count(*) n FROM r_dup`)));
	built.conn.closeSync();
}, 600000);
