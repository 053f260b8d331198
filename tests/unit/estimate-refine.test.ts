/**
 * The first view's estimate refined slice by slice (src/lib/model/estimate-refine.ts): the exact
 * sums of the slices built plus the rest estimated from the sample's runs in the slices not yet
 * built. The figures are worked out by hand below; the SQL that feeds the refinement is checked
 * against a plain GROUP BY of the slice's rows in native DuckDB.
 */
import { describe, expect, test } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { EstimateRefinement, sliceExactSumsSql, sliceOfExpr, PART_CUBE_ROWS_SQL, type SliceGroupRows, type SliceGroupSum } from '$lib/model/estimate-refine';
import { partialSummarySql } from '$lib/model/summary';
import type { SummaryEstimate } from '$lib/model/estimate';

const kpi = (slice: number, grp: number, files: number, bytes = files * 10): SliceGroupSum => ({ slice, grp, dim: 'kpis', key: '', files, bytes, sized: files, squares: files * 100 });

/**
 * Three slices, two groups. The sample read 15 file rows of each group: 5 of each in slice 0, the
 * other 10 of group 0 in slice 1 and of group 1 in slice 2. Every sampled file is 10 bytes.
 */
const FIRST: SummaryEstimate = {
	kpis: { files: { value: 90, lo: 70, hi: 110 }, bytes: { value: 900, lo: 500, hi: 1300 }, averageSize: { value: 10, lo: 8, hi: 12 } },
	charts: {
		sizeBands: { measure: 'files', buckets: [{ key: '2', files: 45, bytes: 450, range: { lo: 30, hi: 60 } }] },
		topFolders: { measure: 'bytes', buckets: [{ key: '/a', files: 20, bytes: 200, range: null }] }
	},
	confidence: 0.99
};
const SUMS: SliceGroupSum[] = [
	kpi(0, 0, 5),
	kpi(0, 1, 5),
	kpi(1, 0, 10),
	kpi(2, 1, 8),
	{ ...kpi(1, 0, 4), dim: 'sizeBand', key: '2' },
	{ ...kpi(2, 1, 4), dim: 'sizeBand', key: '2' },
	// A value no chart shows: never counted.
	{ ...kpi(1, 0, 3), dim: 'extension', key: 'tmp' }
];
const ROWS: SliceGroupRows[] = [
	{ slice: 0, grp: 0, n: 5 },
	{ slice: 0, grp: 1, n: 5 },
	{ slice: 1, grp: 0, n: 10 },
	{ slice: 2, grp: 1, n: 10 }
];
const refinement = () => new EstimateRefinement(FIRST, { totalRows: 90, groupRows: [15, 15] }, SUMS, ROWS, 3);

