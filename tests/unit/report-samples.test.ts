/**
 * The report build's samples and statistics that must stay within the engine's memory at 25M files
 * (src/lib/model/report-build.ts), run by native DuckDB over a made-up `r_codes` / `facts` and
 * compared with the plain statements they stand for, written here.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { pointsPickSql, POINTS_SAMPLE, statsSql } from '$lib/model/report-build';

let conn: DuckDBConnection;
const rows = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];

beforeAll(async () => {
	conn = await (await DuckDBInstance.create(':memory:')).connect();
	// 1,000,000 files; every 7th has no size and every 11th no modified time (they are never sampled).
	await conn.run(`CREATE TABLE r_codes AS SELECT i AS pos, CASE WHEN i % 7 = 0 THEN NULL ELSE (i * 7919) % 100003 END AS size,
		CASE WHEN i % 11 = 0 THEN NULL ELSE 1600000000000 + i END AS modifiedMs FROM range(1000000) t(i)`);
	await conn.run(`CREATE TABLE facts AS SELECT size FROM r_codes`);
	// What statsSql reads: a size histogram (the sizes cube, any order-keeping buckets, counts as
	// doubles as the engine writes them) and every sized file in (bucket, size) order.
	await conn.run(`CREATE TABLE r_sizes_core AS SELECT size // 1000 AS sizeBucket, 'x' AS extension, CAST(count(*) AS DOUBLE) AS files FROM r_codes WHERE size IS NOT NULL GROUP BY ALL`);
	await conn.run(`CREATE TABLE r_bysize AS SELECT size // 1000 AS sizeBucket, size FROM r_codes WHERE size IS NOT NULL ORDER BY 1, 2`);
});

describe('pointsPickSql', () => {
	test('keeps exactly the 200,000 sampled files with the smallest hashes, as a full sort would', async () => {
		await conn.run(pointsPickSql());
		const picked = await rows(`SELECT pos FROM r_pick_points ORDER BY h`);
		const sorted = await rows(`SELECT pos FROM r_codes WHERE size IS NOT NULL AND modifiedMs IS NOT NULL ORDER BY hash(pos, 7) LIMIT 200000`);
		expect(picked.length).toBe(POINTS_SAMPLE);
		expect(picked.map((r) => Number(r.pos))).toEqual(sorted.map((r) => Number(r.pos)));
	});

	test('fewer files than three samples (233,766 of 300,000 have a size and a time): still the full sort’s first 200,000', async () => {
		await conn.run(`CREATE OR REPLACE TABLE r_codes AS SELECT * FROM r_codes WHERE pos < 300000`);
		const [{ n }] = await rows(`SELECT count(*) AS n FROM r_codes WHERE size IS NOT NULL AND modifiedMs IS NOT NULL`);
		// 300,000 less those without a size (42,858) or a modified time (27,273), plus those without both (3,897).
		expect(Number(n)).toBe(300_000 - 42_858 - 27_273 + 3_897);
		await conn.run(pointsPickSql());
		const picked = await rows(`SELECT pos FROM r_pick_points ORDER BY h`);
		const sorted = await rows(`SELECT pos FROM r_codes WHERE size IS NOT NULL AND modifiedMs IS NOT NULL ORDER BY hash(pos, 7) LIMIT 200000`);
		expect(picked.length).toBe(POINTS_SAMPLE);
		expect(picked.map((r) => Number(r.pos))).toEqual(sorted.map((r) => Number(r.pos)));
	});
});

describe('statsSql', () => {
	test('the median, 90th and 99th percentiles as quantile_disc gives each alone', async () => {
		await conn.run(statsSql());
		const [got] = await rows(`SELECT median, p90, p99 FROM r_stats`);
		const [want] = await rows(`SELECT quantile_disc(size, 0.5) AS median, quantile_disc(size, 0.9) AS p90, quantile_disc(size, 0.99) AS p99 FROM facts`);
		expect(got).toEqual(want);
		expect(Number(got.median)).toBeGreaterThan(0);
	});
});
