/**
 * The Summary's fast phase answered from summary tables held in typed arrays: no SQL, no DuckDB
 * round trip. A cross-filter click then costs one JS pass per summary table the plan reads instead
 * of two DuckDB statements (~90–150 ms at 10M files, most of it planning and crossing workers).
 *
 * The plan stays the SQL planner's (planSummary): every part reads the very table the SQL would,
 * and the pass reproduces the SQL's semantics exactly (IN lists and BETWEEN never match NULL, a
 * chart drops its own NULL key, top N by the measure then by the key in DuckDB's order, periods by
 * integer arithmetic on yyyymm). Strings and months are dictionary codes assigned by DuckDB's own
 * ORDER BY, so ties break as the SQL's `ORDER BY measure DESC, k` does without comparing text here.
 * Code 0 is NULL; values are 1..n.
 *
 * Pure: the worker loads the arrays (workers/engine/cube-memory.ts), tests load them from native
 * DuckDB with the same SQL.
 */
import { activeDimensions, monthNumber, selectedValues, windowOf, type Dimension, type Filters, type Grain, type SummaryView } from './filters';
import { CHART_DIMENSION, SUMMARY_SOURCES, TOP_N, type Bucket, type ChartPart, type Kpis, type PlannedPart, type SummarySource } from './summary';

/** The summary tables the fast phase reads: every source but the scan of `facts`. */
export const MEMORY_SOURCES: readonly SummarySource[] = SUMMARY_SOURCES.filter((s) => !s.scan);

/** Tables that can answer KPIs (the planner always asks for extension there); the others carry files and bytes only. */
export const hasKpiMeasures = (s: SummarySource): boolean => s.dims.includes('extension');

/**
 * Above this many rows over all tables the arrays would cost more memory than they save time
 * (~56 bytes a row): the fast phase stays in SQL.
 */
export const MAX_MEMORY_ROWS = 3_000_000;

/** Dictionaries are temporary tables while loading; their names. */
export const dictionaryTable = (dim: Dimension): string => `m_dict_${dim}`;

/** Every value of a dimension over all tables that hold it, numbered 1..n in DuckDB's order. */
export function dictionarySql(dim: Dimension): string {
	const union = MEMORY_SOURCES.filter((s) => s.dims.includes(dim))
		.map((s) => `SELECT ${dim} AS v FROM ${s.table}`)
		.join('\nUNION\n');
	return `CREATE OR REPLACE TEMP TABLE ${dictionaryTable(dim)} AS
SELECT v, row_number() OVER (ORDER BY v)::INTEGER AS c FROM (${union}) WHERE v IS NOT NULL`;
}

/**
 * A table's rows as non-null numeric columns: dimension codes (0 for NULL), counts as UINTEGER (a
 * cell above 4 billion files fails the cast, and the SQL path stays), times as epoch ms with
 * ±infinity for none (epoch_ms is monotonic, so the min of cells' epoch_ms is epoch_ms of the min).
 */
export function tableLoadSql(source: SummarySource): string {
	const dims = source.dims.map((d) => `coalesce(${d}_d.c, 0)::INTEGER AS ${d}`);
	const joins = source.dims.map((d) => `LEFT JOIN ${dictionaryTable(d as Dimension)} ${d}_d ON t.${d} = ${d}_d.v`);
	const kpi = hasKpiMeasures(source)
		? [
				`t.sized::UINTEGER AS sized`,
				`t.dated::UINTEGER AS dated`,
				`coalesce(epoch_ms(t.minModified)::DOUBLE, 'inf'::DOUBLE) AS minMs`,
				`coalesce(epoch_ms(t.maxModified)::DOUBLE, '-inf'::DOUBLE) AS maxMs`
			]
		: [];
	return `SELECT ${[...dims, 't.files::UINTEGER AS files', 'coalesce(t.bytes, 0)::DOUBLE AS bytes', ...kpi].join(', ')}
FROM ${source.table} t
${joins.join('\n')}`;
}

/** Rows per table and the largest byte total, to decide whether holding them is worth it and exact. */
export function memoryCheckSql(): string {
	const counts = MEMORY_SOURCES.map((s) => `(SELECT count(*) FROM ${s.table})`).join(' + ');
	return `SELECT (${counts})::BIGINT AS rows, (SELECT coalesce(sum(bytes), 0)::DOUBLE FROM s_base) AS bytes,
	(SELECT count(*) FROM s_folder WHERE folder IS NOT NULL) AS folders, (SELECT medianSize FROM s_stats) AS medianSize`;
}

