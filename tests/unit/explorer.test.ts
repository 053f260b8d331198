/**
 * The Explorer's SQL run by native DuckDB over a `facts` table made here from rows whose order is
 * known by construction (sorted in JavaScript), and its export writers read back by DuckDB.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	countsSql,
	csvChunkCopySql,
	csvSelectList,
	emptyParams,
	explorerFromParams,
	explorerParamsList,
	normaliseView,
	pageSql,
	pagesFor,
	parseSize,
	rowAtScroll,
	scrollForRow,
	scrollScale,
	sortBoundsSql,
	sortBuildSql,
	sortSlices,
	sortSliceSqls,
	sortTable,
	storedRanges,
	viewCreateSql,
	viewFillSql,
	viewWhere,
	type ExplorerView,
	type RowStore,
	type SortBound,
	type SortColumn
} from '$lib/model/explorer';
import { parquetWriter } from '../../workers/engine/export-writers';

/** The view that keeps every file in export order (every field of normaliseView defaulted). */
const emptyView = () => normaliseView({});

interface FileRow {
	i: number;
	objectId: string;
	name: string;
	folder: string;
	extension: string;
	size: number | null;
	modified: number | null;
	permissionSet: string | null;
}

const N = 5_000;
let conn: DuckDBConnection;
let files: FileRow[];

async function rows(sql: string): Promise<Record<string, unknown>[]> {
	return ((await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[]).map((r) =>
		Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]))
	);
}

/** A deterministic spread of values with many ties and some NULLs (sizes, times). */
function makeFiles(): FileRow[] {
	const out: FileRow[] = [];
	for (let i = 0; i < N; i++) {
		const h = (i * 2654435761) % 4294967296;
		out.push({
			i,
			objectId: `o${String(i).padStart(6, '0')}`,
			name: `File ${h % 997}${i % 5 === 0 ? ' Report' : ''}.${['pdf', 'docx', 'txt'][i % 3]}`,
			folder: `Shares/srv/data/${['HR', 'Finance', 'IT'][h % 3]}/${h % 11}/`,
			extension: ['pdf', 'docx', 'txt'][i % 3],
			size: i % 17 === 0 ? null : h % 5000,
			modified: i % 23 === 0 ? null : Date.UTC(2015, 0, 1) + (h % 3000) * 86_400_000,
			permissionSet: i % 7 === 0 ? 'CORP\\hr-team:M' : 'Everyone:R'
		});
	}
	return out;
}

const q = (s: string | null) => (s === null ? 'NULL' : `'${s.replaceAll("'", "''")}'`);

beforeAll(async () => {
	const db = await DuckDBInstance.create(':memory:');
	conn = await db.connect();
	files = makeFiles();
	await conn.run(`CREATE TABLE facts (objectId VARCHAR, name VARCHAR, folder VARCHAR, topFolder VARCHAR, extension VARCHAR, size BIGINT,
		sizeBand UTINYINT, created TIMESTAMP, modified TIMESTAMP, ageBand UTINYINT, modifiedMonth INTEGER, accessed TIMESTAMP, added TIMESTAMP,
		addedMonth INTEGER, permissionSet VARCHAR, classification VARCHAR, service VARCHAR, tags VARCHAR)`);
	const values = files.map(
		(f) =>
			`(${q(f.objectId)}, ${q(f.name)}, ${q(f.folder)}, 'Shares/srv/data/', ${q(f.extension)}, ${f.size ?? 'NULL'}, 0, NULL, ${
				f.modified === null ? 'NULL' : `make_timestamp(${f.modified * 1000})`
			}, 0, 202001, NULL, NULL, 202001, ${q(f.permissionSet)}, NULL, NULL, NULL)`
	);
	await conn.run(`INSERT INTO facts VALUES ${values.join(',\n')}`);
});

/** The expected order: key ascending/descending, NULL keys last, ties in insertion order (reversed when descending). */
function expectedOrder(list: FileRow[], key: (f: FileRow) => number | string | null, descending: boolean): string[] {
	const keyed = list.filter((f) => key(f) !== null);
	const nulls = list.filter((f) => key(f) === null);
	keyed.sort((a, b) => {
		const ka = key(a)!;
		const kb = key(b)!;
		const c = ka < kb ? -1 : ka > kb ? 1 : a.i - b.i;
		return descending ? -c : c;
	});
	return [...keyed, ...nulls].map((f) => f.objectId);
}

