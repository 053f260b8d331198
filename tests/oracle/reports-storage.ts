/**
 * Oracles for the Storage & structure and Content (metadata, classifications) pages: native DuckDB
 * over the oracle's own file table `f` (tests/oracle/summary.ts), each figure written from
 * docs/MODEL.md and the page's definition, not from the app's SQL. Native DuckDB has the json
 * extension, so metadata is read with json_keys/json_extract (the app, in wasm, uses a regex).
 */
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { categoryTableSql } from './categories';
import { oracleFiles, type OracleFormat } from './summary';

type Source = { format: OracleFormat; dir: string };
const num = (v: unknown): number => Number(v ?? 0);

/** The top folder (MODEL.md "Top folder") by list slicing, not the app's regex. */
const TOP = `CASE WHEN folder = '' THEN '' WHEN starts_with(folder, '/') THEN '/' || array_to_string(string_split(rtrim(folder[2:], '/'), '/')[1:3], '/') || '/'
	ELSE array_to_string(string_split(rtrim(folder, '/'), '/')[1:3], '/') || '/' END`;

async function open(source: Source, asOfMs: number, where?: string) {
	const o = await oracleFiles(source, asOfMs);
	await o.conn.run(`ALTER TABLE f ADD COLUMN topFolder VARCHAR; UPDATE f SET topFolder = ${TOP}`);
	if (where) await o.conn.run(`DELETE FROM f WHERE (${where}) IS NOT TRUE`);
	await o.conn.run(categoryTableSql());
	return o;
}

export interface OracleStorage {
	files: number;
	bytes: number;
	mean: number;
	median: number;
	p90: number;
	p99: number;
	max: number;
	empty: number;
	/** Folders holding one of the files or more (files with no known folder aside). */
	folders: number;
	/** by size band label */
	bands: Map<string, { files: number; bytes: number }>;
	services: Map<string, { files: number; bytes: number; cost: number | null }>;
	largest: { size: number; name: string }[];
}

export async function oracleStorage(source: Source, asOfMs: number, where?: string): Promise<OracleStorage> {
	const { conn, all } = await open(source, asOfMs, where);
	// Sorted sizes; a percentile is read by position: the nearest-rank definition (the smallest size
	// with at least q of the sizes at or below it), 0-based index ceil(n·q) − 1.
	const [s] = await all(`SELECT count(*) AS files, sum(size) AS bytes, sum(size) / count(size) AS mean, max(size) AS max, count(*) FILTER (WHERE size = 0) AS empty,
		count(DISTINCT folder) FILTER (WHERE folder <> '') AS folders, list_sort(list(size) FILTER (WHERE size IS NOT NULL)) AS sorted FROM f`);
	const sorted = (s.sorted as unknown[]).map(num);
	const at = (q: number) => sorted[Math.max(0, Math.ceil(sorted.length * q) - 1)];
	const bands = await all(`SELECT CASE WHEN size < 1024 THEN '< 1 KB' WHEN size < 1024 * 1024 THEN '1 KB–1 MB' WHEN size < 10 * 1024 * 1024 THEN '1–10 MB'
		WHEN size < 100 * 1024 * 1024 THEN '10–100 MB' WHEN size < 1024 * 1024 * 1024 THEN '100 MB–1 GB' ELSE '> 1 GB' END AS band, count(*) AS files, sum(size) AS bytes
		FROM f WHERE size IS NOT NULL GROUP BY 1`);
	const services = await all(`SELECT f.service, count(*) AS files, coalesce(sum(f.size), 0) AS bytes, any_value(sv.storeCost) AS storeCost
		FROM f LEFT JOIN services sv ON sv.name = f.service GROUP BY 1`);
	const largest = await all(`SELECT size, name FROM f WHERE size IS NOT NULL ORDER BY size DESC LIMIT 1000`);
	conn.closeSync();
	return {
		files: num(s.files),
		bytes: num(s.bytes),
		mean: num(s.mean),
		median: at(0.5),
		p90: at(0.9),
		p99: at(0.99),
		max: num(s.max),
		empty: num(s.empty),
		folders: num(s.folders),
		bands: new Map(bands.map((b) => [String(b.band), { files: num(b.files), bytes: num(b.bytes) }])),
		services: new Map(services.map((r) => [r.service === null ? '(no service)' : String(r.service), { files: num(r.files), bytes: num(r.bytes), cost: r.storeCost === null ? null : (num(r.bytes) * Number(r.storeCost)) / 1e9 }])),
		largest: largest.map((r) => ({ size: num(r.size), name: String(r.name) }))
	};
}

