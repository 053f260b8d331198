/**
 * The first view's cluster sample (src/lib/model/cluster-sample.ts) and its estimates
 * (src/lib/model/estimate.ts), in native DuckDB over exports whose answers are known by
 * construction: the hand-made tiny export, a sorted export of numbered keys, a shuffled one.
 */
import { describe, expect, test } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { ExportShape } from '$lib/model/shape';
import { APARAVI_TIME_COLUMNS, filesViewSql, type TimeUnits } from '$lib/model/files-view';
import { unitFromVotes, unitVoteSelect } from '$lib/model/times';
import { factsSelectSql } from '$lib/model/summary';
import { clusterGroupExpr, clusterRowsSql, clusterRunsSql, clustersFrom, fileRowsSql, groupSumsSql, CLUSTER_ROWS } from '$lib/model/cluster-sample';
import { estimateRatio, estimateTotal } from '$lib/model/estimate';
import { AS_OF_MS, EXPECTED, TINY_TABLES } from '../fixtures/tiny-export';

async function database(tables: Record<string, string>) {
	const db = await DuckDBInstance.create(':memory:', { threads: '1' });
	const conn = await db.connect();
	const rows = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
	const shape = new ExportShape();
	for (const [name, sql] of Object.entries(tables)) {
		await conn.run(sql);
		const cols = await rows(`SELECT column_name, upper(data_type) AS t FROM information_schema.columns WHERE table_name = '${name}' ORDER BY ordinal_position`);
		shape.add(name, `"${name}"`, cols.map((c) => ({ name: String(c.column_name), type: String(c.t) })));
	}
	return { conn, rows, shape };
}

const runsOf = (rows: Record<string, unknown>[]) => rows.map((r) => ({ block: Number(r.block), lo: String(r.lo), hi: String(r.hi), apart: Boolean(r.apart) }));

describe('a cluster partition reads every row of its runs and nothing else', () => {
	test('the tiny export through runs covering every key: its known answers', async () => {
		const { conn, rows, shape } = await database(TINY_TABLES);
		const units: TimeUnits = {};
		for (const [table, column] of APARAVI_TIME_COLUMNS) {
			const [v] = await rows(`SELECT ${unitVoteSelect([column])} FROM ${table}`);
			units[`${table}.${column}`] = unitFromVotes(Number(v.s0), Number(v.ms0), Number(v.us0));
		}
		// Two runs splitting the keys: c1..o3 and o4..o7 (text order).
		const ranges = [
			{ lo: 'a', hi: 'o3' },
			{ lo: 'o4', hi: 'o7' }
		];
		await conn.run(filesViewSql(shape, units, AS_OF_MS, { kind: 'clusters', ranges }, { dedupe: true }));
		await conn.run(`CREATE TABLE facts AS ${factsSelectSql(AS_OF_MS)}`);
		const [k] = await rows(`SELECT count(*) AS files, sum(size) AS bytes, count(*) - count(size) AS nullSize FROM facts`);
		expect(Number(k.files)).toBe(EXPECTED.files);
		expect(Number(k.bytes)).toBe(EXPECTED.bytes);
		expect(Number(k.nullSize)).toBe(EXPECTED.nullSize);

		// The estimates' base counts file rows only: seven files, the two folders (c1, c2) left out,
		// in all and per run (c1..o3 holds two folders and three files).
		expect(Number((await rows(fileRowsSql(shape)))[0].n)).toBe(7);
		const perRun = await rows(clusterRowsSql(shape, ranges.map((r, group) => ({ ...r, group }))));
		expect(perRun.map((r) => [Number(r.grp), Number(r.n)])).toEqual([
			[0, 3],
			[1, 4]
		]);

		// One run, o2..o4: o2 (5000, from primarySize), o3 (0), o4 (6148).
		await conn.run(filesViewSql(shape, units, AS_OF_MS, { kind: 'clusters', ranges: [{ lo: 'o2', hi: 'o4' }] }, { dedupe: true }));
		await conn.run(`CREATE OR REPLACE TABLE facts AS ${factsSelectSql(AS_OF_MS)}`);
		const part = await rows(`SELECT objectId, size FROM facts ORDER BY objectId`);
		expect(part.map((r) => [r.objectId, Number(r.size)])).toEqual([
			['o2', 5000],
			['o3', 0],
			['o4', 6148]
		]);
	});
});

// A sorted export of 20 blocks: key i is 'k' + i in six digits, every object one instance of size i.
const BLOCKS = 20;
const N = BLOCKS * CLUSTER_ROWS;
const SORTED = {
	objects: `CREATE TABLE objects AS SELECT printf('k%06d', i) AS objectId, 'p' || (i % 7) AS parentId, 'idxobject' AS classId, 'f' || i || '.txt' AS name, 0 AS createdAt FROM range(${N}) t(i)`,
	instances: `CREATE TABLE instances AS SELECT i AS instanceId, printf('k%06d', i) AS objectId, i AS size FROM range(${N}) t(i)`
};

/** The runs of a sample of every block of SORTED. */
const everyBlock = () => Array.from({ length: BLOCKS }, (_, b) => ({ block: b, lo: key(b * CLUSTER_ROWS), hi: key(b * CLUSTER_ROWS + CLUSTER_ROWS - 1), apart: true }));
const key = (i: number) => `k${String(i).padStart(6, '0')}`;