/** Read a whole view table page by page, as the grid does, and return the objectIds in display order. */
async function readAll(table: RowStore | string, column: SortColumn | null, descending: boolean, pageRows: number): Promise<{ ids: string[]; pos: number[] }> {
	const relation = typeof table === 'string' ? table : `(${table.map((p) => `SELECT * FROM ${p.table}`).join(' UNION ALL ')})`;
	const [c] = await rows(countsSql(relation, column));
	const total = Number(c.total);
	const keyed = Number(c.keyed);
	const ids: string[] = [];
	const pos: number[] = [];
	for (let from = 0; from < total; from += pageRows) {
		const sql = pageSql(table, from, from + pageRows - 1, total, keyed, descending);
		for (const r of await rows(sql!)) {
			ids.push(String(r.objectId));
			pos.push(Number(r.pos));
		}
	}
	return { ids, pos };
}

describe('sort index and pages', () => {
	const keys: [SortColumn, (f: FileRow) => number | string | null][] = [
		['size', (f) => f.size],
		['modified', (f) => f.modified],
		['name', (f) => f.name],
		['path', (f) => f.folder + f.name]
	];
	for (const [column, key] of keys) {
		test(`by ${column}, both directions, every page in order with positions 0..n-1`, async () => {
			await conn.run(sortBuildSql(column));
			for (const descending of [false, true]) {
				const { ids, pos } = await readAll(sortTable(column), column, descending, 333);
				expect(ids).toEqual(expectedOrder(files, key, descending));
				expect(pos).toEqual(ids.map((_, i) => i));
			}
		});
	}

	// What 25M files take: several key-range slices appended in order. Each case also runs with a
	// small sample, whose boundaries land anywhere: the order must not depend on where they fall.
	const sliced: [SortColumn, (f: FileRow) => number | string | null][] = [...keys, ['extension', (f) => f.extension]];
	for (const [column, key] of sliced) {
		for (const [slices, sample] of [
			[7, 100_000],
			[4, 50]
		] as const) {
			test(`sliced by ${column} (${slices} slices, ${sample}-row sample): the same order as one sort`, async () => {
				const bounds: SortBound[] = (await rows(sortBoundsSql(column, slices, sample))).map((r) => ({ key: String(r.k), type: String(r.t), rowid: Number(r.r) }));
				expect(bounds.length).toBeGreaterThan(0);
				expect(bounds.length).toBeLessThan(slices);
				for (const sql of sortSliceSqls(column, bounds)) await conn.run(sql);
				for (const descending of [false, true]) {
					const { ids, pos } = await readAll(sortTable(column), column, descending, 333);
					expect(ids).toEqual(expectedOrder(files, key, descending));
					expect(pos).toEqual(ids.map((_, i) => i));
				}
			});
		}
	}

	test('slices: one up to the slice size, then one more per slice', () => {
		expect(sortSlices(0)).toBe(1);
		expect(sortSlices(1_000_000)).toBe(1);
		expect(sortSlices(1_000_001)).toBe(2);
		expect(sortSlices(25_000_000)).toBe(25);
		expect(sortSlices(10, 3)).toBe(4);
	});

	test('a page in the middle of a descending sort straddling the NULL keys', async () => {
		await conn.run(sortBuildSql('size'));
		const expected = expectedOrder(files, (f) => f.size, true);
		const keyed = files.filter((f) => f.size !== null).length;
		const sql = pageSql(sortTable('size'), keyed - 5, keyed + 4, N, keyed, true);
		expect((await rows(sql!)).map((r) => r.objectId)).toEqual(expected.slice(keyed - 5, keyed + 5));
	});

	test('natural order reads facts itself', async () => {
		const { ids } = await readAll('facts', null, false, 1000);
		expect(ids).toEqual(files.map((f) => f.objectId));
	});
});

