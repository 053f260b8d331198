/**
 * A sample of whole stretches of rows (src/lib/model/stretches.ts) and the time-unit vote that
 * uses it for large tables, run by native DuckDB over tables whose answers are known by
 * construction: the row counts are literals, the units are what the rows were made of.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { stretchesSql } from '$lib/model/stretches';
import { UNIT_VOTE_EVERY_ROW, unitVoteSql } from '$lib/model/times';

let conn: DuckDBConnection;
const rows = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];

beforeAll(async () => {
	conn = await (await DuckDBInstance.create(':memory:')).connect();
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

	test('a large table votes with 64 stretches of 4,096 rows, and the majority is the whole column’s', async () => {
		const vote = unitVoteSql(['s', 'ms', 'mixed'], [false, false, false], 'big', 3_000_000);
		expect(vote.sampled).not.toBeNull();
		const [v] = await rows(vote.sampled!);
		const votes = (i: number) => [Number(v[`s${i}`]), Number(v[`ms${i}`]), Number(v[`us${i}`])];
		// Every value of `s` is seconds, of `ms` milliseconds: 64 × 4,096 = 262,144 votes each.
		expect(votes(0)).toEqual([262_144, 0, 0]);
		expect(votes(1)).toEqual([0, 262_144, 0]);
		// `mixed`: stretches 0..25 start before row 1,200,000 (stretch 25 is centred on 1,195,312 and
		// ends at 1,197,359), stretches 26..63 after it: 26 × 4,096 ms against 38 × 4,096 s.
		expect(votes(2)).toEqual([38 * 4096, 26 * 4096, 0]);
		const [w] = await rows(vote.whole);
		expect([Number(w.s2), Number(w.ms2)]).toEqual([1_800_000, 1_200_000]);
	});
});
