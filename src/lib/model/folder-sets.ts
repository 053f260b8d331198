/**
 * Reading the report build's folder sets (report-build.ts folderSetsSql): how many folders hold a
 * file that a filter on one dimension keeps, as a union of the sets of the values it selects, never
 * a distinct count over every file. A set is a bitmap over folder codes (bit i for code i, code 0
 * standing for files with no known folder) or a sorted list of codes.
 */
import { activeDimensions, filterWhere, type Filters } from './filters';
import { FOLDER_DICTIONARY, FOLDER_SET_DIMENSIONS, FOLDER_SETS, type FolderSetDimension } from './report-build';
import { str } from './sql';

/** The one dimension the filters select on when the folder sets can answer (null: they cannot). */
export function folderSetDimension(filters: Filters, available: (table: string) => boolean): FolderSetDimension | null {
	if (!available(FOLDER_SETS) || !available(FOLDER_DICTIONARY)) return null;
	const active = activeDimensions(filters);
	const d = active.length === 1 ? active[0] : null;
	return d !== null && (FOLDER_SET_DIMENSIONS as readonly string[]).includes(d) ? (d as FolderSetDimension) : null;
}

/**
 * Which folder codes to count, as SQL giving `lo` and `hi`: every folder and the files with none
 * (the Summary's count, where those files make a folder '' of their own), every known folder (a
 * report's "all folders"), or `root` and every folder below it (one range, codes being in path order).
 */
export type FolderCodes = { all: true } | { known: true } | { under: string };

function codeRange(codes: FolderCodes): string {
	const last = `(SELECT count(*) FROM ${FOLDER_DICTIONARY})`;
	if ('all' in codes) return `SELECT 0 AS lo, ${last} AS hi`;
	if ('known' in codes || codes.under === '') return `SELECT 1 AS lo, ${last} AS hi`;
	return `SELECT min(code) AS lo, max(code) AS hi FROM ${FOLDER_DICTIONARY} WHERE starts_with(value, ${str(codes.under)})`;
}

/**
 * Folders holding files the filters keep (a filter on dimension `d` alone), within `codes`: the
 * bits of the union of the selected values' bitmaps in that range, plus the listed codes in it that
 * no bitmap holds. The filter is compiled as it is over `r_codes`, over the sets' codes named as `d`.
 */
export function folderSetsCountSql(filters: Filters, d: FolderSetDimension, codes: FolderCodes): string {
	const where = filterWhere(filters, undefined, { coded: true });
	// Every bit counts when the range is the whole bitmap; a range is counted on its text form.
	const bits = 'all' in codes ? 'bit_count(b.bits)' : `length(replace(substring(b.bits::VARCHAR, r.lo + 1, r.hi - r.lo + 1), '0', ''))`;
	return `WITH s AS (SELECT bits, folders FROM (SELECT code AS ${d}, bits, folders FROM ${FOLDER_SETS} WHERE dim = ${str(d)}) WHERE ${where}),
r AS (${codeRange(codes)}),
b AS (SELECT bit_or(bits) AS bits FROM s),
l AS (SELECT DISTINCT f FROM (SELECT unnest(folders) AS f FROM s), r WHERE f BETWEEN r.lo AND r.hi)
SELECT CAST(
	coalesce((SELECT ${bits} FROM b, r), 0)
	+ (SELECT count(*) FROM l, b WHERE b.bits IS NULL OR get_bit(b.bits, l.f) = 0)
AS BIGINT) AS folders`;
}
