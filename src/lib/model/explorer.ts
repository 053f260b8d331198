/**
 * The Explorer's SQL: every file of `facts`, filtered, sorted by one column, read a window at a time.
 *
 * How a page stays cheap at 25M rows. Sorting is done once per sort column: `x_sort_<column>` is a
 * copy of `facts` written in ascending key order (NULL keys last, ties in `facts` order), so a
 * row's position in the sorted list IS its rowid in that table. A filter (or a search) is applied
 * once per change by copying the sorted rows it keeps into `x_view` in the same order (DuckDB keeps
 * insertion order), and again position = rowid. A page is then `WHERE rowid BETWEEN a AND b`: a
 * keyset on the materialised position, which DuckDB answers from one row group without reading
 * the rest, so the 10th page and the 1,000,000th cost the same and there is never an OFFSET.
 * A descending sort reads the same table backwards (NULL keys still last), so flipping the
 * direction costs nothing.
 *
 * Pure: no Svelte, no DuckDB. Values reach SQL only through `str`/`num`.
 */
import { emptyFilters, filterWhere, normaliseFilters, type Filters } from './filters';
import { obsoleteCondition, obsoleteYears, OBSOLETE_YEARS, redundantIdsSql, ROT_CLASSES, trivialCondition, type RotClass } from './rot';
import { csvCell, csvCopyOptions, CSV_EOL, neutraliseSql } from './csv';
import { ident, num, str } from './sql';
import { FACTS_COLUMNS, searchConditions } from './explorer-search';

/* ------------------------------------------------------------------------------------------ */
/* Columns                                                                                      */

export type ExplorerColumnKey =
	| 'name'
	| 'folder'
	| 'extension'
	| 'size'
	| 'modified'
	| 'created'
	| 'accessed'
	| 'added'
	| 'permissionSet'
	| 'classification'
	| 'service'
	| 'tags'
	| 'objectId';

export type ColumnKind = 'text' | 'bytes' | 'time';

export interface ExplorerColumn {
	key: ExplorerColumnKey;
	label: string;
	kind: ColumnKind;
	/** Shown unless the person hides it. */
	visible: boolean;
	/** Default width in pixels. */
	width: number;
}

/** Every column a row carries, in display order. Times travel as epoch milliseconds. */
export const EXPLORER_COLUMNS: readonly ExplorerColumn[] = [
	{ key: 'name', label: 'Name', kind: 'text', visible: true, width: 260 },
	{ key: 'folder', label: 'Folder', kind: 'text', visible: true, width: 360 },
	{ key: 'extension', label: 'Ext', kind: 'text', visible: true, width: 70 },
	{ key: 'size', label: 'Size', kind: 'bytes', visible: true, width: 100 },
	{ key: 'modified', label: 'Modified', kind: 'time', visible: true, width: 110 },
	{ key: 'created', label: 'Created', kind: 'time', visible: true, width: 110 },
	{ key: 'accessed', label: 'Accessed', kind: 'time', visible: false, width: 110 },
	{ key: 'added', label: 'Added', kind: 'time', visible: false, width: 110 },
	{ key: 'permissionSet', label: 'Permissions', kind: 'text', visible: false, width: 260 },
	{ key: 'classification', label: 'Classification', kind: 'text', visible: false, width: 180 },
	{ key: 'service', label: 'Service', kind: 'text', visible: false, width: 140 },
	{ key: 'tags', label: 'Tags', kind: 'text', visible: false, width: 140 },
	{ key: 'objectId', label: 'Object id', kind: 'text', visible: false, width: 140 }
];

/** One row of the Explorer as it crosses to the page. */
export type ExplorerRow = { pos: number } & Record<ExplorerColumnKey, string | number | null>;

/** The select list of a page or an export: times as epoch ms (DuckDB-WASM has no ICU). */
export function rowSelectList(): string {
	return EXPLORER_COLUMNS.map((c) => (c.kind === 'time' ? `epoch_ms(${ident(c.key)}) AS ${ident(c.key)}` : ident(c.key))).join(', ');
}

