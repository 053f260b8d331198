/**
 * The Explorer's search language and its search index.
 *
 * What a person types:
 * - words, separated by spaces: a file matches when its path (folder + name) contains every word,
 *   in any order ("HR 2022"); "quoted words" are one word with its spaces;
 * - globs, a word with `*` (any run of characters) or `?` (one character): without a slash the
 *   pattern is the whole file name (`*.iso`, `report_??.pdf`); with a slash it is the end of the
 *   path (`HR/*` = every path with a folder ending in "hr" somewhere, `2022/*.pdf`);
 * - everything case-insensitive, `\` read as `/`.
 * The folder prefix ("Folder starts with", `?prefix=`) is read the same way, and a leading slash
 * does not matter: `/Shares/HR`, `shares\hr` and `Shares/HR` are one prefix.
 *
 * The index: `x_search` holds, for every row of `facts` in stored order (its rowid IS the file's
 * stored position), the normalised path `k` ('/' + lower-cased folder + name, forward slashes, one
 * leading slash) and the length of its folder part `fl`. A search then reads two narrow columns
 * instead of lower-casing 25M paths of `facts` per keystroke, and its first page stops at the
 * first matches. It is built once per dataset, in slices (each its own request, so other
 * questions run in between), and kept with the dataset's store.
 *
 * Pure: no DuckDB, no Svelte. Values reach SQL only through `str`/`num`.
 */
import { num, str } from './sql';

/* ------------------------------------------------------------------------------------------ */
/* The rule                                                                                     */

export type SearchTerm = { kind: 'word'; text: string } | { kind: 'name-glob'; text: string } | { kind: 'path-glob'; text: string };

/** Lower case, `\` as `/`: how both the typed text and the paths are compared. */
export const normaliseText = (s: string): string => s.toLowerCase().replaceAll('\\', '/');

/** A typed folder prefix as the index compares it: normalised, with exactly one leading slash. */
export function normalisePrefix(prefix: string): string {
	const p = normaliseText(prefix.trim()).replace(/^\/+/, '');
	return p ? `/${p}` : '';
}

/** The terms of a search text; empty text, no terms. */
export function parseSearch(text: string): SearchTerm[] {
	const out: SearchTerm[] = [];
	const re = /"([^"]*)"|(\S+)/g;
	for (let m = re.exec(text); m; m = re.exec(text)) {
		const quoted = m[1] !== undefined;
		const raw = normaliseText(quoted ? m[1] : m[2]);
		if (!raw) continue;
		if (!quoted && /[*?]/.test(raw)) {
			if (/^\*+$/.test(raw)) continue; // `*` alone keeps every file: no condition
			out.push({ kind: raw.includes('/') ? 'path-glob' : 'name-glob', text: raw });
		} else out.push({ kind: 'word', text: raw });
	}
	return out;
}

/** A glob as a LIKE pattern (escape `\`): `*` → `%`, `?` → `_`, a literal `%`, `_` or `\` escaped. */
export function globToLike(glob: string): string {
	let out = '';
	for (const ch of glob) {
		if (ch === '*') out += '%';
		else if (ch === '?') out += '_';
		else if (ch === '%' || ch === '_' || ch === '\\') out += `\\${ch}`;
		else out += ch;
	}
	return out;
}

/** The columns (or expressions) a search condition reads: the normalised path, and the name part. */
export interface SearchColumns {
	path: string;
	name: string;
	/** The normalised folder part (for a prefix); over the index, derived from `fl`. */
	folderStartsWith: (prefix: string) => string;
}

/** Over the index table: `k` and `fl`. */
export const INDEX_COLUMNS: SearchColumns = {
	path: 'k',
	name: 'substr(k, fl + 1)',
	// The folder part is k's first fl characters: it starts with p when k does and p is no longer.
	folderStartsWith: (p) => `(starts_with(k, ${str(p)}) AND fl >= ${num(p.length)})`
};

/** The normalised folder of a `facts` row, the way `x_search` stores it. */
export const FOLDER_KEY = `'/' || ltrim(replace(lower(coalesce(folder, '')), '\\', '/'), '/')`;
/** The normalised path of a `facts` row (the index's `k`). */
export const PATH_KEY = `'/' || ltrim(replace(lower(coalesce(folder, '') || coalesce(name, '')), '\\', '/'), '/')`;

/** Over `facts` columns, row by row (a sorted or otherwise filtered list, where the index is not read). */
export const FACTS_COLUMNS: SearchColumns = {
	path: PATH_KEY,
	name: `replace(lower(coalesce(name, '')), '\\', '/')`,
	folderStartsWith: (p) => `starts_with(${FOLDER_KEY}, ${str(p)})`
};

/**
 * The conditions of a search text and a folder prefix (both may be empty), ANDed by the caller.
 * `length(p)` of the prefix is counted in characters as DuckDB's `length` does for `fl`: the
 * prefix is compared as text, so its JavaScript length equals DuckDB's for the code points it has
 * (astral characters aside, which a prefix typed in a box does not carry in practice).
 */
