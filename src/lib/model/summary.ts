/**
 * Summary tables: one pass over `files` at load fills compact group-bys that the Executive Summary
 * (and later every overview chart) reads in milliseconds instead of re-scanning the rows, and the
 * plan that answers a Summary question (filters as data) from the smallest table that can answer
 * it exactly.
 *
 * Why several cubes and not one. A single cube over every filterable dimension (extension, size
 * band, age band, top folder, modified month, added month) is exact for any filter, but the two
 * month dimensions multiply: at 1M generated files it holds ~675k rows, two thirds of the files,
 * so reading it is hardly cheaper than scanning `facts`. Split by which month it keeps, each cube
 * stays small (~80k rows at 1M, bounded by the dimensions' cardinalities rather than by the file
 * count), and together they answer every question except those that need both months at once
 * (a window on one month while charting or counting by the other with another filter active);
 * those few are answered exactly by a scan of `facts`, as a second, slower step.
 *
 *   s_cube   extension × sizeBand × ageBand × topFolder × modifiedMonth
 *   s_added  extension × sizeBand × ageBand × topFolder × addedMonth
 *   s_months modifiedMonth × addedMonth        (the timelines under the other timeline's window)
 *   s_base   extension × sizeBand × ageBand × topFolder (s_cube without months: the common case)
 *   s_mod_<d>, s_add_<d>   one core dimension × one month, summed from s_cube / s_added: a timeline
 *            under one filter (or a chart under one time window) reads a few thousand rows, not
 *            s_cube's hundreds of thousands: the common cross-filter click
 *   s_folder folder; s_stats (median size): the unfiltered folder count and median
 *
 * Rows of s_cube, s_added and s_base carry files, bytes, sized (files with a size), dated (files
 * with a valid modified time), minModified and maxModified; s_months and s_folder only files and
 * bytes (they never answer KPIs). All figures are exact: every cell is a count or a sum.
 */
import { ageBandCase, bandCase, SIZE_BANDS } from './bands';
import { activeDimensions, DIMENSIONS, EMPTY_FILTERS, filterWhere, hasFilters, selectedValues, type Dimension, type Filters, type Grain, type SummaryView } from './filters';
import { str } from './sql';
import type { SummaryEstimate } from './estimate';
import { folderSetDimension, folderSetsCountSql } from './folder-sets';
import { BY_SIZE, FOLDER_DICTIONARY, FOLDER_SETS } from './report-build';
import { exactPercentilesSql } from './size-quantiles';
import { FACTS_SOURCE, pairTable, PAIRS, SUMMARY_SOURCES as SUMMARY_TABLE_SOURCES, sourceFor as chooseSource, type Source } from './sources';

export { pairTable };

/**
 * Bumped whenever a summary table's definition changes (columns, bands, grouping): a summary pack
 * (src/lib/model/pack.ts) built with other definitions is refused rather than misread.
 */
export const SUMMARY_DEFINITIONS_VERSION = 1;

/** The four dimensions every cube keeps; each also gets a table paired with each month. */
const CORE: readonly Dimension[] = ['extension', 'sizeBand', 'ageBand', 'topFolder'];
type Month = 'modifiedMonth' | 'addedMonth';
const CUBE_OF_MONTH: Record<Month, string> = { modifiedMonth: 's_cube', addedMonth: 's_added' };

/**
 * A month as the integer yyyymm (202403): a third of the cost of date_trunc to a DATE per row, and
 * compared as plain integers by filters (src/lib/model/filters.ts).
 */
export function monthExpr(timestampExpr: string): string {
	return `(year(${timestampExpr}) * 100 + month(${timestampExpr}))::INTEGER`;
}

/** A yyyymm month expression truncated to the first month of its quarter or year. */
export function periodExpr(monthCol: string, grain: Grain): string {
	if (grain === 'month') return monthCol;
	if (grain === 'year') return `(${monthCol} // 100 * 100 + 1)`;
	return `(${monthCol} - ((${monthCol} % 100) - 1) % 3)`;
}