describe('filtered views', () => {
	async function buildView(view: ExplorerView, chunk = 700): Promise<void> {
		const source = sortTable(view.sort.column);
		if (view.sort.column) await conn.run(sortBuildSql(view.sort.column));
		await conn.run(viewCreateSql(source));
		for (let from = 0; from < N; from += chunk) for (const sql of viewFillSql(source, viewWhere(view, 0)!, from, Math.min(N, from + chunk) - 1)) await conn.run(sql);
	}

	test('search (case-insensitive, name or folder) + size range + owner, sorted by size descending, in chunks', async () => {
		const view = normaliseView({
			...emptyView(),
			params: { ...emptyParams(), search: 'report', sizeMin: 100, sizeMax: 4000, owner: 'HR-TEAM' },
			sort: { column: 'size', descending: true }
		});
		await buildView(view);
		const keep = files.filter((f) => f.name.toLowerCase().includes('report') && f.size !== null && f.size >= 100 && f.size <= 4000 && f.permissionSet === 'CORP\\hr-team:M');
		expect(keep.length).toBeGreaterThan(10);
		const { ids } = await readAll('x_view', 'size', true, 7);
		expect(ids).toEqual(expectedOrder(keep, (f) => f.size, true));
	});

	test('folder prefix and the shared extension filter; a search across folder and name', async () => {
		const view = normaliseView({ ...emptyView(), params: { ...emptyParams(), folderPrefix: 'Shares/srv/data/HR/' }, filters: { ...emptyView().filters, extensions: ['pdf'] } });
		await buildView(view);
		const keep = files.filter((f) => f.folder.startsWith('Shares/srv/data/HR/') && f.extension === 'pdf');
		expect((await readAll('x_view', null, false, 100)).ids).toEqual(keep.map((f) => f.objectId));

		const across = normaliseView({ ...emptyView(), params: { ...emptyParams(), search: '"finance/3/file 1"' } });
		await buildView(across);
		const keepAcross = files.filter((f) => (f.folder + f.name).toLowerCase().includes('finance/3/file 1'));
		expect(keepAcross.length).toBeGreaterThan(0);
		expect((await readAll('x_view', null, false, 100)).ids).toEqual(keepAcross.map((f) => f.objectId));
	});

	test('quotes in typed text stay text', async () => {
		const view = normaliseView({ ...emptyView(), params: { ...emptyParams(), search: "x'); DROP TABLE facts; --" } });
		await buildView(view);
		expect((await rows(`SELECT count(*) AS n FROM x_view`))[0].n).toBe(0);
		expect((await rows(`SELECT count(*) AS n FROM facts`))[0].n).toBe(N);
	});

	test('no condition: no filtered copy is needed', () => {
		expect(viewWhere(emptyView(), 0)).toBeNull();
	});
});

describe('facts in two parts, as two engines leave it', () => {
	// The same rows split into two tables, the second in another database, as a parallel build
	// leaves them (docs/MODEL.md, "Two engines at once"): every list must read as over one table.
	const FIRST = 2_000;
	const parts: RowStore = [
		{ table: 'facts_part1', rows: FIRST },
		{ table: 'part2.main.facts', rows: N - FIRST }
	];
	beforeAll(async () => {
		await conn.run(`ATTACH ':memory:' AS part2`);
		await conn.run(`CREATE TABLE facts_part1 AS SELECT * FROM facts WHERE rowid < ${FIRST} ORDER BY rowid`);
		await conn.run(`CREATE TABLE part2.main.facts AS SELECT * FROM facts WHERE rowid >= ${FIRST} ORDER BY rowid`);
	});

	test('natural order: pages across the seam, positions 0..n-1', async () => {
		const { ids, pos } = await readAll(parts, null, false, 333);
		expect(ids).toEqual(files.map((f) => f.objectId));
		expect(pos).toEqual(ids.map((_, i) => i));
		const seam = pageSql(parts, FIRST - 2, FIRST + 1, N, N, false);
		expect((await rows(seam!)).map((r) => r.objectId)).toEqual(files.slice(FIRST - 2, FIRST + 2).map((f) => f.objectId));
	});

	for (const [column, key] of [
		['size', (f: FileRow) => f.size],
		['name', (f: FileRow) => f.name]
	] as const) {
		test(`sorted by ${column}, in one statement and in slices: ties in stored order across the parts`, async () => {
			await conn.run(sortBuildSql(column, parts));
			for (const descending of [false, true]) expect((await readAll(sortTable(column), column, descending, 333)).ids).toEqual(expectedOrder(files, key, descending));
			const bounds: SortBound[] = (await rows(sortBoundsSql(column, 5, 60, parts))).map((r) => ({ key: String(r.k), type: String(r.t), rowid: Number(r.r) }));
			expect(bounds.some((b) => b.rowid >= FIRST)).toBe(true);
			for (const sql of sortSliceSqls(column, bounds, parts)) await conn.run(sql);
			for (const descending of [false, true]) expect((await readAll(sortTable(column), column, descending, 333)).ids).toEqual(expectedOrder(files, key, descending));
		});
	}

	test('a filtered view filled in chunks that straddle the seam', async () => {
		const view = normaliseView({ ...emptyView(), params: { ...emptyParams(), search: 'report' } });
		await conn.run(viewCreateSql(parts));
		for (let from = 0; from < N; from += 700) for (const sql of viewFillSql(parts, viewWhere(view, 0)!, from, Math.min(N, from + 700) - 1)) await conn.run(sql);
		const keep = files.filter((f) => (f.folder + f.name).toLowerCase().includes('report'));
		expect((await readAll('x_view', null, false, 100)).ids).toEqual(keep.map((f) => f.objectId));
		// A chunk across the seam is one statement per part; one inside a part is one.
		expect(viewFillSql(parts, 'TRUE', 1_400, 2_099)).toHaveLength(2);
		expect(viewFillSql(parts, 'TRUE', 2_100, 2_799)).toHaveLength(1);
	});
});