/** Doubles add integers exactly below this: beyond it the SQL's exact sums are kept. */
export const EXACT_LIMIT = 2 ** 53;

export interface CubeColumns {
	rows: number;
	dims: Partial<Record<Dimension, Int32Array>>;
	files: Uint32Array;
	bytes: Float64Array;
	/** Present on tables that answer KPIs (hasKpiMeasures). */
	sized?: Uint32Array;
	dated?: Uint32Array;
	minMs?: Float64Array;
	maxMs?: Float64Array;
}

export interface CubeMemory {
	/** Per dimension, the value of each code; index 0 (NULL) is null. */
	dictionaries: Record<Dimension, (string | number | null)[]>;
	tables: Record<string, CubeColumns>;
	/** The unfiltered folder count and median size (s_folder, s_stats), as the SQL KPIs add them. */
	folders: number;
	medianSize: number | null;
}

export interface MemoryAnswer {
	kpis: Partial<Kpis>;
	charts: Partial<Record<ChartPart, Bucket[]>>;
	queries: { parts: PlannedPart['part'][]; source: string; ms: number }[];
}

/** Which codes of a dimension a filter keeps (index 0, NULL, never: IN and BETWEEN do not match NULL). */
function allowedCodes(memory: CubeMemory, f: Filters, dim: Dimension): Uint8Array {
	const dict = memory.dictionaries[dim];
	const allowed = new Uint8Array(dict.length);
	if (dim === 'modifiedMonth' || dim === 'addedMonth') {
		const w = windowOf(f, dim)!;
		const from = monthNumber(w.from);
		const to = monthNumber(w.to);
		for (let c = 1; c < dict.length; c++) {
			const m = dict[c] as number;
			if (m >= from && m <= to) allowed[c] = 1;
		}
		return allowed;
	}
	const wanted = new Set(selectedValues(f, dim));
	for (let c = 1; c < dict.length; c++) if (wanted.has(String(dict[c]))) allowed[c] = 1;
	return allowed;
}

/** yyyymm truncated to its period, as periodExpr does in SQL (integer `//` and `%` truncate toward zero). */
export function periodOf(month: number, grain: Grain): number {
	if (grain === 'month') return month;
	if (grain === 'year') return Math.trunc(month / 100) * 100 + 1;
	return month - (((month % 100) - 1) % 3);
}

/** printf('%0<width>d'): the sign counts toward the width. */
function padded(n: number, width: number): string {
	return n < 0 ? `-${String(-n).padStart(width - 1, '0')}` : String(n).padStart(width, '0');
}

/** monthTextExpr: `YYYY-MM`. */
export function monthText(month: number): string {
	return `${padded(Math.trunc(month / 100), 4)}-${padded(month % 100, 2)}`;
}

interface ChartAccumulator {
	part: ChartPart;
	dim: Dimension;
	codes: Int32Array;
	/** The filter dimensions this chart applies: all the table's but its own. */
	mask: number;
	files: Float64Array;
	bytes: Float64Array;
	seen: Uint8Array;
}

