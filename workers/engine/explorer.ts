/**
 * The Explorer in the engine: builds the sort indexes and the filtered view once
 * (src/lib/model/explorer.ts explains the tables), answers pages by position, one file's details,
 * and exports. State lives here between requests: which sort tables exist and which view is
 * current, for the dataset now open.
 */
import { EngineError } from '../../src/lib/engine/errors';
import type { Progress } from '../../src/lib/engine/protocol';
import {
	countsSql,
	csvChunkCopySql,
	csvHeaderLine,
	csvSelectList,
	fileFactsSql,
	fileInstancesSql,
	normaliseView,
	pageSql,
	REDUNDANT_TABLE,
	redundantTableSql,
	rowsKey,
	searchOnly,
	rowSelectList,
	factsStore,
	oneTable,
	sortBoundsSql,
	sortBuildSql,
	sortSlices,
	sortSliceSqls,
	SORT_SLICE_ROWS,
	sortTable,
	SORT_LABELS,
	viewCreateSql,
	viewFillSql,
	viewWhere,
	type ExplorerRow,
	type ExplorerView,
	type RowStore,
	type SortBound,
	type SortColumn
} from '../../src/lib/model/explorer';
import {
	firstHitsSql,
	firstHitRanges,
	HITS_TABLE,
	hitsCreateSql,
	hitsFillSql,
	hitsMaterialiseSql,
	hitsRangeSql,
	folderHitsSql,
	indexColumns,
	searchWords,
	PATH_KEY,
	rowsByPositionSql,
	searchConditions,
	searchIndexCreateSql,
	searchIndexRowsSql,
	searchIndexSliceSql,
	searchFoldersSql,
	indexedPathSql,
	FOLDERS_TABLE,
	SEARCH_COLUMNS,
	SEARCH_SLICE_ROWS,
	SEARCH_TABLE
} from '../../src/lib/model/explorer-search';
import type { ExplorerCountResult, ExplorerExportResult, ExplorerFileResult, ExplorerIndexResult, ExplorerPageResult } from '../../src/lib/model/queries';
import { CSV_BOM } from '../../src/lib/model/csv';
import { ident, str } from '../../src/lib/model/sql';
import { OUTPUT_DIR, type DuckDBHost, type Row } from './duckdb';
import { parquetWriter } from './export-writers';
import type { OpenModel } from './queries';

type ProgressFn = (p: Progress) => void;

/** Rows scanned per step while filling a filtered view: each step reports the matches so far. */
const FILL_CHUNK = 1_000_000;
/** Rows read per export step. */
const EXPORT_CHUNK = 50_000;
/** Sort tables kept at once (each is a copy of `facts`); the least recently used goes first. */
const MAX_SORT_TABLES = 2;

interface ViewTable {
	key: string;
	/** Where its rows are: a sort table, `x_view`, or `facts` as stored (one table or two parts). */
	table: RowStore;
	total: number;
	keyed: number;
	/** A search over the index: `x_hits` holds the stored positions, `table` is `facts` as stored. */
	hits?: boolean;
}

interface State {
	model: OpenModel;
	/** Sort tables built for this dataset, most recently used last. */
	sorts: SortColumn[];
	/** Row counts of `facts` by sort column: a sort table holds the same rows, so counting once is enough. */
	counts: Map<SortColumn | null, { total: number; keyed: number }>;
	view: ViewTable | null;
	/** The shared filters `x_redundant` was built for (JSON), null when it is not there. */
	redundantFor: string | null;
	/** Rows of `facts` the search index holds so far (checked against `facts` once per state). */
	indexed: number | null;
	/** The matches a search's first page found so far, and where its reading stopped: the rest of the page goes on from there. */
	firstFound: FirstFound | null;
}

/** A search's first matches, in stored order, and the index position its reading goes on from. */
interface FirstFound {
	key: string;
	positions: number[];
	/** The first index position not read yet. */
	next: number;
	/** The size of the last range read (the next one grows from it). */
	size: number;
}

let state: State | null = null;

