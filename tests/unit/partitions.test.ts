/**
 * The facts build in slices (src/lib/model/partitions.ts): a hash sample, then objectId ranges
 * outside it. Every file lands in exactly one slice with its current instance, so the sliced build
 * states the hand-made export's known answers (tests/fixtures/tiny-export.ts), for any number of
 * slices and whatever the boundaries (the engine's own, none, or ones that split nothing).
 */
import { describe, expect, test } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { ExportShape } from '$lib/model/shape';
import { APARAVI_TIME_COLUMNS, filesViewSql, type TimeUnits } from '$lib/model/files-view';
import { unitFromVotes, unitVoteSelect } from '$lib/model/times';
import { factsSelectSql } from '$lib/model/summary';
import { partitionCondition, partitionsFor, sliceBoundsSql, slicesFor, type Partition } from '$lib/model/partitions';
import { openOptionsFromParams } from '$lib/model/open-options';
import { freshEngineAfterSummary, HELPER_MAX_FILES, memoryLimitMb, wantsBuildHelper } from '$lib/model/memory-plan';
import { AS_OF_MS, EXPECTED, TINY_TABLES } from '../fixtures/tiny-export';

async function slicedFacts(count: number, bounds?: string[], sample = true) {
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
	const planned = bounds ?? (await rows(sliceBoundsSql(shape, count))).map((r) => String(r.k));
	const slices: (Partition | undefined)[] = count > 1 ? slicesFor(count, planned, { sample }) : [undefined];
	const perSlice: number[] = [];
	for (const [index, slice] of slices.entries()) {
		await conn.run(filesViewSql(shape, units, AS_OF_MS, slice));
		await conn.run(index === 0 ? `CREATE TABLE facts AS ${factsSelectSql(AS_OF_MS)}` : `INSERT INTO facts ${factsSelectSql(AS_OF_MS)}`);
		const [{ n }] = await rows(`SELECT count(*) AS n FROM facts`);
		perSlice.push(Number(n) - perSlice.reduce((a, b) => a + b, 0));
	}
	return { rows, perSlice, bounds: planned };
}

const CASES: { name: string; count: number; bounds?: string[]; sample?: boolean }[] = [
	...[1, 2, 3, 7].map((count) => ({ name: `${count} slice(s), the engine's boundaries`, count })),
	{ name: '3 slices without the hash sample (after a first view)', count: 3, sample: false },
	{ name: '4 slices without the hash sample, boundaries between every object', count: 4, bounds: ['o2', 'o4', 'o6'], sample: false },
	{ name: '4 slices, boundaries between every object', count: 4, bounds: ['o2', 'o4', 'o6'] },
	{ name: '5 slices, boundaries outside the ids and repeated', count: 5, bounds: ['a', 'o3', 'o3', 'zz'] },
	{ name: '3 slices, no boundaries at all (one range)', count: 3, bounds: [] }
];

describe('facts built in slices: a hash sample, then objectId ranges', () => {
	for (const { name, count, bounds, sample = true } of CASES) {
		test(`${name}: every file once, with its current instance`, async () => {
			const { rows, perSlice, bounds: used } = await slicedFacts(count, bounds, sample);
			const [k] = await rows(`SELECT count(*) AS files, count(DISTINCT objectId) AS distinct, sum(size) AS bytes, count(*) - count(size) AS nullSize FROM facts`);
			expect(Number(k.files)).toBe(EXPECTED.files);
			expect(Number(k.distinct)).toBe(EXPECTED.files);
			expect(Number(k.bytes)).toBe(EXPECTED.bytes);
			expect(Number(k.nullSize)).toBe(EXPECTED.nullSize);
			// The sample (or, without it, the rows without an objectId), and one range more than there are distinct boundaries.
			expect(perSlice.length).toBe(count <= 1 ? 1 : 2 + new Set(used).size);
			const ext = await rows(`SELECT objectId, extension FROM facts`);
			expect(Object.fromEntries(ext.map((r) => [r.objectId, r.extension]))).toEqual(EXPECTED.extensionsOf);
		});
	}
});