/** yyyymm as the text `YYYY-MM`. */
export function monthTextExpr(monthExpr: string): string {
	return `printf('%04d-%02d', ${monthExpr} // 100, ${monthExpr} % 100)`;
}

/** The rows of `facts`, from the `files` view (or the slice of it the view holds while partitioned). */
export function factsSelectSql(asOfMs: number): string {
	return `SELECT objectId, name, folder, topFolder, extension, size,
	CAST(${bandCase('size', SIZE_BANDS)} AS UTINYINT) AS sizeBand,
	created, modified,
	CAST(${ageBandCase('modified', asOfMs)} AS UTINYINT) AS ageBand,
	${monthExpr('modified')} AS modifiedMonth,
	accessed, added,
	${monthExpr('added')} AS addedMonth,
	permissionSet, classification, service,
	nullif(trim(tags), '') AS tags
FROM files`;
}

/** Statements that build the summaries, in order; each is one scan or a cheap split. */
export function summaryBuildSql(asOfMs: number): { label: string; sql: string }[] {
	return [
		{
			label: 'Materialising the file model',
			// One pass over the joins; every later scan reads this narrow, columnar table instead. The
			// filterable dimensions are worked out here once, so a filtered scan is plain comparisons.
			sql: `CREATE OR REPLACE TABLE facts AS ${factsSelectSql(asOfMs)}`
		},
		{
			label: 'Summarising files by type, size, age, folder and modified month',
			// One statement per cube: in DuckDB-WASM four plain GROUP BYs cost about two thirds of
			// the same four as GROUPING SETS over one scan (1M files: ~1.9 s against ~2.8 s).
			sql: `CREATE OR REPLACE TABLE s_cube AS
SELECT extension, sizeBand, ageBand, topFolder, modifiedMonth, ${MEASURES}
FROM facts GROUP BY ALL;
${baseFromCubeSql()};
${pairTablesSql('modifiedMonth').join(';\n')}`
		},
		{
			label: 'Summarising files by added month',
			sql: `CREATE OR REPLACE TABLE s_added AS
SELECT extension, sizeBand, ageBand, topFolder, addedMonth, ${MEASURES}
FROM facts GROUP BY ALL;
CREATE OR REPLACE TABLE s_months AS
SELECT modifiedMonth, addedMonth, count(*) AS files, sum(size) AS bytes
FROM facts GROUP BY ALL;
${pairTablesSql('addedMonth').join(';\n')}`
		},
		{
			label: 'Indexing folders',
			sql: `CREATE OR REPLACE TABLE s_folder AS SELECT folder, count(*) AS files, sum(size) AS bytes FROM facts GROUP BY ALL`
		},
		{
			label: 'Computing the median size',
			sql: medianSql()
		}
	];
}

/** s_base: s_cube without its month, the table the common unfiltered and one-filter questions read. */
const baseFromCubeSql = () => `CREATE OR REPLACE TABLE s_base AS
SELECT extension, sizeBand, ageBand, topFolder, ${CUBE_MEASURES}
FROM s_cube GROUP BY ALL`;

/** s_stats: the median size over every file (not additive: always over the whole of `facts`). */
const medianSql = () => `CREATE OR REPLACE TABLE s_stats AS SELECT quantile_disc(size, 0.5) AS medianSize FROM facts`;

/**
 * The paired tables of one month, summed from its cube (cheap: the cube is small). A summary pack
 * carries only the cubes, so opening one runs these too (pairedSummarySql).
 */
function pairTablesSql(month: Month): string[] {
	return CORE.map(
		(d) => `CREATE OR REPLACE TABLE ${pairTable(d, month)} AS
SELECT ${d}, ${month}, ${CUBE_MEASURES}
FROM ${CUBE_OF_MONTH[month]} GROUP BY ALL`
	);
}

/** Every paired table, from s_cube and s_added as they stand (a pack opened in the browser). */
export function pairedSummarySql(): string[] {
	return [...pairTablesSql('modifiedMonth'), ...pairTablesSql('addedMonth')];
}

/**
 * The summary tables that are sums over `facts`, so two engines that each hold part of `facts`
 * (workers/engine/build-helper.ts) can each sum their own part and the parts add up. Their
 * definitions are those of summaryBuildSql; a unit test checks that parts merged equal the whole.
 */