/** Drop every Explorer table (a new dataset, or an old database reopened from OPFS). */
export async function dropExplorerTables(host: DuckDBHost): Promise<void> {
	const tables = await host.rows(`SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND (table_name LIKE 'x\\_sort\\_%' ESCAPE '\\' OR table_name IN ('x_view', ${str(REDUNDANT_TABLE)}, ${str(HITS_TABLE)}))`);
	for (const t of tables) await host.exec(`DROP TABLE IF EXISTS ${ident(String(t.table_name))}`);
	state = null;
}

async function stateFor(host: DuckDBHost, model: OpenModel): Promise<State> {
	if (state && state.model.shape === model.shape && state.model.asOfMs === model.asOfMs) return state;
	await dropExplorerTables(host);
	state = { model, sorts: [], counts: new Map(), view: null, redundantFor: null, indexed: null, firstFound: null };
	return state;
}

async function counts(host: DuckDBHost, table: string, column: SortColumn | null, signal?: AbortSignal): Promise<{ total: number; keyed: number }> {
	const [r] = await host.rows(countsSql(table, column), signal);
	return { total: Number(r.total), keyed: Number(r.keyed) };
}

/** Total and keyed rows of `facts` for a sort column, counted once per dataset. */
async function factCounts(host: DuckDBHost, s: State, column: SortColumn | null, signal?: AbortSignal): Promise<{ total: number; keyed: number }> {
	let c = s.counts.get(column);
	if (!c) {
		c = await counts(host, 'facts', column, signal);
		s.counts.set(column, c);
	}
	return c;
}

/**
 * Rows per slice of a sort build: SORT_SLICE_ROWS, unless the session set the DuckDB variable
 * `sort_slice_rows` (the e2e test does, to slice 1M files as 25M would be).
 */
async function sliceRows(host: DuckDBHost, signal?: AbortSignal): Promise<number> {
	const [r] = await host.rows(`SELECT getvariable('sort_slice_rows')::BIGINT AS n`, signal);
	const n = Number(r?.n ?? NaN);
	return Number.isFinite(n) && n > 0 ? n : SORT_SLICE_ROWS;
}

/** The ascending table for a sort column, built once (and announced) if it is not there yet. */
async function ensureSort(host: DuckDBHost, s: State, column: SortColumn | null, progress: ProgressFn, signal?: AbortSignal): Promise<RowStore> {
	const facts = factsStore(s.model.factsParts);
	if (column === null) return facts;
	if (s.sorts.includes(column)) {
		s.sorts = [...s.sorts.filter((c) => c !== column), column];
		return oneTable(sortTable(column));
	}
	while (s.sorts.length >= MAX_SORT_TABLES) {
		const old = s.sorts.shift()!;
		if (s.view?.table[0].table === sortTable(old)) s.view = null;
		await host.exec(`DROP TABLE IF EXISTS ${sortTable(old)}`);
	}
	const label = `Building the sort index for ${SORT_LABELS[column]} (once; later pages and the other direction are instant)`;
	progress({ label, done: 0, total: 1, unit: 'steps' });
	const { keyed } = await factCounts(host, s, column, signal);
	const slices = sortSlices(keyed, await sliceRows(host, signal));
	if (slices === 1) await host.exec(sortBuildSql(column, facts), signal);
	else {
		const bounds: SortBound[] = (await host.rows(sortBoundsSql(column, slices, undefined, facts), signal)).map((r) => ({ key: String(r.k), type: String(r.t), rowid: Number(r.r) }));
		const steps = sortSliceSqls(column, bounds, facts);
		for (let i = 0; i < steps.length; i++) {
			progress({ label: `${label}: part ${i + 1} of ${steps.length}`, done: i, total: steps.length, unit: 'steps' });
			await host.exec(steps[i], signal);
		}
	}
	s.sorts.push(column);
	return oneTable(sortTable(column));
}

/** The redundant copies of the whole export, found once (again once the report build has made them). */
async function ensureRedundant(host: DuckDBHost, s: State, model: OpenModel, progress: ProgressFn, signal?: AbortSignal): Promise<void> {
	const built = model.reports ? 'r_dup' in model.reports.rows : false;
	const key = built ? 'report-build' : 'facts';
	if (s.redundantFor === key) return;
	s.redundantFor = null;
	progress({ label: 'Finding redundant copies (files with the same name and size)', done: 0, total: 1, unit: 'steps' });
	await host.exec(redundantTableSql(built), signal);
	s.redundantFor = key;
}

