/**
 * The storage, structure and content reports as the engine answers them (its own code, over native
 * DuckDB after the report build: tests/fixtures/report-db.ts), and shaped by their views, on the
 * hand-made export (tests/fixtures/tiny-export.ts) whose answers are known by construction; also on
 * variants of it with metadata, and with empty classifications and no metadata (the pages then say
 * "no data").
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { buildModelDb } from '../fixtures/model-db';
import { buildReportDb, type ReportDb } from '../fixtures/report-db';
import { AS_OF_MS, EXPECTED, TINY_TABLES } from '../fixtures/tiny-export';
import type { ResultOfReport } from '$lib/reports/kit/define';
import type { report as storageReport } from '$lib/reports/storage/report';
import { serviceRows, sizeStatistics } from '$lib/reports/storage/view';
import type { report as classificationsReport } from '$lib/reports/classifications/report';
import { keyRows, policyTiers, stateTotals } from '$lib/reports/classifications/view';
import type { report as distributionReport } from '$lib/reports/distribution/report';
import { distribution } from '$lib/reports/distribution/view';
import type { folderChildren, report as foldersReport } from '$lib/reports/folders/report';
import { breadcrumbs, folderLevel, folderView, isAncestor } from '$lib/reports/folders/view';
import type { report as metadataReport } from '$lib/reports/metadata/report';
import { keyRows as metadataKeys, sampleInfo } from '$lib/reports/metadata/view';
import type { report as documentsReport } from '$lib/reports/documents/report';
import { categoryRows, extensionCount, extensionRows, taggingRows } from '$lib/reports/documents/view';
import { emptyFilters, type Filters } from '$lib/model/filters';
import { packExtrasSql } from '$lib/model/pack';
import { sourceFor } from '$lib/model/sources';
import { answerReport } from '../../workers/engine/reports';
import type { DuckDBHost } from '../../workers/engine/duckdb';

/**
 * Metadata per instance, by instanceId. Instance 3 (deleted) carries a field no current instance
 * has; instance 2's value holds an escaped quote followed by a colon, which must not read as a key.
 */
const METADATA: Record<number, string> = {
	1: '{"Content-Type":"application/pdf","old":"x"}',
	2: '{"Content-Type":"application/pdf","dc:title":"Say \\"hi\\": now","xmpTPg:NPages":"3"}',
	3: '{"Deleted-Field":"gone"}',
	4: '{"Content-Type":"application/vnd.ms-excel","dc:creator":"Ann"}',
	5: '{}',
	6: '{"Content-Type":"application/octet-stream","dc:creator":"Bob"}',
	8: '{ "Content-Type" : "text/html" , "count" : 12 }'
};

function tables(variant: 'metadata' | 'empty'): { table: string; sql: string }[] {
	return Object.entries(TINY_TABLES).map(([table, sql]) => {
		if (table === 'instances' && variant === 'metadata') {
			const cases = Object.entries(METADATA).map(([id, m]) => `WHEN ${id} THEN '${m.replaceAll("'", "''")}'`).join(' ');
			return { table, sql: `${sql}; ALTER TABLE instances ADD COLUMN metadata VARCHAR; UPDATE instances SET metadata = CASE instanceId ${cases} END` };
		}
		if (table === 'instances' && variant === 'empty') return { table, sql: `${sql}; ALTER TABLE instances ADD COLUMN metadata VARCHAR` };
		if (table === 'classifications' && variant === 'empty') return { table, sql: `${sql}; DELETE FROM classifications` };
		return { table, sql };
	});
}

async function reportDb(t: { table: string; sql: string }[]): Promise<ReportDb> {
	const built = await buildModelDb(t, AS_OF_MS);
	return buildReportDb(built.conn, built.rows, built.shape, AS_OF_MS);
}

/** A report's answer, typed by its definition. */
const ask = async <R>(db: ReportDb, id: string, filters: Partial<Filters> = {}, params: Record<string, string | number> = {}, options: Parameters<ReportDb['report']>[3] = {}) =>
	(await db.report(id, filters, params, options)) as unknown as R;

