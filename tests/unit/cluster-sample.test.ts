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
import { CLUSTER_OBJECTS, clusterGroupExpr, clusterObjectsSql, clusterRowsSql, clusterRunsSql, clustersFrom, clusterWindows, fileRowsSql, groupSumsSql, CLUSTER_ROWS } from '$lib/model/cluster-sample';
import { estimateRatio, estimateTotal } from '$lib/model/estimate';
import { AS_OF_MS, EXPECTED, TINY_FILES, TINY_TABLES } from '../fixtures/tiny-export';

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
		// Two clusters: c1, c2, o1, o2, o3 and o4..o7; the runs of their files o1..o3 and o4..o7.
		await conn.run(`CREATE TEMP TABLE ${CLUSTER_OBJECTS} AS SELECT *, CASE WHEN objectId <= 'o3' THEN 0 ELSE 1 END AS _block FROM objects`);
		const runs = runsOf(await rows(clusterRunsSql(shape)));
		expect(runs).toEqual([
			{ block: 0, lo: 'o1', hi: 'o3', apart: true },
			{ block: 1, lo: 'o4', hi: 'o7', apart: true }
		]);
		const clusters = clustersFrom(runs, 2)!;
		await conn.run(filesViewSql(shape, units, AS_OF_MS, { kind: 'clusters', objects: CLUSTER_OBJECTS, ranges: clusters }));
		await conn.run(`CREATE TABLE facts AS ${factsSelectSql(AS_OF_MS)}`);
		const [k] = await rows(`SELECT count(*) AS files, sum(size) AS bytes, count(*) - count(size) AS nullSize FROM facts`);
		expect(Number(k.files)).toBe(EXPECTED.files);
		expect(Number(k.bytes)).toBe(EXPECTED.bytes);
		expect(Number(k.nullSize)).toBe(EXPECTED.nullSize);

		// The estimates' base counts file rows only: seven files, the two folders (c1, c2) left out,
		// in all and per cluster (the first holds two folders and three files).
		expect(Number((await rows(fileRowsSql(shape)))[0].n)).toBe(7);
		const perGroup = await rows(clusterRowsSql(shape, clusters));
		expect(perGroup.map((r) => [Number(r.grp), Number(r.n)])).toEqual([
			[0, 3],
			[1, 4]
		]);

		// One cluster of o2..o4: o2 (5000, from primarySize), o3 (0), o4 (6148) with their instances only.
		await conn.run(`CREATE OR REPLACE TEMP TABLE ${CLUSTER_OBJECTS} AS SELECT *, 0 AS _block FROM objects WHERE objectId BETWEEN 'o2' AND 'o4'`);
		await conn.run(filesViewSql(shape, units, AS_OF_MS, { kind: 'clusters', objects: CLUSTER_OBJECTS, ranges: [{ lo: 'o2', hi: 'o4' }] }, { dedupe: true }));
		await conn.run(`CREATE OR REPLACE TABLE facts AS ${factsSelectSql(AS_OF_MS)}`);
		const part = await rows(`SELECT objectId, size, folder, topFolder FROM facts ORDER BY objectId`);
		expect(part.map((r) => [r.objectId, Number(r.size)])).toEqual([
			['o2', 5000],
			['o3', 0],
			['o4', 6148]
		]);
		// Only the sample's folders are looked up: each file still has its folder and top folder.
		const known = Object.fromEntries(TINY_FILES.map((f) => [f.id, [f.folder, f.topFolder]]));
		expect(part.map((r) => [r.folder, r.topFolder])).toEqual(['o2', 'o3', 'o4'].map((id) => known[id]));
	});
});

// A sorted export of 20 stretches of CLUSTER_ROWS: key i is 'k' + i in six digits, every object one instance of size i.
const BLOCKS = 20;
const N = BLOCKS * CLUSTER_ROWS;
const SORTED = {
	objects: `CREATE TABLE objects AS SELECT printf('k%06d', i) AS objectId, 'p' || (i % 7) AS parentId, 'idxobject' AS classId, 'f' || i || '.txt' AS name, 0 AS createdAt FROM range(${N}) t(i)`,
	instances: `CREATE TABLE instances AS SELECT i AS instanceId, printf('k%06d', i) AS objectId, i AS size FROM range(${N}) t(i)`
};

/** SORTED cut into its 20 stretches, each a cluster. */
const everyBlock = () => Array.from({ length: BLOCKS }, (_, b) => ({ block: b, lo: key(b * CLUSTER_ROWS), hi: key(b * CLUSTER_ROWS + CLUSTER_ROWS - 1), apart: true }));
const key = (i: number) => `k${String(i).padStart(6, '0')}`;

