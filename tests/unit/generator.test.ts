// The generator writes every quirk of real exports, deterministically, and the oracle reads the
// three formats of one export to identical figures.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from '../../scripts/gen.mjs';
import { oracleSummary } from '../oracle/summary';

const ROWS = 20_000;
const AS_OF = Date.UTC(2026, 10, 1);
let dir = '';

/** One row of a query against a generated export.duckdb (run `a` unless told), BigInts turned into numbers. */
async function one(sql: string, run = 'a'): Promise<Record<string, number>> {
	const db = await DuckDBInstance.create(':memory:');
	const con = await db.connect();
	await con.run(`ATTACH '${join(dir, run, 'export.duckdb')}' AS ex (READ_ONLY); USE ex`);
	const row = (await con.runAndReadAll(sql)).getRowObjectsJS()[0];
	con.closeSync();
	return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
}

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'gen-test-'));
	await generate({ rows: ROWS, out: join(dir, 'a'), format: 'all', seed: 42 });
	await generate({ rows: ROWS, out: join(dir, 'b'), format: 'duckdb', seed: 42 });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('generator', () => {
	test('files, folders and quirks are present', async () => {
		const r = await one(`SELECT
			count(*) FILTER (classId = 'idxobject') AS files,
			count(*) FILTER (classId = 'idxcontainer') AS folders,
			count(*) FILTER (classId = 'idxobject' AND extension IS NULL) AS nullExt,
			count(*) FILTER (classId = 'idxobject' AND extension = '') AS emptyExt,
			count(*) FILTER (extension LIKE '.%') AS dotExt,
			count(*) FILTER (extension <> lower(extension)) AS upperExt,
			count(*) FILTER (name LIKE '%<%>%') AS html,
			count(*) FILTER (name LIKE '%''%') AS quote,
			count(*) FILTER (name LIKE '%' || chr(10) || '%') AS newline,
			count(*) FILTER (name LIKE '~$%') AS lockFile,
			count(*) FILTER (name IN ('README', '.DS_Store', 'Thumbs.db')) AS special,
			count(*) FILTER (regexp_matches(name, '[^\\x00-\\x7F]')) AS nonAscii
			FROM objects`);
		expect(r.files).toBe(ROWS);
		expect(r.folders).toBeGreaterThan(0);
		for (const [k, v] of Object.entries(r)) expect(v, k).toBeGreaterThan(0);
	});

	test('time units and junk: createTime in seconds, modifyTime/accessTime in ms', async () => {
		const r = await one(`SELECT max(abs(createTime)) AS c, max(abs(modifyTime)) AS m, max(abs(accessTime)) AS a,
			count(*) FILTER (modifyTime <= 0) AS junk, count(*) FILTER (size IS NULL) AS nullSize,
			count(*) FILTER (deletedAt > 0) AS deleted FROM instances`);
		expect(r.c).toBeLessThan(1e11);
		expect(r.m).toBeGreaterThan(1e11);
		expect(r.a).toBeGreaterThan(1e11);
		expect(r.junk).toBeGreaterThan(0);
		expect(r.nullSize).toBeGreaterThan(0);
		expect(r.deleted).toBeGreaterThan(0);
		const o = await one(`SELECT count(*) AS noInstance FROM objects o WHERE classId = 'idxobject'
			AND NOT EXISTS (SELECT 1 FROM instances i WHERE i.objectId = o.objectId)`);
		expect(o.noInstance).toBeGreaterThan(0);
	});

	test('same seed, same data', async () => {
		const sql = `SELECT count(*) AS n, sum(primarySize) AS s, sum(hash(name)) % 1000000007 AS h FROM objects`;
		expect(await one(sql, 'b')).toEqual(await one(sql, 'a'));
	});

	test('the oracle gives identical figures for duckdb, parquet and csv', async () => {
		const d = await oracleSummary({ format: 'duckdb', dir: join(dir, 'a') }, AS_OF);
		expect(d.files).toBe(ROWS);
		expect(await oracleSummary({ format: 'parquet', dir: join(dir, 'a') }, AS_OF)).toEqual(d);
		expect(await oracleSummary({ format: 'csv', dir: join(dir, 'a') }, AS_OF)).toEqual(d);
	});
});
