/**
 * The Parquet cluster sample (workers/engine/parquet-sample.ts) against native DuckDB reading the
 * same files: the windows of `objects` hold exactly the rows at those positions, the file rows are
 * counted as `classId = 'idxobject'` counts them, and every instance of the runs' objectIds is read.
 * The sample's rows land in DuckDB-WASM (its Node build), as in the browser.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBHost } from '../../workers/engine/duckdb';
import type { TablePart } from '../../workers/engine/inputs';
import { compareText, parquetTable, readObjectWindows, readRunInstances } from '../../workers/engine/parquet-sample';

const OBJECTS = 60_000;
let dir: string;
let native: DuckDBConnection;
let wasm: import('@duckdb/duckdb-wasm/blocking').DuckDBConnection;
let host: DuckDBHost;

/** objects: files 'k000000'… in key order, then 2,000 folders; every 7th file's classId is NULL. instances: one or two per object, in key order. */
beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'parquet-sample-'));
	native = await (await DuckDBInstance.create(':memory:')).connect();
	await native.run(`COPY (
		SELECT printf('k%06d', i) AS objectId, printf('p%03d', i % 500) AS parentId,
			CASE WHEN i >= ${OBJECTS - 2000} THEN 'idxfolder' WHEN i % 7 = 3 THEN NULL ELSE 'idxobject' END AS classId,
			'file_' || i || '.pdf' AS name, i * 3 AS primarySize
		FROM range(${OBJECTS}) t(i) ORDER BY i) TO '${join(dir, 'objects.parquet')}' (FORMAT parquet, ROW_GROUP_SIZE 4096)`);
	await native.run(`COPY (
		SELECT printf('k%06d', i) AS objectId, j AS instanceId, i * 10 + j AS size
		FROM range(${OBJECTS}) t(i), range(1 + (i % 2)) u(j) ORDER BY i, j) TO '${join(dir, 'instances.parquet')}' (FORMAT parquet, ROW_GROUP_SIZE 4096)`);
	const require = createRequire(import.meta.url);
	const duckdb = require('@duckdb/duckdb-wasm/blocking') as typeof import('@duckdb/duckdb-wasm/blocking');
	const module = require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm');
	const db = await duckdb.createDuckDB({ mvp: { mainModule: module, mainWorker: '' }, eh: { mainModule: module, mainWorker: '' } }, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
	await db.instantiate();
	wasm = db.connect();
	wasm.query('CREATE SCHEMA raw');
	host = {
		conn: { insertArrowFromIPCStream: async (ipc: Uint8Array, options: object) => wasm.insertArrowFromIPCStream(ipc, options as never) },
		rows: async (sql: string) => wasm.query(sql).toArray().map((r) => r.toJSON()),
		exec: async (sql: string) => void wasm.query(sql)
	} as unknown as DuckDBHost;
});

afterAll(() => {
	wasm?.close();
	native?.closeSync();
	rmSync(dir, { recursive: true, force: true });
});

const part = (table: string): TablePart => ({ table, format: 'parquet', file: new File([readFileSync(join(dir, `${table}.parquet`))], `${table}.parquet`), name: `${table}.parquet` });
const nativeRows = async (sql: string) => (await native.runAndReadAll(sql)).getRowObjectsJS();

describe('the cluster sample of a Parquet export', () => {
	it('reads each window of objects: the rows native DuckDB holds at those positions, and counts the file rows', async () => {
		const sample = (await readObjectWindows(host, await parquetTable('objects', [part('objects')])))!;
		expect(sample.total).toBe(OBJECTS);
		const [{ files }] = await nativeRows(`SELECT count(*)::INTEGER AS files FROM '${join(dir, 'objects.parquet')}' WHERE classId = 'idxobject'`);
		expect(sample.fileRows).toBe(files);
		expect(sample.windows.length).toBe(24);
		// The windows lie one after the other in the sample table.
		sample.windows.forEach((w, i) => expect(w.start).toBe(i === 0 ? 0 : sample.windows[i - 1].start + sample.windows[i - 1].rows));
		const got = wasm.query(`SELECT objectId, classId, name, primarySize FROM raw.objects ORDER BY rowid`).toArray().map((r) => r.toJSON());
		expect(got.length).toBe(sample.windows.reduce((a, w) => a + w.rows, 0));
		// Each window is a run of consecutive rows of the file: native DuckDB's rows from its first key on.
		for (const w of sample.windows) {
			const first = Number(String(got[w.start].objectId).slice(1));
			const want = await nativeRows(`SELECT objectId, classId, name, primarySize::BIGINT AS primarySize FROM '${join(dir, 'objects.parquet')}' ORDER BY objectId LIMIT ${w.rows} OFFSET ${first}`);
			expect(got.slice(w.start, w.start + w.rows).map((r) => ({ ...r, primarySize: BigInt(r.primarySize as number) }))).toEqual(want.map((r) => ({ ...r, primarySize: BigInt(r.primarySize as number) })));
		}
	});

	it('reads every instance of the runs of objectIds, from the row groups whose statistics hold them only', async () => {
		const runs = [
			{ lo: 'k001000', hi: 'k001099' },
			{ lo: 'k030000', hi: 'k030500' },
			{ lo: 'k059990', hi: 'k059999' }
		];
		expect(await readRunInstances(host, await parquetTable('instances', [part('instances')]), runs)).toBe(true);
		const got = wasm.query(`SELECT objectId, instanceId::INTEGER AS instanceId, size::BIGINT AS size FROM raw.instances`).toArray().map((r) => r.toJSON());
		const inRuns = (id: string) => runs.some((r) => id >= r.lo && id <= r.hi);
		const want = await nativeRows(
			`SELECT objectId, instanceId::INTEGER AS instanceId, size::BIGINT AS size FROM '${join(dir, 'instances.parquet')}' WHERE ${runs.map((r) => `objectId BETWEEN '${r.lo}' AND '${r.hi}'`).join(' OR ')} ORDER BY objectId, instanceId`
		);
		const key = (r: Record<string, unknown>) => `${r.objectId}/${r.instanceId}/${r.size}`;
		const read = new Set(got.map(key));
		for (const r of want) expect(read.has(key(r)), key(r)).toBe(true);
		// Only the spans holding the runs were read: a small part of the 90,000 instances.
		expect(got.filter((r) => inRuns(String(r.objectId))).length).toBe(want.length);
		expect(got.length).toBeLessThan(want.length + 3 * 4096);
	});

	it('compares text as DuckDB does, by code point', () => {
		expect(compareText('a', 'b')).toBeLessThan(0);
		expect(compareText('ab', 'a')).toBeGreaterThan(0);
		expect(compareText('k001', 'k001')).toBe(0);
		// U+FF5E sorts before U+1F600 by code point (and in UTF-8 bytes), though not in UTF-16 units.
		expect(compareText('\uff5e', '😀')).toBeLessThan(0);
		expect('\uff5e' < '😀').toBe(false);
	});
});
