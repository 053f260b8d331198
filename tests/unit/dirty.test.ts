/**
 * Dirty columns are read, not refused (src/lib/model/files-view.ts, dirty.ts): native DuckDB runs the
 * model's SQL over exports whose ids, class, sizes and times are of the wrong type or hold junk, and
 * the answers are compared with figures known by construction, and (for the counts of unreadable
 * values) with native DuckDB's own TRY_CAST counts written here.
 */
import { describe, expect, test } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { ExportShape } from '$lib/model/shape';
import { classIdNote, filesViewSql, MAX_FILE_BYTES, type TimeUnits } from '$lib/model/files-view';
import { valueCheckSql, valueChecks, valueNotes } from '$lib/model/dirty';

async function setup(tables: Record<string, string>): Promise<{ conn: DuckDBConnection; shape: ExportShape }> {
	const db = await DuckDBInstance.create(':memory:');
	const conn = await db.connect();
	const shape = new ExportShape();
	for (const [name, sql] of Object.entries(tables)) {
		await conn.run(sql);
		const cols = (await conn.runAndReadAll(`SELECT column_name, upper(data_type) AS t FROM information_schema.columns WHERE table_name = '${name}' ORDER BY ordinal_position`)).getRowObjectsJS();
		shape.add(name, `"${name}"`, cols.map((c) => ({ name: String(c.column_name), type: String(c.t) })));
	}
	return { conn, shape };
}

