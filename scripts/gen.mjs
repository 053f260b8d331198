#!/usr/bin/env node
// Generates an Aparavi-shaped export for tests and benchmarks with native DuckDB:
//   npm run gen -- --rows 1000000 --out data/gen-1m --format duckdb|parquet|csv|all [--seed 42] [--keys folder]
// `--keys folder` renumbers the files so that objectIds follow their folders (one folder's files
// hold neighbouring ids): the clustered keys a sample of key runs finds hardest (issue #23).
// Writes <out>/export.duckdb, <out>/parquet/<table>.parquet and/or <out>/csv/<table>.csv.
// The SQL is shared with the browser's sample data (src/lib/sample/aparavi-sql.js).
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync, rmSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { aparaviExportSql } from '../src/lib/sample/aparavi-sql.js';

const FORMATS = ['duckdb', 'parquet', 'csv'];

/** @param {{ rows: number, out: string, format: string, seed?: number, keys?: 'insertion' | 'folder', log?: (s: string) => void }} o */
export async function generate({ rows, out, format, seed = 42, keys = 'insertion', log = (s) => process.stderr.write(s + '\n') }) {
	const formats = format === 'all' ? FORMATS : [format];
	for (const f of formats) if (!FORMATS.includes(f)) throw new Error(`unknown format ${f} (duckdb, parquet, csv or all)`);
	const dir = resolve(out);
	mkdirSync(dir, { recursive: true });
	const started = Date.now();
	// Build once in a scratch database file (spills to disk at 25M+), then export per format.
	const scratch = join(dir, '.scratch.duckdb');
	rmSync(scratch, { force: true });
	rmSync(scratch + '.wal', { force: true });
	const db = await DuckDBInstance.create(scratch);
	const conn = await db.connect();
	await conn.run(`SET preserve_insertion_order = false`);
	const counts = {};
	for (const { table, sql } of aparaviExportSql({ rows, seed })) {
		const t0 = Date.now();
		await conn.run(sql);
		const reader = await conn.runAndReadAll(`SELECT count(*) AS n FROM ${table}`);
		counts[table] = Number(reader.getRowObjects()[0].n);
		log(`  ${table}: ${counts[table].toLocaleString('en-US')} rows in ${Date.now() - t0} ms`);
	}
	if (keys === 'folder') {
		const t0 = Date.now();
		// Stored in the new key order, as an export written by a crawl folder by folder would be.
		await conn.run(`SET preserve_insertion_order = true`);
		await conn.run(`CREATE TABLE _ids AS SELECT objectId AS old, 'o' || lpad(CAST(row_number() OVER (ORDER BY parentId, objectId) - 1 AS VARCHAR), 10, '0') AS new
			FROM objects WHERE classId = 'idxobject'`);
		await conn.run(`CREATE OR REPLACE TABLE objects AS SELECT o.* REPLACE (coalesce(m.new, o.objectId) AS objectId)
			FROM objects o LEFT JOIN _ids m ON m.old = o.objectId ORDER BY coalesce(m.new, o.objectId)`);
		await conn.run(`CREATE OR REPLACE TABLE instances AS SELECT i.* REPLACE (coalesce(m.new, i.objectId) AS objectId)
			FROM instances i LEFT JOIN _ids m ON m.old = i.objectId ORDER BY coalesce(m.new, i.objectId), i.instanceId`);
		await conn.run(`DROP TABLE _ids`);
		log(`  objectIds renumbered by folder in ${Date.now() - t0} ms`);
	}
	const tables = Object.keys(counts);
	for (const f of formats) {
		const t0 = Date.now();
		if (f === 'duckdb') {
			const target = join(dir, 'export.duckdb');
			rmSync(target, { force: true });
			await conn.run(`ATTACH '${target}' AS export`);
			for (const t of tables) await conn.run(`CREATE TABLE export.${t} AS SELECT * FROM ${t}`);
			await conn.run(`DETACH export`);
		} else {
			const sub = join(dir, f);
			mkdirSync(sub, { recursive: true });
			for (const t of tables) {
				const file = join(sub, `${t}.${f}`);
				const options = f === 'parquet' ? `FORMAT parquet, ROW_GROUP_SIZE 122880` : `FORMAT csv, HEADER true`;
				await conn.run(`COPY (SELECT * FROM ${t}) TO '${file}' (${options})`);
			}
		}
		log(`  wrote ${f} in ${Date.now() - t0} ms`);
	}
	conn.closeSync?.();
	rmSync(scratch, { force: true });
	rmSync(scratch + '.wal', { force: true });
	const summary = { rows, seed, keys, out: dir, formats, tables: counts, ms: Date.now() - started };
	return summary;
}

function parseArgs(argv) {
	const args = { rows: 100000, out: 'data/gen', format: 'duckdb', seed: 42, keys: 'insertion' };
	for (let i = 0; i < argv.length; i++) {
		const [key, inline] = argv[i].replace(/^--/, '').split('=');
		const value = inline ?? argv[++i];
		if (key === 'rows') args.rows = Number(String(value).replace(/_/g, '').replace(/[mM]$/, '000000').replace(/[kK]$/, '000'));
		else if (key === 'out') args.out = value;
		else if (key === 'format') args.format = value;
		else if (key === 'seed') args.seed = Number(value);
		else if (key === 'keys') {
			if (value !== 'insertion' && value !== 'folder') throw new Error('--keys is insertion or folder');
			args.keys = value;
		}
		else throw new Error(`unknown option --${key}`);
	}
	if (!Number.isFinite(args.rows) || args.rows < 1) throw new Error('--rows must be a positive number');
	return args;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const args = parseArgs(process.argv.slice(2));
	process.stderr.write(`Generating ${args.rows.toLocaleString('en-US')} files into ${args.out} (${args.format})\n`);
	const summary = await generate(args);
	process.stdout.write(JSON.stringify(summary) + '\n');
}