/**
 * How far the search index is (src/lib/model/explorer-search.ts): rows of `facts` it holds. Checked
 * once per dataset against `facts` itself (an index kept from an earlier visit, or one whose facts
 * were rebuilt by a column mapping, must describe these rows), then counted as slices are added.
 */
async function indexedRows(host: DuckDBHost, s: State, signal?: AbortSignal): Promise<number> {
	if (s.indexed !== null) return s.indexed;
	if (!(await indexHasShape(host, signal))) {
		await host.exec(`DROP TABLE IF EXISTS ${SEARCH_TABLE}`, signal);
		await host.exec(`DROP TABLE IF EXISTS ${FOLDERS_TABLE}`, signal);
	}
	await host.exec(searchIndexCreateSql(), signal);
	let n = Number((await host.rows(searchIndexRowsSql(), signal))[0].n);
	const { total } = await factCounts(host, s, null, signal);
	if (n > total || (n > 0 && (!(await hasTable(host, FOLDERS_TABLE, signal)) || !(await indexMatchesFacts(host, s, n, signal))))) {
		await host.exec(`DROP TABLE ${SEARCH_TABLE}`, signal);
		await host.exec(searchIndexCreateSql(), signal);
		n = 0;
	}
	// The folders are numbered before the first slice: every slice looks its folders up there. The
	// Summary's s_folder already lists each folder of `facts` once; reading it spares a pass over every file.
	if (n === 0) {
		const sources = (await hasTable(host, FOLDER_LIST, signal)) ? [FOLDER_LIST] : factsStore(s.model.factsParts).map((p) => p.table);
		await host.exec(searchFoldersSql(sources), signal);
	}
	s.indexed = n;
	return n;
}

/** The Summary's table of every folder of `facts` (src/lib/model/summary.ts). */
const FOLDER_LIST = 's_folder';

/** Whether `x_search`, when there is one, has this build's columns (an older build's index is rebuilt). */
async function indexHasShape(host: DuckDBHost, signal?: AbortSignal): Promise<boolean> {
	const columns = await host.rows(`SELECT column_name AS c FROM information_schema.columns WHERE table_catalog = current_database() AND table_schema = current_schema() AND table_name = ${str(SEARCH_TABLE)} ORDER BY ordinal_position`, signal);
	return columns.length === 0 || columns.map((r) => String(r.c)).join() === SEARCH_COLUMNS.join();
}

async function hasTable(host: DuckDBHost, table: string, signal?: AbortSignal): Promise<boolean> {
	return (await host.rows(`SELECT 1 FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = current_schema() AND table_name = ${str(table)}`, signal)).length > 0;
}

/** The index's first and last rows hold the paths of `facts` at those positions. */
async function indexMatchesFacts(host: DuckDBHost, s: State, n: number, signal?: AbortSignal): Promise<boolean> {
	const facts = factsStore(s.model.factsParts);
	for (const at of [0, n - 1]) {
		const sql = rowsByPositionSql(facts, [at], `${PATH_KEY} AS k`);
		const [f] = await host.rows(sql!, signal);
		const [x] = await host.rows(indexedPathSql(at), signal);
		if (!f || !x || f.k !== x.k) return false;
	}
	return true;
}

/**
 * Add up to `slices` slices to the search index (all that is missing when not given), each one
 * statement over one part of `facts`, in stored order. Returns how far it is.
 */
async function buildIndex(host: DuckDBHost, s: State, progress: ProgressFn, signal?: AbortSignal, slices = Number.POSITIVE_INFINITY): Promise<{ done: number; total: number }> {
	const { total } = await factCounts(host, s, null, signal);
	let done = await indexedRows(host, s, signal);
	const parts = factsStore(s.model.factsParts).map((p) => ({ table: p.table, rows: Number.isFinite(p.rows) ? p.rows : total }));
	const label = 'Preparing the search index (once for this dataset; later searches are quick)';
	for (let n = 0; n < slices && done < total; n++) {
		progress({ label, done, total, unit: 'rows' });
		let offset = 0;
		const part = parts.find((p) => {
			const inside = done < offset + p.rows;
			if (!inside) offset += p.rows;
			return inside;
		})!;
		const from = done - offset;
		const to = Math.min(part.rows, from + SEARCH_SLICE_ROWS) - 1;
		try {
			await host.exec(searchIndexSliceSql(part.table, from, to), signal);
		} finally {
			// A cancelled statement appends nothing or everything: count what is there.
			s.indexed = null;
			done = await indexedRows(host, s, signal);
		}
	}
	progress({ label, done, total, unit: 'rows' });
	return { done, total };
}

