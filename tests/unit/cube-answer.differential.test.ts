/**
 * Differential test: two of the app's own paths to the Summary's fast phase must agree. The typed
 * arrays (src/lib/model/cube-answer.ts) answer every part the fast phase answers; the other side is
 * the app's scan of the file rows (`facts`, planSummary's scanOnly), run by native DuckDB, over the
 * hand-made tiny export (NULL sizes and times, the empty extension) and a generated one, for value
 * filters on each dimension, additive selections, windows on both timelines and every grain. Keys,
 * figures and order must be identical. Both sides are the app's: a rule wrong in both passes here;
 * the independent figures are the native oracle's (tests/oracle/summary.ts, tests/e2e/summary.spec.ts,
 * crossfilter.spec.ts) and the tiny export's hand-worked answers (crossfilter.differential.test.ts).
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { DIMENSIONS, emptyFilters, hasFilters, normaliseFilters, viewKey, type Dimension, type Filters, type Grain, type SummaryView } from '$lib/model/filters';
import { planSummary, type ChartPart, type PlannedPart } from '$lib/model/summary';
import { answerFromMemory, dictionarySql, dictionaryTable, hasKpiMeasures, MEMORY_SOURCES, memoryCheckSql, monthText, periodOf, tableLoadSql, type CubeColumns, type CubeMemory } from '$lib/model/cube-answer';
import { aparaviExportSql } from '../../src/lib/sample/aparavi-sql.js';
import { AS_OF_MS, FS, SH, TINY_TABLES } from '../fixtures/tiny-export';
import { buildModelDb, type Rows } from '../fixtures/model-db';
import type { ExportShape } from '$lib/model/shape';
import { answerAtOnce } from '../../workers/engine/queries';

/** The arrays loaded with the worker's SQL, run by native DuckDB. */
async function loadMemory(rows: Rows): Promise<CubeMemory> {
	const dictionaries = {} as CubeMemory['dictionaries'];
	for (const d of DIMENSIONS) {
		await rows(dictionarySql(d));
		dictionaries[d] = [null, ...(await rows(`SELECT v FROM ${dictionaryTable(d)} ORDER BY c`)).map((r) => r.v as string | number)];
	}
	const tables: Record<string, CubeColumns> = {};
	for (const s of MEMORY_SOURCES) {
		const r = await rows(tableLoadSql(s));
		const col = <T extends Int32Array | Uint32Array | Float64Array>(name: string, type: { from(xs: number[]): T }) => type.from(r.map((x) => Number(x[name])));
		const t: CubeColumns = {
			rows: r.length,
			dims: Object.fromEntries(s.dims.map((d) => [d, col(d, Int32Array)])),
			files: col('files', Uint32Array),
			bytes: col('bytes', Float64Array)
		};
		if (hasKpiMeasures(s)) Object.assign(t, { sized: col('sized', Uint32Array), dated: col('dated', Uint32Array), minMs: col('minMs', Float64Array), maxMs: col('maxMs', Float64Array) });
		tables[s.table] = t;
	}
	const [check] = await rows(memoryCheckSql());
	return { dictionaries, tables, folders: Number(check.folders), medianSize: check.medianSize === null ? null : Number(check.medianSize) };
}

/** The other path: each part the fast phase answers, scanned from `facts` by the app's SQL in native DuckDB. */
async function scanAnswer(rows: Rows, view: SummaryView, parts: PlannedPart[]) {
	const scan = planSummary(view, { scanOnly: true });
	const kpis: Record<string, unknown> = {};
	const charts: Record<string, string[]> = {};
	for (const p of parts) {
		const sql = scan.find((s) => s.part === p.part)!.sql;
		const r = await rows(sql);
		if (p.part === 'kpis') {
			const k = r[0];
			for (const name of ['files', 'bytes', 'extensions', 'oldestModified', 'newestModified', 'invalidModified', 'nullSize']) kpis[name] = k[name] === null ? null : Number(k[name]);
			kpis.averageSize = k.averageSize === null ? null : Number(k.averageSize);
			// Unfiltered, the fast phase gives folders and median too (from s_folder, s_stats); filtered
			// they are the 'folders' part, a scan the fast phase leaves pending.
			if (!hasFilters(view.filters)) Object.assign(kpis, { folders: Number(k.folders), medianSize: k.medianSize === null ? null : Number(k.medianSize) });
		} else charts[p.part] = r.map((x) => `${x.key}:${x.files}:${x.bytes}`);
	}
	return { kpis, charts };
}

