/**
 * The facts build in hash slices (src/lib/model/partitions.ts, files-view.ts Partition): every file
 * lands in exactly one slice with its current instance, so the sliced build states the hand-made
 * export's known answers (tests/fixtures/tiny-export.ts), for any number of slices.
 */
import { describe, expect, test } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { ExportShape } from '$lib/model/shape';
import { APARAVI_TIME_COLUMNS, filesViewSql, type TimeUnits } from '$lib/model/files-view';
import { unitFromVotes, unitVoteSelect } from '$lib/model/times';
import { factsSelectSql } from '$lib/model/summary';
import { partitionsFor } from '$lib/model/partitions';
import { openOptionsFromParams } from '$lib/model/open-options';
import { memoryLimitMb } from '$lib/model/memory-plan';
import { AS_OF_MS, EXPECTED, TINY_TABLES } from '../fixtures/tiny-export';

async function slicedFacts(count: number) {
	const db = await DuckDBInstance.create(':memory:');
	const conn = await db.connect();
	const rows = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
	const shape = new ExportShape();
	for (const [name, sql] of Object.entries(TINY_TABLES)) {
		await conn.run(sql);
		const cols = await rows(`SELECT column_name, upper(data_type) AS t FROM information_schema.columns WHERE table_name = '${name}' ORDER BY ordinal_position`);
		shape.add(name, `"${name}"`, cols.map((c) => ({ name: String(c.column_name), type: String(c.t) })));
	}
	const units: TimeUnits = {};
	for (const [table, column] of APARAVI_TIME_COLUMNS) {
		const [v] = await rows(`SELECT ${unitVoteSelect([column])} FROM ${table}`);
		units[`${table}.${column}`] = unitFromVotes(Number(v.s0), Number(v.ms0), Number(v.us0));
	}
	const perSlice: number[] = [];
	for (let index = 0; index < count; index++) {
		await conn.run(filesViewSql(shape, units, AS_OF_MS, { count, index }));
		await conn.run(index === 0 ? `CREATE TABLE facts AS ${factsSelectSql(AS_OF_MS)}` : `INSERT INTO facts ${factsSelectSql(AS_OF_MS)}`);
		const [{ n }] = await rows(`SELECT count(*) AS n FROM facts`);
		perSlice.push(Number(n) - perSlice.reduce((a, b) => a + b, 0));
	}
	return { rows, perSlice };
}

describe('facts built in hash slices', () => {
	for (const count of [1, 2, 3, 7]) {
		test(`${count} slice(s): every file once, with its current instance`, async () => {
			const { rows, perSlice } = await slicedFacts(count);
			const [k] = await rows(`SELECT count(*) AS files, count(DISTINCT objectId) AS distinct, sum(size) AS bytes, count(*) - count(size) AS nullSize FROM facts`);
			expect(Number(k.files)).toBe(EXPECTED.files);
			expect(Number(k.distinct)).toBe(EXPECTED.files);
			expect(Number(k.bytes)).toBe(EXPECTED.bytes);
			expect(Number(k.nullSize)).toBe(EXPECTED.nullSize);
			expect(perSlice.length).toBe(count);
			const ext = await rows(`SELECT objectId, extension FROM facts`);
			expect(Object.fromEntries(ext.map((r) => [r.objectId, r.extension]))).toEqual(EXPECTED.extensionsOf);
		});
	}
});

describe('how many slices, and the memory limit', () => {
	test('slices grow with the export; small exports take one', () => {
		expect(partitionsFor(100_000)).toBe(1);
		expect(partitionsFor(1_000_000)).toBe(1);
		expect(partitionsFor(10_000_000)).toBe(5);
		expect(partitionsFor(25_000_000)).toBe(13);
		expect(partitionsFor(10_000_000, { partitions: 2 })).toBe(2);
		expect(partitionsFor(10, { partitions: 1000 })).toBe(64);
	});

	test('?asof= takes a date or epoch ms in a sane range', () => {
		expect(openOptionsFromParams(new URLSearchParams('asof=2026-01-31'))).toEqual({ asOfMs: Date.UTC(2026, 0, 31) });
		expect(openOptionsFromParams(new URLSearchParams('asof=1767225600000'))).toEqual({ asOfMs: 1767225600000 });
		for (const junk of ['asof=1970-01-01', 'asof=yesterday', 'asof=2026-13-45', 'asof=99999999999999']) expect(openOptionsFromParams(new URLSearchParams(junk))).toEqual({});
	});

	test('?partitions= is read only when it is a sane integer', () => {
		expect(openOptionsFromParams(new URLSearchParams('partitions=4'))).toEqual({ partitions: 4 });
		for (const junk of ['partitions=0', 'partitions=abc', 'partitions=2.5', 'partitions=1e9', 'x=1']) expect(openOptionsFromParams(new URLSearchParams(junk))).toEqual({});
	});

	test('memory_limit: a quarter of device memory within bounds, and only with OPFS', () => {
		expect(memoryLimitMb('memory', 8)).toBeNull();
		expect(memoryLimitMb('opfs', 8)).toBe(1536);
		expect(memoryLimitMb('opfs', 4)).toBe(1024);
		expect(memoryLimitMb('opfs', 2)).toBe(768);
		expect(memoryLimitMb('opfs', undefined)).toBe(1024);
	});
});