/** The search index, one more slice at a time (the Explorer asks while the person looks around). */
export async function explorerIndex(host: DuckDBHost, model: OpenModel, slices: number, progress: ProgressFn, signal?: AbortSignal): Promise<ExplorerIndexResult> {
	const s = await stateFor(host, model);
	const { done, total } = await buildIndex(host, s, progress, signal, Math.max(1, Math.floor(slices)));
	return { kind: 'explorerIndex', done, total };
}

/** A search's conditions over the index, each word's folders looked up first (one small read of x_folders per word). */
async function indexConditions(host: DuckDBHost, view: ExplorerView, signal?: AbortSignal): Promise<string[]> {
	const hits = new Map<string, number[]>();
	for (const w of searchWords(view.params.search)) hits.set(w, (await host.rows(folderHitsSql(w), signal)).map((r) => Number(r.fid)));
	return searchConditions(view.params.search, view.params.folderPrefix, indexColumns(hits));
}

/**
 * The first `count` files of a search, in stored order, read from the index without counting them
 * all. The first screen of a page is asked first and the rest of the page after it: what a search
 * found is kept, so the second question reads on from where the first stopped.
 */
async function firstHits(host: DuckDBHost, s: State, view: ExplorerView, key: string, count: number, progress: ProgressFn, signal?: AbortSignal): Promise<number[]> {
	const { total } = await buildIndex(host, s, progress, signal);
	const kept = s.firstFound?.key === key ? s.firstFound : null;
	if (kept && (kept.positions.length >= count || kept.next >= total)) return kept.positions.slice(0, count);
	const conditions = await indexConditions(host, view, signal);
	const found = kept ? [...kept.positions] : [];
	let next = kept?.next ?? 0;
	let size = kept?.size ?? 0;
	for (const [from, to] of firstHitRanges(total, next, size)) {
		const rows = await host.rows(firstHitsSql(conditions, from, to, count - found.length), signal);
		found.push(...rows.map((r) => Number(r.rid)));
		size = to - from + 1;
		// A range cut short by the limit was read up to its last match only.
		next = found.length >= count ? found[found.length - 1] + 1 : to + 1;
		if (found.length >= count) break;
	}
	s.firstFound = { key, positions: found, next, size };
	return found;
}

/** Every file of a search, counted into `x_hits` slice by slice with the count so far as progress. */
async function ensureHits(host: DuckDBHost, s: State, view: ExplorerView, key: string, progress: ProgressFn, signal?: AbortSignal): Promise<ViewTable> {
	if (s.view?.key === key) return s.view;
	const { total: rows } = await buildIndex(host, s, progress, signal);
	s.view = null;
	const conditions = await indexConditions(host, view, signal);
	await host.exec(hitsCreateSql(), signal);
	let matches = 0;
	for (let from = 0; from < rows; from += FILL_CHUNK * 4) {
		const to = Math.min(rows, from + FILL_CHUNK * 4) - 1;
		await host.exec(hitsFillSql(conditions, from, to), signal);
		matches = Number((await host.rows(`SELECT count(*)::BIGINT AS n FROM ${HITS_TABLE}`, signal))[0].n);
		progress({ label: `Counting: ${matches.toLocaleString('en-US')} matching files so far`, done: to + 1, total: rows, unit: 'rows' });
	}
	s.view = { key, table: factsStore(s.model.factsParts), total: matches, keyed: matches, hits: true };
	return s.view;
}

/** Rows of `facts` at stored positions, each with its display position. */
async function rowsAtPositions(host: DuckDBHost, s: State, positions: number[], firstPos: number, signal?: AbortSignal): Promise<ExplorerRow[]> {
	const sql = rowsByPositionSql(factsStore(s.model.factsParts), positions, rowSelectList());
	if (!sql) return [];
	const display = new Map(positions.map((p, i) => [p, firstPos + i]));
	const rows = await host.rows(sql, signal, positions.length + 1);
	return rows
		.map((r) => {
			const { rid, ...rest } = r;
			return { ...rest, pos: display.get(Number(rid))! } as unknown as ExplorerRow;
		})
		.sort((a, b) => a.pos - b.pos);
}