async function expectSame(rows: Rows, memory: CubeMemory, view: SummaryView) {
	const label = JSON.stringify(view);
	const parts = planSummary(view).filter((p) => !p.scan);
	const answered = answerFromMemory(memory, view, parts);
	expect(answered, label).not.toBeNull();
	const fast = answered!;
	const scan = await scanAnswer(rows, view, parts);
	expect(Object.keys(fast.charts).sort(), label).toEqual(Object.keys(scan.charts).sort());
	for (const [part, want] of Object.entries(scan.charts)) {
		expect(fast.charts[part as ChartPart]!.map((b) => `${b.key}:${b.files}:${b.bytes}`), `${label} ${part}`).toEqual(want);
	}
	if (parts.some((p) => p.part === 'kpis')) expect(fast.kpis, label).toEqual(scan.kpis);
	else expect(fast.kpis, label).toEqual({});
	return parts.length;
}

const v = (f: Partial<Filters>, grain: Grain = 'month'): SummaryView => ({ filters: normaliseFilters(f), grain });

describe('periods and month text as the SQL writes them', () => {
	test('quarters and years truncate like periodExpr', () => {
		expect(periodOf(202403, 'quarter')).toBe(202401);
		expect(periodOf(202412, 'quarter')).toBe(202410);
		expect(periodOf(202408, 'year')).toBe(202401);
		expect(periodOf(202408, 'month')).toBe(202408);
		expect(monthText(99901)).toBe('0999-01');
	});
});

describe("differential: typed arrays equal the app's scan of facts, on the tiny export", () => {
	let rows: Rows;
	let memory: CubeMemory;
	let shape: ExportShape;
	beforeAll(async () => {
		({ rows, shape } = await buildModelDb(Object.entries(TINY_TABLES).map(([table, sql]) => ({ table, sql })), AS_OF_MS));
		memory = await loadMemory(rows);
	});

	const views: SummaryView[] = [];
	for (const grain of ['month', 'quarter', 'year'] as const) {
		for (const f of [
			{},
			{ extensions: ['pdf'] },
			{ extensions: ['', 'jpg'] },
			{ extensions: ['nope'] },
			{ sizeBands: [0] },
			{ sizeBands: [1, 2] },
			{ ageBands: [1, 4] },
			{ topFolders: [SH] },
			{ topFolders: [FS, SH] },
			{ modified: { from: '2025-01', to: '2025-12' } },
			{ added: { from: '2025-12', to: '2026-01' } },
			{ extensions: ['pdf', 'xlsx'], sizeBands: [1] },
			{ modified: { from: '2024-01', to: '2025-12' }, topFolders: [FS] },
			{ added: { from: '2024-01', to: '2026-01' }, ageBands: [0, 1, 2] },
			{ modified: { from: '2025-01', to: '2025-12' }, added: { from: '2025-12', to: '2026-01' } }
		])
			views.push(v(f, grain));
	}
	test(`${views.length} views`, async () => {
		let answered = 0;
		for (const view of views) answered += await expectSame(rows, memory, view);
		expect(answered).toBeGreaterThan(views.length * 5);
	});

	test("the worker's at-once answer (no queue, no DuckDB) is the fast phase, with the scan's parts pending", async () => {
		const model = { shape, asOfMs: AS_OF_MS, cubes: memory };
		for (const view of views) {
			const query = { kind: 'summary' as const, filters: view.filters, grain: view.grain, phase: 'fast' as const };
			const at = answerAtOnce(query, model)!;
			expect(at.key).toBe(viewKey(view));
			const scan = await scanAnswer(rows, view, planSummary(view).filter((p) => !p.scan));
			expect(at.kpis).toEqual(scan.kpis);
			for (const [part, want] of Object.entries(scan.charts)) expect(at.charts[part as ChartPart]!.map((b) => `${b.key}:${b.files}:${b.bytes}`)).toEqual(want);
			// What no summary table holds (a folder count under filters, a chart crossing both months and a folder) waits for the scan.
			expect(at.pending).toEqual(planSummary(view).filter((p) => p.scan).map((p) => p.part));
			if (hasFilters(view.filters)) expect(at.pending.some((p) => p === 'folders' || p === 'kpis')).toBe(true);
			for (const part of at.pending) expect(at.charts).not.toHaveProperty(part);
		}
		// Anything else takes its turn in the queue: the exact scan, a whole Summary, a pack, no arrays.
		const query = { kind: 'summary' as const, filters: views[1].filters, phase: 'fast' as const };
		expect(answerAtOnce({ ...query, phase: 'scan' }, model)).toBeNull();
		expect(answerAtOnce({ ...query, phase: 'all' }, model)).toBeNull();
		expect(answerAtOnce(query, { ...model, pack: true })).toBeNull();
		expect(answerAtOnce(query, { ...model, cubes: null })).toBeNull();
		expect(answerAtOnce(query, null)).toBeNull();
	});
});