const ADDITIVE = [
	{ table: 's_cube', keys: 'extension, sizeBand, ageBand, topFolder, modifiedMonth', cube: true },
	{ table: 's_added', keys: 'extension, sizeBand, ageBand, topFolder, addedMonth', cube: true },
	{ table: 's_months', keys: 'modifiedMonth, addedMonth', cube: false },
	{ table: 's_folder', keys: 'folder', cube: false }
] as const;

/** Where one engine's part of an additive summary table is kept until the parts are merged. */
export const partTable = (table: string) => `part_${table}`;

/** The part tables one engine holds until the merge (dropped after it). */
export const PART_TABLES = ADDITIVE.map((a) => partTable(a.table));

/**
 * One engine's parts of the additive summary tables, summed over the `facts` it holds; with
 * `fromRow`, over the rows it appended from that rowid on (one slice), added to the parts so far.
 * Summed slice by slice, the parts hold several rows per key: the merge adds them up.
 */
export function partialSummarySql(fromRow?: number): string[] {
	return ADDITIVE.map((a) => {
		const select = `SELECT ${a.keys}, ${a.cube ? MEASURES : 'count(*) AS files, sum(size) AS bytes'} FROM facts`;
		return fromRow === undefined || fromRow <= 0
			? `CREATE OR REPLACE TABLE ${partTable(a.table)} AS ${select} GROUP BY ALL`
			: `INSERT INTO ${partTable(a.table)} ${select} WHERE rowid >= ${Math.floor(fromRow)} GROUP BY ALL`;
	});
}

/**
 * The summary tables from the parts in `catalogs` (each holding partialSummarySql's tables), then
 * the tables derived from them and the median over the whole `facts`: the same tables
 * summaryBuildSql builds after `facts`, with the same types (a sum of counts cast back to BIGINT).
 */
export function mergedSummarySql(catalogs: readonly string[]): string[] {
	const merged = ADDITIVE.map((a) => {
		const parts = catalogs.map((c) => `SELECT * FROM ${c}.${partTable(a.table)}`).join(' UNION ALL ');
		const measures = a.cube ? CUBE_MEASURES : 'sum(files)::BIGINT AS files, sum(bytes) AS bytes';
		return `CREATE OR REPLACE TABLE ${a.table} AS SELECT ${a.keys}, ${measures} FROM (${parts}) GROUP BY ALL`;
	});
	return [
		...merged,
		baseFromCubeSql(),
		...pairedSummarySql(),
		medianSql()
	];
}

/** A cube's measures summed again: a coarser cube from a finer one. */
const CUBE_MEASURES = `sum(files)::BIGINT AS files, sum(bytes) AS bytes, sum(sized)::BIGINT AS sized, sum(dated)::BIGINT AS dated,
	min(minModified) AS minModified, max(maxModified) AS maxModified`;

/** What every cube row holds (s_months: files and bytes only, enough for the timelines it serves). */
const MEASURES = 'count(*) AS files, sum(size) AS bytes, count(size) AS sized, count(modified) AS dated, min(modified) AS minModified, max(modified) AS maxModified';

/* ------------------------------------------------------------------------------------------ */
/* Results                                                                                      */

export interface Kpis {
	files: number;
	bytes: number;
	folders: number;
	extensions: number;
	oldestModified: number | null;
	newestModified: number | null;
	averageSize: number | null;
	medianSize: number | null;
	invalidModified: number;
	nullSize: number;
}

export interface Bucket {
	/** The dimension's value: an extension, a band index, a top folder, or a period's first month (YYYY-MM). */
	key: string;
	files: number;
	bytes: number;
}

export type ChartPart = 'topByBytes' | 'topByFiles' | 'sizeBands' | 'ageBands' | 'topFolders' | 'modifiedTimeline' | 'addedTimeline';
/** `folders` is the folder count and median size: what the cubes cannot give under a filter. */
export type SummaryPart = 'kpis' | 'folders' | ChartPart;