describe('EstimateRefinement', () => {
	test('the values shown are the only ones a slice needs counted', () => {
		expect(refinement().shownKeys()).toEqual({ extension: [], sizeBand: ['2'], ageBand: [], topFolder: ['/a'] });
	});

	test('before any slice is built it has nothing to add: the estimate is the rest of the export', () => {
		const e = refinement().estimate();
		expect(e.refined).toEqual({ parts: 0, of: 3, share: 0 });
		expect(e.kpis.files.counted).toBe(0);
	});

	test('slice 0 built: its exact 30 files plus the rest estimated from groups 0 and 1 in slices 1 and 2', () => {
		const r = refinement();
		r.add(0, [{ dim: 'kpis', key: '', files: 30, bytes: 320, sized: 30 }, { dim: 'sizeBand', key: '2', files: 12, bytes: 120, sized: 12 }, { dim: 'extension', key: 'tmp', files: 7, bytes: 70, sized: 7 }], 30);
		const e = r.estimate();
		// The rest: 60 file rows, of which the sample read 10 + 10 holding 10 + 8 files: 60 × 18 / 20 = 54.
		// Its groups' estimates 60 and 48 spread by SE √((1 − 20/60) × 72 / 2) = 4.9, × t(1 df) = 63.657:
		// [18, 60] (at least the files seen, at most the rows left). With the 30 counted: [48, 90],
		// within the first view's [70, 110]: [70, 90]; the value 30 + 54 = 84.
		expect(e.kpis.files).toEqual({ value: 84, lo: 70, hi: 90, counted: 30 });
		expect(e.refined).toEqual({ parts: 1, of: 3, share: 30 / 84 });
		// Size band 2: 12 counted + 60 × (4 + 4) / 20 = 24 → 36; the rest's range [8, 60] → [20, 72],
		// within the first view's [30, 60].
		const band = e.charts.sizeBands!.buckets[0];
		expect(band.files).toBe(36);
		expect(band.range).toEqual({ lo: 30, hi: 60 });
		// A bar shown without a range keeps none until it is exact.
		expect(e.charts.topFolders!.buckets[0].range).toBeNull();
	});

	test('the rest samples enough of a figure: its own range, met with the first view\'s', () => {
		// The same export ten times over: 180 files in the rest's sample, enough for its own range.
		const ten = (x: SliceGroupSum): SliceGroupSum => ({ ...x, files: x.files * 10, bytes: x.bytes * 10, sized: x.sized * 10, squares: x.squares * 10 });
		const first: SummaryEstimate = { ...FIRST, kpis: { ...FIRST.kpis, files: { value: 900, lo: 700, hi: 1100 } } };
		const r = new EstimateRefinement(first, { totalRows: 900, groupRows: [150, 150] }, SUMS.map(ten), ROWS.map((x) => ({ ...x, n: x.n * 10 })), 3);
		r.add(0, [{ dim: 'kpis', key: '', files: 300, bytes: 3200, sized: 300 }], 300);
		// The rest: 600 × 180 / 200 = 540; groups 600 and 480, SE √((1 − 200/600) × 7,200 / 2) = 49.0,
		// × 63.657 → [180, 600]; with the 300 counted [480, 900], met with [700, 1100]: [700, 900].
		expect(r.estimate().kpis.files).toEqual({ value: 840, lo: 700, hi: 900, counted: 300 });
	});

	test('the rest holds runs of one group of four: the whole sample\'s spread ranges it', () => {
		// Four groups of 100 rows read, holding 90, 100, 80 and 90 files; group 3's runs lie in slice 1.
		const sums = [kpi(0, 0, 90), kpi(0, 1, 100), kpi(0, 2, 80), kpi(1, 3, 90)];
		const rows = [0, 1, 2, 3].map((grp) => ({ slice: grp === 3 ? 1 : 0, grp, n: 100 }));
		const first: SummaryEstimate = { ...FIRST, kpis: { ...FIRST.kpis, files: { value: 3600, lo: 3000, hi: 4200 } } };
		const r = new EstimateRefinement(first, { totalRows: 4000, groupRows: [100, 100, 100, 100] }, sums, rows, 2);
		r.add(0, [{ dim: 'kpis', key: '', files: 2700, bytes: 27000, sized: 2700 }], 3000);
		// The rest: 1,000 × 90 / 100 = 900. The groups lie 0, 10, −10, 0 from the common ratio 0.9:
		// spread 200 / 3, SE = 1,000 × √(0.9 × (200 / 3) / (100 × 100)) = 1,000 × √0.006, t(3 df) 5.841.
		const half = 5.841 * 1000 * Math.sqrt(0.006);
		const files = r.estimate().kpis.files;
		expect(files.value).toBe(3600);
		expect(files.lo).toBeCloseTo(2700 + 900 - half, 6);
		// At most every row left a file: 2,700 + 1,000.
		expect(files.hi).toBe(3700);
	});

	test('the rest holds runs of four groups that disagree more than the whole sample\'s: their own spread ranges it', () => {
		// Every group holds 90 files in its 100 rows (no spread at all over the whole sample), but the
		// rest's halves of them hold 50, 40, 50 and 40.
		const sums = [40, 50, 40, 50].flatMap((files, grp) => [kpi(0, grp, files), kpi(1, grp, 90 - files)]);
		const rows = [0, 1, 2, 3].flatMap((grp) => [0, 1].map((slice) => ({ slice, grp, n: 50 })));
		const first: SummaryEstimate = { ...FIRST, kpis: { ...FIRST.kpis, files: { value: 3600, lo: 2000, hi: 5000 } } };
		const r = new EstimateRefinement(first, { totalRows: 4000, groupRows: [100, 100, 100, 100] }, sums, rows, 2);
		r.add(0, [{ dim: 'kpis', key: '', files: 1800, bytes: 18000, sized: 1800 }], 2000);
		// The rest: 2,000 × 180 / 200 = 1,800; its groups' estimates 2,000, 1,600, 2,000, 1,600:
		// SE √(0.9 × 160,000 / 12) = √12,000, × t(3 df) 5.841.
		const files = r.estimate().kpis.files;
		expect(files.value).toBe(3600);
		expect(files.lo).toBeCloseTo(3600 - 5.841 * Math.sqrt(12_000), 6);
		expect(files.hi).toBe(3800);
	});

	test('a rare value the rest\'s sample misses keeps the first view\'s range, not a point', () => {
		const first: SummaryEstimate = { ...FIRST, charts: { ageBands: { measure: 'files', buckets: [{ key: '1', files: 6, bytes: 60, range: { lo: 2, hi: 14 } }] } } };
		const r = new EstimateRefinement(first, { totalRows: 90, groupRows: [15, 15] }, [...SUMS, { ...kpi(0, 0, 1), dim: 'ageBand', key: '1' }], ROWS, 3);
		r.add(0, [{ dim: 'ageBand', key: '1', files: 4, bytes: 40, sized: 4 }], 30);
		// Nothing of band 1 in the rest's sample: at least the 4 counted, at most the first view's 14.
		expect(r.estimate().charts.ageBands!.buckets[0].range).toEqual({ lo: 4, hi: 14 });
	});

	test('every slice built: every figure is exact, its range closed on it', () => {
		const r = refinement();
		r.add(0, [{ dim: 'kpis', key: '', files: 30, bytes: 320, sized: 30 }], 30);
		r.add(2, [{ dim: 'kpis', key: '', files: 25, bytes: 240, sized: 20 }, { dim: 'topFolder', key: '/a', files: 4, bytes: 44, sized: 4 }], 30);
		// Slice 2 again (the engine rebuilding a failed helper's slice): counted once.
		r.add(2, [{ dim: 'kpis', key: '', files: 25, bytes: 240, sized: 20 }], 30);
		r.add(1, [{ dim: 'kpis', key: '', files: 28, bytes: 300, sized: 28 }, { dim: 'sizeBand', key: '2', files: 9, bytes: 90, sized: 9 }], 30);
		const e = r.estimate();
		expect(e.kpis.files).toEqual({ value: 83, lo: 83, hi: 83, counted: 83 });
		expect(e.kpis.bytes).toEqual({ value: 860, lo: 860, hi: 860, counted: 860 });
		expect(e.kpis.averageSize).toEqual({ value: 860 / 78, lo: 860 / 78, hi: 860 / 78 });
		expect(e.charts.sizeBands!.buckets[0]).toEqual({ key: '2', files: 9, bytes: 90, range: { lo: 9, hi: 9 } });
		expect(e.charts.topFolders!.buckets[0]).toEqual({ key: '/a', files: 4, bytes: 44, range: { lo: 44, hi: 44 } });
		expect(e.refined).toEqual({ parts: 3, of: 3, share: 1 });
	});

	test('the rest holds no sampled run: the first view bounds it, the value scales it by the rows left', () => {
		const r = refinement();
		r.add(1, [{ dim: 'kpis', key: '', files: 28, bytes: 300, sized: 28 }], 30);
		r.add(2, [{ dim: 'kpis', key: '', files: 25, bytes: 240, sized: 20 }], 30);
		// Slice 0's sample rows are there (5 + 5); drop them to leave the rest unsampled.
		const bare = new EstimateRefinement(FIRST, { totalRows: 90, groupRows: [15, 15] }, SUMS.filter((s) => s.slice !== 0), ROWS.filter((x) => x.slice !== 0), 3);
		bare.add(1, [{ dim: 'kpis', key: '', files: 28, bytes: 300, sized: 28 }], 30);
		bare.add(2, [{ dim: 'kpis', key: '', files: 25, bytes: 240, sized: 20 }], 30);
		const e = bare.estimate();
		// 53 counted + 90 × 30 / 90 = 30 → 83, within the first view's [70, 110] and at most 53 + 30 rows left.
		expect(e.kpis.files).toEqual({ value: 83, lo: 70, hi: 83, counted: 53 });
		expect(r.estimate().kpis.files.counted).toBe(53);
	});
});

