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
 * The index: `x_folders` holds every distinct normalised folder once (`fk`: '/' + lower-cased
 * folder, forward slashes, one leading slash and one trailing slash) under a number `fid`;
 * `x_search` holds, for every row of `facts` in stored order (its rowid IS the file's stored
 * position), its folder's `fid` and its normalised name `n`. A file's normalised path is `fk || n`.
 * A word is looked for in the short names and in the few folders (a folder that holds it keeps all
 * its files), not in 25M long paths; a folder prefix is a set of folder numbers. Only a glob with a
 * slash reads whole paths. The first page of a search stops at the first matches. The index is built
 * once per dataset, in slices (each its own request, so other questions run in between), and kept
 * with the dataset's store.
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

/** How each kind of term becomes a condition over one relation (the index, or `facts` row by row). */
export interface SearchColumns {
	/** The normalised path contains the text. */
	word: (text: string) => string;
	/** The normalised name matches a LIKE pattern (escape `\\`). */
	nameLike: (pattern: string) => string;
	/** The normalised path matches a LIKE pattern (escape `\\`). */
	pathLike: (pattern: string) => string;
	/** The normalised folder starts with a normalised prefix. */
	folderStartsWith: (prefix: string) => string;
}

/**
 * A LIKE condition; the ESCAPE clause only when the pattern escapes something: with one, DuckDB
 * cannot turn `%.iso` into a suffix test and runs its general matcher on every row.
 */
const like = (expr: string, pattern: string) => `${expr} LIKE ${str(pattern)}${pattern.includes('\\') ? ` ESCAPE '\\'` : ''}`;

/** A folder normalised the way `x_folders` stores it: '/'-led and '/'-terminated. */
const folderKey = (folder: string) => `rtrim('/' || ltrim(replace(lower(coalesce(${folder}, '')), '\\', '/'), '/'), '/') || '/'`;
/** A name normalised the way `x_search` stores it (its `n`). */
const nameKey = (name: string) => `replace(lower(coalesce(${name}, '')), '\\', '/')`;

/** The normalised folder of a `facts` row. */
export const FOLDER_KEY = folderKey('folder');
/** The normalised name of a `facts` row. */
export const NAME_KEY = nameKey('name');
/** The normalised path of a `facts` row: its folder key, then its name key. */
export const PATH_KEY = `(${FOLDER_KEY}) || ${NAME_KEY}`;

/** Over `facts` columns, row by row (a sorted or otherwise filtered list, where the index is not read). */
export const FACTS_COLUMNS: SearchColumns = {
	word: (w) => `contains(${PATH_KEY}, ${str(w)})`,
	nameLike: (p) => like(NAME_KEY, p),
	pathLike: (p) => like(PATH_KEY, p),
	folderStartsWith: (p) => `starts_with(${FOLDER_KEY}, ${str(p)})`
};

/** The rows of `x_search` whose folder meets a condition over `fk`: one lookup of a small set per row. */
const folderWhere = (condition: string) => `fid IN (SELECT fid FROM ${FOLDERS_TABLE} WHERE ${condition})`;

/** Folder numbers looked up once per search, per word: those whose folder key contains the word. */
export type FolderHits = ReadonlyMap<string, readonly number[]>;

/** A word's folders are written into a search's statement when they are at most this many. */
export const MAX_INLINE_FOLDERS = 1000;

/** The folders holding a word in their key (one more than MAX_INLINE_FOLDERS at most: more are not inlined). */
export function folderHitsSql(word: string): string {
	return `SELECT fid FROM ${FOLDERS_TABLE} WHERE contains(fk, ${str(word)}) ORDER BY fid LIMIT ${num(MAX_INLINE_FOLDERS + 1)}`;
}

/** The plain words of a search text (those whose folders can be looked up first). */
export const searchWords = (text: string): string[] => [...new Set(parseSearch(text).flatMap((t) => (t.kind === 'word' ? [t.text] : [])))];

/**
 * Over the index (`x_search`: `fid`, `n`). A word is in a path `fk || n` when it is in the folder, in
 * the name, or across the two: then the folder ends with the word up to one of its slashes (every
 * folder key ends with a slash) and the name starts with the rest. With `hits`, a word's folders
 * are known before the statement runs: each row then tests its name and a short literal list of
 * folder numbers, instead of probing a set looked up within the statement.
 */
export function indexColumns(hits: FolderHits = new Map()): SearchColumns {
	const inFolders = (w: string) => {
		const known = hits.get(w);
		if (!known || known.length > MAX_INLINE_FOLDERS) return [folderWhere(`contains(fk, ${str(w)})`)];
		// No folder: the list is written as (-1), a number no folder has. The branch stays so the name
		// test is not pushed into the rowid-ranged scan alone (DuckDB was then several times slower).
		return [`fid IN (${known.length ? known.map(num).join(', ') : '-1'})`];
	};
	return {
		word: (w) => {
			const either = [`contains(n, ${str(w)})`, ...inFolders(w)];
			for (let j = w.indexOf('/'); j >= 0 && j < w.length - 1; j = w.indexOf('/', j + 1)) {
				either.push(`(starts_with(n, ${str(w.slice(j + 1))}) AND ${folderWhere(`ends_with(fk, ${str(w.slice(0, j + 1))})`)})`);
			}
			return `(${either.join(' OR ')})`;
		},
		nameLike: (p) => like('n', p),
		// A pattern over whole paths has no shortcut: each row's folder key is looked up by its number.
		pathLike: (p) => like(`((SELECT list(fk ORDER BY fid) FROM ${FOLDERS_TABLE})[fid] || n)`, p),
		folderStartsWith: (p) => folderWhere(`starts_with(fk, ${str(p)})`)
	};
}