export const CHART_PARTS: readonly ChartPart[] = ['topByBytes', 'topByFiles', 'sizeBands', 'ageBands', 'topFolders', 'modifiedTimeline', 'addedTimeline'];

/** What each chart draws: its files or its bytes. */
export const CHART_MEASURE: Record<ChartPart, 'files' | 'bytes'> = {
	topByBytes: 'bytes',
	topByFiles: 'files',
	sizeBands: 'files',
	ageBands: 'files',
	topFolders: 'bytes',
	modifiedTimeline: 'files',
	addedTimeline: 'files'
};

/** The dimension each chart groups by (and whose own filter it ignores: crossfilter). */
export const CHART_DIMENSION: Record<ChartPart, Dimension> = {
	topByBytes: 'extension',
	topByFiles: 'extension',
	sizeBands: 'sizeBand',
	ageBands: 'ageBand',
	topFolders: 'topFolder',
	modifiedTimeline: 'modifiedMonth',
	addedTimeline: 'addedMonth'
};

export interface SummaryResult {
	kind: 'summary';
	/** The view these figures answer (filtersKey), so a view can tell a stale answer. */
	key: string;
	/** KPIs known so far; `folders` and `medianSize` are missing while a scan computes them. */
	kpis: Partial<Kpis>;
	charts: Partial<Record<ChartPart, Bucket[]>>;
	/** Parts a scan of `facts` still has to answer (phase 'scan'); empty when complete. */
	pending: SummaryPart[];
	/** The queries run for this answer: which parts each answered, in engine milliseconds. */
	queries: { parts: SummaryPart[]; source: string; ms: number }[];
}

/**
 * A Summary of the first slice of a large export, shown while the rest loads (workers/engine/
 * dataset.ts). The slice is a uniform sample by hash of objectId: counts scale by about `parts`.
 */
export interface SummaryPreview {
	summary: SummaryResult;
	/** Files in the sample. */
	sampleFiles: number;
	/** The slice the sample is (1 of `parts`); 0 for the cluster sample read before any slice. */
	part: number;
	parts: number;
	/**
	 * `clusters`: the first view's cluster sample (src/lib/model/cluster-sample.ts), drawn as
	 * `estimate`, every figure with its range. `hash`: the first slice, a uniform sample by hash.
	 */
	method: 'clusters' | 'hash';
	estimate?: SummaryEstimate;
	/** Clusters read, and the share of the export's `objects` rows they hold (cluster sample). */
	clusters?: number;
	fraction?: number;
}

/** The fast answer completed with the scan's parts. */
export function mergeSummary(fast: SummaryResult, scan: SummaryResult): SummaryResult {
	const answered = new Set(scan.queries.flatMap((q) => q.parts));
	return {
		kind: 'summary',
		key: fast.key,
		kpis: { ...fast.kpis, ...scan.kpis },
		charts: { ...fast.charts, ...scan.charts },
		pending: fast.pending.filter((p) => !answered.has(p)),
		queries: [...fast.queries, ...scan.queries]
	};
}

/* ------------------------------------------------------------------------------------------ */
/* Planning                                                                                     */

/** A table the Summary can read, with the dimensions it keeps (src/lib/model/sources.ts). */
export type SummarySource = Source;

/** Smallest first, `facts` last: a question goes to the first table that holds every dimension it needs. */
export const SUMMARY_SOURCES: readonly SummarySource[] = [...SUMMARY_TABLE_SOURCES, FACTS_SOURCE];

/** The Summary's choice: the one rule of src/lib/model/sources.ts, among the Summary's own tables. */
export function sourceFor(dims: readonly Dimension[]): SummarySource {
	return chooseSource(dims, [], { summaryOnly: true })!;
}

/** Measures over a source: sums of a cube's measures, or aggregates of file rows. */
function measures(source: SummarySource) {
	return source.scan
		? { files: 'count(*)', bytes: 'sum(size)', sized: 'count(size)', dated: 'count(modified)', oldest: 'min(modified)', newest: 'max(modified)' }
		: { files: 'sum(files)', bytes: 'sum(bytes)', sized: 'sum(sized)', dated: 'sum(dated)', oldest: 'min(minModified)', newest: 'max(maxModified)' };
}