/**
 * The select list of a CSV export written by DuckDB itself: times as ISO 8601 UTC text (what a
 * spreadsheet reads), text cells under the export rule of src/lib/model/csv.ts (a formula lead gets
 * a `'`), sizes as numbers.
 */
export function csvSelectList(): string {
	return EXPLORER_COLUMNS.map((c) => {
		const col = ident(c.key);
		if (c.kind === 'time') return `strftime(${col}, '%Y-%m-%dT%H:%M:%S.%gZ') AS ${col}`;
		if (c.kind === 'text') return `${neutraliseSql(col)} AS ${col}`;
		return col;
	}).join(', ');
}

/** One chunk of a CSV export as a DuckDB COPY into the engine's virtual file `file`. */
export function csvChunkCopySql(page: string, file: string, header: boolean): string {
	return `COPY (SELECT * EXCLUDE (pos) FROM (${page}) ORDER BY pos) TO ${str(file)} (${csvCopyOptions(header)})`;
}

/** The header line of a CSV export, for an export with no rows (DuckDB writes it otherwise). */
export function csvHeaderLine(): string {
	return EXPLORER_COLUMNS.map((c) => csvCell(c.key)).join(',') + CSV_EOL;
}

/* ------------------------------------------------------------------------------------------ */
/* Sorting                                                                                      */

