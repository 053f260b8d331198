/**
 * Oracle for the Explorer's search (issue #22), written from the rule's words, not from the app's
 * SQL: native DuckDB over the oracle's own file table `f` (oracleFiles).
 * - A path is the folder followed by the name, compared in lower case with `\` read as `/`.
 * - Words: every word appears somewhere in the path, in any order.
 * - A pattern with `*` (any characters) or `?` (one character) and no slash is the whole file name;
 *   here turned into an anchored regular expression of its own.
 * - A folder prefix: the folder begins with it, case-insensitively, a leading slash on either side
 *   making no difference.
 */
import { oracleFiles, type OracleFormat } from './summary';

type Source = { format: OracleFormat; dir: string };

export interface SearchOracle {
	/** objectIds of the files a search (words and name patterns) and a folder prefix keep. */
	ids(words: string[], namePatterns: string[], prefix?: string): Promise<string[]>;
	close(): void;
}

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** A file-name pattern as a regular expression matching the whole (lower-cased) name. */
function patternRegex(pattern: string): string {
	let out = '';
	for (const ch of pattern.toLowerCase()) {
		if (ch === '*') out += '.*';
		else if (ch === '?') out += '.';
		else out += /[\\^$.|+()[\]{}]/.test(ch) ? `\\${ch}` : ch;
	}
	return `^${out}$`;
}

export async function searchOracle(source: Source, asOfMs: number): Promise<SearchOracle> {
	const { conn, all } = await oracleFiles(source, asOfMs);
	const lowerSlash = (expr: string) => `replace(lower(${expr}), '\\', '/')`;
	const path = lowerSlash(`coalesce(folder, '') || coalesce(name, '')`);
	const folder = `ltrim(${lowerSlash(`coalesce(folder, '')`)}, '/')`;
	return {
		async ids(words, namePatterns, prefix) {
			const conditions = [
				...words.map((w) => `strpos(${path}, ${quote(w.toLowerCase().replaceAll('\\', '/'))}) > 0`),
				...namePatterns.map((p) => `regexp_matches(lower(coalesce(name, '')), ${quote(patternRegex(p))}, 's')`)
			];
			if (prefix) {
				const p = prefix.toLowerCase().replaceAll('\\', '/').replace(/^\/+/, '');
				conditions.push(`left(${folder}, ${p.length}) = ${quote(p)}`);
			}
			const rows = await all(`SELECT objectId FROM f WHERE ${conditions.length ? conditions.join(' AND ') : 'TRUE'} ORDER BY objectId`);
			return rows.map((r) => String(r.objectId));
		},
		close: () => conn.closeSync()
	};
}