/** How many bars a top-N chart shows (selected values are always kept on top of these). */
export const TOP_N = 15;

export interface PlannedPart {
	part: SummaryPart;
	sql: string;
	source: string;
	/** Answered by a scan of `facts`: runs in the second, slower step. */
	scan: boolean;
}

/** Planning options. `scanOnly` answers every part from `facts` (tests compare it with the cubes). */
export interface PlanOptions {
	scanOnly?: boolean;
}

const pick = (dims: Dimension[], o: PlanOptions): SummarySource => (o.scanOnly ? SUMMARY_SOURCES[SUMMARY_SOURCES.length - 1] : sourceFor(dims));

function kpisPart(f: Filters, o: PlanOptions): PlannedPart {
	// The extension count needs the extension dimension even when no extension is selected.
	const source = pick([...activeDimensions(f), 'extension'], o);
	const m = measures(source);
	const filtered = hasFilters(f);
	// Folders and the median cannot be summed from a cube: unfiltered they were computed at load;
	// filtered they need the rows (their own part, unless the KPIs scan the rows anyway).
	const exact = !filtered
		? `,\n\t(SELECT count(*) FROM s_folder WHERE folder IS NOT NULL) AS folders,\n\t(SELECT medianSize FROM s_stats) AS medianSize`
		: source.scan
			? `,\n\tcount(DISTINCT folder) AS folders,\n\tquantile_disc(size, 0.5) AS medianSize`
			: '';
	const sql = `SELECT
	coalesce(${m.files}, 0)::BIGINT AS files,
	coalesce(${m.bytes}, 0)::DOUBLE AS bytes,
	count(DISTINCT extension) FILTER (WHERE extension <> '') AS extensions,
	epoch_ms(${m.oldest}) AS oldestModified,
	epoch_ms(${m.newest}) AS newestModified,
	${m.bytes} / nullif(${m.sized}, 0) AS averageSize,
	(coalesce(${m.files}, 0) - coalesce(${m.dated}, 0))::BIGINT AS invalidModified,
	(coalesce(${m.files}, 0) - coalesce(${m.sized}, 0))::BIGINT AS nullSize${exact}
FROM ${source.table}
WHERE ${filterWhere(f)}`;
	return { part: 'kpis', sql, source: source.table, scan: source.scan };
}

/** Folder count and median size under filters: one scan of `facts`. */
function foldersPart(f: Filters): PlannedPart {
	return {
		part: 'folders',
		sql: `SELECT count(DISTINCT folder) AS folders, quantile_disc(size, 0.5) AS medianSize FROM facts WHERE ${filterWhere(f)}`,
		source: 'facts',
		scan: true
	};
}

/**
 * The folder count and median under filters from the report build's tables, once they exist (the
 * 'folders' part without a scan of `facts`): the median from one size bucket of r_bysize, the folder
 * count from the folder sets under a filter on one of their dimensions, else a distinct count of
 * folder codes (files with no known folder, code 0, make one folder as '' does in `facts`). Null
 * before the report build.
 */
export function foldersFromReportsSql(f: Filters, available: (table: string) => boolean): { folders: PlannedPart; median: PlannedPart } | null {
	if (!available(BY_SIZE) || !available('r_codes') || !available(FOLDER_DICTIONARY)) return null;
	const d = folderSetDimension(f, available);
	return {
		folders: d
			? { part: 'folders', source: FOLDER_SETS, scan: false, sql: folderSetsCountSql(f, d, { all: true }) }
			: { part: 'folders', source: 'r_codes', scan: true, sql: `SELECT count(DISTINCT coalesce(folderCode, 0)) AS folders FROM r_codes WHERE ${filterWhere(f, undefined, { coded: true })}` },
		median: { part: 'folders', source: BY_SIZE, scan: false, sql: exactPercentilesSql(f, [{ id: 'medianSize', percent: 50 }]) }
	};
}

