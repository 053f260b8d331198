/**
 * The Summary under filters, run by native DuckDB on the model's own SQL, in two halves:
 * - over the hand-made tiny export, against a reference written in plain JS from the files' hand-
 *   worked dimensions (tests/fixtures/tiny-export.ts): answers known by construction;
 * - differential: over a generated export, every part answered from a summary cube must equal the
 *   same part answered by the app's scan of the file rows, for many filter combinations (the cubes
 *   are exact, not approximations). Both are the app's paths; the native oracle's figures under
 *   filters are checked end to end (tests/e2e/crossfilter.spec.ts).
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { emptyFilters, normaliseFilters, type Dimension, type Filters, type Grain, type SummaryView } from '$lib/model/filters';
import { batchCharts, MAX_BATCH_SQL, planSummary, type PlannedPart, type SummaryPart } from '$lib/model/summary';
import { aparaviExportSql } from '../../src/lib/sample/aparavi-sql.js';
import { AS_OF_MS, FS, SH, TINY_FILES, TINY_TABLES } from '../fixtures/tiny-export';
import { buildModelDb, type Rows } from '../fixtures/model-db';

type TinyFile = (typeof TINY_FILES)[number];

/* A reference written in plain JS over the hand-made table: which files a filter keeps. */
function keeps(file: TinyFile, f: Filters, except?: Dimension): boolean {
	const inWindow = (m: number | null, w: Filters['modified']) => w === null || (m !== null && m >= Number(w.from.replace('-', '')) && m <= Number(w.to.replace('-', '')));
	return (
		(except === 'extension' || !f.extensions.length || f.extensions.includes(file.extension)) &&
		(except === 'sizeBand' || !f.sizeBands.length || (file.sizeBand !== null && f.sizeBands.includes(file.sizeBand))) &&
		(except === 'ageBand' || !f.ageBands.length || (file.ageBand !== null && f.ageBands.includes(file.ageBand))) &&
		(except === 'topFolder' || !f.topFolders.length || f.topFolders.includes(file.topFolder)) &&
		(except === 'modifiedMonth' || inWindow(file.modifiedMonth, f.modified)) &&
		(except === 'addedMonth' || inWindow(file.addedMonth, f.added))
	);
}

function reference(f: Filters) {
	const kept = TINY_FILES.filter((x) => keeps(x, f));
	const sizes = kept.map((x) => x.size).filter((s): s is number => s !== null).sort((a, b) => a - b);
	return {
		files: kept.length,
		bytes: sizes.reduce((a, b) => a + b, 0),
		folders: new Set(kept.map((x) => x.folder)).size,
		extensions: new Set(kept.map((x) => x.extension).filter((e) => e !== '')).size,
		nullSize: kept.length - sizes.length,
		invalidModified: kept.filter((x) => x.modifiedMonth === null).length,
		// quantile_disc(0.5): the lower middle value.
		medianSize: sizes.length ? sizes[Math.ceil(sizes.length / 2) - 1] : null
	};
}

/** A chart of the reference: files per value of `dim`, under every filter but its own. */
function referenceChart(f: Filters, dim: Dimension): Record<string, number> {
	const out: Record<string, number> = {};
	for (const x of TINY_FILES.filter((file) => keeps(file, f, dim))) {
		const v = x[dim];
		if (v === null) continue;
		const key = dim === 'modifiedMonth' || dim === 'addedMonth' ? `${String(v).slice(0, 4)}-${String(v).slice(4)}` : String(v);
		out[key] = (out[key] ?? 0) + 1;
	}
	return out;
}

/** Run a plan: KPIs (with folders and median) and each chart as {key: files}. */
async function runPlan(rows: Rows, plan: PlannedPart[]) {
	const kpis: Record<string, unknown> = {};
	const charts: Record<string, Record<string, number>> = {};
	const bytes: Record<string, Record<string, number>> = {};
	const order: Record<string, string[]> = {};
	for (const p of plan) {
		const r = await rows(p.sql);
		if (p.part === 'kpis' || p.part === 'folders') Object.assign(kpis, r[0]);
		else {
			charts[p.part] = Object.fromEntries(r.map((x) => [String(x.key), Number(x.files)]));
			bytes[p.part] = Object.fromEntries(r.map((x) => [String(x.key), Number(x.bytes)]));
			order[p.part] = r.map((x) => String(x.key));
		}
	}
	return { kpis, charts, bytes, order };
}

/** The charts as the engine runs them: batched statements, split back by part. */
async function runBatched(rows: Rows, plan: PlannedPart[]) {
	const order: Record<string, string[]> = {};
	const charts = plan.filter((p) => p.part !== 'kpis' && p.part !== 'folders');
	for (const batch of batchCharts(charts)) {
		for (const p of batch.parts) order[p.part] = [];
		for (const r of await rows(batch.sql)) order[String(r.part)].push(`${r.key}:${r.files}:${r.bytes}`);
	}
	return order;
}