describe('slice conditions over 100,000 ids', () => {
	async function ids() {
		const db = await DuckDBInstance.create(':memory:');
		const conn = await db.connect();
		// Ids stored in order, as an export written by insertion; every 1000th is NULL.
		await conn.run(`CREATE TABLE objects AS SELECT CASE WHEN i % 1000 = 7 THEN NULL ELSE 'o' || lpad(CAST(i AS VARCHAR), 10, '0') END AS objectId FROM range(100000) t(i)`);
		const shape = new ExportShape();
		shape.add('objects', 'objects', [{ name: 'objectId', type: 'VARCHAR' }]);
		const rows = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
		return { shape, rows };
	}

	test('every row, NULL ids included, falls in exactly one slice; the sample is ~1/count, the ranges even', async () => {
		const { shape, rows } = await ids();
		const count = 8;
		const bounds = (await rows(sliceBoundsSql(shape, count, 5000))).map((r) => String(r.k));
		expect(bounds.length).toBe(count - 2);
		const slices = slicesFor(count, bounds);
		const cases = slices.map((p, i) => `WHEN ${partitionCondition('objectId', p)} THEN ${i}`).join(' ');
		const hits = slices.map((p) => `count(*) FILTER (WHERE ${partitionCondition('objectId', p)}) AS s${slices.indexOf(p)}`).join(', ');
		const [r] = await rows(`SELECT count(*) AS n, ${hits}, count(*) FILTER (WHERE (CASE ${cases} END) IS NULL) AS lost FROM objects`);
		const per = slices.map((_, i) => Number(r[`s${i}`]));
		expect(per.reduce((a, b) => a + b, 0)).toBe(100_000);
		expect(Number(r.lost)).toBe(0);
		// A uniform sample: within 5 % of an eighth; it holds the 100 NULL ids too.
		expect(Math.abs(per[0] - 100_000 / count)).toBeLessThan(0.05 * 100_000 / count);
		const [nulls] = await rows(`SELECT count(*) FILTER (WHERE ${partitionCondition('objectId', slices[0])}) AS n FROM objects WHERE objectId IS NULL`);
		expect(Number(nulls.n)).toBe(100);
		// The ranges split the rest evenly (boundaries from a 5,000-id sample).
		const rest = (100_000 - per[0]) / (count - 1);
		for (const n of per.slice(1)) expect(Math.abs(n - rest) / rest).toBeLessThan(0.25);
	});

	test('without the hash sample: every row in exactly one range, NULL ids in a slice of their own, nothing left out by a hash', async () => {
		const { shape, rows } = await ids();
		const bounds = (await rows(sliceBoundsSql(shape, 8, 5000))).map((r) => String(r.k));
		const slices = slicesFor(8, bounds, { sample: false });
		expect(slices.map((p) => p.kind)).toEqual([...new Array(bounds.length + 1).fill('range'), 'nulls']);
		const hits = slices.map((p, i) => `count(*) FILTER (WHERE ${partitionCondition('objectId', p)}) AS s${i}`).join(', ');
		const [r] = await rows(`SELECT ${hits} FROM objects`);
		const per = slices.map((_, i) => Number(r[`s${i}`]));
		expect(per.reduce((a, b) => a + b, 0)).toBe(100_000);
		expect(per.at(-1)).toBe(100);
		for (const p of slices) expect(partitionCondition('objectId', p)).not.toContain('hash(');
	});

	test('a range slice is pushed into the scan (only its rows are read), a hash sample is not', async () => {
		const { shape, rows } = await ids();
		const slices = slicesFor(4, (await rows(sliceBoundsSql(shape, 4))).map((r) => String(r.k)));
		const plan = async (p: Partition) => (await rows(`EXPLAIN SELECT count(*) FROM objects WHERE ${partitionCondition('objectId', p)}`)).map((r) => String(r.explain_value)).join('\n');
		const middle = await plan(slices[2]);
		expect(middle).toMatch(/Filters:[^]*objectId>=/);
		expect(middle).toMatch(/Filters:[^]*objectId</);
	});
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

	test('the fresh engine waits for the first Summary up to the two-engine size, and not above it', () => {
		expect(freshEngineAfterSummary(10_000_000)).toBe(true);
		expect(freshEngineAfterSummary(HELPER_MAX_FILES)).toBe(true);
		expect(freshEngineAfterSummary(HELPER_MAX_FILES + 1)).toBe(false);
		expect(freshEngineAfterSummary(25_000_000)).toBe(false);
	});

	test('a build helper joins only with slices to share, a store on disk and a second core, up to 12M files', () => {
		expect(wantsBuildHelper(10_000_000, 6, true, 2)).toBe(true);
		expect(wantsBuildHelper(HELPER_MAX_FILES, 8, true, 2)).toBe(true);
		expect(wantsBuildHelper(25_000_000, 14, true, 8)).toBe(false);
		expect(wantsBuildHelper(10_000_000, 6, true, 1)).toBe(false);
		expect(wantsBuildHelper(10_000_000, 6, false, 2)).toBe(false);
		expect(wantsBuildHelper(1_000_000, 1, true, 2)).toBe(false);
		// ?builders= decides when there are slices and a disk: both ways.
		expect(wantsBuildHelper(100_000, 5, true, 1, 2)).toBe(true);
		expect(wantsBuildHelper(10_000_000, 6, true, 2, 1)).toBe(false);
		expect(wantsBuildHelper(100_000, 5, false, 2, 2)).toBe(false);
		expect(openOptionsFromParams(new URLSearchParams('builders=2'))).toEqual({ builders: 2 });
		for (const junk of ['builders=0', 'builders=3', 'builders=two']) expect(openOptionsFromParams(new URLSearchParams(junk))).toEqual({});
	});

	test('?partitions= is read only when it is a sane integer', () => {
		expect(openOptionsFromParams(new URLSearchParams('partitions=4'))).toEqual({ partitions: 4 });
		for (const junk of ['partitions=0', 'partitions=abc', 'partitions=2.5', 'partitions=1e9', 'x=1']) expect(openOptionsFromParams(new URLSearchParams(junk))).toEqual({});
	});

	test('memory_limit: a quarter of device memory within bounds, and only with OPFS', () => {
		expect(memoryLimitMb('memory', 8)).toBeNull();
		expect(memoryLimitMb('opfs', 8)).toBe(512);
		expect(memoryLimitMb('opfs', 1)).toBe(384);
		expect(memoryLimitMb('opfs', 0.5)).toBe(384);
		expect(memoryLimitMb('opfs', undefined)).toBe(512);
	});
});
