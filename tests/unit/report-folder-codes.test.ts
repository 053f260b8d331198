/**
 * Every file's folder code (`r_codes.folderCode`, src/lib/model/report-build.ts): found by the
 * folder's hash when the dictionary's hashes are distinct, by its text otherwise. Checked against
 * what a code means by construction: the dictionary holds each folder once, and a file's code
 * names its own folder ('' has none).
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { aparaviExportSql } from '$lib/sample/aparavi-sql.js';
import { codesSql, FOLDER_CODES_SQL } from '$lib/model/report-build';
import { positionsSql, factsStore } from '$lib/model/explorer';
import { buildModelDb } from '../fixtures/model-db';
import { buildReportDb } from '../fixtures/report-db';
import type { Rows } from '../fixtures/model-db';

const AS_OF = Date.UTC(2026, 0, 1);
let rows: Rows;
let run: (sql: string) => Promise<unknown>;

beforeAll(async () => {
	const built = await buildModelDb(aparaviExportSql({ rows: 12_000, seed: 11 }), AS_OF);
	rows = built.rows;
	run = (sql) => built.conn.run(sql);
	// Some files with no known folder, whose code must stay NULL.
	await run(`UPDATE facts SET folder = '' WHERE rowid % 997 = 0`);
	await buildReportDb(built.conn, built.rows, built.shape, AS_OF);
}, 120_000);

/** Files whose code does not name their own folder: wrong codes, and codes given to '' or missing for a folder. */
const wrongCodes = (table: string) =>
	rows(`SELECT count(*) FILTER (WHERE coalesce(d.value, '') <> f.folder) AS wrong, count(*) FILTER (WHERE f.folder = '') AS unknown, count(*) AS files
FROM (SELECT rowid AS pos, folder FROM facts) f JOIN ${table} c USING (pos) LEFT JOIN r_dict_folder d ON d.code = c.folderCode`);

describe('folder codes', () => {
	test('the dictionary holds each folder once, and its hashes are distinct here (the hash join ran)', async () => {
		const [{ n, uniqueHashes }] = await rows(FOLDER_CODES_SQL);
		const [{ folders }] = await rows(`SELECT count(DISTINCT folder) AS folders FROM facts WHERE folder <> ''`);
		expect(Number(n)).toBe(Number(folders));
		expect(uniqueHashes).toBe(true);
	});

	test('by hash (the build’s way here): every file’s code names its own folder', async () => {
		const [r] = await wrongCodes('r_codes');
		expect(Number(r.wrong)).toBe(0);
		expect(Number(r.unknown)).toBeGreaterThan(10);
		expect(Number(r.files)).toBe(12_000);
	});

	test('by text (the way when two folders share a hash): the same', async () => {
		const relation = positionsSql(factsStore(), 0, 1e9);
		const byText = codesSql(AS_OF, relation, true, {}, false).replace('TABLE r_codes', 'TABLE codes_by_text');
		expect(byText).toContain('dict_folder.value = f.folder');
		expect(codesSql(AS_OF, relation, true, {}, true)).toContain('hash(f.folder)');
		await run(byText);
		const [r] = await wrongCodes('codes_by_text');
		expect(Number(r.wrong)).toBe(0);
		expect(Number(r.files)).toBe(12_000);
	});
});
