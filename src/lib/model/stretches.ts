/**
 * A sample of a large table as whole stretches of rows spread evenly over it, each a rowid range:
 * DuckDB reads only the row groups a range touches, so the sample costs its stretches, not the
 * table (a hash or reservoir sample would read every row first).
 */
import { num } from './sql';

/** `SELECT <columns> FROM <ref>` over `stretches` stretches of `rowsEach` rows of a table of `totalRows` rows. */
export function stretchesSql(columns: string, ref: string, totalRows: number, stretches: number, rowsEach: number): string {
	return Array.from({ length: stretches }, (_, k) => Math.max(0, Math.floor(((k + 0.5) * totalRows) / stretches - rowsEach / 2)))
		.map((from) => `SELECT ${columns} FROM ${ref} WHERE rowid BETWEEN ${num(from)} AND ${num(from + rowsEach - 1)}`)
		.join('\nUNION ALL ');
}