describe('paging arithmetic', () => {
	test('stored ranges cover each position once, NULL keys last both ways', () => {
		for (const [total, keyed] of [
			[10, 10],
			[10, 7],
			[10, 0],
			[1, 1]
		]) {
			for (const descending of [false, true]) {
				const stored = storedRanges(0, total - 1, total, keyed, descending).flatMap((r) => {
					const list = [];
					for (let x = r.from; x <= r.to; x++) list.push(x);
					return r.backwards ? list.reverse() : list;
				});
				const want = descending ? [...Array.from({ length: keyed }, (_, i) => keyed - 1 - i), ...Array.from({ length: total - keyed }, (_, i) => keyed + i)] : Array.from({ length: total }, (_, i) => i);
				expect(stored).toEqual(want);
			}
		}
		expect(storedRanges(5, 3, 10, 10, false)).toEqual([]);
		expect(storedRanges(8, 20, 10, 10, false)).toEqual([{ from: 8, to: 9, backwards: false }]);
	});

	test('pages to fetch with prefetch either side', () => {
		expect(pagesFor(0, 30, 1000, 1, 200)).toEqual([0, 1]);
		expect(pagesFor(450, 480, 1000, 1, 200)).toEqual([1, 2, 3]);
		expect(pagesFor(990, 999, 1000, 1, 200)).toEqual([3, 4]);
		expect(pagesFor(0, 10, 0)).toEqual([]);
	});

	test('a scaled scrollbar reaches the last row of 25M and maps back and forth', () => {
		const rowHeight = 24;
		const viewport = 600;
		const scale = scrollScale(25_000_000, rowHeight, viewport);
		expect(scale.height).toBeLessThanOrEqual(8_000_000);
		const maxTop = scale.height - viewport;
		expect(rowAtScroll(maxTop, scale, rowHeight) + viewport / rowHeight).toBeCloseTo(25_000_000, 3);
		expect(rowAtScroll(scrollForRow(12_345_678, scale, rowHeight), scale, rowHeight)).toBeCloseTo(12_345_678, 3);
		expect(scrollScale(1000, rowHeight, viewport)).toEqual({ height: 24_000, factor: 1 });
	});
});

describe('typed text and URLs', () => {
	test('sizes with binary units', () => {
		expect(parseSize('2048')).toBe(2048);
		expect(parseSize('10 MB')).toBe(10 * 1024 * 1024);
		expect(parseSize('1.5g')).toBe(Math.round(1.5 * 1024 ** 3));
		expect(parseSize('')).toBeNull();
		expect(parseSize('ten')).toBeNull();
		expect(parseSize('5 parsecs')).toBeNull();
	});

	test('explorer params round-trip through the URL; junk is ignored', () => {
		const params = { ...emptyParams(), search: 'q,1 %', sizeMin: 10, folderPrefix: 'Shares/x/', owner: 'hr', classification: 'PII' };
		const sort = { column: 'size' as const, descending: true };
		const url = new URLSearchParams(explorerParamsList(params, sort));
		expect(explorerFromParams(url)).toEqual({ params, sort });
		expect(explorerFromParams(new URLSearchParams('sort=bogus&minsize=-3&maxsize=abc'))).toEqual({ params: emptyParams(), sort: { column: null, descending: false } });
	});
});

