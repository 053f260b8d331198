/**
 * A sample of whole stretches of rows (src/lib/model/stretches.ts, the metadata sample's) and the
 * time-unit vote over a sample of whole blocks for large tables (src/lib/model/block-sample.ts), run by native DuckDB over tables whose answers are known by
 * construction: the row counts are literals, the units are what the rows were made of.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { stretchesSql } from '$lib/model/stretches';
import { UNIT_VOTE_EVERY_ROW, UNIT_VOTE_SAMPLE_ROWS, unitVoteSql } from '$lib/model/times';

let conn: DuckDBConnection;
const rows = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];

beforeAll(async () => {
	conn = await (await DuckDBInstance.create(':memory:')).connect();
	// One thread, as the engine runs: then a seeded block sample picks the same blocks every time.
	await conn.run(`SET threads = 1`);
	// 3,000,000 rows: `s` epoch seconds (2021), `ms` epoch milliseconds, `mixed` milliseconds in the
	// first 40 % of the rows and seconds after them, so a sample that only read the start would say ms.
	await conn.run(`CREATE TABLE big AS SELECT i, 1609459200 + i AS s, 1609459200000 + i AS ms,
		CASE WHEN i < 1200000 THEN 1609459200000 + i ELSE 1609459200 + i END AS mixed FROM range(3000000) t(i)`);
	await conn.run(`CREATE TABLE small AS SELECT * FROM big WHERE i < 1000`);
});

describe('stretchesSql', () => {
	test('reads exactly its stretches: 10 of 100 rows spread over a 1,000,000-row table, none overlapping', async () => {
		const picked = await rows(`SELECT i FROM (${stretchesSql('i', 'big', 1_000_000, 10, 100)}) ORDER BY i`);
		expect(picked.length).toBe(1000);
		const ids = picked.map((r) => Number(r.i));
		expect(new Set(ids).size).toBe(1000);
		// Stretch k is centred on (k + 0.5) / 10 of the table: the first starts at 50,000 - 50.
		expect(ids[0]).toBe(49_950);
		expect(ids[999]).toBe(950_049);
	});

	test('a table shorter than its stretches gives every row once at most', async () => {
		const picked = await rows(`SELECT i FROM (${stretchesSql('i', 'small', 1000, 64, 4096)})`);
		expect(new Set(picked.map((r) => Number(r.i))).size).toBeLessThanOrEqual(1000);
	});
});

describe('unitVoteSql', () => {
	test('a small table is read whole', () => {
		expect(unitVoteSql(['s'], [false], 'small', 1000).sampled).toBeNull();
		expect(unitVoteSql(['s'], [false], 'big', UNIT_VOTE_EVERY_ROW).sampled).toBeNull();
	});

	test('a large table votes with a sample of whole blocks, and the majority is the whole column’s', async () => {
		const vote = unitVoteSql(['s', 'ms', 'mixed'], [false, false, false], 'big', 3_000_000);
		expect(vote.sampled).toContain('(system, 42)');
		const [v] = await rows(vote.sampled!);
		const votes = (i: number) => [Number(v[`s${i}`]), Number(v[`ms${i}`]), Number(v[`us${i}`])];
		// Every value of `s` is seconds, of `ms` milliseconds; about UNIT_VOTE_SAMPLE_ROWS of them (whole blocks, picked at random).
		const n = votes(0)[0];
		expect(n).toBeGreaterThan(0.7 * UNIT_VOTE_SAMPLE_ROWS);
		expect(n).toBeLessThan(1.3 * UNIT_VOTE_SAMPLE_ROWS);
		expect(votes(0)).toEqual([n, 0, 0]);
		expect(votes(1)).toEqual([0, n, 0]);
		// `mixed` is milliseconds in its first 40 % of rows: the sample, spread over the whole table, says seconds as the whole does.
		const [s, ms] = votes(2);
		expect(s + ms).toBe(n);
		expect(ms / n).toBeGreaterThan(0.3);
		expect(ms / n).toBeLessThan(0.5);
		const [w] = await rows(vote.whole);
		expect([Number(w.s2), Number(w.ms2)]).toEqual([1_800_000, 1_200_000]);
		// The same blocks every time.
		expect((await rows(vote.sampled!))[0]).toEqual(v);
	});
});
