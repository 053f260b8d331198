/**
 * Splitting SQL text into statements, for the engine to run (and cancel, and log) one at a time.
 * Most of the model hands out statements as lists and needs none of this; the summary build's steps
 * are multi-statement text. A `;` ends a statement only outside quoted text: single-quoted strings
 * (`''` inside), E'' strings (backslash escapes), double-quoted identifiers, `--` and (nested)
 * `/* *\/` comments, and dollar-quoted strings (`$$…$$`, `$tag$…$tag$`) are read whole, so a `;`
 * in a file name or a filter value never cuts a statement in two.
 */

/** The statements of `sql` in order, trimmed; empty ones (only spaces and comments) left out. */
export function splitStatements(sql: string): string[] {
	const out: string[] = [];
	let start = 0;
	/** Whether the current statement holds anything but spaces and comments. */
	let code = false;
	let i = 0;
	const n = sql.length;
	const end = (at: number) => {
		if (code) out.push(sql.slice(start, at).trim());
		start = at + 1;
		code = false;
	};
	while (i < n) {
		const c = sql[i];
		const next = sql[i + 1];
		if (c === '-' && next === '-') {
			const eol = sql.indexOf('\n', i + 2);
			i = eol < 0 ? n : eol + 1;
		} else if (c === '/' && next === '*') {
			let depth = 1;
			i += 2;
			while (i < n && depth > 0) {
				const pair = sql.slice(i, i + 2);
				if (pair === '/*' || pair === '*/') {
					depth += pair === '/*' ? 1 : -1;
					i += 2;
				} else i++;
			}
		} else if (c === "'") {
			const escapes = i > 0 && /[eE]/.test(sql[i - 1]) && !(i > 1 && /[\w$]/.test(sql[i - 2]));
			i = closeQuote(sql, i + 1, "'", escapes);
			code = true;
		} else if (c === '"') {
			i = closeQuote(sql, i + 1, '"', false);
			code = true;
		} else if (c === '$' && !(i > 0 && /[\w$]/.test(sql[i - 1]))) {
			const tag = /^\$([A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.exec(sql.slice(i, i + 256));
			if (tag) {
				const close = sql.indexOf(tag[0], i + tag[0].length);
				i = close < 0 ? n : close + tag[0].length;
			} else i++;
			code = true;
		} else if (c === ';') {
			end(i);
			i++;
		} else {
			if (!/\s/.test(c)) code = true;
			i++;
		}
	}
	end(n);
	return out;
}

/** The index just past the quote that closes a quoted run starting at `from` (doubled quotes stay inside). */
function closeQuote(sql: string, from: number, quote: string, backslashEscapes: boolean): number {
	let i = from;
	while (i < sql.length) {
		const c = sql[i];
		if (backslashEscapes && c === '\\') i += 2;
		else if (c === quote && sql[i + 1] === quote) i += 2;
		else if (c === quote) return i + 1;
		else i++;
	}
	return sql.length;
}
