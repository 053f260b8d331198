/** SQL text helpers. Every value that reaches SQL from outside passes through one of these. */

/** Quote an identifier: `my "col"` → `"my ""col"""`. */
export function ident(name: string): string {
	return '"' + name.replaceAll('"', '""') + '"';
}

/** Quote a string literal: `it's` → `'it''s'`. NUL bytes cannot live in a DuckDB literal. */
export function str(value: string): string {
	return "'" + value.replaceAll('\u0000', '').replaceAll("'", "''") + "'";
}

/** A finite number as SQL, or NULL. */
export function num(value: number | bigint | null | undefined): string {
	if (value === null || value === undefined) return 'NULL';
	if (typeof value === 'bigint') return value.toString();
	if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
	return Number.isInteger(value) ? value.toFixed(0) : String(value);
}