/** Count a search view (filling `x_hits`): the total the first page could not give. */
export async function explorerCount(host: DuckDBHost, model: OpenModel, rawView: ExplorerView, progress: ProgressFn, signal?: AbortSignal): Promise<ExplorerCountResult> {
	const view = normaliseView(rawView);
	const started = performance.now();
	const v = await ensureView(host, model, view, progress, signal);
	return { kind: 'explorerCount', key: v.key, total: v.total, countMs: performance.now() - started };
}

/** Make the view's table current: the sort table itself, or `x_view` holding the rows it keeps. */
async function ensureView(host: DuckDBHost, model: OpenModel, view: ExplorerView, progress: ProgressFn, signal?: AbortSignal): Promise<ViewTable> {
	const s = await stateFor(host, model);
	const key = rowsKey(view);
	if (s.view?.key === key) return s.view;
	if (searchOnly(view)) return ensureHits(host, s, view, key, progress, signal);
	const source = await ensureSort(host, s, view.sort.column, progress, signal);
	const where = viewWhere(view, model.asOfMs);
	if (where === null) {
		s.view = { key, table: source, ...(await factCounts(host, s, view.sort.column, signal)) };
		return s.view;
	}
	// A half-filled x_view must never be taken for a finished one.
	s.view = null;
	if (view.params.rot === 'redundant') await ensureRedundant(host, s, model, progress, signal);
	const { total: sourceRows } = await factCounts(host, s, null, signal);
	await host.exec(viewCreateSql(source), signal);
	let matches = 0;
	for (let from = 0; from < sourceRows; from += FILL_CHUNK) {
		const to = Math.min(sourceRows, from + FILL_CHUNK) - 1;
		for (const statement of viewFillSql(source, where, from, to)) await host.exec(statement, signal);
		matches = Number((await host.rows(`SELECT count(*)::BIGINT AS n FROM x_view`, signal))[0].n);
		progress({ label: `Filtering: ${matches.toLocaleString('en-US')} matching files so far`, done: to + 1, total: sourceRows, unit: 'rows' });
	}
	s.view = { key, table: oneTable('x_view'), ...(await counts(host, 'x_view', view.sort.column, signal)) };
	return s.view;
}

export async function explorerPage(
	host: DuckDBHost,
	model: OpenModel,
	rawView: ExplorerView,
	from: number,
	to: number,
	progress: ProgressFn,
	signal?: AbortSignal
): Promise<ExplorerPageResult> {
	const view = normaliseView(rawView);
	const started = performance.now();
	const count = Math.max(0, Math.min(to, from + 1000) - from + 1);
	const s = await stateFor(host, model);
	const key = rowsKey(view);
	if (searchOnly(view) && s.view?.key !== key && from === 0) {
		// The first page of a search: its first matches, found without reading the rest.
		const positions = await firstHits(host, s, view, key, count + 1, progress, signal);
		const prepareMs = performance.now() - started;
		const pageStarted = performance.now();
		const rows = await rowsAtPositions(host, s, positions.slice(0, count), 0, signal);
		const exact = positions.length <= count;
		return { kind: 'explorerPage', key, total: exact ? positions.length : count, exact, from, rows, prepareMs, pageMs: performance.now() - pageStarted };
	}
	const v = await ensureView(host, model, view, progress, signal);
	const prepareMs = performance.now() - started;
	const pageStarted = performance.now();
	let rows: ExplorerRow[];
	if (v.hits) {
		const positions = (await host.rows(hitsRangeSql(from, Math.min(v.total - 1, from + count - 1)), signal)).map((r) => Number(r.rid));
		rows = await rowsAtPositions(host, s, positions, from, signal);
	} else {
		const sql = pageSql(v.table, from, from + count - 1, v.total, v.keyed, view.sort.descending);
		rows = sql ? ((await host.rows(sql, signal)) as ExplorerRow[]) : [];
	}
	return { kind: 'explorerPage', key: v.key, total: v.total, exact: true, from, rows, prepareMs, pageMs: performance.now() - pageStarted };
}

