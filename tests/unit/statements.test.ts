/**
 * The statement splitter (src/lib/model/statements.ts): a `;` ends a statement only outside quoted
 * text and comments. Each case is checked by hand, and the split statements are run one by one in
 * native DuckDB against the whole text run at once: same tables, same rows.
 */
import { describe, expect, test } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { splitStatements } from '$lib/model/statements';
import { str } from '$lib/model/sql';
import { summaryBuildSql } from '$lib/model/summary';

describe('splitStatements', () => {
	const cases: [string, string, string[]][] = [
		['plain statements on lines', 'SELECT 1;\nSELECT 2;\n', ['SELECT 1', 'SELECT 2']],
		['no final semicolon, blank statements', ' ; SELECT 1 ;; \n SELECT 2 ', ['SELECT 1', 'SELECT 2']],
		['a semicolon and a newline in a string', "INSERT INTO t VALUES ('a;\nb');\nSELECT 1", ["INSERT INTO t VALUES ('a;\nb')", 'SELECT 1']],
		['doubled quotes', "SELECT 'it''s; fine';SELECT ''';'", ["SELECT 'it''s; fine'", "SELECT ''';'"]],
		['an E string with a backslash-escaped quote', "SELECT E'a\\';b';SELECT 2", ["SELECT E'a\\';b'", 'SELECT 2']],
		['a plain string ending in a backslash', "SELECT 'C:\\';SELECT 2", ["SELECT 'C:\\'", 'SELECT 2']],
		['a quoted identifier', 'CREATE TABLE "a;b" ("c"";" INT);SELECT 1', ['CREATE TABLE "a;b" ("c"";" INT)', 'SELECT 1']],
		['a line comment', 'SELECT 1 -- one; two\n;SELECT 2', ['SELECT 1 -- one; two', 'SELECT 2']],
		['block comments, nested', 'SELECT /* a; /* b; */ c; */ 1;SELECT 2', ['SELECT /* a; /* b; */ c; */ 1', 'SELECT 2']],
		['a comment that opens a statement stays with it', '/* helper */ CREATE TABLE x AS SELECT 1;\n-- done\n', ['/* helper */ CREATE TABLE x AS SELECT 1']],
		['only comments', '-- a;\n/* b; */', []],
		['dollar quotes, with and without a tag', "SELECT $$a;b$$;SELECT $q$ $$; $q$;SELECT 3", ['SELECT $$a;b$$', 'SELECT $q$ $$; $q$', 'SELECT 3']],
		['parameters are not dollar quotes', 'SELECT $1;SELECT $2', ['SELECT $1', 'SELECT $2']],
		['unterminated quote: the rest is one statement', "SELECT 'a;b", ["SELECT 'a;b"]]
	];
	for (const [what, sql, want] of cases) test(what, () => expect(splitStatements(sql)).toEqual(want));

	test('statements split from hostile values run one by one as the whole text does at once', async () => {
		const values = ["a;\nb", "'; DROP TABLE t; --", '/* x; */', '-- y;\n', '$$;$$', 'C:\\;\\', '\u0000;'];
		const sql = [`CREATE TABLE t (i INT, s VARCHAR)`, ...values.map((v, i) => `INSERT INTO t VALUES (${i}, ${str(v)})`), `CREATE TABLE u AS SELECT count(*) AS n FROM t`].join(';\n');
		const statements = splitStatements(sql);
		expect(statements.length).toBe(values.length + 2);
		const run = async (parts: string[]) => {
			const conn = await (await DuckDBInstance.create(':memory:')).connect();
			for (const s of parts) await conn.run(s);
			return (await conn.runAndReadAll(`SELECT i, s FROM t ORDER BY i`)).getRowObjectsJS();
		};
		const one = await run(statements);
		expect(one.length).toBe(values.length);
		expect(one.map((r) => r.s)).toEqual(values);
		expect(await run([sql])).toEqual(one);
	});

	test('the summary build splits into the statements it is made of', () => {
		const steps = summaryBuildSql(Date.UTC(2026, 0, 15));
		expect(steps.length).toBeGreaterThan(3);
		for (const step of steps) {
			const statements = splitStatements(step.sql);
			expect(statements.length, step.label).toBeGreaterThan(0);
			for (const s of statements) expect(s, step.label).toMatch(/^(\/\*.*?\*\/\s*)?(CREATE|INSERT|DROP|ALTER|UPDATE|DELETE|SET|CHECKPOINT|ANALYZE|WITH)\b/is);
		}
	});
});