/** Files and bytes per (top folder, category). */
export async function oracleDistribution(source: Source, asOfMs: number): Promise<Map<string, { files: number; bytes: number }>> {
	const { conn, all } = await open(source, asOfMs);
	const rows = await all(`SELECT topFolder, coalesce(cat.category, 'other') AS category, count(*) AS files, coalesce(sum(size), 0) AS bytes
		FROM f LEFT JOIN cat ON cat.ext = f.extension GROUP BY ALL`);
	conn.closeSync();
	return new Map(rows.map((r) => [`${r.topFolder}|${r.category}`, { files: num(r.files), bytes: num(r.bytes) }]));
}

/**
 * Subtree totals of the folders `depth` segments deep: each file counted under the ancestor of its
 * folder at that depth (files in shallower folders are under none).
 */
export async function oracleFolders(source: Source, asOfMs: number, depth: number): Promise<Map<string, { files: number; bytes: number }>> {
	const { conn, all } = await open(source, asOfMs);
	const rows = await all(`SELECT regexp_extract(folder, '^([^/]*/){${depth}}') AS folder, count(*) AS files, coalesce(sum(size), 0) AS bytes
		FROM f WHERE len(folder) - len(replace(folder, '/', '')) >= ${depth} GROUP BY 1`);
	conn.closeSync();
	return new Map(rows.map((r) => [String(r.folder), { files: num(r.files), bytes: num(r.bytes) }]));
}

export interface OracleClassifications {
	files: number;
	/** files with no classification or only `Unclassified` */
	unclassified: number;
	policies: Map<string, { files: number; bytes: number }>;
}

export async function oracleClassifications(source: Source, asOfMs: number): Promise<OracleClassifications> {
	const { conn, all } = await open(source, asOfMs);
	await conn.run(`CREATE TABLE parts AS
		SELECT objectId, size, regexp_extract(trim(x), '^(.*?)\\s*:\\s*\\d+$', 1) AS policy
		FROM (SELECT objectId, size, unnest(str_split(classification, ';')) AS x FROM f WHERE classification IS NOT NULL) WHERE trim(x) <> ''`);
	const [t] = await all(`SELECT count(*) AS files,
		count(*) FILTER (WHERE objectId NOT IN (SELECT objectId FROM parts WHERE policy <> 'Unclassified')) AS unclassified FROM f`);
	const rows = await all(`SELECT policy, count(DISTINCT objectId) AS files, sum(size) AS bytes FROM (SELECT DISTINCT objectId, policy, size FROM parts) GROUP BY 1`);
	conn.closeSync();
	return { files: num(t.files), unclassified: num(t.unclassified), policies: new Map(rows.map((r) => [String(r.policy), { files: num(r.files), bytes: num(r.bytes) }])) };
}

/** Per metadata key: files (of those `where` keeps) whose current instance's metadata holds it; and the file count. */
export async function oracleMetadata(source: Source, asOfMs: number, where?: string): Promise<{ files: number; withMetadata: number; keys: Map<string, number> }> {
	const { conn, all } = await open(source, asOfMs, where);
	await conn.run(`CREATE TABLE m AS
		SELECT f.objectId, i.metadata FROM f LEFT JOIN (
			SELECT objectId, metadata, row_number() OVER (PARTITION BY objectId ORDER BY instanceId DESC) AS rn FROM instances WHERE coalesce(deletedAt, 0) = 0
		) i ON i.objectId = f.objectId AND i.rn = 1`);
	const [t] = await all(`SELECT count(*) AS files, count(*) FILTER (WHERE json_array_length(json_keys(metadata)) > 0) AS withMetadata FROM m`);
	const rows = await all(`SELECT k, count(DISTINCT objectId) AS files FROM (SELECT objectId, unnest(json_keys(metadata)) AS k FROM m WHERE metadata IS NOT NULL) GROUP BY 1`);
	conn.closeSync();
	return { files: num(t.files), withMetadata: num(t.withMetadata), keys: new Map(rows.map((r) => [String(r.k), num(r.files)])) };
}

/** Rows in the Parquet export's instances file, counted by native DuckDB. */
export async function oracleInstanceRows(dir: string): Promise<number> {
	const db = await DuckDBInstance.create(':memory:');
	const conn = await db.connect();
	const reader = await conn.runAndReadAll(`SELECT count(*) AS n FROM read_parquet('${join(dir, 'parquet', 'instances.parquet').replaceAll("'", "''")}')`);
	conn.closeSync();
	return Number(reader.getRowObjects()[0].n);
}