export async function explorerFile(host: DuckDBHost, model: OpenModel, objectId: string, signal?: AbortSignal): Promise<ExplorerFileResult> {
	const [facts] = await host.rows(fileFactsSql(objectId), signal);
	if (!facts) throw new EngineError('internal', 'That file is no longer in the open dataset.');
	const shape = model.shape;
	const instancesRef = shape.table('instances')?.ref;
	const idColumn = shape.column('instances', 'objectId')?.name;
	const orderColumn = shape.column('instances', 'instanceId')?.name;
	const sql = fileInstancesSql(instancesRef, idColumn, orderColumn, objectId);
	const instances = sql === null ? null : await host.rows(sql, signal);
	const metadataColumn = shape.column('instances', 'metadata')?.name ?? null;
	return { kind: 'explorerFile', objectId, facts: facts as Row, instances, metadataColumn };
}

export async function explorerExport(
	host: DuckDBHost,
	model: OpenModel,
	rawView: ExplorerView,
	format: 'csv' | 'parquet',
	progress: ProgressFn,
	signal?: AbortSignal
): Promise<ExplorerExportResult> {
	const view = normaliseView(rawView);
	let v = await ensureView(host, model, view, progress, signal);
	if (v.hits) {
		// An export reads the rows in long ranges: copy the search's rows into `x_view` once.
		progress({ label: 'Collecting the matching files', done: 0, total: 1, unit: 'steps' });
		for (const sql of hitsMaterialiseSql(v.table, 'x_view')) await host.exec(sql, signal);
		v = { key: v.key, table: oneTable('x_view'), total: v.total, keyed: v.total };
		state!.view = v;
	}
	const parts = format === 'csv' ? await csvParts(host, v, view.sort.descending, progress, signal) : await parquetParts(host, v, view.sort.descending, progress, signal);
	const blob = new Blob(parts as BlobPart[], { type: format === 'csv' ? 'text/csv' : 'application/vnd.apache.parquet' });
	return { kind: 'explorerExport', format, rows: v.total, bytes: blob.size, blob };
}

/** Display ranges of an export, a chunk at a time, with progress after each. */
async function eachChunk(v: ViewTable, label: string, progress: ProgressFn, step: (from: number, to: number) => Promise<void>): Promise<void> {
	for (let from = 0; from < v.total; from += EXPORT_CHUNK) {
		const to = Math.min(v.total, from + EXPORT_CHUNK) - 1;
		await step(from, to);
		progress({ label, done: to + 1, total: v.total, unit: 'rows' });
	}
}

/**
 * CSV by DuckDB's own writer (native speed, RFC 4180 quoting): each chunk is COPYed to a file in
 * the engine's virtual file system, taken out as bytes and the file dropped at once.
 */
async function csvParts(host: DuckDBHost, v: ViewTable, descending: boolean, progress: ProgressFn, signal?: AbortSignal): Promise<Uint8Array[]> {
	const parts: Uint8Array[] = [];
	const select = csvSelectList();
	const stamp = Date.now();
	const bom = new TextEncoder().encode(CSV_BOM);
	if (v.total === 0) return [bom, new TextEncoder().encode(csvHeaderLine())];
	parts.push(bom);
	await eachChunk(v, 'Writing CSV', progress, async (from, to) => {
		// A file per chunk: DuckDB-WASM will not COPY again into a file it has handed out.
		const file = `${OUTPUT_DIR}explorer-${stamp}-${from}.csv`;
		try {
			const page = pageSql(v.table, from, to, v.total, v.keyed, descending, select)!;
			await host.exec(csvChunkCopySql(page, file, from === 0), signal);
			parts.push(await host.db.copyFileToBuffer(file));
		} finally {
			await host.db.dropFile(file).catch(() => {});
		}
	});
	return parts;
}

async function parquetParts(host: DuckDBHost, v: ViewTable, descending: boolean, progress: ProgressFn, signal?: AbortSignal): Promise<Uint8Array[]> {
	const writer = parquetWriter();
	const select = rowSelectList();
	await eachChunk(v, 'Writing Parquet', progress, async (from, to) => {
		const sql = pageSql(v.table, from, to, v.total, v.keyed, descending, select);
		if (sql) writer.write(await host.rows(sql, signal, EXPORT_CHUNK));
	});
	return writer.finish();
}
