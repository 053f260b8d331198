/**
 * The report build's two indexes over every file, on hand-made codes whose answers are worked out
 * below: r_folder_sets (per value of a filter dimension, the folders holding its files, as a bitmap
 * or a list) counting "folders holding files" under a filter on one dimension, and r_bysize (every
 * file in size order, sorted in slices of whole buckets). Native DuckDB runs the model's SQL.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { bySizeSql, folderSetsSql } from '$lib/model/report-build';
import { emptyFilters, type Filters } from '$lib/model/filters';
import { folderSetDimension, folderSetsCountSql, type FolderCodes } from '$lib/model/folder-sets';

let conn: DuckDBConnection;
const rows = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS();
const one = async (sql: string) => Number(Object.values((await rows(sql))[0])[0]);

/**
 * 100 folders: codes 1–50 under `A/`, 51–100 under `B/` (numbered in path order, as the build does).
 * Extension a (code 1): one file in every folder, modified 2020-01 — 100 files, a bitmap (100 · 32 ≥ 101 codes).
 * Extension b (code 2): files in folders 3 and 60, modified 2021-06 — 2 files, a list (2 · 32 < 101).
 * Extension c (code 3): a file in folder 3 and one with no known folder (code 0), modified 2021-06 — a list [0, 3].
 * One file with no extension, in folder 99.
 */
beforeAll(async () => {
	conn = await (await DuckDBInstance.create(':memory:')).connect();
	await conn.run(`CREATE TABLE r_dict_folder AS SELECT i::INTEGER AS code, (CASE WHEN i <= 50 THEN 'A/' ELSE 'B/' END) || 'x' || lpad(i::VARCHAR, 3, '0') || '/' AS value FROM range(1, 101) t(i)`);
	await conn.run(`CREATE TABLE r_dict_extension AS SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (3, 'c')) t(code, value)`);
	await conn.run(`CREATE TABLE r_codes AS
SELECT i::INTEGER AS folderCode, 1 AS extension, 0::UTINYINT AS sizeBand, 1::UTINYINT AS ageBand, 202001 AS modifiedMonth, 202401 AS addedMonth FROM range(1, 101) t(i)
UNION ALL SELECT * FROM (VALUES (3, 2, 1, 2, 202106, 202401), (60, 2, 1, 2, 202106, 202402), (3, 3, 1, 2, 202106, 202402), (NULL, 3, 1, 2, 202106, 202402), (99, NULL, 1, 2, 202106, 202402)) v`);
	for (const s of folderSetsSql(100)) await conn.run(s);
});
afterAll(() => conn?.closeSync());

const filters = (f: Partial<Filters>): Filters => ({ ...emptyFilters(), ...f });
const count = (f: Partial<Filters>, root: string | FolderCodes = '') => {
	const d = folderSetDimension(filters(f), () => true);
	if (!d) throw new Error('no folder-set dimension');
	return one(folderSetsCountSql(filters(f), d, typeof root === 'string' ? { under: root } : root));
};