type Storage = ResultOfReport<typeof storageReport>;
const stat = (r: Storage, metric: string) => sizeStatistics(r).find((s) => s.metric === metric)!;

describe('folder paths: the tree opens the way down to the treemap\'s zoom', () => {
	test('an ancestor is a strict prefix of whole segments; the top is above every folder', () => {
		expect(isAncestor('', 'File System/D:/data/')).toBe(true);
		expect(isAncestor('File System/', 'File System/D:/data/')).toBe(true);
		expect(isAncestor('File System/D:/', 'File System/D:/data/')).toBe(true);
		expect(isAncestor('File System/D:/data/', 'File System/D:/data/')).toBe(false);
		expect(isAncestor('File System/D:/data/x/', 'File System/D:/data/')).toBe(false);
	});
	test('breadcrumbs name every ancestor, the top first', () => {
		expect(breadcrumbs('File System/D:/data/').map((c) => c.folder)).toEqual(['', 'File System/', 'File System/D:/', 'File System/D:/data/']);
	});
});

describe('on the hand-made export with metadata', () => {
	let db: ReportDb;
	beforeAll(async () => {
		db = await reportDb(tables('metadata'));
	});

	test('storage: statistics, bands and cost per service', async () => {
		const r = await ask<Storage>(db, 'storage');
		expect(r.pending).toEqual({});
		// sizes 0, 1, 160, 5000, 6148, 2097152 (+ one NULL)
		expect(r.tables.totals).toEqual([{ files: 7, sized: 6, bytes: EXPECTED.bytes }]);
		const stats = Object.fromEntries(sizeStatistics(r).map((s) => [s.metric, s.value]));
		expect(stats).toMatchObject({ files: 7, bytes: EXPECTED.bytes, median: 160, p90: 2097152, p99: 2097152, max: 2097152, empty: 1 });
		expect(stats.mean).toBeCloseTo(EXPECTED.bytes / 6, 6);
		// Unfiltered, the percentiles are read from the report build's exact statistics, not r_bysize.
		expect(r.tables.quantiles).toBeNull();
		expect(r.tables.sizeBands!.map((b) => [b.sizeBand, b.files])).toEqual([
			[0, 3],
			[1, 2],
			[2, 1],
			[null, 1]
		]);
		// o1, o2, o4 current instances are service 10 (File System, 0.02); o7 is 11 (SMB share, 0.05); o3, o5, o6 none.
		const services = serviceRows(r.tables.services, r.tables.costs);
		expect(services.length).toBe(3);
		const by = Object.fromEntries(services.map((x) => [String(x.service), x]));
		expect(by['File System']).toMatchObject({ files: 3, bytes: 160 + 5000 + 6148, storeCost: 0.02, services: 1 });
		expect(by['File System'].cost).toBeCloseTo(((160 + 5000 + 6148) / 1e9) * 0.02, 12);
		expect(by['SMB share']).toMatchObject({ files: 1, bytes: 1, storeCost: 0.05 });
		expect(by['null']).toMatchObject({ files: 3, bytes: 2097152, storeCost: null, cost: null });
		// Most bytes first, no service last on a tie.
		expect(services.map((s) => s.service)).toEqual([null, 'File System', 'SMB share']);
	});

	test('storage: a size band filter keeps every band on the band chart (crossfilter), narrows the rest, and the percentiles are exact', async () => {
		const r = await ask<Storage>(db, 'storage', { sizeBands: [1] });
		expect(r.tables.sizeBands!.length).toBe(4);
		expect(r.tables.totals).toEqual([{ files: 2, sized: 2, bytes: 5000 + 6148 }]);
		// 5000 and 6148: nearest rank ⌈2q⌉ gives 5000 for the median, 6148 for p90 and p99.
		expect(r.tables.stats).toBeNull();
		expect(r.tables.quantiles).toEqual([{ median: 5000, p90: 6148, p99: 6148 }]);
		expect([stat(r, 'median').value, stat(r, 'p90').value, stat(r, 'max').value, stat(r, 'empty').value]).toEqual([5000, 6148, 6148, 0]);
		// With the figures, not after them: one bucket's sizes from r_bysize, no file's codes scanned.
		const statements: string[] = [];
		const fast = await ask<Storage>(db, 'storage', { sizeBands: [1] }, {}, { statements, phase: 'fast' });
		expect(fast.pending).toEqual({});
		expect(fast.tables.quantiles).toEqual([{ median: 5000, p90: 6148, p99: 6148 }]);
		expect(statements.filter((q) => q.includes('FROM r_bysize')).length).toBe(1);
		expect(statements.some((q) => /FROM r_(codes|files)\b/.test(q))).toBe(false);
	});

	test('storage: under a filter, until the exact value is read, each percentile is placed in its size bucket’s range', async () => {
		const r = await ask<Storage>(db, 'storage', { sizeBands: [1] });
		const fast: Storage = { ...r, tables: { ...r.tables, quantiles: undefined }, pending: { quantiles: 'preparing' } };
		const median = stat(fast, 'median');
		// One file per bucket here, so the histogram places each percentile exactly.
		expect([median.value, median.pending]).toEqual([5000, false]);
		const wide: Storage = { ...fast, tables: { ...fast.tables, sizes: [{ sizeBucket: 197, files: 2, bytes: 10000, minSize: 4990, maxSize: 5010 }] } };
		const m = stat(wide, 'median');
		expect([m.value, m.text, m.detail]).toEqual([null, '≈ 4.87 KB – 4.89 KB', 'Between these sizes; exact value: computing…']);
		// Waiting for the report build: computing; a dataset without the histogram (a summary pack): unknown.
		const preparing: Storage = { ...r, tables: { ...r.tables, sizes: undefined, quantiles: undefined }, pending: { sizes: 'preparing', quantiles: 'preparing' } };
		expect([stat(preparing, 'median').pending, stat(preparing, 'max').pending, stat(preparing, 'files').value]).toEqual([true, true, 2]);
		const none: Storage = { ...r, tables: { ...r.tables, sizes: null, quantiles: null }, pending: {} };
		expect(['median', 'max', 'empty'].map((k) => [stat(none, k).value, stat(none, k).pending, stat(none, k).text])).toEqual([
			[null, false, '—'],
			[null, false, '—'],
			[null, false, '—']
		]);
	});

	test('largest: sized files by size, biggest first, with permissions and modified time', async () => {
		type R = ResultOfReport<typeof import('$lib/reports/largest/report').report>;
		const r = await ask<R>(db, 'largest');
		expect(r.tables.files!.map((f) => f.objectId)).toEqual(['o5', 'o4', 'o2', 'o1', 'o7', 'o3']);
		expect(r.tables.files![3]).toMatchObject({ name: 'Report.PDF', size: 160, modified: EXPECTED.oldestModified, extension: 'pdf', permissionSet: 'Everyone:R' });
		expect(r.tables.totals).toEqual([{ files: 7, bytes: EXPECTED.bytes }]);
		const r2 = await ask<R>(db, 'largest', { extensions: ['pdf'] });
		expect(r2.tables.files!.map((f) => f.objectId)).toEqual(['o1']);
	});

	test('largest: the figures come first, the ranked list in a phase of its own', async () => {
		type R = ResultOfReport<typeof import('$lib/reports/largest/report').report>;
		const fast = await ask<R>(db, 'largest', { extensions: ['pdf'] }, {}, { phase: 'fast' });
		expect(fast.tables.totals).toEqual([{ files: 1, bytes: 160 }]);
		expect(fast.tables.files).toBeUndefined();
		expect(fast.pending).toEqual({ files: 'list' });
		const lists = await ask<R>(db, 'largest', { extensions: ['pdf'] }, {}, { phase: 'lists' });
		expect(lists.tables.files!.map((f) => f.objectId)).toEqual(['o1']);
		expect(lists.tables.totals).toBeUndefined();
		expect(lists.pending).toEqual({});
	});

	test('largest: a summary pack lists the largest files it keeps when unfiltered, and says it cannot under a filter', async () => {
		type R = ResultOfReport<typeof import('$lib/reports/largest/report').report>;
		const built = await buildModelDb(tables('metadata'), AS_OF_MS);
		const top = packExtrasSql(10).find((t) => t.table === 'p_top_files')!;
		await built.conn.run(`CREATE TABLE p_top_files AS ${top.sql}`);
		const host = { rows: (sql: string) => built.rows(sql) } as unknown as DuckDBHost;
		const pack = { shape: built.shape, asOfMs: AS_OF_MS, pack: true };
		const r = (await answerReport(host, pack, null, { report: 'largest', phase: 'all' })) as unknown as R;
		expect(r.tables.files!.map((f) => [f.objectId, f.size])).toEqual([
			['o5', 2097152],
			['o4', 6148],
			['o2', 5000],
			['o1', 160],
			['o7', 1],
			['o3', 0]
		]);
		expect(r.notes).toBeUndefined();
		const filtered = (await answerReport(host, pack, null, { report: 'largest', filters: { ...emptyFilters(), extensions: ['pdf'] }, phase: 'all' })) as unknown as R;
		expect(filtered.tables.files).toBeNull();
		expect(filtered.notes?.[0]).toContain('summary pack');
		built.conn.closeSync();
	});

	test('distribution: categories per top folder', async () => {
		const r = await ask<ResultOfReport<typeof distributionReport>>(db, 'distribution');
		const d = distribution(r.tables.cells, emptyFilters());
		const cell = (folder: string, cat: string) => d.cells.find((c) => c.topFolder === folder && c.category === cat);
		expect(d.cells.length).toBe(6);
		expect(cell('File System/D:/data/', 'images')).toMatchObject({ files: 1, bytes: 2097152, rank: 1 });
		expect(cell('File System/D:/data/', 'other')).toMatchObject({ files: 2, bytes: 6148 });
		expect(cell('Shares/10.1.10.163/data/', 'code')).toMatchObject({ files: 1, bytes: 1, rank: 2 });
		expect(d.cells.reduce((a, c) => a + c.files, 0)).toBe(7);
		expect(d.topFolders).toBe(2);
		// Under a modified window: types per top folder by month. Here as small as the Summary's s_cube
		// (which comes first on a tie); at scale s_cube's size and age bands make it the larger one.
		const dims = ['modifiedMonth', 'topFolder', 'extension'] as const;
		const candidates = (rows: (t: string) => number | undefined) => sourceFor(dims, ['files', 'bytes'], { rows })!.table;
		expect(candidates((t) => db.sizes[t])).toBe(db.sizes.s_cube <= db.sizes.r_types_mod_top ? 's_cube' : 'r_types_mod_top');
		expect(candidates((t) => (t === 's_cube' ? 2_000_000 : t === 'r_types_mod_top' ? 200_000 : db.sizes[t]))).toBe('r_types_mod_top');
	});

	test('redundant: the duplicate groups are a list, answered after the figures', async () => {
		type R = ResultOfReport<typeof import('$lib/reports/redundant/report').report>;
		const fast = await ask<R>(db, 'redundant', {}, {}, { phase: 'fast' });
		expect(fast.tables.bands).toBeDefined();
		expect(fast.tables.bandGroups).toBeDefined();
		expect(fast.pending).toEqual({ groups: 'list' });
		const lists = await ask<R>(db, 'redundant', {}, {}, { phase: 'lists' });
		expect(Object.keys(lists.tables)).toEqual(['groups']);
		expect(lists.pending).toEqual({});
	});

	test('documents: categories, extensions and tagging', async () => {
		const r = await ask<ResultOfReport<typeof documentsReport>>(db, 'documents');
		const extensions = extensionRows(r.tables.extensions);
		expect(extensions.map((e) => [e.extension, e.files])).toEqual([
			['', 2],
			['html', 1],
			['jpg', 1],
			['pdf', 1],
			['txt', 1],
			['xlsx', 1]
		]);
		expect(extensionCount(extensions)).toBe(EXPECTED.extensions);
		const categories = Object.fromEntries(categoryRows(extensions).map((c) => [c.category, c]));
		expect(categories.documents).toMatchObject({ files: 2, bytes: 160, sized: 1, averageSize: 160 });
		expect(categories.other).toMatchObject({ files: 2, bytes: 6148 });
		// No tags in this export: every file untagged.
		const tagging = taggingRows(r.tables.tagging);
		expect(tagging.reduce((a, t) => a + t.untagged, 0)).toBe(7);
		expect(tagging.reduce((a, t) => a + t.tagged, 0)).toBe(0);
	});

	test('classifications: policies split with confidences; unclassified and unknown counted once per file', async () => {
		const r = await ask<ResultOfReport<typeof classificationsReport>>(db, 'classifications');
		const keys = keyRows(r.tables.keys);
		const t = stateTotals(keys);
		// classificationId 1 (Unclassified:100): o1, o4, o7; 2 (FISMA;NIST): o2; none: o3, o5, o6
		expect([t.classified.files, t.unclassified.files, t.none.files]).toEqual([1, 3, 3]);
		const p = Object.fromEntries(policyTiers(keys).map((x) => [`${x.policy}|${x.tier}`, x]));
		expect(Object.keys(p).sort()).toEqual(['FISMA|high', 'NIST 800-171|high', 'Unclassified|high']);
		expect(p['FISMA|high']).toMatchObject({ files: 1, bytes: 5000, minConfidence: 91 });
		expect(p['NIST 800-171|high']).toMatchObject({ files: 1, bytes: 5000 });
		expect(p['Unclassified|high']).toMatchObject({ files: 3, bytes: 160 + 6148 + 1 });
	});

	test('folders: subtree totals count each file once at each depth', async () => {
		type R = ResultOfReport<typeof foldersReport>;
		const r = await ask<R>(db, 'folders', {}, { root: '', depth: 4 });
		expect(r.tables.treeScan).toBeNull();
		const v = folderView(r.tables, '', 4)!;
		const node = (f: string) => v.nodes.find((n) => n.folder === f);
		expect(node('File System/')).toMatchObject({ level: 1, files: 5, bytes: 160 + 5000 + 0 + 6148 + 2097152, hasChildren: true });
		expect(node('File System/D:/data/')).toMatchObject({ level: 3, files: 5 });
		expect(node('File System/D:/data/HR/')).toMatchObject({ level: 4, files: 2, bytes: 5160, hasChildren: false });
		expect(node('Shares/10.1.10.163/data/Legal/')).toMatchObject({ files: 2, bytes: 1 });
		// Every level holds every file exactly once.
		for (const level of [1, 2, 3, 4]) expect(v.nodes.filter((n) => n.level === level).reduce((a, n) => a + n.files, 0)).toBe(7);
		expect(v.totals).toEqual({ files: 7, bytes: EXPECTED.bytes, folders: 3 });
		expect(v.topByFiles[0]).toMatchObject({ folder: 'File System/D:/data/IT/', files: 3 });

		// A filter r_tree cannot answer: files per folder (the second phase), from the report build's
		// folder codes, or before the build from `facts`; the same known answer either way.
		for (const before of [false, true]) {
			const statements: string[] = [];
			const without = before ? ['r_codes', 'r_dict_folder'] : [];
			const zoomed = await ask<R>(db, 'folders', { extensions: ['jpg', 'pdf'] }, { root: 'File System/D:/', depth: 2 }, { statements, without });
			expect(zoomed.tables.tree).toBeNull();
			const z = folderView(zoomed.tables, 'File System/D:/', 2)!;
			expect(z.totals).toEqual({ files: 2, bytes: 160 + 2097152, folders: 2 });
			expect(z.nodes.map((n) => [n.folder, n.files])).toEqual([
				['File System/D:/data/', 2],
				['File System/D:/data/IT/', 1],
				['File System/D:/data/HR/', 1]
			]);
			// The path that ran: the codes once they exist (facts is never read then), facts before.
			expect(statements.some((q) => q.includes('FROM r_codes'))).toBe(!before);
			expect(statements.some((q) => q.includes('FROM facts'))).toBe(before);

			// The same filter over shallow folders: files per top folder (no scan), and the folder count from the files.
			const shallow = await ask<R>(db, 'folders', { extensions: ['jpg', 'pdf'] }, { root: '', depth: 2 }, { without });
			expect([shallow.tables.tree, shallow.tables.treeScan]).toEqual([null, null]);
			expect(shallow.tables.tops).not.toBeNull();
			const sh = folderView(shallow.tables, '', 2)!;
			expect(sh.totals).toEqual({ files: 2, bytes: 160 + 2097152, folders: 2 });
			expect(sh.nodes.map((n) => [n.folder, n.level, n.files, n.bytes, n.hasChildren])).toEqual([
				['File System/', 1, 2, 160 + 2097152, true],
				['File System/D:/', 2, 2, 160 + 2097152, true]
			]);
			expect(sh.topByFiles.map((n) => n.folder)).toEqual(['File System/D:/']);
			// A zoom to a folder no file is in: nothing, not an error.
			const none = folderView((await ask<R>(db, 'folders', { extensions: ['pdf'] }, { root: 'Nowhere/', depth: 2 }, { without })).tables, 'Nowhere/', 2)!;
			expect(none.totals).toMatchObject({ files: 0, folders: 0 });
			expect(none.nodes).toEqual([]);
		}

		// A top folder alone: still the folder index.
		const top = await ask<R>(db, 'folders', { topFolders: ['Shares/10.1.10.163/data/'] }, { root: '', depth: 2 });
		expect(top.tables.treeScan).toBeNull();
		const s = folderView(top.tables, '', 2)!;
		expect(s.totals).toEqual({ files: 2, bytes: 1, folders: 1 });
		expect(s.nodes.map((n) => [n.folder, n.files])).toEqual([
			['Shares/', 2],
			['Shares/10.1.10.163/', 2]
		]);
	});

	test('folder children: one level below a folder, with whether it goes deeper', async () => {
		type R = ResultOfReport<typeof folderChildren>;
		const r = await ask<R>(db, 'folder-children', {}, { parent: 'File System/D:/data/' });
		const level = folderLevel(r.tables, 'File System/D:/data/')!;
		expect(level.children.map(({ folder, files, bytes, hasChildren }) => ({ folder, files, bytes, hasChildren }))).toEqual([
			{ folder: 'File System/D:/data/IT/', files: 3, bytes: 0 + 6148 + 2097152, hasChildren: false },
			{ folder: 'File System/D:/data/HR/', files: 2, bytes: 5160, hasChildren: false }
		]);
		expect(level.own).toEqual({ files: 0, bytes: 0 });
		const top = folderLevel((await ask<R>(db, 'folder-children', {}, { parent: '' })).tables, '')!;
		expect(top.children.map((c) => c.folder)).toEqual(['File System/', 'Shares/']);
		expect(top.own).toEqual({ files: 0, bytes: 0 });
		// Under a filter, the top level and the level below it come from files per top folder; deeper levels from the files.
		const topHtml = await ask<R>(db, 'folder-children', { extensions: ['html'] }, { parent: '' });
		expect([topHtml.tables.children, topHtml.tables.childrenScan]).toEqual([null, null]);
		const scanned = folderLevel(topHtml.tables, '')!;
		expect(scanned.children.map((c) => [c.folder, c.files, c.hasChildren])).toEqual([['Shares/', 1, true]]);
		for (const without of [[], ['r_codes']]) {
			const deep = await ask<R>(db, 'folder-children', { extensions: ['html'] }, { parent: 'Shares/10.1.10.163/' }, { without });
			expect(deep.tables.tops).toBeNull();
			expect(folderLevel(deep.tables, 'Shares/10.1.10.163/')!.children.map((c) => [c.folder, c.files, c.hasChildren])).toEqual([['Shares/10.1.10.163/data/', 1, true]]);
		}
	});

	test('metadata: keys of current instances per category, escaped quotes and spaces handled', async () => {
		const r = await ask<ResultOfReport<typeof metadataReport>>(db, 'metadata');
		// All 7 files fit the sample; o5 has no instance, o3's metadata is {}.
		const s = sampleInfo(r.tables.sample!, Number(r.tables.population![0].files));
		expect([s.sampled, s.withMetadata, s.population]).toEqual([7, 4, 7]);
		expect(s.perCategory.get('documents')).toBe(2);
		expect(r.tables.sample!.find((x) => x.category === 'documents')).toMatchObject({ files: 2, withMetadata: 1 });
		const overall = Object.fromEntries(metadataKeys(r.tables.fields!, s).map((f) => [f.key, f]));
		expect(Object.keys(overall).sort()).toEqual(['Content-Type', 'count', 'dc:creator', 'dc:title', 'xmpTPg:NPages']);
		expect(overall['Content-Type'].files).toBe(4);
		expect(overall['dc:title'].example).toBe('Say "hi": now');
		expect(overall['count'].example).toBe('12');
		const docs = r.tables.fields!.filter((f) => f.category === 'documents').map((f) => f.key);
		expect(docs.sort()).toEqual(['Content-Type', 'dc:title', 'xmpTPg:NPages']);
		expect(r.tables.source).toEqual([{ partial: false, readRows: 8, instanceRows: 8 }]);
		// Under a filter the sample is the files the filter keeps.
		const pdf = await ask<ResultOfReport<typeof metadataReport>>(db, 'metadata', { extensions: ['pdf'] });
		expect(sampleInfo(pdf.tables.sample!, Number(pdf.tables.population![0].files))).toMatchObject({ sampled: 1, withMetadata: 1, population: 1 });
	});
});