describe('clusters of a sorted export', () => {
	test('every block a run of its own keys, dealt into groups by block', async () => {
		const { rows, shape } = await database(SORTED);
		// At most 40 % of the blocks, each a run of its own keys.
		const runs = runsOf(await rows(clusterRunsSql(shape, N, BLOCKS * 2)));
		expect(runs.length).toBeGreaterThan(2);
		expect(runs.length).toBeLessThan(BLOCKS * 0.75);
		for (const r of runs) {
			expect(r.apart).toBe(true);
			expect(r.lo).toBe(key(r.block * CLUSTER_ROWS));
			expect(r.hi).toBe(key(r.block * CLUSTER_ROWS + CLUSTER_ROWS - 1));
		}
		// Every block, as the runs of a whole-table sample would be: dealt by block order.
		const all = everyBlock();
		const clusters = clustersFrom(all, 4)!;
		expect(clusters.map((c) => c.group)).toEqual(all.map((r) => r.block % 4));
		// Five blocks per group.
		const perGroup = await rows(clusterRowsSql(shape, clusters));
		expect(perGroup.map((r) => [Number(r.grp), Number(r.n)])).toEqual([0, 1, 2, 3].map((g) => [g, 5 * CLUSTER_ROWS]));
	});

	test('each file summed into the group of its run', async () => {
		const { conn, rows, shape } = await database(SORTED);
		const clusters = clustersFrom(everyBlock(), 4)!;
		// Just the columns the sums read; sizes 0..N-1, extension by parity.
		await conn.run(`CREATE TABLE facts AS SELECT printf('k%06d', i) AS objectId, CASE WHEN i % 2 = 0 THEN 'even' ELSE 'odd' END AS extension,
			1::UTINYINT AS sizeBand, 2::UTINYINT AS ageBand, 'top/' AS topFolder, 202401 AS modifiedMonth, NULL::INTEGER AS addedMonth, i AS size FROM range(${N}) t(i)`);
		const sums = await rows(groupSumsSql(clusterGroupExpr('objectId', clusters)));
		// Group g holds blocks g, g+4, ..., g+16: rows b*2048 .. b*2048+2047 of each.
		for (let g = 0; g < 4; g++) {
			let files = 0;
			let bytes = 0;
			let evenBytes = 0;
			for (let b = g; b < BLOCKS; b += 4)
				for (let i = b * CLUSTER_ROWS; i < (b + 1) * CLUSTER_ROWS; i++) {
					files++;
					bytes += i;
					if (i % 2 === 0) evenBytes += i;
				}
			const of = (dim: string, key: string) => sums.find((s) => Number(s.grp) === g && s.dim === dim && s.key === key);
			expect(Number(of('kpis', '')!.files)).toBe(files);
			expect(Number(of('kpis', '')!.bytes)).toBe(bytes);
			expect(Number(of('extension', 'even')!.bytes)).toBe(evenBytes);
			expect(Number(of('sizeBand', '1')!.files)).toBe(files);
			expect(Number(of('modifiedMonth', '2024-01')!.sized)).toBe(files);
			expect(of('addedMonth', 'NULL')).toBeUndefined();
		}
	});

	test('a shuffled export: the runs overlap and no cluster sample is made', async () => {
		const { rows, shape } = await database({
			objects: `CREATE TABLE objects AS SELECT printf('k%06d', (i * 7919) % ${N}) AS objectId FROM range(${N}) t(i)`
		});
		const runs = runsOf(await rows(clusterRunsSql(shape, N, BLOCKS * 2)));
		expect(runs.length).toBeGreaterThan(2);
		expect(runs.filter((r) => !r.apart).length).toBeGreaterThan(runs.length / 2);
		expect(clustersFrom(runs, 4)).toBeNull();
	});
});

describe('estimates and their ranges (hand-computed)', () => {
	test('four groups: the ratio estimate and t(3) × SE with the finite population correction', () => {
		// N = 1000 rows, 25 read per group (f = 0.1); 5, 6, 7, 6 in the sample.
		// Estimate 1000 × 24 / 100 = 240; groups 200, 240, 280, 240; Σ(T − 240)² = 3200;
		// SE = √(0.9 × 3200 / 12) = √240 = 15.4919; t(3, 99 %) = 5.841: ± 90.488.
		const e = estimateTotal([5, 6, 7, 6], { totalRows: 1000, groupRows: [25, 25, 25, 25] });
		expect(e.value).toBe(240);
		expect(e.lo).toBeCloseTo(149.512, 2);
		expect(e.hi).toBeCloseTo(330.488, 2);
	});

	test('a range never below what the sample holds, a count never above the rows', () => {
		// Two groups, t(1) = 63.657: the raw range would run from −539 to 599.
		const e = estimateTotal([2, 4], { totalRows: 100, groupRows: [10, 10] }, 100);
		expect(e.value).toBe(30);
		expect(e.lo).toBe(6);
		expect(e.hi).toBe(100);
	});

	test('every group agreeing: no spread; the whole export read: exact', () => {
		expect(estimateTotal([3, 3, 3], { totalRows: 60, groupRows: [10, 10, 10] })).toEqual({ value: 18, lo: 18, hi: 18 });
		expect(estimateTotal([1, 5], { totalRows: 20, groupRows: [10, 10] })).toEqual({ value: 6, lo: 6, hi: 6 });
	});

	test('average size: the pooled ratio, ranged by the groups\' ratios', () => {
		// Bytes 100, 300 over 10, 10 sized files: 20 per file; ratios 10 and 30, mean 20, Σ = 200;
		// f = 20/1000: SE = √(0.98 × 200 / 2) = 9.8995; t(1) = 63.657: ± 630.17, floored at 0.
		const e = estimateRatio([100, 300], [10, 10], { totalRows: 1000, groupRows: [10, 10] })!;
		expect(e.value).toBe(20);
		expect(e.lo).toBe(0);
		expect(e.hi).toBeCloseTo(650.17, 1);
		expect(estimateRatio([0, 0], [0, 0], { totalRows: 10, groupRows: [1, 1] })).toBeNull();
	});
});
