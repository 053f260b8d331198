/**
 * Which table answers a question: every table a figure can be read from, with the dimensions it
 * keeps and the measures its rows carry, and the one rule that picks among them. The Summary and
 * every report page ask here (docs/MODEL.md, "Summary tables" and "The report build").
 *
 * A question needs the dimensions it groups by plus those its filters restrict (crossfilter: a
 * chart leaves its own out) and some measures. It goes to the smallest table holding all of them;
 * when none does, to a scan of the per-file rows (`r_files` once the report build is done, `facts`
 * for the Summary's six dimensions), which the pages show as "computing…".
 */
import type { AnyDimension, CoreDimension } from './dimensions';
import { CUBES, type Measure } from './report-build';

/** Measures of the Summary's cubes besides files and bytes. */
export type SummaryMeasure = 'dated' | 'minModified' | 'maxModified';
export type AnyMeasure = Measure | SummaryMeasure;

export interface Source {
	table: string;
	dims: readonly AnyDimension[];
	measures: readonly AnyMeasure[];
	/** A scan of one row per file (slow at 25M), not a summary. */
	scan: boolean;
	/** Text dimensions are held as dictionary codes (`r_dict_<dim>`), not values. */
	coded: boolean;
	/** Built by the report build (absent until it has run), not with the Summary at open. */
	report: boolean;
}

const CORE_FOUR: readonly CoreDimension[] = ['extension', 'sizeBand', 'ageBand', 'topFolder'];
const CUBE_MEASURES: readonly AnyMeasure[] = ['files', 'bytes', 'sized', 'dated', 'minModified', 'maxModified'];
const summary = (table: string, dims: readonly AnyDimension[], measures: readonly AnyMeasure[] = CUBE_MEASURES): Source => ({ table, dims, measures, scan: false, coded: false, report: false });

/** The table of one core dimension by one month (s_mod_extension, s_add_topFolder, ...). */
export function pairTable(dim: CoreDimension, month: 'modifiedMonth' | 'addedMonth'): string {
	return `s_${month === 'modifiedMonth' ? 'mod' : 'add'}_${dim}`;
}

/** Every (core dimension, month) pair that has a table of its own. */
export const PAIRS = (['modifiedMonth', 'addedMonth'] as const).flatMap((month) => CORE_FOUR.map((dim) => ({ dim, month })));

/** The Summary's tables, smallest first (src/lib/model/summary.ts builds them at open). */
export const SUMMARY_SOURCES: readonly Source[] = [
	summary('s_base', CORE_FOUR),
	summary('s_months', ['modifiedMonth', 'addedMonth'], ['files', 'bytes']),
	...PAIRS.map((p) => summary(pairTable(p.dim, p.month), [p.dim, p.month])),
	summary('s_cube', [...CORE_FOUR, 'modifiedMonth']),
	summary('s_added', [...CORE_FOUR, 'addedMonth'])
];

/** `facts`: every core dimension, one row per file. */
export const FACTS_SOURCE: Source = {
	table: 'facts',
	dims: ['extension', 'sizeBand', 'ageBand', 'topFolder', 'modifiedMonth', 'addedMonth'],
	measures: ['files', 'bytes', 'sized', 'dated', 'minModified', 'maxModified', 'minSize', 'maxSize', 'lastModified', 'lastAccessed', 'lastAdded'],
	scan: true,
	coded: false,
	report: false
};

/** The report cubes (src/lib/model/report-build.ts). */
export const REPORT_SOURCES: readonly Source[] = CUBES.map((c) => ({ table: c.table, dims: c.dims, measures: c.measures, scan: false, coded: true, report: true }));

/** `r_files`: every dimension, one row per file. */
export const FILES_SOURCE: Source = {
	table: 'r_files',
	dims: [...FACTS_SOURCE.dims, ...new Set(CUBES.flatMap((c) => c.family.dims))],
	measures: ['files', 'bytes', 'sized', 'dated', 'minSize', 'maxSize', 'lastModified', 'lastAccessed', 'lastAdded'],
	scan: true,
	coded: true,
	report: true
};

export const ALL_SOURCES: readonly Source[] = [...SUMMARY_SOURCES, ...REPORT_SOURCES, FILES_SOURCE, FACTS_SOURCE];

export interface SourceChoice {
	/** Tables that exist now (the report tables once their build is done); all of them when absent. */
	available?: (table: string) => boolean;
	/** Rows per table, when known: the smallest table that answers wins. */
	rows?: (table: string) => number | undefined;
	/** Only the Summary's tables and `facts` (the Summary itself, and packs without report tables). */
	summaryOnly?: boolean;
}

/**
 * The smallest table holding every dimension and measure asked for, a scan of file rows when no
 * summary table does, or null when the only tables that could answer are not built yet.
 */
export function sourceFor(dims: readonly AnyDimension[], measures: readonly AnyMeasure[], choice: SourceChoice = {}): Source | null {
	const available = choice.available ?? (() => true);
	const holds = (s: Source) => dims.every((d) => s.dims.includes(d)) && measures.every((m) => s.measures.includes(m));
	const pool = ALL_SOURCES.filter((s) => (!choice.summaryOnly || !s.report) && holds(s));
	const summaries = pool.filter((s) => !s.scan && available(s.table));
	if (summaries.length) {
		const rows = choice.rows;
		if (!rows) return summaries[0];
		// Stable: equal or unknown sizes keep the registry's order.
		return summaries.map((s, i) => ({ s, i, n: rows(s.table) ?? Number.POSITIVE_INFINITY })).sort((a, b) => a.n - b.n || a.i - b.i)[0].s;
	}
	// A scan: the per-file codes when the report build made them, else `facts` for what it holds.
	const scans = pool.filter((s) => s.scan && available(s.table));
	return scans.find((s) => s === FILES_SOURCE) ?? scans[0] ?? null;
}
