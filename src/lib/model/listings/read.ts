/**
 * SQL that reads a text listing into a table of text columns, as its layout (./layout.ts) says.
 * Every column stays VARCHAR: the listing's own number and date formats are read later, by rules
 * decided from its values (./numbers.ts, ./times.ts), never by a type sniffer guessing from the
 * first rows.
 */
import type { ListingLayout } from './layout';
import { ident, num, str } from '../sql';

/** A character no listing holds: the separator for a listing read one line at a time. */
const NO_SEPARATOR = 'chr(31)';

const list = (files: string[]) => `[${files.map(str).join(', ')}]`;

/**
 * CREATE TABLE `target` from the registered files (one listing, its parts joined). `lenient`
 * pads or skips rows that do not fit, as a spreadsheet's CSV sometimes needs.
 */
export function listingReadSql(target: string, files: string[], layout: ListingLayout, lenient: boolean): string {
	const tolerance = lenient ? ', strict_mode = false, ignore_errors = true' : '';
	// An explicit `skip = 0` stops DuckDB's sniffer from finding a ragged file's dialect: only given when needed.
	const skip = (n: number) => (n > 0 ? `, skip = ${num(n)}` : '');
	if (layout.kind === 'delimited') {
		if (layout.delimiter === null) {
			return `CREATE OR REPLACE TABLE ${target} AS SELECT * FROM read_csv(${list(files)}, delim = ${NO_SEPARATOR}, quote = '', escape = '', header = ${layout.header}${skip(layout.skip)}, auto_detect = false, columns = {'column0': 'VARCHAR'}${tolerance})`;
		}
		const quote = str(layout.quote);
		return `CREATE OR REPLACE TABLE ${target} AS SELECT * FROM read_csv(${list(files)}, delim = ${str(layout.delimiter)}, quote = ${quote}, escape = ${quote}, header = ${layout.header}${skip(layout.skip)}, all_varchar = true, null_padding = true, sample_size = 20480${tolerance})`;
	}
	const names = spacedNames(layout);
	const pattern = spacedPattern(layout);
	const fields = names.map((n, i) => `s.c${i} AS ${ident(n)}`).join(', ');
	const lines = layout.skip + (layout.header ? 1 : 0);
	return `CREATE OR REPLACE TABLE ${target} AS SELECT ${fields} FROM (
		SELECT regexp_extract(line, ${str(pattern)}, [${names.map((_, i) => `'c${i}'`).join(', ')}]) AS s
		FROM read_csv(${list(files)}, delim = ${NO_SEPARATOR}, quote = '', escape = '', header = false${skip(lines)}, auto_detect = false, columns = {'line': 'VARCHAR'}${tolerance})
	) WHERE s.c${layout.before} <> ''`;
}

/** The columns of a space-separated listing: its header's words, else column0, column1, … */
export function spacedNames(layout: Extract<ListingLayout, { kind: 'spaced' }>): string[] {
	const n = layout.before + 1 + layout.after;
	return layout.names && layout.names.length === n ? layout.names : Array.from({ length: n }, (_, i) => `column${i}`);
}

/** `before` fields, the path (spaces allowed), `after` fields, separated by single spaces. */
export function spacedPattern(layout: { before: number; after: number }): string {
	return `^${'(\\S+) '.repeat(layout.before)}(.+?)${' (\\S+)'.repeat(layout.after)}$`;
}

/** Lines of a space-separated listing the pattern could not cut (they are left out and counted). */
export function spacedLinesSql(files: string[], layout: Extract<ListingLayout, { kind: 'spaced' }>): string {
	const lines = layout.skip + (layout.header ? 1 : 0);
	return `SELECT count(*) AS n FROM read_csv(${list(files)}, delim = ${NO_SEPARATOR}, quote = '', escape = '', header = false${lines > 0 ? `, skip = ${num(lines)}` : ''}, auto_detect = false, columns = {'line': 'VARCHAR'}) WHERE trim(line) <> ''`;
}
