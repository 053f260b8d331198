/**
 * The independent oracle: native DuckDB computing the Executive Summary figures straight from the
 * generated export files, written from docs/MODEL.md without importing any of the app's code.
 * Different SQL on purpose (window functions, regexes, explicit arithmetic) so a shared mistake is
 * unlikely.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type OracleFormat = 'duckdb' | 'parquet' | 'csv';

export interface OracleBucket {
	files: number;
	bytes: number;
}

export interface OracleSummary {
	files: number;
	bytes: number;
	folders: number;
	extensions: number;
	oldestModified: number | null;
	newestModified: number | null;
	averageSize: number | null;
	medianSize: number | null;
	invalidModified: number;
	nullSize: number;
	topExtensions: ({ extension: string } & OracleBucket)[];
	sizeBands: ({ band: string } & OracleBucket)[];
	ageBands: ({ band: string } & OracleBucket)[];
	addedPerMonth: ({ month: string } & OracleBucket)[];
}

const TABLES = ['objects', 'instances', 'parentPaths', 'osPermissions', 'classifications', 'services'];
/** Mounted when the export has them (reports on messages and tags read these). */
const OPTIONAL_TABLES = ['messages', 'tagSets', 'datasets'];

async function all(conn: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
	return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

const num = (v: unknown): number => Number(v ?? 0);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Expose the export's tables as plain views named like the Aparavi tables. */
async function mount(conn: DuckDBConnection, format: OracleFormat, dir: string): Promise<void> {
	if (format === 'duckdb') {
		await conn.run(`ATTACH '${join(dir, 'export.duckdb')}' AS ex (READ_ONLY)`);
		for (const t of TABLES) await conn.run(`CREATE VIEW ${t} AS SELECT * FROM ex.${t}`);
		const present = new Set((await all(conn, `SELECT table_name FROM duckdb_tables() WHERE database_name = 'ex'`)).map((r) => String(r.table_name)));
		for (const t of OPTIONAL_TABLES) if (present.has(t)) await conn.run(`CREATE VIEW ${t} AS SELECT * FROM ex.${t}`);
		return;
	}
	for (const t of TABLES) {
		const file = join(dir, format, `${t}.${format}`);
		if (!existsSync(file)) throw new Error(`oracle: ${file} is missing`);
		const reader = format === 'parquet' ? `read_parquet('${file}')` : `read_csv('${file}', header = true)`;
		await conn.run(`CREATE TABLE ${t} AS SELECT * FROM ${reader}`);
	}
	for (const t of OPTIONAL_TABLES) {
		const file = join(dir, format, `${t}.${format}`);
		if (!existsSync(file)) continue;
		const reader = format === 'parquet' ? `read_parquet('${file}')` : `read_csv('${file}', header = true)`;
		await conn.run(`CREATE TABLE ${t} AS SELECT * FROM ${reader}`);
	}
}

/** Majority vote between seconds, milliseconds and microseconds (MODEL.md, "Times"). */
async function unitOf(conn: DuckDBConnection, table: string, column: string): Promise<number> {
	const [r] = await all(
		conn,
		`SELECT sum(CASE WHEN v >= 1e8 AND v < 1e11 THEN 1 ELSE 0 END) AS s,
		        sum(CASE WHEN v >= 1e11 AND v < 1e14 THEN 1 ELSE 0 END) AS ms,
		        sum(CASE WHEN v >= 1e14 AND v < 1e17 THEN 1 ELSE 0 END) AS us
		 FROM (SELECT CAST(${column} AS BIGINT) AS v FROM ${table})`
	);
	const s = num(r.s), ms = num(r.ms), us = num(r.us);
	// Milliseconds per stored unit.
	if (ms >= s && ms >= us) return 1;
	if (s >= us) return 1000;
	return 0.001;
}

/**
 * An in-memory native DuckDB holding the oracle's own file table `f`, one row per current file,
 * built from the raw export as docs/MODEL.md describes it: objectId, name, folder, extension, size,
 * createdMs, modifiedMs, accessedMs, addedMs (epoch ms, NULL when junk: `openedMs` is when the app
 * opened the export, which is its as-of unless `?asof=` set another), permissionSet,
 * classification, service, tags. The raw tables stay mounted under their Aparavi names (objects,
 * instances, messages, ...) for oracles that need more. Close it with `conn.closeSync()`.
 */
export async function oracleFiles(source: { format: OracleFormat; dir: string }, openedMs: number): Promise<{ conn: DuckDBConnection; all: (sql: string) => Promise<Record<string, unknown>[]> }> {
	const db = await DuckDBInstance.create(':memory:');
	const conn = await db.connect();
	await mount(conn, source.format, source.dir);

	// A time more than a year after the export was opened is junk, whatever the as-of (MODEL.md, "Times").
	const latest = openedMs + 365 * 86_400_000;
	const earliest = Date.UTC(1980, 0, 1);
	/** Epoch ms of a raw column, NULL when junk. */
	const clean = (expr: string, msPer: number) =>
		`(CASE WHEN CAST(${expr} AS DOUBLE) * ${msPer} BETWEEN ${earliest} AND ${latest} THEN CAST(floor(CAST(${expr} AS DOUBLE) * ${msPer}) AS BIGINT) END)`;
	const modifyUnit = await unitOf(conn, 'instances', 'modifyTime');
	const createUnit = await unitOf(conn, 'instances', 'createTime');
	const accessUnit = await unitOf(conn, 'instances', 'accessTime');
	const addedUnit = await unitOf(conn, 'objects', 'createdAt');

	await conn.run(`
		CREATE TABLE f AS
		WITH cur AS (
			SELECT * FROM (
				SELECT i.*, row_number() OVER (PARTITION BY objectId ORDER BY instanceId DESC) AS rn
				FROM instances i WHERE deletedAt IS NULL OR deletedAt = 0
			) WHERE rn = 1
		),
		paths AS (SELECT parentId, min(parentPath) AS parentPath FROM parentPaths GROUP BY parentId),
		perms AS (SELECT permissionId, min(permissionSet) AS permissionSet FROM osPermissions GROUP BY permissionId),
		cls AS (SELECT classificationId, min(classificationKey) AS classification FROM classifications GROUP BY classificationId),
		svc AS (SELECT serviceId, min(name) AS service FROM services GROUP BY serviceId)
		SELECT
			o.objectId,
			coalesce(o.name, '') AS name,
			coalesce(p.parentPath, '') AS folder,
			CASE
				WHEN o.extension IS NOT NULL AND regexp_replace(lower(o.extension), '^\\.+', '') <> '' THEN regexp_replace(lower(o.extension), '^\\.+', '')
				ELSE lower(regexp_extract(coalesce(o.name, ''), '(?s)^.+\\.([A-Za-z0-9_~$-]{1,16})$', 1))
			END AS extension,
			CASE WHEN coalesce(c.size, o.primarySize) < 0 THEN NULL ELSE coalesce(c.size, o.primarySize) END AS size,
			${clean('c.createTime', createUnit)} AS createdMs,
			${clean('c.modifyTime', modifyUnit)} AS modifiedMs,
			${clean('c.accessTime', accessUnit)} AS accessedMs,
			${clean('o.createdAt', addedUnit)} AS addedMs,
			perms.permissionSet, cls.classification, svc.service,
			CASE WHEN trim(o.tags) <> '' THEN o.tags END AS tags
		FROM objects o
		LEFT JOIN cur c ON c.objectId = o.objectId
		LEFT JOIN paths p ON p.parentId = o.parentId
		LEFT JOIN perms ON perms.permissionId = o.permissionId
		LEFT JOIN cls ON cls.classificationId = c.classificationId
		LEFT JOIN svc ON svc.serviceId = c.serviceId
		WHERE o.classId = 'idxobject'`);
	return { conn, all: (sql: string) => all(conn, sql) };
}

/**
 * The Summary's figures for an export. `where`, when given, keeps only the files it holds true for:
 * a SQL condition over the oracle's own file table `f` (see oracleFiles), written by the test
 * independently of the app's filters. Every figure is then computed over those files only.
 */
export async function oracleSummary(source: { format: OracleFormat; dir: string }, asOfMs: number, where?: string): Promise<OracleSummary> {
	const { conn } = await oracleFiles(source, asOfMs);
	if (where) await conn.run(`DELETE FROM f WHERE (${where}) IS NOT TRUE`);

	const [k] = await all(
		conn,
		`SELECT count(*) AS files, coalesce(sum(size), 0) AS bytes, count(DISTINCT folder) AS folders,
		        count(DISTINCT CASE WHEN extension <> '' THEN extension END) AS extensions,
		        min(modifiedMs) AS oldest, max(modifiedMs) AS newest, avg(size) AS average,
		        quantile_disc(size, 0.5) AS median,
		        count(*) - count(modifiedMs) AS invalidModified, count(*) - count(size) AS nullSize
		 FROM f`
	);
	const sizeBand = `CASE WHEN size < 1024 THEN '< 1 KB' WHEN size < 1048576 THEN '1 KB–1 MB' WHEN size < 10485760 THEN '1–10 MB'
		WHEN size < 104857600 THEN '10–100 MB' WHEN size < 1073741824 THEN '100 MB–1 GB' ELSE '> 1 GB' END`;
	const days = `((${asOfMs} - modifiedMs) / 86400000.0)`;
	const ageBand = `CASE WHEN ${days} < 30 THEN '< 30 days' WHEN ${days} < 90 THEN '30–90 days' WHEN ${days} < 180 THEN '90–180 days'
		WHEN ${days} < 365 THEN '180–365 days' WHEN ${days} < 1095 THEN '1–3 years' ELSE '> 3 years' END`;
	const SIZE_ORDER = ['< 1 KB', '1 KB–1 MB', '1–10 MB', '10–100 MB', '100 MB–1 GB', '> 1 GB'];
	const AGE_ORDER = ['< 30 days', '30–90 days', '90–180 days', '180–365 days', '1–3 years', '> 3 years'];
	const bucketRows = async (key: string, where: string) =>
		(await all(conn, `SELECT ${key} AS k, count(*) AS files, coalesce(sum(size), 0) AS bytes FROM f WHERE ${where} GROUP BY 1`)).map((r) => ({
			key: String(r.k),
			files: num(r.files),
			bytes: num(r.bytes)
		}));
	const ordered = (rows: { key: string; files: number; bytes: number }[], order: string[]) =>
		order.map((band) => ({ band, files: rows.find((r) => r.key === band)?.files ?? 0, bytes: rows.find((r) => r.key === band)?.bytes ?? 0 }));

	const extensions = await bucketRows('extension', 'true');
	const months = await bucketRows(`strftime(make_timestamp(addedMs * 1000), '%Y-%m')`, 'addedMs IS NOT NULL');
	const result: OracleSummary = {
		files: num(k.files),
		bytes: num(k.bytes),
		folders: num(k.folders),
		extensions: num(k.extensions),
		oldestModified: numOrNull(k.oldest),
		newestModified: numOrNull(k.newest),
		averageSize: numOrNull(k.average),
		medianSize: numOrNull(k.median),
		invalidModified: num(k.invalidModified),
		nullSize: num(k.nullSize),
		topExtensions: extensions
			.map((r) => ({ extension: r.key, files: r.files, bytes: r.bytes }))
			.sort((a, b) => b.bytes - a.bytes || (a.extension < b.extension ? -1 : 1)),
		sizeBands: ordered(await bucketRows(sizeBand, 'size IS NOT NULL'), SIZE_ORDER),
		ageBands: ordered(await bucketRows(ageBand, 'modifiedMs IS NOT NULL'), AGE_ORDER),
		addedPerMonth: months.map((r) => ({ month: r.key, files: r.files, bytes: r.bytes })).sort((a, b) => (a.month < b.month ? -1 : 1))
	};
	conn.closeSync();
	return result;
}
