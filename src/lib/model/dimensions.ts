/**
 * Every dimension a figure can be grouped or filtered by, named as the column that holds it in
 * `facts` (the Summary's six), in the per-file codes table `r_files` and in every summary table that
 * keeps it (src/lib/model/sources.ts). The report build derives the report dimensions once per file
 * (src/lib/model/report-build.ts); a question no summary table answers scans `r_files`, where every
 * dimension is a plain column.
 *
 * Definitions are those of docs/MODEL.md ("Bands", "ROT classes", "Lifecycle and security rules").
 */
import { ageBandCase, DAY_MS } from './bands';
import { trivialIndexCase } from './rot';
import { sensitiveMaskExpr } from './security';
import { num } from './sql';

/** The six dimensions the shared filters select (src/lib/model/filters.ts). */
export type CoreDimension = 'extension' | 'sizeBand' | 'ageBand' | 'topFolder' | 'modifiedMonth' | 'addedMonth';

/** Dimensions the report build derives per file. */
export type ReportDimension =
	| 'tagged'
	| 'createdBand'
	| 'createdYear'
	| 'accessedBand'
	| 'accessedYear'
	| 'modifiedYear'
	| 'accessDay'
	| 'accessHour'
	| 'obsoleteAge'
	| 'trivialRule'
	| 'sensitive'
	| 'redundant'
	| 'copyBand'
	| 'unnamed'
	| 'service'
	| 'classification'
	| 'permissionSet'
	| 'sizeBucket';

export type AnyDimension = CoreDimension | ReportDimension;

/** Text dimensions hold strings (NULL allowed); every other dimension is a small integer or NULL. */
export const TEXT_DIMENSIONS: ReadonlySet<AnyDimension> = new Set(['extension', 'topFolder', 'service', 'classification', 'permissionSet']);

/** The value type a dimension's cells carry, for typed result rows. */
export type DimensionValue<D extends AnyDimension> = D extends 'extension' | 'topFolder' | 'service' | 'classification' | 'permissionSet' ? string | null : number | null;

export const CORE_DIMENSIONS: readonly CoreDimension[] = ['extension', 'sizeBand', 'ageBand', 'topFolder', 'modifiedMonth', 'addedMonth'];

/** A year is 365 days here, as in the age bands: "not modified for 3 years" means 1,095 days. */
export const YEAR_MS = 365 * DAY_MS;

/** Obsolete ages are counted up to this many years; a file this old is obsolete for every choice. */
export const MAX_OBSOLETE_AGE = 10;

/** Size buckets per doubling: bucket b ≥ 1 holds sizes in [2^((b−1)/8), 2^(b/8)), about 9 % wide. */
export const SIZE_BUCKETS_PER_DOUBLING = 8;

/** The smallest size of a size bucket (bucket 0 is the zero-byte files). */
export function sizeBucketLow(bucket: number): number {
	return bucket <= 0 ? 0 : Math.ceil(2 ** ((bucket - 1) / SIZE_BUCKETS_PER_DOUBLING));
}

/** The largest size a size bucket can hold (inclusive). */
export function sizeBucketHigh(bucket: number): number {
	return bucket <= 0 ? 0 : Math.ceil(2 ** (bucket / SIZE_BUCKETS_PER_DOUBLING)) - 1;
}

/**
 * The obsolete age of a file: how many whole years (365 days) its last modification lies beyond,
 * capped at MAX_OBSOLETE_AGE, so "obsolete for N years" (modified < as-of − N × 365 days, strictly)
 * is `obsoleteAge >= N`. In integers: with d = as-of − modified in ms, the age is ⌈d / Y⌉ − 1.
 */
function obsoleteAgeSql(asOfMs: number): string {
	const d = `(${num(asOfMs)} - epoch_ms(modified))`;
	const y = num(YEAR_MS);
	return `CASE WHEN modified IS NULL THEN NULL WHEN ${d} <= 0 THEN 0 ELSE least(${num(MAX_OBSOLETE_AGE)}, (${d} + ${y} - 1) // ${y} - 1) END`;
}

/**
 * The size bucket: 0 for an empty file, NULL for an unknown size. log2 runs per file in the
 * build only (once), never per question.
 */
function sizeBucketSql(): string {
	return `CASE WHEN size IS NULL THEN NULL WHEN size <= 0 THEN 0 ELSE 1 + floor(log2(size) * ${num(SIZE_BUCKETS_PER_DOUBLING)})::INTEGER END`;
}

export interface DimensionSql {
	/** The column's SQL type in `r_files` and the summary tables. */
	type: string;
	/**
	 * The value from one `facts` row (its columns in scope; `lname` is lower(name), `d` the file's
	 * duplicate-group row of the report build, when it has one).
	 */
	expr: (asOfMs: number) => string;
}

/** How the report build derives each dimension from a `facts` row. */
export const DIMENSION_SQL: Record<AnyDimension, DimensionSql> = {
	extension: { type: 'VARCHAR', expr: () => 'extension' },
	sizeBand: { type: 'UTINYINT', expr: () => 'sizeBand' },
	ageBand: { type: 'UTINYINT', expr: () => 'ageBand' },
	topFolder: { type: 'VARCHAR', expr: () => 'topFolder' },
	modifiedMonth: { type: 'INTEGER', expr: () => 'modifiedMonth' },
	addedMonth: { type: 'INTEGER', expr: () => 'addedMonth' },
	tagged: { type: 'UTINYINT', expr: () => `CAST(tags IS NOT NULL AS UTINYINT)` },
	createdBand: { type: 'UTINYINT', expr: (asOf) => `CAST(${ageBandCase('created', asOf)} AS UTINYINT)` },
	createdYear: { type: 'SMALLINT', expr: () => `CAST(year(created) AS SMALLINT)` },
	accessedBand: { type: 'UTINYINT', expr: (asOf) => `CAST(${ageBandCase('accessed', asOf)} AS UTINYINT)` },
	accessedYear: { type: 'SMALLINT', expr: () => `CAST(year(accessed) AS SMALLINT)` },
	modifiedYear: { type: 'SMALLINT', expr: () => `CAST(year(modified) AS SMALLINT)` },
	accessDay: { type: 'UTINYINT', expr: () => `CAST(isodow(accessed) AS UTINYINT)` },
	accessHour: { type: 'UTINYINT', expr: () => `CAST(hour(accessed) AS UTINYINT)` },
	obsoleteAge: { type: 'UTINYINT', expr: (asOf) => `CAST(${obsoleteAgeSql(asOf)} AS UTINYINT)` },
	trivialRule: { type: 'UTINYINT', expr: () => `CAST(${trivialIndexCase('lname', 'size')} AS UTINYINT)` },
	sensitive: { type: 'UTINYINT', expr: () => `CAST(${sensitiveMaskExpr('lname', 'extension')} AS UTINYINT)` },
	redundant: { type: 'UTINYINT', expr: () => `CAST(coalesce(d.redundant, 0) AS UTINYINT)` },
	copyBand: { type: 'UTINYINT', expr: () => `CAST(d.copyBand AS UTINYINT)` },
	unnamed: { type: 'UTINYINT', expr: () => `CAST(name = '' AND size > 0 AS UTINYINT)` },
	service: { type: 'VARCHAR', expr: () => 'service' },
	classification: { type: 'VARCHAR', expr: () => `nullif(trim(classification), '')` },
	permissionSet: { type: 'VARCHAR', expr: () => 'permissionSet' },
	sizeBucket: { type: 'SMALLINT', expr: () => sizeBucketSql() }
};

export const isTextDimension = (d: AnyDimension): boolean => TEXT_DIMENSIONS.has(d);