describe("differential: typed arrays equal the app's scan of facts, on a generated export", () => {
	const AS_OF = Date.UTC(2026, 10, 1);
	let rows: Rows;
	let memory: CubeMemory;
	let values: { extensions: string[]; topFolders: string[]; months: string[]; added: string[] };
	beforeAll(async () => {
		({ rows } = await buildModelDb(aparaviExportSql({ rows: 20_000, seed: 11 }), AS_OF));
		memory = await loadMemory(rows);
		const list = async (sql: string) => (await rows(sql)).map((r) => String(r.v));
		const months = (col: string) => `SELECT DISTINCT printf('%04d-%02d', ${col} // 100, ${col} % 100) AS v FROM s_months WHERE ${col} IS NOT NULL ORDER BY 1`;
		values = {
			extensions: await list(`SELECT extension AS v FROM s_base GROUP BY 1 ORDER BY sum(files) DESC, 1`),
			topFolders: await list(`SELECT topFolder AS v FROM s_base GROUP BY 1 ORDER BY 1`),
			months: await list(months('modifiedMonth')),
			added: await list(months('addedMonth'))
		};
	}, 120_000);

	test('each dimension alone, one value and several (beyond the top N too), every grain', async () => {
		const views: SummaryView[] = [];
		const m = values.months;
		const a = values.added;
		for (const grain of ['month', 'quarter', 'year'] as const) {
			views.push(v({}, grain));
			views.push(v({ extensions: [values.extensions[0]] }, grain));
			views.push(v({ extensions: values.extensions.slice(-3) }, grain));
			views.push(v({ sizeBands: [2] }, grain), v({ sizeBands: [0, 5] }, grain));
			views.push(v({ ageBands: [3] }, grain), v({ ageBands: [1, 2, 4] }, grain));
			views.push(v({ topFolders: [values.topFolders[0]] }, grain), v({ topFolders: values.topFolders.slice(0, 3) }, grain));
			views.push(v({ modified: { from: m[Math.floor(m.length / 3)], to: m[Math.floor((2 * m.length) / 3)] } }, grain));
			views.push(v({ added: { from: a[Math.floor(a.length / 2)], to: a[a.length - 1] } }, grain));
		}
		for (const view of views) await expectSame(rows, memory, view);
	});

	test('60 random combinations', async () => {
		let seed = 424242;
		const rnd = (n: number) => {
			seed = (seed * 1103515245 + 12345) % 2147483648;
			return seed % n;
		};
		const some = <T,>(xs: T[], max: number) => Array.from({ length: 1 + rnd(max) }, () => xs[rnd(xs.length)]);
		const window = (months: string[]) => {
			const x = months[rnd(months.length)];
			const y = months[rnd(months.length)];
			return { from: x < y ? x : y, to: x < y ? y : x };
		};
		for (let i = 0; i < 60; i++) {
			const f: Filters = emptyFilters();
			if (rnd(2)) f.extensions = some(values.extensions, 4);
			if (rnd(3) === 0) f.sizeBands = some([0, 1, 2, 3, 4, 5], 3);
			if (rnd(3) === 0) f.ageBands = some([0, 1, 2, 3, 4, 5], 3);
			if (rnd(3) === 0) f.topFolders = some(values.topFolders, 3);
			if (rnd(3) === 0) f.modified = window(values.months);
			if (rnd(4) === 0) f.added = window(values.added);
			await expectSame(rows, memory, v(f, (['month', 'quarter', 'year'] as const)[rnd(3)]));
		}
	});

	test('a part whose table is not held is left to SQL', () => {
		const view = v({ extensions: ['pdf'] });
		const parts = planSummary(view).filter((p) => !p.scan);
		const { s_mod_extension: _, ...others } = memory.tables;
		expect(answerFromMemory({ ...memory, tables: others }, view, parts)).toBeNull();
	});

	test('every dimension has a dictionary', () => {
		for (const d of DIMENSIONS as readonly Dimension[]) expect(memory.dictionaries[d].length).toBeGreaterThan(1);
	});
});