describe('export writers', () => {
	const dir = mkdtempSync(join(tmpdir(), 'explorer-export-'));
	const sample = () =>
		files.slice(0, 1234).map((f) => ({
			objectId: f.objectId,
			name: f.i === 3 ? 'comma, "quoted"\nname' : f.name,
			folder: f.folder,
			extension: f.extension,
			size: f.size,
			modified: f.modified,
			created: null,
			accessed: null,
			added: null,
			permissionSet: f.permissionSet,
			classification: null,
			service: null,
			tags: null
		}));
	const want = () => {
		const s = sample();
		return { n: s.length, sum: s.reduce((a, r) => a + (r.size ?? 0), 0), maxModified: Math.max(...s.map((r) => r.modified ?? 0)) };
	};

	test('parquet: row count, sum of sizes, times and awkward text survive, written in chunks', async () => {
		const writer = parquetWriter();
		const s = sample();
		for (let i = 0; i < s.length; i += 500) writer.write(s.slice(i, i + 500));
		const parts = writer.finish();
		expect(parts.length).toBeGreaterThan(2);
		const path = join(dir, 'out.parquet');
		writeFileSync(path, Buffer.concat(parts.map((p: Uint8Array) => Buffer.from(p))));
		const [r] = await rows(`SELECT count(*) AS n, sum(size)::BIGINT AS sum, epoch_ms(max(modified)) AS maxModified FROM read_parquet('${path}')`);
		expect({ n: r.n, sum: r.sum, maxModified: r.maxModified }).toEqual(want());
		const [odd] = await rows(`SELECT name FROM read_parquet('${path}') WHERE objectId = 'o000003'`);
		expect(odd.name).toBe('comma, "quoted"\nname');
	});

	test('csv: chunks COPYed by DuckDB in display order join into one file; formulas defused, times ISO', async () => {
		await conn.run(`UPDATE facts SET name = '=HYPERLINK("x")' WHERE objectId = 'o000005'`);
		await conn.run(`UPDATE facts SET name = '@SUM(A1)' WHERE objectId = 'o000006'`);
		// A leading digit or punctuation between + and @ is no formula: the name stays as it is.
		await conn.run(`UPDATE facts SET name = '2024 plan, v2.pdf' WHERE objectId = 'o000007'`);
		await conn.run(`UPDATE facts SET name = 'comma, "quoted"' || chr(10) || 'name' WHERE objectId = 'o000003'`);
		await conn.run(sortBuildSql('size'));
		const [c] = await rows(countsSql(sortTable('size'), 'size'));
		const total = Number(c.total);
		const keyed = Number(c.keyed);
		const chunks: Buffer[] = [];
		for (let from = 0, i = 0; from < total; from += 1500, i++) {
			const file = join(dir, `chunk-${i}.csv`);
			await conn.run(csvChunkCopySql(pageSql(sortTable('size'), from, from + 1499, total, keyed, true, csvSelectList())!, file, from === 0));
			chunks.push(readFileSync(file));
		}
		const path = join(dir, 'out.csv');
		writeFileSync(path, Buffer.concat(chunks));
		const csv = `read_csv('${path}', header = true, all_varchar = true)`;
		const [r] = await rows(`SELECT count(*) AS n, sum(CAST(size AS BIGINT))::BIGINT AS sum FROM ${csv}`);
		expect(r).toEqual({ n: N, sum: files.reduce((a, f) => a + (f.size ?? 0), 0) });
		const order = (await rows(`SELECT objectId FROM ${csv}`)).map((x) => x.objectId);
		expect(order).toEqual(expectedOrder(files, (f) => f.size, true));
		const [odd] = await rows(`SELECT name FROM ${csv} WHERE objectId = 'o000003'`);
		expect(odd.name).toBe('comma, "quoted"\nname');
		const names = await rows(`SELECT objectId, name FROM ${csv} WHERE objectId IN ('o000005', 'o000006', 'o000007') ORDER BY objectId`);
		expect(names.map((x) => x.name)).toEqual([`'=HYPERLINK("x")`, `'@SUM(A1)`, '2024 plan, v2.pdf']);
		const f1 = files.find((f) => f.modified !== null)!;
		const [t] = await rows(`SELECT modified FROM ${csv} WHERE objectId = '${f1.objectId}'`);
		expect(t.modified).toBe(new Date(f1.modified!).toISOString());
	});
});