async function runSeparately(rows: Rows, plan: PlannedPart[]) {
	const order: Record<string, string[]> = {};
	for (const p of plan.filter((p) => p.part !== 'kpis' && p.part !== 'folders')) order[p.part] = (await rows(p.sql)).map((r) => `${r.key}:${r.files}:${r.bytes}`);
	return order;
}

const v = (f: Partial<Filters>, grain: Grain = 'month'): SummaryView => ({ filters: normaliseFilters(f), grain });

describe('the tiny export under filters', () => {
	let rows: Rows;
	beforeAll(async () => {
		({ rows } = await buildModelDb(Object.entries(TINY_TABLES).map(([table, sql]) => ({ table, sql })), AS_OF_MS));
	});

	test('the model gives each file the dimensions worked out by hand', async () => {
		const r = await rows(`SELECT f.objectId AS id, f.folder, f.topFolder, f.extension, f.size FROM files f ORDER BY 1`);
		expect(r).toEqual(TINY_FILES.map(({ id, folder, topFolder, extension, size }) => ({ id, folder, topFolder, extension, size })));
		const facts = await rows(`SELECT sizeBand, ageBand, modifiedMonth, addedMonth FROM facts ORDER BY size NULLS LAST, folder`);
		const byHand = [...TINY_FILES].sort((a, b) => (a.size ?? Infinity) - (b.size ?? Infinity) || (a.folder < b.folder ? -1 : 1));
		expect(facts).toEqual(byHand.map(({ sizeBand, ageBand, modifiedMonth, addedMonth }) => ({ sizeBand, ageBand, modifiedMonth, addedMonth })));
	});

	// Hand-checked answers: each line names the files it keeps.
	const known: [string, Partial<Filters>, Record<string, number | null>][] = [
		['pdf: o1', { extensions: ['pdf'] }, { files: 1, bytes: 160, folders: 1, extensions: 1, medianSize: 160 }],
		['< 1 KB: o1, o3, o7', { sizeBands: [0] }, { files: 3, bytes: 161, folders: 3, extensions: 2, medianSize: 1, invalidModified: 2, nullSize: 0 }],
		['pdf or xlsx, 1 KB–1 MB: o2', { extensions: ['pdf', 'xlsx'], sizeBands: [1] }, { files: 1, bytes: 5000, folders: 1 }],
		['top folder File System/D:/data/: o1–o5', { topFolders: [FS] }, { files: 5, bytes: 160 + 5000 + 0 + 6148 + 2097152, folders: 2, invalidModified: 2 }],
		['modified 2025-10..2025-12: o2, o4', { modified: { from: '2025-10', to: '2025-12' } }, { files: 2, bytes: 11148, folders: 2, extensions: 1 }],
		['added 2025-12..2026-01: o3, o4, o6, o7', { added: { from: '2025-12', to: '2026-01' } }, { files: 4, bytes: 6149, folders: 2, nullSize: 1, medianSize: 1 }],
		['both windows: o4', { modified: { from: '2025-01', to: '2025-12' }, added: { from: '2025-12', to: '2026-01' } }, { files: 1, bytes: 6148, folders: 1, medianSize: 6148 }],
		['no extension in Shares: none', { extensions: [''], topFolders: [SH] }, { files: 0, bytes: 0, folders: 0, medianSize: null }]
	];
	for (const [name, f, expected] of known) {
		test(`KPIs: ${name}`, async () => {
			const { kpis } = await runPlan(rows, planSummary(v(f)));
			for (const [k, want] of Object.entries(expected)) expect(kpis[k], k).toBe(want);
			expect(reference(normaliseFilters(f))).toMatchObject(expected);
		});
	}

	test('crossfilter: a chart ignores its own filter, applies the others', async () => {
		const f = { extensions: ['pdf'], sizeBands: [0] };
		const { charts, order } = await runPlan(rows, planSummary(v(f)));
		// Extensions under "< 1 KB" only: pdf (o1), none (o3), html (o7), by bytes.
		expect(order.topByBytes).toEqual(['pdf', 'html', '']);
		// Sizes of pdf files only.
		expect(charts.sizeBands).toEqual({ 0: 1 });
		expect(charts.topFolders).toEqual({ [FS]: 1 });
		expect(charts.modifiedTimeline).toEqual({ '2024-02': 1 });
		expect(charts.addedTimeline).toEqual({ '2024-12': 1 });
	});

	test('a selected value is always charted, even outside the top N', async () => {
		const { order } = await runPlan(rows, planSummary(v({ extensions: ['txt'] })));
		expect(order.topByBytes).toContain('txt');
	});

	test('timeline grains', async () => {
		const year = await runPlan(rows, planSummary(v({}, 'year')));
		expect(year.charts.modifiedTimeline).toEqual({ '2024-01': 1, '2025-01': 2 });
		expect(year.charts.addedTimeline).toEqual({ '2024-01': 1, '2025-01': 3, '2026-01': 2 });
		const quarter = await runPlan(rows, planSummary(v({}, 'quarter')));
		expect(quarter.charts.modifiedTimeline).toEqual({ '2024-01': 1, '2025-10': 2 });
	});

	// Every combination of a few values per dimension: SQL against the JS reference, part by part.
	const choices: Partial<Filters>[] = [
		{},
		{ extensions: ['pdf'] },
		{ extensions: ['', 'jpg'] },
		{ sizeBands: [0] },
		{ sizeBands: [1, 2] },
		{ ageBands: [1, 4] },
		{ topFolders: [SH] },
		{ modified: { from: '2025-01', to: '2025-12' } },
		{ added: { from: '2025-12', to: '2026-01' } }
	];
	const combos: Partial<Filters>[] = [];
	for (let i = 0; i < choices.length; i++) for (let j = i; j < choices.length; j++) for (let k = j; k < choices.length; k += 3) combos.push({ ...choices[i], ...choices[j], ...choices[k] });
	test(`${combos.length} combinations agree with the reference`, async () => {
		for (const c of combos) {
			const f = normaliseFilters(c);
			const { kpis, charts } = await runPlan(rows, planSummary(v(f)));
			const ref = reference(f);
			const label = JSON.stringify(c);
			for (const k of ['files', 'bytes', 'folders', 'extensions', 'nullSize', 'invalidModified', 'medianSize'] as const) expect(kpis[k], `${label} ${k}`).toBe(ref[k]);
			const dims: Record<string, Dimension> = { topByFiles: 'extension', sizeBands: 'sizeBand', ageBands: 'ageBand', topFolders: 'topFolder', modifiedTimeline: 'modifiedMonth', addedTimeline: 'addedMonth' };
			for (const [part, dim] of Object.entries(dims)) expect(charts[part], `${label} ${part}`).toEqual(referenceChart(f, dim));
		}
	});

	test('hostile values select nothing and break nothing', async () => {
		const { kpis } = await runPlan(rows, planSummary(v({ extensions: ["x'; DROP TABLE facts; --"], topFolders: ["'); DELETE FROM s_base; --"] })));
		expect(kpis.files).toBe(0);
		expect((await rows(`SELECT count(*) AS n FROM facts`))[0].n).toBe(7);
		expect((await rows(`SELECT sum(files) AS n FROM s_base`))[0].n).toBe(7);
	});
});

