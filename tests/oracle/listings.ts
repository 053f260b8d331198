/**
 * The oracle for file listings: native DuckDB reads the listing file the test wrote, with options
 * and SQL written here from what the test knows about that file (never the app's recognisers), into
 * a table of files (path with forward slashes, size, modified epoch ms), and computes what the app
 * shows from it, as docs/MODEL.md defines it: files, bytes, distinct folders and extensions,
 * files per UTC year of modification (valid times only), the largest files.
 */
import { DuckDBInstance } from '@duckdb/node-api';

export interface ListingFigures {
	files: number;
	bytes: number;
	folders: number;
	extensions: number;
	/** UTC year → files last modified that year (1980 … as-of + 365 days only). */
	years: Record<number, number>;
	/** The 1,000 largest files (ties in any order): folder (trailing slash), name, size. */
	largest: { folder: string; name: string; size: number }[];
	/** Every file's folder + name + size, for looking up the app's rows. */
	all: Set<string>;
}

export const fileKey = (folder: string, name: string, size: number | string) => `${folder}\u0000${name}\u0000${size}`;

/**
 * `select` is a query over the listing returning `path` (forward slashes), `size` and `ms` (epoch
 * milliseconds, NULL when unknown), one row per file (folder rows already left out).
 */
export async function listingOracle(select: string, asOfMs: number): Promise<ListingFigures> {
	const db = await DuckDBInstance.create(':memory:');
	const conn = await db.connect();
	const all = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
	await conn.run(`CREATE TABLE f AS SELECT CAST(path AS VARCHAR) AS path, CAST(size AS BIGINT) AS size, CAST(ms AS BIGINT) AS ms FROM (${select})`);
	const latest = asOfMs + 365 * 86_400_000;
	await conn.run(`CREATE TABLE g AS SELECT
			coalesce(regexp_extract(path, '^(.*/)', 1), '') AS folder,
			regexp_extract(path, '([^/]*)$', 1) AS name,
			lower(regexp_extract(regexp_extract(path, '([^/]*)$', 1), '^.+[.]([A-Za-z0-9_~$-]{1,16})$', 1)) AS ext,
			CASE WHEN size >= 0 THEN size END AS size,
			CASE WHEN ms BETWEEN ${Date.UTC(1980, 0, 1)} AND ${latest} THEN ms END AS ms
		FROM f`);
	const [k] = await all(`SELECT count(*) AS files, coalesce(sum(size), 0) AS bytes, count(DISTINCT folder) AS folders, count(DISTINCT nullif(ext, '')) AS extensions FROM g`);
	const years: Record<number, number> = {};
	for (const r of await all(`SELECT year(make_timestamp(ms * 1000)) AS y, count(*) AS n FROM g WHERE ms IS NOT NULL GROUP BY 1`)) years[Number(r.y)] = Number(r.n);
	const largest = (await all(`SELECT folder, name, size FROM g WHERE size IS NOT NULL ORDER BY size DESC LIMIT 1000`)).map((r) => ({ folder: String(r.folder), name: String(r.name), size: Number(r.size) }));
	const keys = new Set((await all(`SELECT folder, name, size FROM g`)).map((r) => fileKey(String(r.folder), String(r.name), r.size === null ? '' : Number(r.size))));
	conn.closeSync();
	return { files: Number(k.files), bytes: Number(k.bytes), folders: Number(k.folders), extensions: Number(k.extensions), years, largest, all: keys };
}
