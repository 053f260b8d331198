/**
 * Differential: the Content and Storage & structure reports as the engine answers them (its own
 * code over native DuckDB after the report build: summary tables, report cubes, ranked lists,
 * r_tree, samples; a scan of every file only where a part says so) against scans of `facts` written
 * here, under many filter combinations. Both sides are the app's model, so this checks that the
 * fast paths give what a scan gives; the figures' correctness against independent oracles is
 * checked in tests/e2e (reports-content, reports-metadata, reports-storage).
 *
 * The generated export has some folders moved to make short top folders (a folder of one or two
 * segments is its own top folder while its subfolders have their own), a path with a leading `/`,
 * and files with no known folder: the cases where a top-folder filter must not take a folder's
 * whole subtree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aparaviExportSql } from '$lib/sample/aparavi-sql.js';
import { activeDimensions, emptyFilters, filterWhere, normaliseFilters, type Filters } from '$lib/model/filters';
import type { ReportParams, ResultOfReport } from '$lib/reports/kit/define';
import type { report as documents } from '$lib/reports/documents/report';
import type { report as classifications } from '$lib/reports/classifications/report';
import { METADATA_READ, type report as metadata } from '$lib/reports/metadata/report';
import { QUANTILES, type report as storage } from '$lib/reports/storage/report';
import { quantileRange, sizeStatistics } from '$lib/reports/storage/view';
import { TOP_FOLDERS, TREEMAP_NODES, depthOf, type folderChildren, type report as folders } from '$lib/reports/folders/report';
import { folderLevel, folderView } from '$lib/reports/folders/view';
import { LARGEST_LIMIT, type report as largest } from '$lib/reports/largest/report';
import type { report as distribution } from '$lib/reports/distribution/report';
import { foldersFromReportsSql } from '$lib/model/summary';
import { buildModelDb } from '../fixtures/model-db';
import { buildReportDb, type ReportDb } from '../fixtures/report-db';

const AS_OF = Date.UTC(2026, 9, 15);
let db: ReportDb;
let close: () => void;

/** Folders moved: short top folders above generated ones, a leading slash, no folder at all. */
const MOVED = `UPDATE parentPaths SET parentPath = CASE parentId
	WHEN 'p1' THEN 'Shares/' WHEN 'p2' THEN 'Shares/10.1.10.163/' WHEN 'p3' THEN NULL
	WHEN 'p4' THEN '/home/jdoe/docs/2024/' WHEN 'p5' THEN '/home/' WHEN 'p6' THEN '/home/jdoe/docs/' WHEN 'p7' THEN 'C:/Users/' ELSE parentPath END`;

beforeAll(async () => {
	const tables = aparaviExportSql({ rows: 20_000, seed: 11 }).map((t) => (t.table === 'parentPaths' ? { ...t, sql: `${t.sql}; ${MOVED}` } : t));
	const built = await buildModelDb(tables, AS_OF);
	db = await buildReportDb(built.conn, built.rows, built.shape, AS_OF);
	close = () => built.conn.closeSync();
});
afterAll(() => close?.());

const FILTERS: Partial<Filters>[] = [
	{},
	{ extensions: ['pdf', 'docx'] },
	{ extensions: [''] },
	{ sizeBands: [2] },
	{ ageBands: [4, 5] },
	{ topFolders: ['File System/D:/data/'] },
	{ topFolders: ['Shares/10.1.10.163/'] },
	{ topFolders: ['Shares/', 'Shares/10.1.10.163/data/'] },
	{ topFolders: ['/home/jdoe/docs/', '/home/'] },
	{ topFolders: [''] },
	{ topFolders: ['C:/Users/', 'no such folder/'] },
	{ modified: { from: '2020-01', to: '2023-12' } },
	{ added: { from: '2025-01', to: '2026-06' } },
	{ extensions: ['pdf'], modified: { from: '2015-01', to: '2025-12' } },
	{ extensions: ['jpg'], ageBands: [5], topFolders: ['Shares/10.1.10.163/data/'] },
	{ topFolders: ['Microsoft/Outlook/jdoe@example.com/'], sizeBands: [1] },
	{ modified: { from: '2019-01', to: '2024-12' }, added: { from: '2024-01', to: '2026-12' } }
];