export function searchConditions(text: string, prefix: string, columns: SearchColumns): string[] {
	const out: string[] = [];
	for (const term of parseSearch(text)) {
		if (term.kind === 'word') out.push(`contains(${columns.path}, ${str(term.text)})`);
		else if (term.kind === 'name-glob') out.push(`${columns.name} LIKE ${str(globToLike(term.text))} ESCAPE '\\'`);
		else out.push(`${columns.path} LIKE ${str('%' + globToLike(term.text))} ESCAPE '\\'`);
	}
	const p = normalisePrefix(prefix);
	if (p) out.push(columns.folderStartsWith(p));
	return out;
}

/* ------------------------------------------------------------------------------------------ */
/* The index                                                                                    */

export const SEARCH_TABLE = 'x_search';
/** The positions (facts rowids) a search keeps, in stored order: its rowid is the display position. */
export const HITS_TABLE = 'x_hits';

/** Rows of `facts` indexed per step (one request each): a step stays well under a second or two at 25M. */
export const SEARCH_SLICE_ROWS = 2_000_000;

export function searchIndexCreateSql(): string {
	return `CREATE TABLE IF NOT EXISTS ${SEARCH_TABLE} (k VARCHAR, fl INTEGER)`;
}

/** Rows the index holds: it is complete when they equal `facts`' rows (a cut-short build goes on). */
export function searchIndexRowsSql(): string {
	return `SELECT count(*)::BIGINT AS n FROM ${SEARCH_TABLE}`;
}

/**
 * Append `facts` rows [from, to] of one part, in stored order (`offset` is the part's first stored
 * position; the index's rowid must equal it, so the rows already there must number `offset + from`).
 */
export function searchIndexSliceSql(table: string, from: number, to: number): string {
	return `INSERT INTO ${SEARCH_TABLE} SELECT ${PATH_KEY} AS k, length(${FOLDER_KEY})::INTEGER AS fl FROM ${table} WHERE rowid BETWEEN ${num(from)} AND ${num(to)} ORDER BY rowid`;
}

/** The first `limit` positions a search keeps, in stored order: the scan stops once it has them. */
export function firstHitsSql(conditions: string[], limit: number): string {
	return `SELECT rowid::BIGINT AS rid FROM ${SEARCH_TABLE} WHERE ${conditions.map((c) => `(${c})`).join(' AND ')} LIMIT ${num(limit)}`;
}

export function hitsCreateSql(): string {
	return `CREATE OR REPLACE TABLE ${HITS_TABLE} (rid BIGINT)`;
}

/** Append the positions among index rows [from, to] that a search keeps, in order. */
export function hitsFillSql(conditions: string[], from: number, to: number): string {
	return `INSERT INTO ${HITS_TABLE} SELECT rowid AS rid FROM ${SEARCH_TABLE} WHERE rowid BETWEEN ${num(from)} AND ${num(to)} AND ${conditions.map((c) => `(${c})`).join(' AND ')} ORDER BY rowid`;
}

/** The positions at display positions [from, to] of the hits. */
export function hitsRangeSql(from: number, to: number): string {
	return `SELECT rid FROM ${HITS_TABLE} WHERE rowid BETWEEN ${num(from)} AND ${num(to)} ORDER BY rowid`;
}

/** Stored rows of one part that are read in one range when the next one is no further than this. */
const CLUSTER_GAP = 8_192;

/**
 * Read rows by stored position from a row store: the positions grouped into close clusters, each a
 * rowid range (so DuckDB reads only the row groups it needs) narrowed to the wanted rowids.
 * Each row comes with its stored position as `rid`. Ascending positions expected.
 */
export function rowsByPositionSql(store: readonly { table: string; rows: number }[], positions: readonly number[], select: string): string | null {
	if (!positions.length) return null;
	const parts: string[] = [];
	let offset = 0;
	for (const part of store) {
		const mine = positions.filter((p) => p >= offset && p < offset + part.rows).map((p) => p - offset);
		for (let i = 0; i < mine.length; ) {
			let j = i;
			while (j + 1 < mine.length && mine[j + 1] - mine[j] <= CLUSTER_GAP) j++;
			const ids = mine.slice(i, j + 1);
			const range = `rowid BETWEEN ${num(ids[0])} AND ${num(ids[ids.length - 1])}`;
			const only = ids.length === ids[ids.length - 1] - ids[0] + 1 ? '' : ` AND rowid IN (${ids.map(num).join(', ')})`;
			parts.push(`SELECT (rowid${offset ? ` + ${num(offset)}` : ''})::BIGINT AS rid, ${select} FROM ${part.table} WHERE ${range}${only}`);
			i = j + 1;
		}
		offset += part.rows;
	}
	return parts.join('\nUNION ALL\n');
}

/** Copy the rows of the hits into a table in order (for an export of a searched list). */
export function hitsMaterialiseSql(store: readonly { table: string; rows: number }[], into: string): string[] {
	let offset = 0;
	const out = [`CREATE OR REPLACE TABLE ${into} AS SELECT * FROM ${store[0].table} LIMIT 0`];
	for (const part of store) {
		const lo = offset;
		const hi = Number.isFinite(part.rows) ? offset + part.rows - 1 : Number.MAX_SAFE_INTEGER;
		out.push(
			`INSERT INTO ${into} SELECT * FROM ${part.table} WHERE rowid${offset ? ` + ${num(offset)}` : ''} IN (SELECT rid FROM ${HITS_TABLE} WHERE rid BETWEEN ${num(lo)} AND ${num(hi)}) ORDER BY rowid`
		);
		offset += Number.isFinite(part.rows) ? part.rows : 0;
	}
	return out;
}
