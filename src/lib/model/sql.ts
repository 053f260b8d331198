/**
 * Quoting for SQL text: the one place identifiers, strings and numbers are written into a
 * statement. Every value that reaches SQL from outside passes through one of these
 * (tests/unit/sql.test.ts runs them with hostile values through native DuckDB).
 */

/** Quote an identifier: `my "col"` → `"my ""col"""`. DuckDB has no way to name "" or a name holding NUL. */
export function ident(name: string): string {
	if (name === '' || name.includes('\u0000')) throw new Error(`not a usable SQL name: ${JSON.stringify(name)}`);
	return '"' + name.replaceAll('"', '""') + '"';
}

/** A string literal with its quotes doubled; no NUL inside (the parser ends the text there). */
const literal = (text: string) => "'" + text.replaceAll("'", "''") + "'";

/**
 * A string value as SQL: `it's` → `'it''s'`. Backslashes, newlines and any Unicode stand as they
 * are (DuckDB's plain literals have no escapes). A value holding NUL, which no literal can hold,
 * becomes a constant expression of literals and `chr(0)`, so it keeps every character.
 */
export function str(value: string): string {
	if (!value.includes('\u0000')) return literal(value);
	return `(${value
		.split('\u0000')
		.map(literal)
		.join(' || chr(0) || ')})`;
}

/**
 * A finite number as SQL, or NULL. A negative one is parenthesised, so no text around it can turn
 * its minus into a `--` comment (`x -${num(-1)}`).
 */
export function num(value: number | bigint | null | undefined): string {
	if (value === null || value === undefined) return 'NULL';
	if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
	const text = typeof value === 'bigint' ? value.toString() : Number.isInteger(value) ? value.toFixed(0) : String(value);
	return text.startsWith('-') ? `(${text})` : text;
}