const label = (f: Partial<Filters>) => JSON.stringify(f);
const whereOf = (f: Partial<Filters>, except?: Parameters<typeof filterWhere>[1]) => filterWhere(normaliseFilters(f), except);
const ask = async <R>(id: string, f: Partial<Filters>, params: ReportParams = {}) => (await db.report(id, { ...emptyFilters(), ...f }, params)) as unknown as R;

describe('the Summary’s tables and the report cubes against a scan of facts', () => {
	it('Document Analysis: per extension, and tagged per extension', async () => {
		for (const f of FILTERS) {
			const r = await ask<ResultOfReport<typeof documents>>('documents', f);
			expect(r.pending, label(f)).toEqual({});
			const ext = await db.rows(`SELECT extension, count(*) AS files, coalesce(sum(size), 0) AS bytes, count(size) AS sized FROM facts WHERE ${whereOf(f)} GROUP BY 1 ORDER BY 1 NULLS LAST`);
			expect(r.tables.extensions!.length, label(f)).toBe(ext.length);
			expect(r.tables.extensions, label(f)).toEqual(ext);
			const tagged = await db.rows(`SELECT extension, CAST(tags IS NOT NULL AS INTEGER) AS tagged, count(*) AS files, coalesce(sum(size), 0) AS bytes FROM facts WHERE ${whereOf(f)} GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2 NULLS LAST`);
			expect(r.tables.tagging!.length, label(f)).toBe(tagged.length);
			expect(r.tables.tagging, label(f)).toEqual(tagged);
		}
	});

	it('Content Categories: files and bytes per classification result', async () => {
		for (const f of FILTERS) {
			const r = await ask<ResultOfReport<typeof classifications>>('classifications', f);
			const keys = await db.rows(`SELECT nullif(trim(classification), '') AS classification, count(*) AS files, coalesce(sum(size), 0) AS bytes FROM facts WHERE ${whereOf(f)} GROUP BY 1 ORDER BY 1 NULLS LAST`);
			expect(r.tables.keys!.length, label(f)).toBe(keys.length);
			expect(r.tables.keys, label(f)).toEqual(keys);
		}
	});

	it('File Distribution: per top folder and extension, the folder filter aside', async () => {
		for (const f of FILTERS) {
			const r = await ask<ResultOfReport<typeof distribution>>('distribution', f);
			const cells = await db.rows(`SELECT topFolder, extension, count(*) AS files, coalesce(sum(size), 0) AS bytes FROM facts WHERE ${whereOf(f, 'topFolder')} GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2 NULLS LAST`);
			expect(r.tables.cells!.length, label(f)).toBe(cells.length);
			expect(r.tables.cells, label(f)).toEqual(cells);
		}
	});

	it('Storage Overview: totals, size bands (their own filter aside), services, and every statistic', async () => {
		for (const f of FILTERS) {
			const r = await ask<ResultOfReport<typeof storage>>('storage', f);
			const [s] = await db.rows(`SELECT count(*) AS files, count(size) AS sized, coalesce(sum(size), 0) AS bytes, avg(size) AS mean, max(size) AS max, count(*) FILTER (WHERE size = 0) AS empty,
				quantile_disc(size, 0.5) AS median, quantile_disc(size, 0.9) AS p90, quantile_disc(size, 0.99) AS p99 FROM facts WHERE ${whereOf(f)}`);
			expect(r.tables.totals, label(f)).toEqual([{ files: s.files, sized: s.sized, bytes: s.bytes }]);
			const stats = Object.fromEntries(sizeStatistics(r).map((x) => [x.metric, x.value]));
			expect(stats, label(f)).toMatchObject({ files: s.files, bytes: s.bytes, max: s.max ?? null, empty: s.empty, median: s.median ?? null, p90: s.p90 ?? null, p99: s.p99 ?? null });
			if (s.mean === null) expect(stats.mean).toBeNull();
			else expect(stats.mean!, label(f)).toBeCloseTo(Number(s.mean), 6);
			// Before the exact phase, each percentile lies within the range the histogram gives it.
			for (const q of QUANTILES) {
				const range = quantileRange(r.tables.sizes, q.percent);
				if (s[q.id] === null) expect(range).toBeNull();
				else expect(range!.low <= Number(s[q.id]) && Number(s[q.id]) <= range!.high, `${q.id} ${label(f)}`).toBe(true);
			}
			const bands = await db.rows(`SELECT sizeBand, count(*) AS files, coalesce(sum(size), 0) AS bytes FROM facts WHERE ${whereOf(f, 'sizeBand')} GROUP BY 1 ORDER BY 1 NULLS LAST`);
			expect(r.tables.sizeBands, label(f)).toEqual(bands);
			const services = await db.rows(`SELECT service, count(*) AS files, coalesce(sum(size), 0) AS bytes FROM facts WHERE ${whereOf(f)} GROUP BY 1 ORDER BY 1 NULLS LAST`);
			expect(r.tables.services!.length, label(f)).toBe(services.length);
			expect(r.tables.services, label(f)).toEqual(services);
		}
	});

	it('the exact percentiles equal quantile_disc for every count of files up to 200 (nearest rank at every edge)', async () => {
		// Filters keeping 1, 2, 3 … files: the percentiles' ranks fall on every position within a bucket.
		const sizes = await db.rows(`SELECT extension, count(size) AS n FROM facts GROUP BY 1 HAVING count(size) BETWEEN 1 AND 200 ORDER BY n`);
		expect(sizes.length).toBeGreaterThan(3);
		for (const { extension } of sizes) {
			const f = { extensions: [String(extension)] };
			const r = await ask<ResultOfReport<typeof storage>>('storage', f);
			const [s] = await db.rows(`SELECT quantile_disc(size, 0.5) AS median, quantile_disc(size, 0.9) AS p90, quantile_disc(size, 0.99) AS p99 FROM facts WHERE ${whereOf(f)}`);
			expect(r.tables.quantiles, label(f)).toEqual([s]);
		}
	});

	it('Largest files: the ranked list equals a sort of every file', async () => {
		for (const f of FILTERS) {
			const r = await ask<ResultOfReport<typeof largest>>('largest', f);
			const top = await db.rows(`SELECT objectId, size FROM facts WHERE size IS NOT NULL AND ${whereOf(f)} ORDER BY size DESC, objectId LIMIT ${LARGEST_LIMIT}`);
			expect(r.tables.files!.length, label(f)).toBe(top.length);
			expect(r.tables.files!.map((x) => [x.objectId, x.size]), label(f)).toEqual(top.map((x) => [x.objectId, x.size]));
			const [t] = await db.rows(`SELECT count(*) AS files, coalesce(sum(size), 0) AS bytes FROM facts WHERE ${whereOf(f)}`);
			expect(r.tables.totals, label(f)).toEqual([t]);
		}
	});

	it('Metadata Insights: the sample is the first files of the fixed order that a filter over facts keeps', async () => {
		for (const f of FILTERS) {
			const r = await ask<ResultOfReport<typeof metadata>>('metadata', f);
			// The same objects, filtered by their rows in facts rather than the sample's own columns.
			const kept = `SELECT m.rank, m.category, m.withMetadata FROM r_meta_files m SEMI JOIN (SELECT objectId FROM facts WHERE ${whereOf(f)}) k ON k.objectId = m.objectId ORDER BY m.rank LIMIT ${METADATA_READ}`;
			const sample = await db.rows(`SELECT category, count(*) AS files, count(*) FILTER (WHERE withMetadata) AS withMetadata FROM (${kept}) GROUP BY 1 ORDER BY files DESC, category`);
			expect(r.tables.sample!.length, label(f)).toBe(sample.length);
			expect(r.tables.sample, label(f)).toEqual(sample);
			const keys = await db.rows(`SELECT p.key, count(*) AS files FROM (${kept}) s JOIN r_meta_pairs p ON p.rank = s.rank GROUP BY 1 ORDER BY 2 DESC, 1`);
			const overall = r.tables.fields!.filter((x) => x.category === null);
			expect(overall.length, label(f)).toBe(keys.length);
			expect(overall.map((x) => [x.key, x.files]), label(f)).toEqual(keys.map((x) => [x.key, x.files]));
			const [p] = await db.rows(`SELECT count(*) AS files FROM facts WHERE ${whereOf(f)}`);
			expect(r.tables.population, label(f)).toEqual([p]);
		}
	});
});

