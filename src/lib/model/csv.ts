/**
 * The one rule for every CSV the app writes: the Explorer's export (written by DuckDB in the engine
 * worker, with `neutraliseSql`) and every report table and chart (written on the page, with
 * `toCsv`). Defined once so the two writers cannot drift apart.
 *
 * - A text cell whose first character is `=`, `+`, `-`, `@`, tab or carriage return would be run as
 *   a formula by a spreadsheet (OWASP, "CSV Injection"): it gets a `'` in front. Nothing else is
 *   touched: a folder `/data/`, a name `.profile` or `10-Q.pdf` is written as it is.
 * - A number cell is a number: `-5` stays `-5`, whatever its sign.
 * - Quoting per RFC 4180: a field holding a comma, a double quote, CR or LF is quoted and its
 *   double quotes doubled; lines end in CRLF. Like DuckDB's writer, a field holding `#` (a comment
 *   mark to some readers) and an empty text (not a missing value) are quoted too, so both writers
 *   give the same bytes.
 * - The file starts with a UTF-8 byte order mark, so a spreadsheet reads non-Latin names right.
 *
 * Pure: no DOM, no DuckDB. Values reach SQL only through `str`.
 */
import { str } from './sql';

/** First characters that make a spreadsheet evaluate a text cell. */
export const FORMULA_LEADS: readonly string[] = ['=', '+', '-', '@', '\t', '\r'];

export const CSV_BOM = '\ufeff';
export const CSV_EOL = '\r\n';

export type CsvValue = string | number | bigint | boolean | null | undefined;

/** A text cell as exported: a formula lead gets a `'` in front of it; anything else is unchanged. */
export function neutralise(text: string): string {
	return FORMULA_LEADS.includes(text.charAt(0)) ? `'${text}` : text;
}

/** RFC 4180 quoting of one field's text (and of `#` and the empty text, as DuckDB's writer does). */
export function quoteField(text: string): string {
	return text === '' || /[",\r\n#]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One cell: text neutralised and quoted, numbers as numbers, null as an empty field. */
export function csvCell(value: CsvValue): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
	if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
	return quoteField(neutralise(value));
}

/** A whole CSV text: header, rows, CRLF after each line, the byte order mark in front. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
	return CSV_BOM + [header, ...rows].map((r) => r.map(csvCell).join(',') + CSV_EOL).join('');
}

/* ------------------------------------------------------------------------------------------ */
/* The same rule for DuckDB's writer                                                            */

/** A one-character SQL literal; control characters as chr(n), so the SQL text carries none. */
function charLiteral(c: string): string {
	const code = c.charCodeAt(0);
	return code < 0x20 ? `chr(${code})` : str(c);
}

/** A text expression as exported: `'` in front when its first character is a formula lead. */
export function neutraliseSql(expr: string): string {
	return `CASE WHEN left(${expr}, 1) IN (${FORMULA_LEADS.map(charLiteral).join(', ')}) THEN '''' || ${expr} ELSE ${expr} END`;
}

/**
 * The options of DuckDB's `COPY … TO` for this CSV: RFC 4180 quoting (its default quote and escape
 * are both `"`), CRLF line ends. DuckDB reads `\r\n` in the option's text as CR LF: the backslashes
 * are meant literally here. The byte order mark is not DuckDB's to write: the caller puts
 * CSV_BOM in front of the first chunk.
 */
export function csvCopyOptions(header: boolean): string {
	return `FORMAT csv, HEADER ${header ? 'true' : 'false'}, DELIMITER ',', QUOTE '"', ESCAPE '"', NEW_LINE ${str(String.raw`\r\n`)}`;
}
