/**
 * The quoting helpers (src/lib/model/sql.ts) with hostile values, run through native DuckDB: each
 * quoted value must come back as the very JS value (compared with the value bound as a parameter,
 * which needs no quoting, and read back as text), and no value may end the statement early.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { ident, num, str } from '$lib/model/sql';

let conn: DuckDBConnection;
beforeAll(async () => {
	conn = await (await DuckDBInstance.create(':memory:')).connect();
});

const HOSTILE: [string, string][] = [
	['empty', ''],
	['a quote', "it's"],
	['only quotes', "''''"],
	['a double quote', 'say "hi"'],
	['backslashes', 'C:\\Users\\x\\'],
	['a backslash before a quote', "\\'"],
	['NUL', 'a\u0000b'],
	['NUL at both ends', '\u0000x\u0000'],
	['only NUL', '\u0000'],
	['newlines and tabs', 'line 1\nline 2\r\n\tend'],
	['Unicode', 'Zürich, 東京, Ελλάδα, עברית‏'],
	['emoji', '📁 files 👩‍👩‍👧 🇺🇸'],
	['zero-width and bidi', 'a\u200bb\u202ec'],
	['SQL injection', "'; DROP TABLE x; --"],
	['a comment opener', '/* not a comment */ -- nor this'],
	['dollar quotes', '$$ $tag$ body $tag$ $$'],
	['semicolons on lines', "a;\nb;\n'c';\n"],
	['a very long string', 'x'.repeat(300_000) + "'" + 'y'.repeat(300_000)]
];

/** One row of a query with the JS value bound as $1. */
async function row(sql: string, value?: string): Promise<Record<string, unknown>> {
	const reader = value === undefined ? await conn.runAndReadAll(sql) : await conn.runAndReadAll(sql, [value]);
	const rows = reader.getRowObjectsJS();
	expect(rows.length).toBe(1);
	return rows[0] as Record<string, unknown>;
}

describe('str', () => {
	for (const [what, value] of HOSTILE) {
		test(`${what}: the quoted text is the value`, async () => {
			const r = await row(`SELECT ${str(value)} AS back, ${str(value)} = $1 AS same, strlen(${str(value)}) AS n, 1 AS after`, value);
			expect(r.back).toBe(value);
			expect(r.same).toBe(true);
			expect(Number(r.n)).toBe(Buffer.byteLength(value, 'utf8'));
			expect(r.after).toBe(1);
		});
	}

	test('the quoted text works wherever a value goes: IN lists, comparisons, CASE, VALUES', async () => {
		const values = HOSTILE.map(([, v]) => v);
		await conn.run(`CREATE OR REPLACE TABLE t AS SELECT * FROM (VALUES ${values.map((v, i) => `(${i}, ${str(v)})`).join(', ')}) AS v(i, s)`);
		const [{ n }] = (await conn.runAndReadAll(`SELECT count(*) AS n FROM t WHERE s IN (${values.map(str).join(', ')})`)).getRowObjectsJS();
		expect(Number(n)).toBe(values.length);
		for (const [i, v] of values.entries()) {
			const r = await row(`SELECT i, CASE WHEN s = ${str(v)} THEN 'hit' END AS hit FROM t WHERE s = ${str(v)}`);
			expect([Number(r.i), r.hit]).toEqual([i, 'hit']);
		}
	});

	test('a lone surrogate reaches DuckDB as U+FFFD, as a parameter does', async () => {
		const r = await row(`SELECT ${str('a\ud800b')} AS back, ${str('a\ud800b')} = $1 AS same`, 'a\ud800b');
		expect([r.back, r.same]).toEqual(['a\ufffdb', true]);
	});
});

describe('ident', () => {
	for (const [what, name] of HOSTILE.filter(([, v]) => v !== '' && !v.includes('\u0000') && v.length < 1000)) {
		test(`${what}: a column and a table of that name`, async () => {
			const reader = await conn.runAndReadAll(`SELECT 1 AS ${ident(name)}, 2 AS after`);
			expect(reader.columnNames()).toEqual([name, 'after']);
			await conn.run(`CREATE OR REPLACE TABLE ${ident(name)} (${ident(name)} INTEGER); INSERT INTO ${ident(name)} VALUES (7)`);
			const r = await row(`SELECT ${ident(name)} AS v FROM ${ident(name)}`);
			expect(r.v).toBe(7);
			await conn.run(`DROP TABLE ${ident(name)}`);
		});
	}

	test('a name DuckDB cannot hold is refused before it reaches SQL', () => {
		expect(() => ident('')).toThrow(/not a usable SQL name/);
		expect(() => ident('a\u0000b')).toThrow(/not a usable SQL name/);
	});
});

describe('num', () => {
	const NUMBERS = [0, -0, 1, -1, 42, -42, 0.1, -2.5e-7, 5e-324, 1.7976931348623157e308, -1.7976931348623157e308, 9007199254740991, -9007199254740991, 1e21, 123456.789];
	for (const value of NUMBERS) {
		test(`${value}: read back as the same double`, async () => {
			// Bound as text (DuckDB parses the shortest round-trip form exactly): no binding of a JS number as int64.
			const r = await row(`SELECT CAST(${num(value)} AS DOUBLE) AS back, CAST(${num(value)} AS DOUBLE) = CAST($1 AS DOUBLE) AS same`, String(value));
			expect(r.back).toBe(value === 0 ? 0 : value);
			expect(r.same).toBe(true);
		});
	}

	test('BigInts beyond doubles stay exact', async () => {
		for (const value of [2n ** 63n - 1n, -(2n ** 63n), 2n ** 100n]) {
			const r = await row(`SELECT CAST(${num(value)} AS VARCHAR) AS back`);
			expect(r.back).toBe(value.toString());
		}
	});

	test('a negative number never makes a comment of the text before it', async () => {
		const r = await row(`SELECT 10 -${num(-3)} AS v, 1 AS after`);
		expect([r.v, r.after]).toEqual([13, 1]);
	});

	test('NULL for no value; not-finite numbers are refused', () => {
		expect([num(null), num(undefined)]).toEqual(['NULL', 'NULL']);
		for (const bad of [NaN, Infinity, -Infinity]) expect(() => num(bad)).toThrow(/not a finite number/);
	});
});