describe('the Summary’s folder count and median from the report build’s indexes against a scan of facts', () => {
	it('under every filter: the folder sets for one dimension, the folder codes for more, one size bucket for the median', async () => {
		for (const f of [...FILTERS, { sizeBands: [0] }, { ageBands: [0] }, { extensions: ['zzz-none'] }]) {
			const q = foldersFromReportsSql(normaliseFilters(f), (t) => t in db.sizes)!;
			const active = activeDimensions(normaliseFilters(f));
			expect(q.folders.source, label(f)).toBe(active.length === 1 && active[0] !== 'topFolder' ? 'r_folder_sets' : 'r_codes');
			const [want] = await db.rows(`SELECT count(DISTINCT folder) AS folders, quantile_disc(size, 0.5) AS medianSize FROM facts WHERE ${whereOf(f)}`);
			const [folders] = await db.rows(q.folders.sql);
			const [median] = await db.rows(q.median.sql);
			expect({ folders: Number(folders.folders), medianSize: median.medianSize === null ? null : Number(median.medianSize) }, label(f)).toEqual({
				folders: Number(want.folders),
				medianSize: want.medianSize === null ? null : Number(want.medianSize)
			});
		}
	});
});

/** Per folder holding files under the filters: its files and bytes (every file in facts, summed here in JavaScript). */
async function folderCounts(f: Partial<Filters>): Promise<{ folder: string; files: number; bytes: number }[]> {
	return (await db.rows(`SELECT folder, count(*) AS files, coalesce(sum(size), 0) AS bytes FROM facts WHERE ${whereOf(f)} GROUP BY 1`)).map((r) => ({ folder: String(r.folder), files: Number(r.files), bytes: Number(r.bytes) }));
}