describe('clusters of a sorted export', () => {
	test('clusters spread over the table, each a run of its own keys, dealt into groups in turn', async () => {
		const { conn, rows, shape } = await database(SORTED);
		// 40 windows spread over the table, 40 % of its rows in all: each a run of its own keys.
		const windows = clusterWindows(N, 40);
		expect(windows.reduce((n, w) => n + w.rows, 0)).toBeLessThanOrEqual(0.4 * N);
		expect(windows.every((w, j) => w.start >= (j * N) / 40 && w.start + w.rows <= ((j + 1) * N) / 40)).toBe(true);
		await conn.run(clusterObjectsSql(shape, N, 40));
		const runs = runsOf(await rows(clusterRunsSql(shape)));
		expect(runs.map((r) => r.block)).toEqual(windows.map((_, j) => j));
		for (const r of runs) {
			expect(r.apart).toBe(true);
			expect(r.lo).toBe(key(windows[r.block].start));
			expect(r.hi).toBe(key(windows[r.block].start + windows[r.block].rows - 1));
		}
		// Every stretch a cluster: dealt into the groups in turn.
		await conn.run(`CREATE OR REPLACE TEMP TABLE ${CLUSTER_OBJECTS} AS SELECT *, rowid // ${CLUSTER_ROWS} AS _block FROM objects`);
		const all = everyBlock();
		const clusters = clustersFrom(all, 4)!;
		expect(clusters.map((c) => c.group)).toEqual(all.map((r) => r.block % 4));
		// Five clusters per group.
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
		// Group g holds stretches g, g+4, ..., g+16: rows b × CLUSTER_ROWS up to the next stretch.
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
		const { conn, rows, shape } = await database({
			objects: `CREATE TABLE objects AS SELECT printf('k%06d', (i * 7919) % ${N}) AS objectId FROM range(${N}) t(i)`
		});
		await conn.run(clusterObjectsSql(shape, N, 40));
		const runs = runsOf(await rows(clusterRunsSql(shape)));
		expect(runs.length).toBe(40);
		expect(runs.filter((r) => !r.apart).length).toBeGreaterThan(runs.length / 2);
		expect(clustersFrom(runs, 4)).toBeNull();
	});
});

describe('estimates and their ranges (hand-computed)', () => {
	test('four groups disagreeing: the ratio estimate and t(3) × the groups\' SE with the finite population correction', () => {
		// N = 1000 rows, 25 read per group (f = 0.1); 190, 200, 210, 200 bytes in the groups, every
		// file the same size (Σy² = 800² / 100: no spread file to file). Estimate 1000 × 800 / 100 = 8000;
		// groups 7600, 8000, 8400, 8000; Σ(T − 8000)² = 320,000; SE = √(0.9 × 320,000 / 12) = 154.919;
		// t(3, 99 %) = 5.841: ± 904.88.
		const e = estimateTotal([190, 200, 210, 200], { totalRows: 1000, groupRows: [25, 25, 25, 25] }, 6400);
		expect(e.value).toBe(8000);
		expect(e.lo).toBeCloseTo(7095.12, 1);
		expect(e.hi).toBeCloseTo(8904.88, 1);
	});

	test('groups agreeing more closely than single files could: the floor of files drawn one by one', () => {
		// 5, 6, 7, 6 files of 100 read (f = 0.1): p = 0.24, s² = (24 − 24² / 100) / 99 = 0.184242;
		// SE = 1000 × √(0.9 × 0.184242 / 100) = 40.7207 (the groups' 15.49 is less); ± 5.841 × 40.7207
		// = 237.85 around 240, the low end held at the 24 files seen.
		const e = estimateTotal([5, 6, 7, 6], { totalRows: 1000, groupRows: [25, 25, 25, 25] }, 24);
		expect(e.value).toBe(240);
		expect(e.lo).toBe(24);
		expect(e.hi).toBeCloseTo(477.85, 1);
	});

	test('a range never below what the sample holds, a count never above the rows', () => {
		// Two groups, t(1) = 63.657: the raw range would run from about −570 to 630.
		const e = estimateTotal([2, 4], { totalRows: 100, groupRows: [10, 10] }, 6, 100);
		expect(e.value).toBe(30);
		expect(e.lo).toBe(6);
		expect(e.hi).toBe(100);
	});

	test('no spread anywhere: a point; the whole export read: exact', () => {
		expect(estimateTotal([30, 30, 30], { totalRows: 60, groupRows: [10, 10, 10] }, 270)).toEqual({ value: 180, lo: 180, hi: 180 });
		expect(estimateTotal([1, 5], { totalRows: 20, groupRows: [10, 10] }, 6)).toEqual({ value: 6, lo: 6, hi: 6 });
	});

	test('average size: the pooled ratio, ranged by the groups\' ratios', () => {
		// Bytes 100, 300 over 10, 10 sized files (each group's files alike): 20 per file; ratios 10 and
		// 30, mean 20, Σ = 200; f = 20/1000: SE = √(0.98 × 200 / 2) = 9.8995; t(1) = 63.657: ± 630.17,
		// floored at 0.
		const e = estimateRatio([100, 300], [10, 10], { totalRows: 1000, groupRows: [10, 10] }, 10 * 10 ** 2 + 10 * 30 ** 2)!;
		expect(e.value).toBe(20);
		expect(e.lo).toBe(0);
		expect(e.hi).toBeCloseTo(650.17, 1);
		expect(estimateRatio([0, 0], [0, 0], { totalRows: 10, groupRows: [1, 1] }, 0)).toBeNull();
	});
});