describe('planning', () => {
	const scans = (f: Partial<Filters>) => planSummary(v(f)).filter((p) => p.scan).map((p) => p.part);
	test('unfiltered, everything comes from summary tables', () => {
		expect(scans({})).toEqual([]);
	});
	test('filters on values or one window: only the folder count and median scan', () => {
		expect(scans({ extensions: ['pdf'], sizeBands: [1], ageBands: [2], topFolders: [FS] })).toEqual(['folders']);
		expect(scans({ modified: { from: '2020-01', to: '2020-12' } })).toEqual(['folders']);
		expect(scans({ added: { from: '2020-01', to: '2020-12' } })).toEqual(['folders']);
	});
	test('a window plus another filter: the other timeline scans', () => {
		expect(scans({ modified: { from: '2020-01', to: '2020-12' }, extensions: ['pdf'] })).toEqual(['folders', 'addedTimeline']);
	});
	test('one value filter: the timelines read that dimension\'s month table; two filters need the cubes', () => {
		const sources = (f: Partial<Filters>) => Object.fromEntries(planSummary(v(f)).map((p) => [p.part, p.source]));
		expect(sources({ extensions: ['pdf'] })).toMatchObject({ modifiedTimeline: 's_mod_extension', addedTimeline: 's_add_extension', kpis: 's_base' });
		expect(sources({ topFolders: [FS] })).toMatchObject({ modifiedTimeline: 's_mod_topFolder', addedTimeline: 's_add_topFolder' });
		// A window and the charts of other dimensions: the window's month by that chart's dimension.
		expect(sources({ modified: { from: '2020-01', to: '2020-12' } })).toMatchObject({ sizeBands: 's_mod_sizeBand', kpis: 's_mod_extension', addedTimeline: 's_months' });
		expect(sources({ extensions: ['pdf'], sizeBands: [1] })).toMatchObject({ modifiedTimeline: 's_cube', addedTimeline: 's_added' });
	});
	test('both windows: the KPIs (with folders and median) and the value charts scan', () => {
		const parts: SummaryPart[] = scans({ modified: { from: '2020-01', to: '2020-12' }, added: { from: '2021-01', to: '2021-12' } });
		expect(parts).toEqual(['kpis', 'topByBytes', 'topByFiles', 'sizeBands', 'ageBands', 'topFolders']);
	});
});

