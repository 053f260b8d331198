/**
 * The storage, structure and content reports' SQL, run by native DuckDB over the hand-made export
 * (tests/fixtures/tiny-export.ts) whose answers are known by construction, and over variants of it
 * with metadata, and with empty classifications and no metadata (the pages then say "no data").
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { buildModelDb, type Rows } from '../fixtures/model-db';
import { AS_OF_MS, EXPECTED, TINY_TABLES } from '../fixtures/tiny-export';
import { REPORTS, reportContext } from '$lib/model/reports';
import type { Filters } from '$lib/model/filters';
import type { ExportShape } from '$lib/model/shape';
import type { ReportParams } from '$lib/model/reports/types';

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

async function run(rows: Rows, shape: ExportShape, id: string, filters: Partial<Filters> = {}, params: ReportParams = {}) {
	const out: Record<string, Record<string, unknown>[] | null> = {};
	for (const [name, sql] of Object.entries(REPORTS[id].statements(reportContext(shape, AS_OF_MS, filters, params)))) out[name] = sql === null ? null : await rows(sql);
	return out;
}

describe('on the hand-made export with metadata', () => {
	let rows: Rows;
	let shape: ExportShape;
	beforeAll(async () => {
		({ rows, shape } = await buildModelDb(tables('metadata'), AS_OF_MS));
	});

	test('storage: statistics, bands and cost per service', async () => {
		const r = await run(rows, shape, 'storage');
		const [s] = r.stats!;
		// sizes 0, 1, 160, 5000, 6148, 2097152 (+ one NULL)
		expect(s).toMatchObject({ files: 7, sized: 6, bytes: EXPECTED.bytes, median: 160, max: 2097152, min: 0, empty: 1 });
		expect(Number(s.mean)).toBeCloseTo(EXPECTED.bytes / 6, 6);
		expect(s.p90).toBe(2097152);
		expect(Object.fromEntries(r.sizeBands!.map((b) => [b.sizeBand, b.files]))).toEqual({ 0: 3, 1: 2, 2: 1 });
		// o1, o2, o4 current instances are service 10 (File System, 0.02); o7 is 11 (SMB share, 0.05); o3, o5, o6 none.
		const by = Object.fromEntries(r.services!.map((x) => [String(x.service), x]));
		expect(by['File System']).toMatchObject({ files: 3, bytes: 160 + 5000 + 6148 });
		expect(Number(by['File System'].cost)).toBeCloseTo(((160 + 5000 + 6148) / 1e9) * 0.02, 12);
		expect(by['SMB share']).toMatchObject({ files: 1, bytes: 1 });
		expect(by['null']).toMatchObject({ files: 3, bytes: 2097152 });
	});

	test('storage: a size band filter keeps every band on the band chart (crossfilter) and narrows the rest', async () => {
		const r = await run(rows, shape, 'storage', { sizeBands: [1] });
		expect(r.sizeBands!.length).toBe(3);
		expect(r.stats![0]).toMatchObject({ files: 2, bytes: 5000 + 6148 });
	});

	test('largest: sized files by size, biggest first, with owner and modified time', async () => {
		const r = await run(rows, shape, 'largest');
		expect(r.files!.map((f) => f.objectId)).toEqual(['o5', 'o4', 'o2', 'o1', 'o7', 'o3']);
		expect(r.files![3]).toMatchObject({ name: 'Report.PDF', size: 160, modified: EXPECTED.oldestModified, extension: 'pdf', owner: 'Everyone:R' });
		const r2 = await run(rows, shape, 'largest', { extensions: ['pdf'] });
		expect(r2.files!.map((f) => f.objectId)).toEqual(['o1']);
	});

	test('distribution: categories per top folder', async () => {
		const r = await run(rows, shape, 'distribution');
		const cell = (folder: string, cat: string) => r.cells!.find((c) => c.topFolder === folder && c.category === cat);
		expect(cell('File System/D:/data/', 'images')).toMatchObject({ files: 1, bytes: 2097152, rank: 1 });
		expect(cell('File System/D:/data/', 'other')).toMatchObject({ files: 2, bytes: 6148 });
		expect(cell('Shares/10.1.10.163/data/', 'code')).toMatchObject({ files: 1, bytes: 1 });
		expect(r.cells!.reduce((a, c) => a + Number(c.files), 0)).toBe(7);
		expect(r.folders![0].topFolders).toBe(2);
	});

	test('classifications: policies split with confidences; unclassified and unknown counted once per file', async () => {
		const r = await run(rows, shape, 'classifications');
		const state = (s: string) => r.keys!.filter((k) => k.state === s).reduce((a, k) => a + Number(k.files), 0);
		// classificationId 1 (Unclassified:100): o1, o4, o7; 2 (FISMA;NIST): o2; none: o3, o5, o6
		expect([state('classified'), state('unclassified'), state('none')]).toEqual([1, 3, 3]);
		const p = Object.fromEntries(r.policies!.map((x) => [`${x.policy}|${x.tier}`, x]));
		expect(p['FISMA|high']).toMatchObject({ files: 1, bytes: 5000, minConfidence: 91 });
		expect(p['NIST 800-171|high']).toMatchObject({ files: 1, bytes: 5000 });
		expect(p['Unclassified|high']).toMatchObject({ files: 3, bytes: 160 + 6148 + 1 });
	});

	test('folders: subtree totals count each file once at each depth', async () => {
		const r = await run(rows, shape, 'folders', {}, { root: '', depth: 4 });
		const node = (f: string) => r.nodes!.find((n) => n.folder === f);
		expect(node('File System/')).toMatchObject({ level: 1, files: 5, bytes: 160 + 5000 + 0 + 6148 + 2097152, hasChildren: true });
		expect(node('File System/D:/data/')).toMatchObject({ level: 3, files: 5 });
		expect(node('File System/D:/data/HR/')).toMatchObject({ level: 4, files: 2, bytes: 5160, hasChildren: false });
		expect(node('Shares/10.1.10.163/data/Legal/')).toMatchObject({ files: 2, bytes: 1 });
		// Every level holds every file exactly once.
		for (const level of [1, 2, 3, 4]) expect(r.nodes!.filter((n) => n.level === level).reduce((a, n) => a + Number(n.files), 0)).toBe(7);
		expect(r.root![0]).toMatchObject({ files: 7, bytes: EXPECTED.bytes, folders: 3 });
		expect(r.topByFiles![0]).toMatchObject({ folder: 'File System/D:/data/IT/', files: 3 });

		const zoomed = await run(rows, shape, 'folders', { extensions: ['jpg', 'pdf'] }, { root: 'File System/D:/', depth: 2 });
		expect(zoomed.root![0]).toMatchObject({ files: 2, bytes: 160 + 2097152, ownFiles: 0 });
		expect(zoomed.nodes!.map((n) => [n.folder, n.files])).toEqual([
			['File System/D:/data/', 2],
			['File System/D:/data/IT/', 1],
			['File System/D:/data/HR/', 1]
		]);
	});

	test('folder children: one level below a folder, with whether it goes deeper', async () => {
		const r = await run(rows, shape, 'folder-children', {}, { parent: 'File System/D:/data/' });
		expect(r.children).toEqual([
			{ folder: 'File System/D:/data/IT/', files: 3, bytes: 0 + 6148 + 2097152, hasChildren: false },
			{ folder: 'File System/D:/data/HR/', files: 2, bytes: 5160, hasChildren: false }
		]);
		expect(r.own![0]).toEqual({ files: 0, bytes: 0 });
		const top = await run(rows, shape, 'folder-children', {}, { parent: '' });
		expect(top.children!.map((c) => c.folder)).toEqual(['File System/', 'Shares/']);
	});

	test('metadata: keys of current instances per category, escaped quotes and spaces handled', async () => {
		const r = await run(rows, shape, 'metadata');
		// All 7 files fit the sample; o5 has no instance, o3's metadata is {}.
		const sample = Object.fromEntries(r.sample!.map((s) => [s.category, s]));
		expect(r.sample!.reduce((a, s) => a + Number(s.files), 0)).toBe(7);
		expect(r.sample!.reduce((a, s) => a + Number(s.withMetadata), 0)).toBe(4);
		expect(sample.documents).toMatchObject({ files: 2, withMetadata: 1, population: 7 });
		const overall = Object.fromEntries(r.fields!.filter((f) => f.category === null).map((f) => [f.key, f]));
		expect(Object.keys(overall).sort()).toEqual(['Content-Type', 'count', 'dc:creator', 'dc:title', 'xmpTPg:NPages']);
		expect(overall['Content-Type'].files).toBe(4);
		expect(overall['dc:title'].example).toBe('Say "hi": now');
		expect(overall['count'].example).toBe('12');
		const docs = r.fields!.filter((f) => f.category === 'documents').map((f) => f.key);
		expect(docs.sort()).toEqual(['Content-Type', 'dc:title', 'xmpTPg:NPages']);
	});
});

describe('on the hand-made export with empty classifications and no metadata', () => {
	let rows: Rows;
	let shape: ExportShape;
	beforeAll(async () => {
		({ rows, shape } = await buildModelDb(tables('empty'), AS_OF_MS));
	});

	test('classifications: every file is "none"; no policies', async () => {
		const r = await run(rows, shape, 'classifications');
		expect(r.keys).toEqual([{ key: null, files: 7, bytes: EXPECTED.bytes, state: 'none' }]);
		expect(r.policies).toEqual([]);
	});

	test('metadata: the sample has files but none with metadata; no fields', async () => {
		const r = await run(rows, shape, 'metadata');
		expect(r.sample!.reduce((a, s) => a + Number(s.withMetadata), 0)).toBe(0);
		expect(r.fields).toEqual([]);
	});

	test('a table the export lacks gives null statements, not errors', async () => {
		const { rows: rows2, shape: shape2 } = await buildModelDb(
			Object.entries(TINY_TABLES)
				.filter(([t]) => t !== 'classifications' && t !== 'services')
				.map(([table, sql]) => ({ table, sql })),
			AS_OF_MS
		);
		expect((await run(rows2, shape2, 'classifications')).keys).toBeNull();
		expect((await run(rows2, shape2, 'metadata')).fields).toBeNull();
		const storage = await run(rows2, shape2, 'storage');
		expect(storage.services).toEqual([{ service: null, files: 7, bytes: EXPECTED.bytes, storeCost: null, services: null, cost: null }]);
	});
});