export const SORT_COLUMNS = ['name', 'path', 'extension', 'size', 'modified', 'created'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

/** `column` null: the export's own order (the order `facts` holds), which needs no index. */
export interface ExplorerSort {
	column: SortColumn | null;
	descending: boolean;
}

/** The grid column whose header sorts by a sort column. */
export const SORT_OF_COLUMN: Partial<Record<ExplorerColumnKey, SortColumn>> = {
	name: 'name',
	folder: 'path',
	extension: 'extension',
	size: 'size',
	modified: 'modified',
	created: 'created'
};

export const SORT_LABELS: Record<SortColumn, string> = { name: 'name', path: 'path', extension: 'extension', size: 'size', modified: 'modified', created: 'created' };

/** The sort key over `facts`: path is the folder followed by the name, as a person reads it. */
function sortKeyExpr(column: SortColumn): string {
	if (column === 'path') return `(folder || name)`;
	return ident(column);
}

/**
 * Where a list's rows are stored, in list order: one table, or several one after the other (`facts`
 * built by two engines is its two parts, docs/MODEL.md "Two engines at once"). A row's stored
 * position is the rows of the parts before its own plus its rowid there, so a window of positions
 * is a rowid range in each part it touches and DuckDB still skips straight to its row groups.
 */
export type RowStore = readonly { table: string; rows: number }[];

/** A list held by one table (every table the Explorer makes itself). */
export const oneTable = (table: string): RowStore => [{ table, rows: Number.POSITIVE_INFINITY }];

/** `facts` as it is stored: its parts when two engines built it, else the table itself. */
export function factsStore(parts?: readonly { table: string; rows: number }[] | null): RowStore {
	return parts && parts.length > 1 ? parts : oneTable('facts');
}

const asStore = (t: RowStore | string): RowStore => (typeof t === 'string' ? oneTable(t) : t);

/** The parts' pieces of stored positions [from, to]: each a table, its rowid range and its offset. */
function piecesOf(store: RowStore, from: number, to: number): { table: string; from: number; to: number; offset: number }[] {
	const out: { table: string; from: number; to: number; offset: number }[] = [];
	let offset = 0;
	for (const part of store) {
		const lo = Math.max(from, offset);
		const hi = Math.min(to, offset + part.rows - 1);
		if (lo <= hi) out.push({ table: part.table, from: lo - offset, to: hi - offset, offset });
		offset += part.rows;
		if (offset > to) break;
	}
	return out;
}

/**
 * Every row of a store with its stored position as `rid`: the relation a sort reads, so ties are
 * kept in stored order whether `facts` is one table or two.
 */
export function rowsWithPositionSql(store: RowStore): string {
	let offset = 0;
	const parts = store.map((part) => {
		const sql = `SELECT *, rowid${offset ? ` + ${num(offset)}` : ''} AS rid FROM ${part.table}`;
		offset += part.rows;
		return sql;
	});
	return `(${parts.join(' UNION ALL ')})`;
}

/**
 * The rows at stored positions [from, to] of a store with their position as `rid`: each part read
 * by its own rowid range, which DuckDB turns into a range of row groups.
 */
export function positionsSql(store: RowStore, from: number, to: number): string {
	const pieces = piecesOf(store, from, to).map(
		(p) => `SELECT *, rowid${p.offset ? ` + ${num(p.offset)}` : ''} AS rid FROM ${p.table} WHERE rowid BETWEEN ${num(p.from)} AND ${num(p.to)}`
	);
	return pieces.length ? `(${pieces.join(' UNION ALL ')})` : `(SELECT *, rowid AS rid FROM ${store[0].table} WHERE false)`;
}

/** The table holding `facts` in ascending order of a sort column (null: `facts` itself). */
export function sortTable(column: SortColumn | null): string {
	if (column === null) return 'facts';
	if (!SORT_COLUMNS.includes(column)) throw new Error(`not a sort column: ${String(column)}`);
	return `x_sort_${column}`;
}

/**
 * Build a sort index once: `facts` copied in ascending key order, NULL keys last, ties kept in
 * `facts` order, so the position of a row in the sorted list is its rowid here.
 */
export function sortBuildSql(column: SortColumn, facts: RowStore = factsStore()): string {
	return `CREATE OR REPLACE TABLE ${sortTable(column)} AS SELECT * EXCLUDE (rid) FROM ${rowsWithPositionSql(facts)} ORDER BY ${sortKeyExpr(column)} ASC NULLS LAST, rid`;
}

/**
 * Keyed rows sorted in one statement at most. A sort holds its rows in wasm memory while it runs
 * (DuckDB-WASM has nowhere to spill), so a longer list is sorted in key-range slices of about this
 * many rows, appended in order: one scan of `facts` per slice, but never more than a slice's rows
 * in memory. 25M files are 25 slices. The size is what fits under the memory_limit of
 * src/lib/model/memory-plan.ts (docs/MODEL.md, "Explorer tables").
 */
export const SORT_SLICE_ROWS = 1_000_000;

/** Rows sampled to place the slice boundaries: the slices come out within a few percent of equal. */
const SORT_SAMPLE_ROWS = 100_000;

/**
 * One boundary between slices: a (key, stored position) pair of `facts`, so that ties (a million
 * files of 0 bytes, half the estate in .pdf) split cleanly too. The key travels as DuckDB's own text
 * of the value and its type, and goes back into SQL as a cast literal, so no value changes in transit.
 */
export interface SortBound {
	key: string;
	type: string;
	rowid: number;
}

/** How many slices a sort of `keyed` rows takes. */
export function sortSlices(keyed: number, sliceRows = SORT_SLICE_ROWS): number {
	return Math.max(1, Math.ceil(keyed / Math.max(1, sliceRows)));
}

/**
 * The boundaries between `slices` slices of the keyed rows, in key order: the (key, position) pairs
 * at every 1/slices of a reservoir sample. Each row is k, t (type), r.
 */
export function sortBoundsSql(column: SortColumn, slices: number, sampleRows = SORT_SAMPLE_ROWS, facts: RowStore = factsStore()): string {
	const n = Math.max(1, Math.floor(slices));
	return `WITH s AS (SELECT ${sortKeyExpr(column)} AS k, rid AS r FROM ${rowsWithPositionSql(facts)} USING SAMPLE reservoir(${num(Math.max(n, sampleRows))} ROWS) REPEATABLE (42)),
o AS (SELECT k, r, row_number() OVER (ORDER BY k, r) AS i, count(*) OVER () AS m FROM s WHERE k IS NOT NULL)
SELECT k::VARCHAR AS k, typeof(k) AS t, r::BIGINT AS r FROM o WHERE i < m AND (i * ${num(n)}) // m > ((i - 1) * ${num(n)}) // m ORDER BY i`;
}

/** A bound's key as a SQL literal of its own type (the type is DuckDB's name for it, checked). */
function boundLiteral(b: SortBound): string {
	if (!/^[A-Z][A-Z0-9_ ()]*$/.test(b.type)) throw new Error(`unexpected key type ${b.type}`);
	return `CAST(${str(b.key)} AS ${b.type})`;
}

/**
 * The statements that build a sort table slice by slice: the keyed rows between consecutive
 * bounds, each slice sorted and appended in order, then the NULL keys in `facts` order. The range
 * test on the key alone comes first so DuckDB can push it into the scan; the position part only
 * settles ties at the edges.
 */
export function sortSliceSqls(column: SortColumn, bounds: readonly SortBound[], facts: RowStore = factsStore()): string[] {
	const key = sortKeyExpr(column);
	const table = sortTable(column);
	const rows = rowsWithPositionSql(facts);
	const order = `ORDER BY ${key} ASC, rid`;
	const after = (b: SortBound) => `${key} >= ${boundLiteral(b)} AND (${key} > ${boundLiteral(b)} OR rid > ${num(b.rowid)})`;
	const upTo = (b: SortBound) => `${key} <= ${boundLiteral(b)} AND (${key} < ${boundLiteral(b)} OR rid <= ${num(b.rowid)})`;
	const out: string[] = [];
	for (let i = 0; i <= bounds.length; i++) {
		const conditions = [i > 0 ? after(bounds[i - 1]) : null, i < bounds.length ? upTo(bounds[i]) : `${key} IS NOT NULL`].filter(Boolean);
		const select = `SELECT * EXCLUDE (rid) FROM ${rows} WHERE ${conditions.join(' AND ')} ${order}`;
		out.push(i === 0 ? `CREATE OR REPLACE TABLE ${table} AS ${select}` : `INSERT INTO ${table} ${select}`);
	}
	out.push(`INSERT INTO ${table} SELECT * EXCLUDE (rid) FROM ${rows} WHERE ${key} IS NULL ORDER BY rid`);
	return out;
}

/** How many rows of a table have a key (the rest, NULL keys, sit at its end). */
export function countsSql(table: string, column: SortColumn | null): string {
	// A path has a key when both its parts do: counted without joining 25M strings.
	const key = column === null ? 'count(*)' : column === 'path' ? 'count(*) FILTER (WHERE folder IS NOT NULL AND name IS NOT NULL)' : `count(${sortKeyExpr(column)})`;
	return `SELECT count(*)::BIGINT AS total, ${key}::BIGINT AS keyed FROM ${table}`;
}

/* ------------------------------------------------------------------------------------------ */
/* Filters                                                                                      */

/** The Explorer's own narrowing, on top of the shared filters. Empty text / null: no condition. */
export interface ExplorerParams {
	/** Words and globs over the path (folder + name), case-insensitive: src/lib/model/explorer-search.ts. */
	search: string;
	/** Inclusive size range in bytes. */
	sizeMin: number | null;
	sizeMax: number | null;
	/**
	 * Folders starting with this text, case-insensitive, `\` read as `/`, a leading slash optional.
	 * Ending in `/`, it is one folder and everything below it (what report pages link to).
	 */
	folderPrefix: string;
	/** Substring of the permission set ("hr-team", "Everyone"), case-insensitive. */
	owner: string;
	/** Substring of the classification key ("PII", "HIPAA"), case-insensitive. */
	classification: string;
	/** Only the files of one cleanup (ROT) class, as the ROT pages count them (src/lib/model/rot.ts). */
	rot: RotClass | null;
	/** Obsolete means not modified for this many years (only read when `rot` is obsolete). */
	years: number;
}

export function emptyParams(): ExplorerParams {
	return { search: '', sizeMin: null, sizeMax: null, folderPrefix: '', owner: '', classification: '', rot: null, years: OBSOLETE_YEARS.default };
}

/** What the Explorer shows: which files (shared filters + its own) in which order. */
export interface ExplorerView {
	filters: Filters;
	params: ExplorerParams;
	sort: ExplorerSort;
}

const MAX_TEXT = 512;
const clip = (s: unknown): string => (typeof s === 'string' ? s.slice(0, MAX_TEXT) : '');
const bytes = (n: unknown): number | null => (typeof n === 'number' && Number.isFinite(n) && n >= 0 ? Math.floor(n) : null);

/** One canonical form (the worker calls this on whatever crossed the boundary). */
export function normaliseView(v: Partial<ExplorerView>): ExplorerView {
	const p = v.params ?? emptyParams();
	const column = SORT_COLUMNS.includes(v.sort?.column as SortColumn) ? (v.sort!.column as SortColumn) : null;
	const rot = ROT_CLASSES.includes(p.rot as RotClass) ? (p.rot as RotClass) : null;
	return {
		filters: normaliseFilters(v.filters ?? emptyFilters()),
		params: {
			search: clip(p.search).trim(),
			sizeMin: bytes(p.sizeMin),
			sizeMax: bytes(p.sizeMax),
			folderPrefix: clip(p.folderPrefix).trim(),
			owner: clip(p.owner).trim(),
			classification: clip(p.classification).trim(),
			rot,
			// Years only shape the view when they are used: one canonical form per set of rows.
			years: rot === 'obsolete' ? obsoleteYears(p.years) : OBSOLETE_YEARS.default
		},
		sort: { column, descending: column !== null && v.sort?.descending === true }
	};
}

/** Case-insensitive substring: both sides lower-cased, no LIKE wildcards to escape. */
const containsCi = (expr: string, text: string) => `contains(lower(${expr}), ${str(text.toLowerCase())})`;

/** The table of redundant copies' objectIds the Redundant filter reads (built by the engine first). */
export const REDUNDANT_TABLE = 'x_redundant';

/**
 * The redundant copies of the whole export (what the Redundant page counts: a copy is redundant when
 * a newer one exists anywhere), built once per dataset and read by every fill step: from the report
 * build's duplicate table when it is there, else worked out from `facts`.
 */
export function redundantTableSql(reportBuilt: boolean): string {
	const ids = reportBuilt ? `SELECT objectId FROM r_dup WHERE NOT kept` : redundantIdsSql('TRUE');
	return `CREATE OR REPLACE TABLE ${REDUNDANT_TABLE} AS ${ids}`;
}

/** The Explorer's own conditions over `facts` columns; `asOfMs` dates the obsolete cut. */
function paramConditions(p: ExplorerParams, asOfMs: number): string[] {
	const out: string[] = [];
	out.push(...searchConditions(p.search, p.folderPrefix, FACTS_COLUMNS));
	if (p.sizeMin !== null) out.push(`size >= ${num(p.sizeMin)}`);
	if (p.sizeMax !== null) out.push(`size <= ${num(p.sizeMax)}`);
	if (p.owner) out.push(containsCi('permissionSet', p.owner));
	if (p.classification) out.push(containsCi('classification', p.classification));
	if (p.rot === 'obsolete') out.push(obsoleteCondition(asOfMs, p.years));
	if (p.rot === 'trivial') out.push(trivialCondition());
	if (p.rot === 'redundant') out.push(`objectId IN (SELECT objectId FROM ${REDUNDANT_TABLE})`);
	return out;
}

/**
 * A view the search index answers alone: the export's order, no shared filter, and nothing of the
 * Explorer's own but a search and/or a folder prefix. Its first page comes from the first matches,
 * and its count follows.
 */
export function searchOnly(view: ExplorerView): boolean {
	const p = view.params;
	const anyShared = filterWhere(view.filters) !== 'TRUE';
	const other = p.sizeMin !== null || p.sizeMax !== null || p.owner !== '' || p.classification !== '' || p.rot !== null;
	return view.sort.column === null && !anyShared && !other && searchConditions(p.search, p.folderPrefix, FACTS_COLUMNS).length > 0;
}

/** Every condition of a view as one SQL boolean over `facts` columns; null when it keeps all. */
export function viewWhere(view: ExplorerView, asOfMs: number): string | null {
	const shared = filterWhere(view.filters);
	const all = [...(shared === 'TRUE' ? [] : [shared]), ...paramConditions(view.params, asOfMs).map((c) => `(${c})`)];
	return all.length ? all.join(' AND ') : null;
}

/**
 * A key naming which rows a view holds, in which (ascending) order: one `x_view` per key. Made
 * of the canonical view, not its SQL, so the page can name a view without knowing the dataset.
 */
export function rowsKey(view: ExplorerView): string {
	const v = normaliseView(view);
	return JSON.stringify([v.sort.column, v.filters, v.params]);
}

/** The filtered view: an empty copy of the sorted table's columns, then `viewFillSql` chunks. */
export function viewCreateSql(source: RowStore | string): string {
	return `CREATE OR REPLACE TABLE x_view AS SELECT * FROM ${asStore(source)[0].table} LIMIT 0`;
}

/**
 * Copy the rows of `source` at stored positions [from, to] that the view keeps, in order: one
 * statement per part the range touches. Run chunk by chunk so the count of matches can be shown
 * while a search scans 25M rows.
 */
export function viewFillSql(source: RowStore | string, where: string, from: number, to: number): string[] {
	return piecesOf(asStore(source), from, to).map(
		(p) => `INSERT INTO x_view SELECT * FROM ${p.table} WHERE rowid BETWEEN ${num(p.from)} AND ${num(p.to)} AND (${where}) ORDER BY rowid`
	);
}

/* ------------------------------------------------------------------------------------------ */
/* Pages                                                                                        */

export interface Range {
	from: number;
	to: number;
}

/**
 * The stored (ascending) rowids holding display positions [from, to] of a list of `total` rows of
 * which the first `keyed` have a key. Ascending: the same. Descending: the keyed part read
 * backwards, then the NULL keys as they are (NULLs stay last either way). In display order.
 */
export function storedRanges(from: number, to: number, total: number, keyed: number, descending: boolean): (Range & { backwards: boolean })[] {
	const lo = Math.max(0, from);
	const hi = Math.min(total - 1, to);
	if (hi < lo) return [];
	if (!descending) return [{ from: lo, to: hi, backwards: false }];
	const out: (Range & { backwards: boolean })[] = [];
	if (lo < keyed) out.push({ from: keyed - 1 - Math.min(hi, keyed - 1), to: keyed - 1 - lo, backwards: true });
	if (hi >= keyed) out.push({ from: Math.max(lo, keyed), to: hi, backwards: false });
	return out;
}

/** Display position of a stored position `at` (the inverse of storedRanges). */
function displayPosExpr(keyed: number, descending: boolean, at = 'rowid'): string {
	return descending ? `CASE WHEN ${at} < ${num(keyed)} THEN ${num(keyed - 1)} - ${at} ELSE ${at} END` : at;
}

/**
 * Rows at display positions [from, to] of a view table, in display order, each with its `pos`.
 * Every part is a rowid range: DuckDB skips straight to the row group that holds it.
 */
export function pageSql(
	source: RowStore | string,
	from: number,
	to: number,
	total: number,
	keyed: number,
	descending: boolean,
	select = rowSelectList()
): string | null {
	const store = asStore(source);
	const reads = storedRanges(from, to, total, keyed, descending).flatMap((r) =>
		piecesOf(store, r.from, r.to).map((p) => {
			const pos = displayPosExpr(keyed, descending, p.offset ? `(rowid + ${num(p.offset)})` : 'rowid');
			return `SELECT (${pos})::BIGINT AS pos, ${select} FROM ${p.table} WHERE rowid BETWEEN ${num(p.from)} AND ${num(p.to)}`;
		})
	);
	if (!reads.length) return null;
	return `SELECT * FROM (${reads.join('\nUNION ALL\n')}) ORDER BY pos`;
}

/* ------------------------------------------------------------------------------------------ */
/* Paging arithmetic the page uses (no SQL)                                                     */

/** Rows per page fetched from the engine. */
export const PAGE_ROWS = 200;

/**
 * The rows a view's first answer holds: a tall screen's worth. A search finds its first screen of
 * matches before the rest of its first page, so a rare word shows its first files sooner.
 */
export const FIRST_SCREEN_ROWS = 64;

/** The pages (by index) covering rows [first, last], plus `ahead` pages either side to prefetch. */
export function pagesFor(first: number, last: number, total: number, ahead = 1, pageRows = PAGE_ROWS): number[] {
	if (total <= 0) return [];
	const lastPage = Math.floor((total - 1) / pageRows);
	const a = Math.max(0, Math.floor(Math.max(0, first) / pageRows) - ahead);
	const b = Math.min(lastPage, Math.floor(Math.min(total - 1, Math.max(0, last)) / pageRows) + ahead);
	const out: number[] = [];
	for (let p = a; p <= b; p++) out.push(p);
	return out;
}

/* ------------------------------------------------------------------------------------------ */
/* Scrolling a list taller than a browser allows                                                */

/**
 * Chromium caps an element at ~33.5M px and Firefox at ~17.9M px; 25M rows of 24 px need 600M px.
 * Below this height the scroller is true to scale; above, the scroll range is compressed and a
 * scroll position maps linearly onto the first visible row, so the thumb still reaches any row.
 */
const MAX_SCROLL_PX = 8_000_000;

export interface ScrollScale {
	/** Height of the scroller's content. */
	height: number;
	/** Rows per pixel of scrolling beyond one-to-one (1 when to scale). */
	factor: number;
}

export function scrollScale(rows: number, rowHeight: number, viewport: number): ScrollScale {
	const natural = rows * rowHeight;
	if (natural <= MAX_SCROLL_PX) return { height: natural, factor: 1 };
	return { height: MAX_SCROLL_PX, factor: (natural - viewport) / (MAX_SCROLL_PX - viewport) };
}

/** The first visible row (fractional) at a scroll position. */
export function rowAtScroll(scrollTop: number, scale: ScrollScale, rowHeight: number): number {
	return (scrollTop * scale.factor) / rowHeight;
}

/** The scroll position that shows `row` at the top. */
export function scrollForRow(row: number, scale: ScrollScale, rowHeight: number): number {
	return (row * rowHeight) / scale.factor;
}

/* ------------------------------------------------------------------------------------------ */
/* Text the person types                                                                        */

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, byte: 1, bytes: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, t: 1024 ** 4, tb: 1024 ** 4 };

