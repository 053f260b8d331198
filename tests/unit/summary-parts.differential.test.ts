/**
 * Differential test: two of the app's own ways to build the summary tables must agree. Two engines
 * each summing their own part of `facts` (workers/engine/build-helper.ts), then merged
 * (partialSummarySql, mergedSummarySql), must give the very tables the one-engine build makes
 * (summaryBuildSql): same rows, same column types. Both sides are the app's SQL, run by native
 * DuckDB over the same export; the parts are `facts` split by a hash of objectId into two attached
 * databases. Whether the tables hold the right figures is for the oracle tests (tests/oracle/).
 */
import { beforeAll, describe, expect, test } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { mergedSummarySql, partialSummarySql } from '$lib/model/summary';
import { aparaviExportSql } from '../../src/lib/sample/aparavi-sql.js';
import { AS_OF_MS, TINY_TABLES } from '../fixtures/tiny-export';
import { buildModelDb, type Rows } from '../fixtures/model-db';

/** The tables a merge rebuilds, read from its statements (every summary table but `facts` itself). */
const REBUILT = mergedSummarySql(['a', 'b']).map((s) => /^CREATE OR REPLACE TABLE (\w+)/.exec(s)?.[1]).filter((t): t is string => t !== undefined);

async function mergeInParts(conn: DuckDBConnection, rows: Rows): Promise<void> {
	await conn.run(`CREATE SCHEMA whole`);
	for (const t of REBUILT) await conn.run(`CREATE TABLE whole.${t} AS SELECT * FROM main.${t}`);
	// Part a is summed once over all of its rows; part b slice by slice as its rows are appended,
	// as the engines do while they build (three slices, each summed over the rows it added).
	await conn.run(`ATTACH ':memory:' AS a`);
	await conn.run(`CREATE TABLE a.facts AS SELECT * FROM memory.main.facts WHERE coalesce(hash(objectId) % 2, 0) = 0`);
	await conn.run(`USE a`);
	for (const s of partialSummarySql()) await conn.run(s);
	await conn.run(`ATTACH ':memory:' AS b`);
	await conn.run(`USE b`);
	for (const slice of [0, 1, 2]) {
		const rowsBefore = slice === 0 ? 0 : Number((await rows(`SELECT count(*) AS n FROM b.facts`))[0].n);
		const select = `SELECT * FROM memory.main.facts WHERE coalesce(hash(objectId) % 2, 0) <> 0 AND coalesce(hash(objectId) % 3, 0) = ${slice}`;
		await conn.run(slice === 0 ? `CREATE TABLE b.facts AS ${select}` : `INSERT INTO b.facts ${select}`);
		for (const s of partialSummarySql(rowsBefore)) await conn.run(s);
	}
	expect((await rows(`SELECT count(*) AS n FROM (SELECT DISTINCT folder FROM b.part_s_folder)`))[0].n, 'slices summed apart repeat keys').toBeLessThan(
		Number((await rows(`SELECT count(*) AS n FROM b.part_s_folder`))[0].n)
	);
	await conn.run(`USE memory`);
	// The engine holds its own part in `main` after the merge; here `main.facts` is already whole.
	for (const s of mergedSummarySql(['a', 'b'])) await conn.run(s);
	expect((await rows(`SELECT count(*) AS n FROM a.facts`))[0].n, 'both parts hold files').toBeGreaterThan(0);
	expect((await rows(`SELECT count(*) AS n FROM b.facts`))[0].n).toBeGreaterThan(0);
}

async function expectSameTables(rows: Rows): Promise<void> {
	// The cubes, the month pairs, s_base, s_folder and s_stats: a merge that rebuilt nothing would compare nothing.
	expect(REBUILT.length).toBeGreaterThanOrEqual(5);
	for (const t of REBUILT) {
		const types = async (schema: string) =>
			(await rows(`SELECT column_name, data_type FROM information_schema.columns WHERE table_catalog = 'memory' AND table_schema = '${schema}' AND table_name = '${t}' ORDER BY ordinal_position`)).map((r) => `${r.column_name} ${r.data_type}`);
		expect(await types('main'), `${t}: columns and types`).toEqual(await types('whole'));
		const [{ missing, extra, n }] = await rows(
			`SELECT (SELECT count(*) FROM (SELECT * FROM whole.${t} EXCEPT ALL SELECT * FROM main.${t})) AS missing,
			        (SELECT count(*) FROM (SELECT * FROM main.${t} EXCEPT ALL SELECT * FROM whole.${t})) AS extra,
			        (SELECT count(*) FROM main.${t}) AS n`
		);
		expect({ t, missing, extra }).toEqual({ t, missing: 0, extra: 0 });
		expect(n, `${t} has rows`).toBeGreaterThan(0);
	}
}

describe('differential: summary tables summed in two parts and merged equal the one-engine build', () => {
	test('the hand-made export (NULL sizes and times, empty extensions)', async () => {
		const { conn, rows } = await buildModelDb(Object.entries(TINY_TABLES).map(([table, sql]) => ({ table, sql })), AS_OF_MS);
		await mergeInParts(conn, rows);
		await expectSameTables(rows);
	});

	let generated: { conn: DuckDBConnection; rows: Rows };
	beforeAll(async () => {
		generated = await buildModelDb(aparaviExportSql({ rows: 20_000, seed: 5 }), AS_OF_MS);
	});
	test('a generated export of 20,000 files', async () => {
		await mergeInParts(generated.conn, generated.rows);
		await expectSameTables(generated.rows);
	});
});