function chartPart(part: ChartPart, f: Filters, grain: Grain, o: PlanOptions): PlannedPart {
	const dim = CHART_DIMENSION[part];
	const source = pick([...activeDimensions(f, dim), dim], o);
	const m = measures(source);
	const month = dim === 'modifiedMonth' || dim === 'addedMonth';
	// Group by the raw value (an integer period for months); text is made per group, not per row.
	// Every chart's rows carry `ord`, their order as a BIGINT, so a batch can keep it (batchCharts).
	const k = month ? periodExpr(dim, grain) : dim;
	const grouped = `SELECT ${k} AS k, coalesce(${m.files}, 0)::BIGINT AS files, coalesce(${m.bytes}, 0)::DOUBLE AS bytes
FROM ${source.table}
WHERE ${dim} IS NOT NULL AND ${filterWhere(f, dim)}
GROUP BY 1`;
	let sql: string;
	if (dim === 'extension' || dim === 'topFolder') {
		// Top N by the chart's measure, plus whatever is selected so a selection is always drawn.
		const by = part === 'topByFiles' ? 'files' : 'bytes';
		const selected = selectedValues(f, dim);
		const keep = selected.length ? ` OR k IN (${selected.map(str).join(', ')})` : '';
		sql = `SELECT k AS key, files, bytes, row_number() OVER (ORDER BY ${by} DESC, k) AS ord FROM (\n${grouped}\n)\nQUALIFY row_number() OVER (ORDER BY ${by} DESC, k) <= ${TOP_N}${keep}\nORDER BY ord`;
	} else {
		const key = month ? monthTextExpr('k') : 'k';
		sql = `SELECT ${key} AS key, files, bytes, CAST(k AS BIGINT) AS ord FROM (\n${grouped}\n)\nORDER BY ord`;
	}
	return { part, sql, source: source.table, scan: source.scan };
}

/**
 * The Summary of a view, part by part: each KPI block and chart from the smallest table that
 * answers it exactly. Charts apply every filter except their own dimension's (crossfilter).
 */
export function planSummary(view: SummaryView, options: PlanOptions = {}): PlannedPart[] {
	const { filters, grain } = view;
	const kpis = kpisPart(filters, options);
	const parts = [kpis];
	if (hasFilters(filters) && !kpis.scan) parts.push(foldersPart(filters));
	for (const chart of CHART_PARTS) parts.push(chartPart(chart, filters, grain, options));
	return parts;
}

/** Longest SQL text a batch may reach: far below DuckDB-WASM's ~128 KiB limit. */
export const MAX_BATCH_SQL = 48 * 1024;

export interface PlannedBatch {
	parts: PlannedPart[];
	/** One statement answering every part: rows of (part, ord, key, files, bytes). */
	sql: string;
}

/**
 * Charts grouped into as few statements as the SQL length allows: every statement costs a round
 * trip through DuckDB-WASM's worker and a plan (~3–5 ms), a third of a small chart query's time.
 * Each batch is `UNION ALL` of the charts' own statements, tagged by part and ordered as they are.
 */
export function batchCharts(parts: PlannedPart[]): PlannedBatch[] {
	const batches: PlannedBatch[] = [];
	const branch = (p: PlannedPart) => `SELECT ${str(p.part)} AS part, ord, CAST(key AS VARCHAR) AS key, files, bytes FROM (\n${p.sql}\n)`;
	let current: PlannedPart[] = [];
	const flush = () => {
		if (current.length) batches.push({ parts: current, sql: `${current.map(branch).join('\nUNION ALL\n')}\nORDER BY part, ord` });
		current = [];
	};
	let length = 0;
	for (const p of parts) {
		const size = branch(p).length + 12;
		if (current.length && length + size > MAX_BATCH_SQL) {
			flush();
			length = 0;
		}
		current.push(p);
		length += size;
	}
	flush();
	return batches;
}

/** The unfiltered Summary's queries, by part (the benchmark runs these; every one reads a summary table). */
export const SUMMARY_QUERIES: Record<string, string> = Object.fromEntries(
	planSummary({ filters: EMPTY_FILTERS, grain: 'month' }).map((p) => [p.part, p.sql])
);