describe("differential: on a generated export the cubes equal the app's scans", () => {
	const AS_OF = Date.UTC(2026, 10, 1);
	let rows: Rows;
	let values: { extensions: string[]; topFolders: string[]; months: string[] };
	beforeAll(async () => {
		({ rows } = await buildModelDb(aparaviExportSql({ rows: 20_000, seed: 7 }), AS_OF));
		const list = async (sql: string) => (await rows(sql)).map((r) => String(r.v));
		values = {
			extensions: await list(`SELECT extension AS v FROM s_base GROUP BY 1 ORDER BY sum(files) DESC, 1`),
			topFolders: await list(`SELECT topFolder AS v FROM s_base GROUP BY 1 ORDER BY 1`),
			months: await list(`SELECT DISTINCT printf('%04d-%02d', modifiedMonth // 100, modifiedMonth % 100) AS v FROM s_months WHERE modifiedMonth IS NOT NULL ORDER BY 1`)
		};
	}, 120_000);

	test('the cubes stay small', async () => {
		const count = async (t: string) => Number((await rows(`SELECT count(*) AS n FROM ${t}`))[0].n);
		expect(await count('facts')).toBe(20_000);
		for (const t of ['s_cube', 's_added']) expect(await count(t)).toBeLessThan(20_000);
		expect(await count('s_base')).toBeLessThan(await count('s_cube'));
		for (const t of ['s_mod_extension', 's_mod_sizeBand', 's_mod_ageBand', 's_mod_topFolder']) expect(await count(t)).toBeLessThan(await count('s_cube'));
		for (const t of ['s_add_extension', 's_add_sizeBand', 's_add_ageBand', 's_add_topFolder']) expect(await count(t)).toBeLessThan(await count('s_added'));
	});

	test('40 random filter combinations, every part', async () => {
		let seed = 12345;
		const rnd = (n: number) => {
			seed = (seed * 1103515245 + 12345) % 2147483648;
			return seed % n;
		};
		const some = <T,>(xs: T[], max: number) => Array.from({ length: 1 + rnd(max) }, () => xs[rnd(xs.length)]);
		const window = () => {
			const a = values.months[rnd(values.months.length)];
			const b = values.months[rnd(values.months.length)];
			return { from: a < b ? a : b, to: a < b ? b : a };
		};
		for (let i = 0; i < 40; i++) {
			const f: Filters = emptyFilters();
			if (rnd(2)) f.extensions = some(values.extensions, 3);
			if (rnd(3) === 0) f.sizeBands = some([0, 1, 2, 3, 4, 5], 2);
			if (rnd(3) === 0) f.ageBands = some([0, 1, 2, 3, 4, 5], 2);
			if (rnd(3) === 0) f.topFolders = some(values.topFolders, 2);
			if (rnd(3) === 0) f.modified = window();
			if (rnd(4) === 0) f.added = window();
			const view = v(f, (['month', 'quarter', 'year'] as const)[rnd(3)]);
			const fast = await runPlan(rows, planSummary(view));
			const scan = await runPlan(rows, planSummary(view, { scanOnly: true }));
			const label = JSON.stringify(view);
			const { averageSize: a1, ...k1 } = fast.kpis;
			const { averageSize: a2, ...k2 } = scan.kpis;
			expect(k1, label).toEqual(k2);
			if (a1 === null) expect(a2, label).toBeNull();
			else expect(Number(a1), label).toBeCloseTo(Number(a2), 6);
			expect(fast.charts, label).toEqual(scan.charts);
			expect(fast.bytes, label).toEqual(scan.bytes);
			expect(fast.order, label).toEqual(scan.order);
			// Batched as the engine runs them: the same rows in the same order.
			expect(await runBatched(rows, planSummary(view)), label).toEqual(await runSeparately(rows, planSummary(view)));
		}
	});

	test('long filters split the charts into several batches, each under the length limit', () => {
		const folders = Array.from({ length: 100 }, (_, i) => `${'x'.repeat(400)}/${i}/`);
		const plan = planSummary(v({ topFolders: folders, extensions: ['pdf'] }));
		const batches = batchCharts(plan.filter((p) => p.part !== 'kpis' && p.part !== 'folders'));
		expect(batches.length).toBeGreaterThan(1);
		for (const b of batches) if (b.parts.length > 1) expect(b.sql.length).toBeLessThanOrEqual(MAX_BATCH_SQL);
		expect(batches.flatMap((b) => b.parts.map((p) => p.part))).toEqual(['topByBytes', 'topByFiles', 'sizeBands', 'ageBands', 'topFolders', 'modifiedTimeline', 'addedTimeline']);
	});
});