/** "10 MB", "1.5g", "2048" → bytes (binary units, as sizes are shown); null when unreadable or empty. */
export function parseSize(text: string): number | null {
	const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
	if (!m) return null;
	const unit = SIZE_UNITS[m[2].toLowerCase()];
	if (unit === undefined) return null;
	return Math.round(Number(m[1]) * unit);
}

/* ------------------------------------------------------------------------------------------ */
/* URL                                                                                          */

/** The Explorer's own URL parameters (the shared filters keep theirs: src/lib/model/filters.ts). */
export const EXPLORER_PARAMS = {
	search: 'q',
	sizeMin: 'minsize',
	sizeMax: 'maxsize',
	folderPrefix: 'prefix',
	owner: 'owner',
	classification: 'class',
	rot: 'rot',
	// The Obsolete page's own parameter: its "Browse these files" link carries the cut it shows.
	years: 'years',
	sort: 'sort',
	columns: 'cols'
} as const;

/** Explorer params and sort from a URL; whatever cannot be read is ignored. */
export function explorerFromParams(params: URLSearchParams): { params: ExplorerParams; sort: ExplorerSort } {
	const n = (name: string) => {
		const v = params.get(name);
		return v === null || v === '' || !/^\d+$/.test(v) ? null : Number(v);
	};
	const sortText = params.get(EXPLORER_PARAMS.sort) ?? '';
	const descending = sortText.startsWith('-');
	const column = SORT_COLUMNS.includes(sortText.replace(/^-/, '') as SortColumn) ? (sortText.replace(/^-/, '') as SortColumn) : null;
	const view = normaliseView({
		params: {
			search: params.get(EXPLORER_PARAMS.search) ?? '',
			sizeMin: n(EXPLORER_PARAMS.sizeMin),
			sizeMax: n(EXPLORER_PARAMS.sizeMax),
			folderPrefix: params.get(EXPLORER_PARAMS.folderPrefix) ?? '',
			owner: params.get(EXPLORER_PARAMS.owner) ?? '',
			classification: params.get(EXPLORER_PARAMS.classification) ?? '',
			rot: params.get(EXPLORER_PARAMS.rot) as RotClass | null,
			years: obsoleteYears(params.get(EXPLORER_PARAMS.years))
		},
		sort: { column, descending }
	});
	return { params: view.params, sort: view.sort };
}