describe('folder sets', () => {
	test('a value with many files keeps a bitmap, one with few a list of codes', async () => {
		expect(await rows(`SELECT code, bits IS NOT NULL AS bitmap, folders FROM r_folder_sets WHERE dim = 'extension' ORDER BY code`)).toEqual([
			{ code: 1, bitmap: true, folders: null },
			{ code: 2, bitmap: false, folders: [3, 60] },
			{ code: 3, bitmap: false, folders: [0, 3] }
		]);
		// Size band 1 holds five files (folders 3, 60, 3, none, 99): 5 · 32 ≥ 101, a bitmap.
		expect(await rows(`SELECT dim, code, bits IS NOT NULL AS bitmap, folders FROM r_folder_sets WHERE dim IN ('sizeBand', 'ageBand') ORDER BY dim, code`)).toEqual([
			{ dim: 'ageBand', code: 1, bitmap: true, folders: null },
			{ dim: 'ageBand', code: 2, bitmap: true, folders: null },
			{ dim: 'sizeBand', code: 0, bitmap: true, folders: null },
			{ dim: 'sizeBand', code: 1, bitmap: true, folders: null }
		]);
	});

	test('folders holding files under a filter on one dimension, within a root', async () => {
		expect(await count({ extensions: ['b'] })).toBe(2);
		expect(await count({ extensions: ['b'] }, 'A/')).toBe(1);
		expect(await count({ extensions: ['b'] }, 'B/')).toBe(1);
		expect(await count({ extensions: ['b'] }, 'B/x060/')).toBe(1);
		expect(await count({ extensions: ['b'] }, 'B/x061/')).toBe(0);
		// Two lists overlapping in folder 3; the file with no known folder is in none.
		expect(await count({ extensions: ['b', 'c'] })).toBe(2);
		// A bitmap and a list: the listed folders are already in the bitmap.
		expect(await count({ extensions: ['a', 'b'] })).toBe(100);
		expect(await count({ extensions: ['a'] }, 'A/')).toBe(50);
		expect(await count({ extensions: ['a', 'c'] }, 'A/x003/')).toBe(1);
		// The value no file has; a root no folder is under.
		expect(await count({ extensions: ['zzz'] })).toBe(0);
		expect(await count({ extensions: ['a'] }, 'C/')).toBe(0);
		// Month windows: 2020-01 is every folder; 2021-06 folders 3 and 60 (b, c) and 99 (no extension).
		expect(await count({ modified: { from: '2019-01', to: '2020-12' } })).toBe(100);
		expect(await count({ modified: { from: '2021-01', to: '2021-12' } })).toBe(3);
		expect(await count({ modified: { from: '2021-01', to: '2021-12' } }, 'B/')).toBe(2);
		expect(await count({ added: { from: '2024-02', to: '2024-02' } })).toBe(3);
		expect(await count({ ageBands: [1, 2] }, 'B/')).toBe(50);
		expect(await count({ sizeBands: [1] })).toBe(3);
		// The Summary's count: the files with no known folder are a folder of their own.
		expect(await count({ extensions: ['b', 'c'] }, { all: true })).toBe(3);
		expect(await count({ extensions: ['a'] }, { all: true })).toBe(100);
		expect(await count({ modified: { from: '2021-01', to: '2021-12' } }, { all: true })).toBe(4);
		expect(await count({ sizeBands: [1] }, { all: true })).toBe(4);
		expect(await count({ extensions: ['b', 'c'] }, { known: true })).toBe(2);
	});

	test('only a filter on one of their dimensions is answered by the sets', () => {
		const at = (f: Partial<Filters>, available = true) => folderSetDimension(filters(f), () => available);
		expect(at({ extensions: ['a'] })).toBe('extension');
		expect(at({ added: { from: '2024-01', to: '2024-12' } })).toBe('addedMonth');
		expect(at({ extensions: ['a'], sizeBands: [1] })).toBeNull();
		expect(at({ topFolders: ['A/'] })).toBeNull();
		expect(at({})).toBeNull();
		expect(at({ extensions: ['a'] }, false)).toBeNull();
	});

	test('an export where no file has a known folder: one set, code 0', async () => {
		await conn.run(`CREATE SCHEMA empty; USE empty`);
		await conn.run(`CREATE TABLE r_dict_folder (code INTEGER, value VARCHAR)`);
		await conn.run(`CREATE TABLE r_dict_extension AS SELECT 1 AS code, 'a' AS value`);
		await conn.run(`CREATE TABLE r_codes AS SELECT NULL::INTEGER AS folderCode, 1 AS extension, 0::UTINYINT AS sizeBand, 0::UTINYINT AS ageBand, 202001 AS modifiedMonth, 202001 AS addedMonth FROM range(3)`);
		for (const s of folderSetsSql(0)) await conn.run(s);
		expect(await count({ extensions: ['a'] }, { all: true })).toBe(1);
		expect(await count({ extensions: ['a'] })).toBe(0);
		await conn.run(`USE memory.main`);
	});
});

describe('files in size order', () => {
	test('every sized file once, in (bucket, size) order, sorted in slices of whole buckets', async () => {
		// 1,000 files, sizes in 37 buckets (one with no size), sliced 100 at a time.
		await conn.run(`CREATE OR REPLACE TABLE r_codes AS
SELECT CASE WHEN i % 97 = 0 THEN NULL ELSE (i * 7919) % 37 END::SMALLINT AS sizeBucket, (i * 104729) % 10007 AS size,
	i % 5 AS extension, (i % 3)::UTINYINT AS sizeBand, (i % 4)::UTINYINT AS ageBand, i % 11 AS topFolder, 202000 + i % 12 AS modifiedMonth, 202100 + i % 12 AS addedMonth
FROM range(1000) t(i)`);
		const statements = bySizeSql(1000, 100);
		// The plan, ten slices, the plan dropped.
		expect(statements.length).toBe(12);
		for (const s of statements) await conn.run(s);
		const cols = 'sizeBucket, size, extension, sizeBand, ageBand, topFolder, modifiedMonth, addedMonth';
		expect(await one(`SELECT count(*) FROM (SELECT ${cols} FROM r_codes WHERE sizeBucket IS NOT NULL EXCEPT ALL SELECT ${cols} FROM r_bysize)`)).toBe(0);
		expect(await one(`SELECT count(*) FROM r_bysize`)).toBe(1000 - 11);
		expect(await one(`SELECT count(*) FROM (SELECT sizeBucket, size, lag(sizeBucket) OVER (ORDER BY rowid) AS b0, lag(size) OVER (ORDER BY rowid) AS s0 FROM r_bysize) WHERE b0 > sizeBucket OR (b0 = sizeBucket AND s0 > size)`)).toBe(0);
		expect(await one(`SELECT count(*) FROM duckdb_tables() WHERE table_name = 'r_bysize_plan'`)).toBe(0);
	});
});
