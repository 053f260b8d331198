/**
 * SQL that samples a listing table for recognition: the first rows of every column as text, the
 * values of a size column that show its number format, the distinct values of a time column, and
 * how many rows are folders. Small answers only.
 */
import { ident, num } from '../sql';
import { folderRowSql, type FolderRule } from '../inventory';
import { modelPathSql } from './paths';

/** The first `rows` rows, every column as text. */
export function sampleRowsSql(ref: string, columns: string[], rows: number): string {
	const select = columns.map((c) => `CAST(${ident(c)} AS VARCHAR) AS ${ident(c)}`).join(', ');
	return `SELECT ${select} FROM ${ref} LIMIT ${num(rows)}`;
}

/**
 * Distinct values of a text column that hold a separator or a unit (`1.234`, `1,5`, `12 KB`): the
 * longest first, since `1.234.567` settles what `1.234` leaves open.
 */
export function numberEvidenceSql(ref: string, column: string, limit: number): string {
	const v = `trim(CAST(${ident(column)} AS VARCHAR))`;
	return `SELECT v FROM (SELECT DISTINCT ${v} AS v FROM ${ref} WHERE ${v} LIKE '%.%' OR ${v} LIKE '%,%' OR ${v} LIKE '% %' OR ${v} LIKE '%''%' OR regexp_matches(${v}, '[A-Za-z]$'))
		ORDER BY length(v) DESC, v LIMIT ${num(limit)}`;
}

/** Distinct non-empty values of a column, as text (time formats, day/month evidence). */
export function distinctValuesSql(ref: string, column: string, limit: number): string {
	const v = `trim(CAST(${ident(column)} AS VARCHAR))`;
	return `SELECT DISTINCT ${v} AS v FROM ${ref} WHERE ${v} <> '' LIMIT ${num(limit)}`;
}

/**
 * Dates written d/m/y or m/d/y whose first or second number is above 12: one such value tells
 * which is the day. Counted over the whole column, not a sample.
 */
export function dayMonthEvidenceSql(ref: string, column: string): string {
	const parts = `regexp_extract(trim(CAST(${ident(column)} AS VARCHAR)), '^(\\d{1,2})[/.-](\\d{1,2})[/.-]\\d{4}', ['a', 'b'])`;
	return `SELECT count_if(TRY_CAST(p.a AS INTEGER) > 12) AS first, count_if(TRY_CAST(p.b AS INTEGER) > 12) AS second FROM (SELECT ${parts} AS p FROM ${ref})`;
}

/** How many rows are folders (by the rules and a path ending in a separator), and how many rows in all. */
export function folderCountSql(ref: string, path: string | null, rules: FolderRule[]): string {
	const p = path ? modelPathSql(`t.${ident(path)}`) : null;
	return `SELECT count_if(${folderRowSql(p, rules)}) AS folders, count(*) AS rows FROM ${ref} AS t`;
}