const rows = async (conn: DuckDBConnection, sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS();
const AS_OF = Date.UTC(2026, 0, 1);
const T = Date.UTC(2021, 5, 1);

describe('ids, classes and sizes of other types', () => {
	test('text objectIds against numeric instance ids, numeric parentPaths ids: every file joins', async () => {
		const { conn, shape } = await setup({
			objects: `CREATE TABLE objects AS SELECT CAST(i AS VARCHAR) AS objectId, CAST(i % 2 AS VARCHAR) AS parentId, 'idxobject' AS classId, 'f' || i || '.txt' AS name FROM range(1, 6) t(i)`,
			instances: `CREATE TABLE instances AS SELECT i AS instanceId, i AS objectId, i * 100 AS size, ${T} AS modifyTime FROM range(1, 6) t(i)`,
			parentPaths: `CREATE TABLE parentPaths AS SELECT i AS parentId, '/p' || i || '/' AS parentPath FROM range(2) t(i)`
		});
		await conn.run(filesViewSql(shape, { 'instances.modifyTime': 'milliseconds' }, AS_OF));
		const r = await rows(conn, `SELECT count(*) AS n, sum(size) AS bytes, count(DISTINCT folder) FILTER (WHERE folder <> '') AS folders FROM files`);
		// Sizes 100..500 by construction, two folders.
		expect(r).toEqual([{ n: 5n, bytes: 1500n, folders: 2n }]);
	});

	test('an integer classId cannot tell files from folders: every row counts, and a note says so', async () => {
		const { conn, shape } = await setup({ objects: `CREATE TABLE objects AS SELECT 'o' || i AS objectId, CAST(i % 2 AS INTEGER) AS classId, 7 AS primarySize FROM range(6) t(i)` });
		await conn.run(filesViewSql(shape, {}, AS_OF));
		expect(await rows(conn, `SELECT count(*) AS n FROM files`)).toEqual([{ n: 6n }]);
		expect(classIdNote(shape)).toMatch(/^objects\.classId holds numbers \(INTEGER\)/);
	});

	test('sizes: text, junk and values past 1 PiB are unknown; an instance junk size does not fall back', async () => {
		const { conn, shape } = await setup({
			objects: `CREATE TABLE objects AS SELECT * FROM (VALUES ('a', 'idxobject', 10), ('b', 'idxobject', 20), ('c', 'idxobject', 30), ('d', 'idxobject', 40), ('e', 'idxobject', 50)) t(objectId, classId, primarySize)`,
			// a: "n/a" (unknown, no fall back); b: none (falls back to 20); c: 2^63 - 1 (junk); d: exactly 1 PiB; e: '1e3'
			instances: `CREATE TABLE instances AS SELECT * FROM (VALUES (1, 'a', 'n/a'), (3, 'c', '9223372036854775807'), (4, 'd', '${MAX_FILE_BYTES}'), (5, 'e', '1e3')) t(instanceId, objectId, size)`
		});
		await conn.run(filesViewSql(shape, {}, AS_OF));
		const r = await rows(conn, `SELECT objectId, size FROM files ORDER BY objectId`);
		expect(r.length).toBe(5);
		expect(r.map((x) => [x.objectId, x.size])).toEqual([
			['a', null],
			['b', 20n],
			['c', null],
			['d', BigInt(2 ** 50)],
			['e', 1000n]
		]);
	});
});

describe('counting what could not be read', () => {
	test('per column, as native TRY_CAST counts it, with examples', async () => {
		const { conn, shape } = await setup({
			instances: `CREATE TABLE instances AS SELECT * FROM (VALUES
				('1', 'o1', '100', '${T}'), ('2', 'o2', 'n/a', 'yesterday'), ('3', 'o3', '', '${T}'), ('4', 'o4', '99999999999999999999', ''),
				('5', 'o5', 'big', '${T}'), ('6', 'o6', '-5', NULL)) t(instanceId, objectId, size, modifyTime)`
		});
		const units: TimeUnits = { 'instances.modifyTime': 'milliseconds' };
		const checks = valueChecks(shape, [
			{ table: 'instances', column: 'size', reads: 'size' },
			{ table: 'instances', column: 'modifyTime', reads: 'time' }
		], units, { unsized: 4 });
		expect(checks.length).toBe(2);
		const [row] = await rows(conn, valueCheckSql('"instances"', checks));
		const notes = valueNotes('instances', checks, row);
		// The oracle: native DuckDB's own counts over the same values.
		const [oracle] = await rows(
			conn,
			`SELECT count_if(size <> '' AND TRY_CAST(size AS DOUBLE) IS NULL) AS notNumbers,
				count_if(TRY_CAST(size AS DOUBLE) > 1125899906842624) AS big,
				count_if(TRY_CAST(size AS DOUBLE) < 0) AS negative,
				count_if(modifyTime <> '' AND TRY_CAST(modifyTime AS BIGINT) IS NULL) AS notTimes FROM instances`
		);
		const counts = Object.fromEntries(notes.map((n) => [n.key, n.count]));
		expect(counts).toEqual({
			'unreadable:instances.size': Number(oracle.notNumbers),
			'tooLarge:instances.size': Number(oracle.big),
			'negative:instances.size': Number(oracle.negative),
			'unreadable:instances.modifyTime': Number(oracle.notTimes)
		});
		expect(counts['unreadable:instances.size']).toBe(2);
		expect(notes[0].text).toBe('instances.size holds 2 values that are not numbers (such as “big” and “n/a”): they were read as unknown sizes.');
	});

	test('a numeric size column: its sizes out of range counted as native DuckDB counts them, no value made text', async () => {
		const { conn, shape } = await setup({
			objects: `CREATE TABLE objects AS SELECT * FROM (VALUES ('o1', 10::BIGINT, 1.5::DOUBLE), ('o2', -3, 'nan'::DOUBLE), ('o3', 9007199254740993, 'inf'::DOUBLE),
				('o4', NULL, -0.5), ('o5', 2251799813685248, 2e15)) t(objectId, primarySize, size)`
		});
		const checks = valueChecks(shape, [
			{ table: 'objects', column: 'primarySize', reads: 'size' },
			{ table: 'objects', column: 'size', reads: 'size' }
		], {}, { unsized: 1 });
		expect(checks.map((c) => c.numeric)).toEqual([true, true]);
		const sql = valueCheckSql('"objects"', checks);
		// The fast path: no cast of every value to text.
		expect(sql).not.toMatch(/VARCHAR/i);
		const [row] = await rows(conn, sql);
		const counts = Object.fromEntries(valueNotes('objects', checks, row).map((n) => [n.key, n.count]));
		// By construction: 9007199254740993 and 2251799813685248 exceed 2^50 bytes; -3 is negative. Of the
		// doubles, NaN (DuckDB orders it above every number), inf and 2e15 exceed it; -0.5 is negative.
		expect(MAX_FILE_BYTES).toBe(2 ** 50);
		expect(counts).toEqual({
			'tooLarge:objects.primarySize': 2,
			'negative:objects.primarySize': 1,
			'tooLarge:objects.size': 3,
			'negative:objects.size': 1
		});
		// And as native DuckDB's own TRY_CAST counts them.
		const [oracle] = await rows(
			conn,
			`SELECT count_if(TRY_CAST(primarySize AS DOUBLE) > 1125899906842624) AS pBig, count_if(TRY_CAST(primarySize AS DOUBLE) < 0) AS pNeg,
				count_if(TRY_CAST(size AS DOUBLE) > 1125899906842624) AS sBig, count_if(TRY_CAST(size AS DOUBLE) < 0) AS sNeg FROM objects`
		);
		expect([oracle.pBig, oracle.pNeg, oracle.sBig, oracle.sNeg].map(Number)).toEqual([2, 1, 3, 1]);
	});

	test('a numeric size column is checked only when some files have no known size', async () => {
		const { shape } = await setup({ objects: `CREATE TABLE objects AS SELECT 'o1' AS objectId, 10 AS primarySize` });
		const columns = [{ table: 'objects', column: 'primarySize', reads: 'size' as const }];
		expect(valueChecks(shape, columns, {}, { unsized: 0 })).toEqual([]);
		expect(valueChecks(shape, columns, {}, { unsized: 1 }).length).toBe(1);
	});
});