/** One pass over one table for every part the plan reads from it. */
function passTable(memory: CubeMemory, table: CubeColumns, f: Filters, grain: Grain, parts: PlannedPart[], out: MemoryAnswer): void {
	const filterDims = activeDimensions(f).filter((d) => table.dims[d]);
	const filterCodes = filterDims.map((d) => table.dims[d]!);
	const filterAllowed = filterDims.map((d) => allowedCodes(memory, f, d));
	const bit = (d: Dimension) => {
		const i = filterDims.indexOf(d);
		return i < 0 ? 0 : 1 << i;
	};
	const all = (1 << filterDims.length) - 1;
	const charts: ChartAccumulator[] = [];
	let wantKpis = false;
	for (const p of parts) {
		if (p.part === 'kpis') {
			wantKpis = true;
			continue;
		}
		const part = p.part as ChartPart;
		const dim = CHART_DIMENSION[part];
		const n = memory.dictionaries[dim].length;
		charts.push({ part, dim, codes: table.dims[dim]!, mask: all & ~bit(dim), files: new Float64Array(n), bytes: new Float64Array(n), seen: new Uint8Array(n) });
	}
	const extCodes = table.dims.extension;
	const extSeen = new Uint8Array(memory.dictionaries.extension.length);
	let files = 0;
	let bytes = 0;
	let sized = 0;
	let dated = 0;
	let oldest = Infinity;
	let newest = -Infinity;
	const { files: tf, bytes: tb, sized: ts, dated: td, minMs, maxMs } = table;
	const nf = filterDims.length;
	for (let i = 0; i < table.rows; i++) {
		let fails = 0;
		for (let k = 0; k < nf; k++) if (filterAllowed[k][filterCodes[k][i]] === 0) fails |= 1 << k;
		if (fails === 0 && wantKpis) {
			files += tf[i];
			bytes += tb[i];
			sized += ts![i];
			dated += td![i];
			if (minMs![i] < oldest) oldest = minMs![i];
			if (maxMs![i] > newest) newest = maxMs![i];
			extSeen[extCodes![i]] = 1;
		}
		for (let c = 0; c < charts.length; c++) {
			const a = charts[c];
			if ((fails & a.mask) !== 0) continue;
			const code = a.codes[i];
			if (code === 0) continue;
			a.files[code] += tf[i];
			a.bytes[code] += tb[i];
			a.seen[code] = 1;
		}
	}
	if (wantKpis) {
		let extensions = 0;
		const dict = memory.dictionaries.extension;
		for (let c = 1; c < extSeen.length; c++) if (extSeen[c] && dict[c] !== '') extensions++;
		Object.assign(out.kpis, {
			files,
			bytes,
			extensions,
			oldestModified: oldest === Infinity ? null : oldest,
			newestModified: newest === -Infinity ? null : newest,
			averageSize: sized === 0 ? null : bytes / sized,
			invalidModified: files - dated,
			nullSize: files - sized
		});
		// Unfiltered, the SQL adds the load-time folder count and median; filtered they are a scan's.
		if (!activeDimensions(f).length) Object.assign(out.kpis, { folders: memory.folders, medianSize: memory.medianSize });
	}
	for (const a of charts) out.charts[a.part] = buckets(memory, a, f, grain);
}

function buckets(memory: CubeMemory, a: ChartAccumulator, f: Filters, grain: Grain): Bucket[] {
	const dict = memory.dictionaries[a.dim];
	if (a.dim === 'modifiedMonth' || a.dim === 'addedMonth') {
		const periods = new Map<number, Bucket>();
		for (let c = 1; c < dict.length; c++) {
			if (!a.seen[c]) continue;
			const p = periodOf(dict[c] as number, grain);
			const b = periods.get(p);
			if (b) {
				b.files += a.files[c];
				b.bytes += a.bytes[c];
			} else periods.set(p, { key: monthText(p), files: a.files[c], bytes: a.bytes[c] });
		}
		return [...periods.entries()].sort((x, y) => x[0] - y[0]).map(([, b]) => b);
	}
	const codes: number[] = [];
	for (let c = 1; c < dict.length; c++) if (a.seen[c]) codes.push(c);
	if (a.dim === 'sizeBand' || a.dim === 'ageBand') {
		// Codes follow the values' order: ORDER BY k.
		return codes.map((c) => ({ key: String(dict[c]), files: a.files[c], bytes: a.bytes[c] }));
	}
	const by = a.part === 'topByFiles' ? a.files : a.bytes;
	codes.sort((x, y) => by[y] - by[x] || x - y);
	const selected = new Set(selectedValues(f, a.dim as 'extension' | 'topFolder'));
	const out: Bucket[] = [];
	codes.forEach((c, rank) => {
		const key = String(dict[c]);
		if (rank < TOP_N || selected.has(key)) out.push({ key, files: a.files[c], bytes: a.bytes[c] });
	});
	return out;
}

/**
 * The given parts (none of them a scan) of a view's Summary, from the tables in memory: the same
 * figures, keys and order as their SQL. Null when a part reads a table that is not held.
 */
export function answerFromMemory(memory: CubeMemory, view: SummaryView, parts: PlannedPart[]): MemoryAnswer | null {
	const bySource = new Map<string, PlannedPart[]>();
	for (const p of parts) {
		if (p.scan || p.part === 'folders' || !memory.tables[p.source]) return null;
		bySource.set(p.source, [...(bySource.get(p.source) ?? []), p]);
	}
	const out: MemoryAnswer = { kpis: {}, charts: {}, queries: [] };
	for (const [source, list] of bySource) {
		const started = performance.now();
		passTable(memory, memory.tables[source], view.filters, view.grain, list, out);
		out.queries.push({ parts: list.map((p) => p.part), source: `memory:${source}`, ms: performance.now() - started });
	}
	return out;
}