/** The Explorer's own parameters for a URL, in a fixed order, empty ones left out. */
export function explorerParamsList(params: ExplorerParams, sort: ExplorerSort): [string, string][] {
	const out: [string, string][] = [];
	if (params.search) out.push([EXPLORER_PARAMS.search, params.search]);
	if (params.sizeMin !== null) out.push([EXPLORER_PARAMS.sizeMin, String(params.sizeMin)]);
	if (params.sizeMax !== null) out.push([EXPLORER_PARAMS.sizeMax, String(params.sizeMax)]);
	if (params.folderPrefix) out.push([EXPLORER_PARAMS.folderPrefix, params.folderPrefix]);
	if (params.owner) out.push([EXPLORER_PARAMS.owner, params.owner]);
	if (params.classification) out.push([EXPLORER_PARAMS.classification, params.classification]);
	if (params.rot) out.push([EXPLORER_PARAMS.rot, params.rot]);
	if (params.rot === 'obsolete' && params.years !== OBSOLETE_YEARS.default) out.push([EXPLORER_PARAMS.years, String(params.years)]);
	if (sort.column) out.push([EXPLORER_PARAMS.sort, `${sort.descending ? '-' : ''}${sort.column}`]);
	return out;
}

/* ------------------------------------------------------------------------------------------ */
/* One file                                                                                     */

/** All of one file's `facts` row, by objectId. */
export function fileFactsSql(objectId: string): string {
	return `SELECT ${rowSelectList()}, sizeBand, ageBand FROM facts WHERE objectId = ${str(objectId)} LIMIT 1`;
}

/**
 * A file's instances (versions), newest first, from the export's own `instances` table: every
 * column the export has, times as they are stored. null when the export has no instances table.
 */
export function fileInstancesSql(instancesRef: string | undefined, objectIdColumn: string | undefined, orderColumn: string | undefined, objectId: string): string | null {
	if (!instancesRef || !objectIdColumn) return null;
	const order = orderColumn ? ` ORDER BY ${ident(orderColumn)} DESC` : '';
	return `SELECT * FROM ${instancesRef} WHERE ${ident(objectIdColumn)} = ${str(objectId)}${order} LIMIT 100`;
}
