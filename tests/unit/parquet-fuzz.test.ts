/**
 * Fuzzing the Parquet reader: random bytes and mutated valid files must always end in a readable
 * ParquetFileError (or a correct read), never a crash with an internal error. Bounded: a fixed
 * seed, a fixed number of cases.
 */
import { beforeAll, expect, test } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectParquet } from '../../workers/parquet/inspect';
import { parquetBatches } from '../../workers/parquet/to-arrow';
import { ParquetFileError } from '../../workers/parquet/errors';

let valid: Uint8Array;

beforeAll(async () => {
	const dir = mkdtempSync(join(tmpdir(), 'pq-fuzz-'));
	const file = join(dir, 'objects.parquet');
	const db = await DuckDBInstance.create(':memory:');
	const conn = await db.connect();
	await conn.run(`COPY (SELECT 'o' || i AS objectId, i * 7 AS size, CASE WHEN i % 3 = 0 THEN NULL ELSE 'name ' || i END AS name
		FROM range(5000) t(i)) TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 1000)`);
	valid = new Uint8Array(readFileSync(file));
});

/** A small deterministic PRNG (mulberry32) so failures reproduce. */
function prng(seed: number) {
	return () => {
		seed |= 0;
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

async function readAll(bytes: Uint8Array): Promise<'ok' | ParquetFileError> {
	const blob = new File([bytes as BlobPart], 'objects.parquet');
	try {
		await inspectParquet(blob);
		for await (const batch of parquetBatches(blob)) expect(batch.byteLength).toBeGreaterThan(0);
		return 'ok';
	} catch (e) {
		if (e instanceof ParquetFileError) return e;
		throw new Error(`not a readable error: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
	}
}

test('random bytes are refused with a readable message', async () => {
	const rand = prng(1);
	for (let i = 0; i < 200; i++) {
		const bytes = new Uint8Array(Math.floor(rand() * 4096));
		for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(rand() * 256);
		const result = await readAll(bytes);
		expect(result).toBeInstanceOf(ParquetFileError);
		expect((result as ParquetFileError).message).toMatch(/objects\.parquet/);
	}
});

test('mutated and truncated valid files read correctly or fail with a readable message', async () => {
	const rand = prng(2);
	let refused = 0;
	for (let i = 0; i < 150; i++) {
		const bytes = valid.slice(0, rand() < 0.3 ? Math.floor(rand() * valid.length) : valid.length);
		const flips = 1 + Math.floor(rand() * 8);
		for (let f = 0; f < flips; f++) bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
		if ((await readAll(bytes)) !== 'ok') refused++;
	}
	// Most mutations are caught; the rest decode to some values, which is all a reader can promise.
	expect(refused).toBeGreaterThan(0);
});