/** Every prefix of every folder holding files, with the files in it and below and in it alone. */
function prefixTotals(counts: { folder: string; files: number; bytes: number }[]): Map<string, { files: number; bytes: number; own: number }> {
	const out = new Map<string, { files: number; bytes: number; own: number }>();
	for (const c of counts) {
		if (c.folder === '') continue;
		let at = c.folder.indexOf('/');
		while (at >= 0) {
			const prefix = c.folder.slice(0, at + 1);
			const t = out.get(prefix) ?? { files: 0, bytes: 0, own: 0 };
			t.files += c.files;
			t.bytes += c.bytes;
			if (prefix === c.folder) t.own += c.files;
			out.set(prefix, t);
			at = c.folder.indexOf('/', at + 1);
		}
	}
	return out;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe('Folder Organization: the folder index and folder sets (and a scan where they cannot answer) against prefix sums of every file', () => {
	const VIEWS: { root: string; depth: number }[] = [
		{ root: '', depth: 1 },
		{ root: '', depth: 3 },
		{ root: 'Shares/', depth: 2 },
		{ root: 'Shares/', depth: 1 },
		{ root: 'File System/', depth: 1 },
		{ root: 'Shares/10.1.10.163/', depth: 4 },
		{ root: '/home/', depth: 2 },
		{ root: 'File System/D:/data/', depth: 2 }
	];

	it('treemap nodes, top folders and totals under every filter', async () => {
		for (const f of FILTERS) {
			const counts = await folderCounts(f);
			const totals = prefixTotals(counts);
			for (const { root, depth } of VIEWS) {
				const r = await ask<ResultOfReport<typeof folders>>('folders', f, { root, depth });
				const v = folderView(r.tables, root, depth)!;
				const at = `${label(f)} ${root}:${depth}`;
				const r0 = depthOf(root);
				const nodes = [...totals]
					.filter(([p]) => p.startsWith(root) && depthOf(p) > r0 && depthOf(p) <= r0 + depth)
					.map(([folder, t]) => ({ folder, level: depthOf(folder) - r0, files: t.files, bytes: t.bytes, hasChildren: t.files > t.own }));
				expect(nodes.length, at).toBeLessThan(TREEMAP_NODES);
				const want = [...nodes].sort((a, b) => a.level - b.level || b.bytes - a.bytes || byText(a.folder, b.folder));
				expect(v.nodes.length, at).toBe(want.length);
				expect(v.nodes.map(({ folder, level, files, bytes, hasChildren }) => ({ folder, level, files, bytes, hasChildren })), at).toEqual(want);
				const deepest = nodes.filter((x) => x.level === depth);
				const topBytes = [...deepest].sort((a, b) => b.bytes - a.bytes || byText(a.folder, b.folder)).slice(0, TOP_FOLDERS);
				expect(v.topByBytes.map((x) => [x.folder, x.bytes]), at).toEqual(topBytes.map((x) => [x.folder, x.bytes]));
				const topFiles = [...deepest].sort((a, b) => b.files - a.files || byText(a.folder, b.folder)).slice(0, TOP_FOLDERS);
				expect(v.topByFiles.map((x) => [x.folder, x.files]), at).toEqual(topFiles.map((x) => [x.folder, x.files]));
				const under = counts.filter((c) => (root === '' ? true : c.folder.startsWith(root)));
				expect(v.totals, at).toEqual({
					files: under.reduce((a, c) => a + c.files, 0),
					bytes: under.reduce((a, c) => a + c.bytes, 0),
					folders: under.filter((c) => c.folder !== '').length
				});
			}
		}
	});

	it('one level of the folder tree, and the files directly in its parent', async () => {
		for (const f of FILTERS) {
			const counts = await folderCounts(f);
			const totals = prefixTotals(counts);
			for (const parent of ['', 'Shares/', 'Shares/10.1.10.163/', '/home/jdoe/', 'File System/D:/data/']) {
				const r = await ask<ResultOfReport<typeof folderChildren>>('folder-children', f, { parent });
				const level = folderLevel(r.tables, parent)!;
				const at = `${label(f)} ${parent}`;
				const want = [...totals]
					.filter(([p]) => p.startsWith(parent) && depthOf(p) === depthOf(parent) + 1)
					.map(([folder, t]) => ({ folder, files: t.files, bytes: t.bytes, hasChildren: t.files > t.own }))
					.sort((a, b) => b.bytes - a.bytes || byText(a.folder, b.folder));
				expect(level.children.length, at).toBe(want.length);
				expect(level.children.map(({ folder, files, bytes, hasChildren }) => ({ folder, files, bytes, hasChildren })), at).toEqual(want);
				const own = counts.filter((c) => c.folder === parent);
				expect(level.own, at).toEqual({ files: own.reduce((a, c) => a + c.files, 0), bytes: own.reduce((a, c) => a + c.bytes, 0) });
			}
		}
	});

	it('reads the folder index unfiltered and under top-folder filters alone, files per top folder for shallow folders under others, the files only below them', async () => {
		for (const f of FILTERS) {
			const topOnly = Object.entries(normaliseFilters(f)).every(([k, v]) => k === 'topFolders' || v === null || (Array.isArray(v) && v.length === 0));
			const shallow = await ask<ResultOfReport<typeof folders>>('folders', f, { root: '', depth: 2 });
			expect([shallow.tables.tree === null, shallow.tables.tops === null, shallow.tables.treeScan], label(f)).toEqual([!topOnly, topOnly, null]);
			// The folder count beside the top folders: the folder sets under a filter on one dimension (not the top folder), a scan under more.
			const active = activeDimensions(normaliseFilters(f));
			const fromSets = active.length === 1 && active[0] !== 'topFolder';
			expect([shallow.tables.folderCount === null, shallow.tables.folderCountScan === null], label(f)).toEqual(topOnly ? [true, true] : [!fromSets, fromSets]);
			const deep = await ask<ResultOfReport<typeof folders>>('folders', f, { root: '', depth: 3 });
			expect([deep.tables.tree === null, deep.tables.tops, deep.tables.treeScan === null], label(f)).toEqual([!topOnly, null, topOnly]);
		}
	});
});
