/**
 * Differential: the report tables' three ways of answering the same aggregate agree. SQL over the
 * cube the planner picks, the same cube held in typed arrays, and a scan of every file's codes
 * (r_files) must give the same rows under every filter combination; and the cubes the engine sums in
 * JavaScript must equal their SQL definition. (These compare the app with itself; the figures'
 * correctness is checked against independent oracles in tests/e2e.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aparaviExportSql } from '$lib/sample/aparavi-sql.js';
import { CUBES } from '$lib/model/report-build';
import { CubeAccumulator, NULL_CODE } from '$lib/model/cube-accumulate';
import { emptyFilters, type Filters } from '$lib/model/filters';
import type { Aggregate } from '$lib/model/aggregate';
import type { AnyDimension } from '$lib/model/dimensions';
import { listCheckSql, listIsExact, listRowsSql, listScanRowsSql } from '$lib/model/lists';
import { factsStore } from '$lib/model/explorer';
import { buildModelDb } from '../fixtures/model-db';
import { buildReportDb, type ReportDb } from '../fixtures/report-db';

/** `r_files` read as FileBatch columns expect them (NULL as NULL_CODE or NaN), by SQL: the worker reads its stream in JavaScript. */
function fileBatchSql(dims: readonly AnyDimension[]): string {
	const d = dims.map((x) => `coalesce(CAST(${x} AS INTEGER), ${NULL_CODE}) AS ${x}`);
	const t = ['size', 'modifiedMs', 'accessedMs', 'addedMs'].map((x) => `coalesce(CAST(${x} AS DOUBLE), 'nan'::DOUBLE) AS ${x}`);
	return `SELECT ${[...d, ...t].join(', ')} FROM r_files`;
}

const AS_OF = Date.UTC(2026, 9, 15);
let db: ReportDb;
let close: () => void;

beforeAll(async () => {
	const built = await buildModelDb(aparaviExportSql({ rows: 20_000, seed: 7 }), AS_OF);
	db = await buildReportDb(built.conn, built.rows, built.shape, AS_OF);
	close = () => built.conn.closeSync();
});
afterAll(() => close?.());

const FILTERS: Partial<Filters>[] = [
	{},
	{ extensions: ['pdf', 'docx'] },
	{ sizeBands: [2] },
	{ ageBands: [4, 5] },
	{ topFolders: ['File System/D:/data/'] },
	{ modified: { from: '2020-01', to: '2023-12' } },
	{ added: { from: '2025-01', to: '2026-06' } },
	{ extensions: ['pdf'], modified: { from: '2015-01', to: '2025-12' } },
	{ extensions: ['jpg'], ageBands: [5], topFolders: ['Shares/10.1.10.163/data/'] },
	{ modified: { from: '2019-01', to: '2024-12' }, added: { from: '2024-01', to: '2026-12' } }
];

const AGGREGATES: Aggregate[] = [
	{ by: [], measures: ['files', 'bytes'] },
	{ by: ['accessedBand'], measures: ['files', 'bytes'] },
	{ by: ['topFolder', 'accessedBand'], measures: ['files', 'bytes'] },
	{ by: ['createdBand', 'createdYear'], measures: ['files', 'bytes'] },
	{ by: ['accessDay', 'accessHour'], measures: ['files', 'bytes'] },
	{ by: ['redundant', 'obsoleteAge', 'trivialRule'], measures: ['files', 'bytes'] },
	{ by: ['topFolder', 'sensitive'], measures: ['files', 'bytes'] },
	{ by: ['extension', 'tagged'], measures: ['files', 'bytes', 'sized'] },
	{ by: ['service'], measures: ['files', 'bytes', 'sized', 'lastModified', 'lastAccessed', 'lastAdded'] },
	{ by: ['classification'], measures: ['files', 'bytes'] },
	{ by: ['permissionSet'], measures: ['files', 'bytes'] },
	{ by: ['sizeBucket'], measures: ['files', 'bytes', 'minSize', 'maxSize'] },
	{ by: ['sizeBand'], measures: ['files', 'bytes'], except: 'sizeBand' },
	{ by: ['extension'], measures: ['files', 'bytes', 'sized'] }
];

describe('an aggregate answered three ways', () => {
	for (const a of AGGREGATES) {
		it(`${a.by.join(' × ') || 'totals'}${a.except ? ` (except ${a.except})` : ''}`, async () => {
			for (const f of FILTERS) {
				const filters = { ...emptyFilters(), ...f };
				const sql = await db.answer(a, filters, 'sql');
				// A scan's rows are not held in memory: only cubes are.
				const memory = db.source(a, filters).scan ? sql : await db.answer(a, filters, 'memory');
				const scan = await db.answer(a, filters, 'scan');
				expect(sql.length, `rows of ${JSON.stringify(f)}`).toBeGreaterThan(0);
				expect(memory, `memory ${JSON.stringify(f)} from ${db.source(a, filters).table}`).toEqual(sql);
				expect(scan, `scan ${JSON.stringify(f)}`).toEqual(sql);
			}
		});
	}

	it('the planner reads cubes, not the file rows, for one value filter or a modified-time window', () => {
		// A window on the added time is rarer: it scans the per-file codes (docs/MODEL.md, "Reports").
		for (const a of AGGREGATES) for (const f of FILTERS.slice(0, 6)) expect(db.source(a, { ...emptyFilters(), ...f }).scan, `${a.by} ${JSON.stringify(f)}`).toBe(false);
	});
});