/** Over the index, each word's folders looked up within the statement. */
export const INDEX_COLUMNS: SearchColumns = indexColumns();

/** The conditions of a search text and a folder prefix (both may be empty), ANDed by the caller. */
export function searchConditions(text: string, prefix: string, columns: SearchColumns): string[] {
	const out: string[] = [];
	for (const term of parseSearch(text)) {
		if (term.kind === 'word') out.push(columns.word(term.text));
		else if (term.kind === 'name-glob') out.push(columns.nameLike(globToLike(term.text)));
		else out.push(columns.pathLike('%' + globToLike(term.text)));
	}
	const p = normalisePrefix(prefix);
	if (p) out.push(columns.folderStartsWith(p));
	return out;
}

/* ------------------------------------------------------------------------------------------ */
/* The index                                                                                    */

export const SEARCH_TABLE = 'x_search';
/** Every distinct normalised folder, numbered: the index's `fid`. */
export const FOLDERS_TABLE = 'x_folders';
/** The positions (facts rowids) a search keeps, in stored order: its rowid is the display position. */
export const HITS_TABLE = 'x_hits';

/** Rows of `facts` indexed per step: each is one request, so other questions run in between. */
export const SEARCH_SLICE_ROWS = 2_000_000;

/**
 * The index's table, empty (its folders are numbered first, by searchFoldersSql). The names are
 * stored uncompressed: a search reads every name it passes, and DuckDB-WASM decompressing FSST
 * names took about as long again as the test itself; the larger column is read from the store.
 */
export function searchIndexCreateSql(): string {
	return `CREATE TABLE IF NOT EXISTS ${SEARCH_TABLE} (fid INTEGER, n VARCHAR USING COMPRESSION uncompressed)`;
}

/** The columns an index must have to be read by this build (an index kept by an older one is rebuilt). */
export const SEARCH_COLUMNS = ['fid', 'n'] as const;

/**
 * Number every distinct normalised folder of `tables` (the `facts` parts, or a list of their
 * folders). Distinct raw folders first: the normalising then runs once per folder, not once per file.
 */
export function searchFoldersSql(tables: readonly string[]): string {
	const raw = tables.map((t) => `SELECT DISTINCT folder FROM ${t}`).join(' UNION ');
	return `CREATE OR REPLACE TABLE ${FOLDERS_TABLE} AS SELECT row_number() OVER (ORDER BY fk)::INTEGER AS fid, fk FROM (SELECT DISTINCT ${FOLDER_KEY} AS fk FROM (${raw}))`;
}

/** Rows the index holds: it is complete when they equal `facts`' rows (a cut-short build goes on). */
export function searchIndexRowsSql(): string {
	return `SELECT count(*)::BIGINT AS n FROM ${SEARCH_TABLE}`;
}

/**
 * Append `facts` rows [from, to] of one part, in stored order (`offset` is the part's first stored
 * position; the index's rowid must equal it, so the rows already there must number `offset + from`).
 * Each distinct folder of the slice is looked up once; a LEFT JOIN, so no row can go missing.
 */
export function searchIndexSliceSql(table: string, from: number, to: number): string {
	return `INSERT INTO ${SEARCH_TABLE}
WITH t AS (SELECT rowid AS r, coalesce(folder, '') AS raw, name FROM ${table} WHERE rowid BETWEEN ${num(from)} AND ${num(to)}),
m AS (SELECT d.raw, x.fid FROM (SELECT DISTINCT raw FROM t) d JOIN ${FOLDERS_TABLE} x ON x.fk = ${folderKey('d.raw')})
SELECT m.fid, ${nameKey('t.name')} AS n FROM t LEFT JOIN m USING (raw) ORDER BY t.r`;
}

/** The normalised path the index holds at one position (to check it against `facts`). */
export function indexedPathSql(position: number): string {
	return `SELECT x.fk || s.n AS k FROM (SELECT fid, n FROM ${SEARCH_TABLE} WHERE rowid = ${num(position)}) s LEFT JOIN ${FOLDERS_TABLE} x USING (fid)`;
}

/**
 * The first `limit` positions a search keeps among index rows [from, to], in stored order. A search
 * asks range after range until it has enough (firstHitRanges): a folder condition is a join, whose
 * output order DuckDB does not promise, so each range is sorted, and only its matches are.
 */
export function firstHitsSql(conditions: string[], from: number, to: number, limit: number): string {
	return `SELECT rowid::BIGINT AS rid FROM ${SEARCH_TABLE} WHERE rowid BETWEEN ${num(from)} AND ${num(to)} AND ${conditions.map((c) => `(${c})`).join(' AND ')} ORDER BY rowid LIMIT ${num(limit)}`;
}

/** The first range a search reads, and how much each next one grows: a common word is answered by the first. */
export const FIRST_HITS_RANGE = 262_144;
const FIRST_HITS_GROWTH = 4;
const FIRST_HITS_MAX_RANGE = 4_194_304;

/**
 * The ranges [from, to] of an index of `rows` rows a first page reads, in order, until it has its
 * matches: from position `start`, each range growing from the size of the one read before it
 * (`previous`, 0 for none).
 */
export function firstHitRanges(rows: number, start = 0, previous = 0): [number, number][] {
	const out: [number, number][] = [];
	let size = previous ? Math.min(FIRST_HITS_MAX_RANGE, previous * FIRST_HITS_GROWTH) : FIRST_HITS_RANGE;
	for (let from = start; from < rows; from += size, size = Math.min(FIRST_HITS_MAX_RANGE, size * FIRST_HITS_GROWTH)) out.push([from, Math.min(rows, from + size) - 1]);
	return out;
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
