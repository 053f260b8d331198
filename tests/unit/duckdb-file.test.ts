/**
 * A .duckdb's own headers, read before DuckDB opens it (workers/engine/duckdb-file.ts). Native DuckDB
 * writes every file; the damage (cutting, a patched version, flipped header bytes) is done here.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDuckDBFile } from '../../workers/engine/duckdb-file';
import { EngineError } from '$lib/engine/errors';

let valid: Uint8Array;
let newer: Uint8Array;

beforeAll(async () => {
	const dir = mkdtempSync(join(tmpdir(), 'duckdb-file-'));
	const db = await DuckDBInstance.create(':memory:');
	const conn = await db.connect();
	for (const [name, version] of [['valid', 'v1.0.0'], ['newer', 'v1.5.0']] as const) {
		await conn.run(`ATTACH '${join(dir, name)}.duckdb' AS x (STORAGE_VERSION '${version}')`);
		await conn.run(`CREATE TABLE x.objects AS SELECT 'o' || i AS objectId, i AS primarySize FROM range(100000) t(i)`);
		await conn.run(`CHECKPOINT x`);
		await conn.run(`DETACH x`);
	}
	valid = readFileSync(join(dir, 'valid.duckdb'));
	newer = readFileSync(join(dir, 'newer.duckdb'));
});

async function refusal(bytes: Uint8Array, name = 'export.duckdb'): Promise<EngineError> {
	const e = await checkDuckDBFile(new Blob([bytes as Uint8Array<ArrayBuffer>]), name).then(
		() => null,
		(err: unknown) => err
	);
	expect(e).toBeInstanceOf(EngineError);
	return e as EngineError;
}

describe('checkDuckDBFile', () => {
	test('a complete file passes, and its header accounts for every byte', async () => {
		const facts = await checkDuckDBFile(new Blob([valid as Uint8Array<ArrayBuffer>]), 'export.duckdb');
		expect(facts.storageVersion).toBe(64);
		expect(facts.expectedBytes).toBe(valid.length);
	});

	test('cut at 97 %, in half, inside its headers: truncated, with the share present', async () => {
		const at97 = await refusal(valid.subarray(0, Math.floor(valid.length * 0.97)));
		expect(at97.code).toBe('truncated');
		expect(at97.message).toMatch(/^export\.duckdb looks truncated: its header says it holds \d+ blocks \(.+\), but the file has .+ \(96\.9 %\)\.$/);
		expect((await refusal(valid.subarray(0, valid.length >> 1))).code).toBe('truncated');
		expect((await refusal(valid.subarray(0, 6000))).code).toBe('truncated');
	});

	test('a storage format newer or older than the engine reads', async () => {
		const e = await refusal(newer);
		expect(e.code).toBe('unsupported-version');
		expect(e.detail).toBe('Storage format 68; this app reads 64 to 67.');
		const ancient = Buffer.from(valid);
		ancient.writeBigUInt64LE(39n, 12);
		expect((await refusal(ancient)).code).toBe('unsupported-version');
	});

	test('flags bit 0: encrypted', async () => {
		const flagged = Buffer.from(valid);
		flagged.writeBigUInt64LE(1n, 20);
		expect((await refusal(flagged)).code).toBe('encrypted');
	});

	test('headers that fail their checksums: damaged', async () => {
		const main = Buffer.from(valid);
		main[100] ^= 0xff;
		expect((await refusal(main)).message).toMatch(/looks damaged \(its main header does not match its checksum\)/);
		const both = Buffer.from(valid);
		both[4096 + 40] ^= 1;
		both[8192 + 40] ^= 1;
		expect((await refusal(both)).message).toMatch(/neither of its database headers matches its checksum/);
	});

	test('other kinds of file are named', async () => {
		const png = await refusal(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(100).fill(0)]));
		expect(png.code).toBe('wrong-format');
		expect(png.message).toBe('export.duckdb could not be opened as a DuckDB database: it is a PNG image, not a DuckDB file.');
		expect((await refusal(Buffer.from('hello, not a database'.repeat(100)))).code).toBe('corrupt-file');
		expect((await refusal(new Uint8Array(0))).message).toBe('export.duckdb is empty (0 bytes).');
	});
});