describe('the cubes summed in JavaScript equal their SQL definition', () => {
	it('every cube, row for row: summed as the codes are written, the duplicate flags amended after', async () => {
		const dims = [...new Set(CUBES.flatMap((c) => c.dims))] as AnyDimension[];
		const acc = new CubeAccumulator(CUBES);
		const toBatch = (part: Record<string, unknown>[]) => {
			const col = (name: string) => Float64Array.from(part, (x) => Number(x[name]));
			return {
				rows: part.length,
				dims: Object.fromEntries(dims.map((d) => [d, Int32Array.from(part, (x) => Number(x[d]))])),
				size: col('size'),
				modifiedMs: col('modifiedMs'),
				accessedMs: col('accessedMs'),
				addedMs: col('addedMs')
			};
		};
		// Every file as if in no duplicate group (the worker sums r_codes before the groups are found)...
		const rows = await db.rows(fileBatchSql(dims).replace('FROM r_files', `FROM (SELECT * REPLACE (0 AS redundant, NULL AS copyBand) FROM r_files)`));
		expect(rows.length).toBe(20_000);
		// In batches, as the engine streams them: the ranges widen, the tables grow (and some change kind) between batches.
		const BATCH = 997;
		for (let from = 0; from < rows.length; from += BATCH) acc.add(toBatch(rows.slice(from, from + BATCH)));
		// ...then the files of the groups moved to their flags.
		const grouped = await db.rows(fileBatchSql(dims).replace('FROM r_files', 'FROM r_files WHERE pos IN (SELECT pos FROM r_dup)'));
		expect(grouped.length).toBeGreaterThan(50);
		for (let from = 0; from < grouped.length; from += BATCH) {
			const batch = toBatch(grouped.slice(from, from + BATCH));
			acc.amend(batch, ['redundant', 'copyBand'], { redundant: new Int32Array(batch.rows), copyBand: new Int32Array(batch.rows).fill(NULL_CODE) });
		}
		// Each way of holding a cube's rows ran: dense throughout, and dense then hashed once too many cells appeared.
		const kinds = Object.values(acc.kinds());
		expect(kinds).toContain('dense');
		expect(kinds).toContain('moved');
		const summed = acc.result();
		expect(summed.length).toBe(CUBES.length);
		for (const cube of summed) {
			const def = CUBES.find((c) => c.table === cube.table)!;
			const key = (x: Record<string, unknown>) => def.dims.map((d) => (x[d] === null || x[d] === NULL_CODE ? 'null' : String(x[d]))).join('|');
			const want = new Map((await db.rows(`SELECT * FROM ${cube.table}`)).map((x) => [key(x), x]));
			expect(cube.rows, cube.table).toBe(want.size);
			for (let i = 0; i < cube.rows; i++) {
				const got: Record<string, unknown> = {};
				for (const d of def.dims) got[d] = cube.dims[d][i];
				const w = want.get(key(got));
				expect(w, `${cube.table} row ${key(got)}`).toBeDefined();
				for (const m of def.measures) expect(cube.measures[m][i], `${cube.table} ${key(got)} ${m}`).toBe(w![m] === null ? Number.NaN : Number(w![m]));
			}
		}
	});
});

describe('a ranked list from its candidates, checked, equals the list read from every file', () => {
	const LIST_FILTERS: Partial<Filters>[] = [...FILTERS, { sizeBands: [0] }, { extensions: ['txt'], sizeBands: [1] }];
	for (const list of ['largest', 'oldest', 'trivial', 'sensitive'] as const) {
		it(list, async () => {
			let exact = 0;
			for (const f of LIST_FILTERS) {
				for (const where of list === 'oldest' ? [undefined, 'obsoleteAge >= 3'] : [undefined]) {
					const q = { list, filters: { ...emptyFilters(), ...f }, where, limit: 200 };
					const scan = await db.rows(listScanRowsSql(q, factsStore()));
					const [check] = await db.rows(listCheckSql(q));
					if (!listIsExact(check, q.limit)) continue;
					exact++;
					const fast = await db.rows(listRowsSql(q));
					expect(fast.length, `${list} ${JSON.stringify(f)}`).toBe(scan.length);
					expect(fast, `${list} ${JSON.stringify(f)} ${where ?? ''}`).toEqual(scan);
				}
			}
			// Unfiltered and under one extension or top folder the candidates always answer.
			expect(exact, list).toBeGreaterThanOrEqual(3);
		});
	}
});