describe('the SQL the refinement reads', () => {
	test('a slice summed into the part cube gives the sums of the rows it appended to facts', async () => {
		const db = await DuckDBInstance.create(':memory:');
		const conn = await db.connect();
		const rows = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
		const facts = (from: number, to: number) => `SELECT i::VARCHAR AS objectId, ['pdf', 'doc', NULL][i % 3 + 1] AS extension, (i % 4)::UTINYINT AS sizeBand, (i % 5)::UTINYINT AS ageBand,
			['/a', '/b'][i % 2 + 1] AS topFolder, 202001 + i % 7 AS modifiedMonth, 202101 + i % 3 AS addedMonth, CASE WHEN i % 11 = 0 THEN NULL ELSE i * 3 END AS size,
			NULL::TIMESTAMP AS modified, 'f' || i AS folder FROM range(${from}, ${to}) t(i)`;
		await conn.run(`CREATE TABLE facts AS ${facts(0, 400)}`);
		for (const s of partialSummarySql(0)) await conn.run(s);
		const cubeFrom = Number((await rows(PART_CUBE_ROWS_SQL))[0].n);
		await conn.run(`INSERT INTO facts ${facts(400, 1000)}`);
		for (const s of partialSummarySql(400)) await conn.run(s);
		const got = (await rows(sliceExactSumsSql(cubeFrom))).map((r) => `${r.dim}|${r.key}|${r.files}|${r.bytes}|${r.sized}`).sort();
		// The oracle: the appended rows grouped directly.
		const want: string[] = [];
		const i = Array.from({ length: 600 }, (_, k) => 400 + k);
		const group = (dim: string, keyOf: (i: number) => string | null) => {
			const m = new Map<string, { files: number; bytes: number; sized: number }>();
			for (const x of i) {
				const key = keyOf(x);
				if (key === null) continue;
				const g = m.get(key) ?? { files: 0, bytes: 0, sized: 0 };
				const size = x % 11 === 0 ? null : x * 3;
				g.files++;
				g.bytes += size ?? 0;
				g.sized += size === null ? 0 : 1;
				m.set(key, g);
			}
			for (const [key, g] of m) want.push(`${dim}|${key}|${g.files}|${g.bytes}|${g.sized}`);
		};
		group('kpis', () => '');
		group('extension', (x) => ['pdf', 'doc', null][x % 3]);
		group('sizeBand', (x) => String(x % 4));
		group('ageBand', (x) => String(x % 5));
		group('topFolder', (x) => ['/a', '/b'][x % 2]);
		expect(got).toEqual(want.sort());
		// Only the values shown: the same sums, for those values alone.
		const shown = (await rows(sliceExactSumsSql(cubeFrom, { extension: ['pdf'], sizeBand: ['1', '3'], ageBand: [], topFolder: ['/b'] })))
			.map((r) => `${r.dim}|${r.key}|${r.files}|${r.bytes}|${r.sized}`)
			.sort();
		expect(shown).toEqual(want.filter((w) => /^(kpis\||extension\|pdf\||sizeBand\|[13]\||topFolder\|\/b\|)/.test(w)).sort());
		expect(shown).toHaveLength(5);
	});

	test('sliceOfExpr: the first slice whose condition holds, −1 for none', async () => {
		const db = await DuckDBInstance.create(':memory:');
		const conn = await db.connect();
		const expr = sliceOfExpr([`k < 'b'`, null, `k >= 'b' AND k < 'd'`, `k IS NULL`]);
		const got = (await conn.runAndReadAll(`SELECT k, ${expr} AS s FROM (VALUES ('a'), ('b'), ('c'), ('e'), (NULL)) v(k) ORDER BY k NULLS LAST`)).getRowObjectsJS();
		expect(got.map((r) => Number(r.s))).toEqual([0, 2, 2, -1, 3]);
	});
});