describe('on the hand-made export with empty classifications and no metadata', () => {
	let db: ReportDb;
	beforeAll(async () => {
		db = await reportDb(tables('empty'));
	});

	test('classifications: every file is "none"; no policies', async () => {
		const r = await ask<ResultOfReport<typeof classificationsReport>>(db, 'classifications');
		expect(r.tables.keys).toEqual([{ classification: null, files: 7, bytes: EXPECTED.bytes }]);
		expect(policyTiers(keyRows(r.tables.keys))).toEqual([]);
	});

	test('metadata: the sample has files but none with metadata; no fields', async () => {
		const r = await ask<ResultOfReport<typeof metadataReport>>(db, 'metadata');
		expect(r.tables.sample!.reduce((a, s) => a + s.files, 0)).toBe(7);
		expect(r.tables.sample!.reduce((a, s) => a + s.withMetadata, 0)).toBe(0);
		expect(r.tables.fields).toEqual([]);
	});

	test('a table the export lacks gives null parts, not errors', async () => {
		const lacking = await reportDb(
			Object.entries(TINY_TABLES)
				.filter(([t]) => t !== 'classifications' && t !== 'services')
				.map(([table, sql]) => ({ table, sql }))
		);
		const c = await ask<ResultOfReport<typeof classificationsReport>>(lacking, 'classifications');
		expect(stateTotals(keyRows(c.tables.keys)).none.files).toBe(7);
		const m = await ask<ResultOfReport<typeof metadataReport>>(lacking, 'metadata');
		expect([m.tables.sample, m.tables.fields, m.tables.source]).toEqual([null, null, null]);
		const s = await ask<Storage>(lacking, 'storage');
		expect(s.tables.costs).toBeNull();
		expect(serviceRows(s.tables.services, s.tables.costs)).toEqual([{ service: null, files: 7, bytes: EXPECTED.bytes, storeCost: null, services: null, cost: null }]);
	});
});
