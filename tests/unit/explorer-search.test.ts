/**
 * The Explorer's search language (src/lib/model/explorer-search.ts): which terms a text makes and
 * which paths they keep. The expected matches are written by hand from the rule's words, and the
 * compiled SQL is run by native DuckDB over a small table whose answers are known by construction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { FACTS_COLUMNS, globToLike, INDEX_COLUMNS, normalisePrefix, parseSearch, PATH_KEY, FOLDER_KEY, searchConditions } from '../../src/lib/model/explorer-search';

describe('parseSearch', () => {
	it('splits words, keeps quoted phrases, tells globs by their wildcards', () => {
		expect(parseSearch('HR  2022')).toEqual([
			{ kind: 'word', text: 'hr' },
			{ kind: 'word', text: '2022' }
		]);
		expect(parseSearch('"annual report" *.PDF')).toEqual([
			{ kind: 'word', text: 'annual report' },
			{ kind: 'name-glob', text: '*.pdf' }
		]);
		expect(parseSearch('HR\\2022/*.xls?')).toEqual([{ kind: 'path-glob', text: 'hr/2022/*.xls?' }]);
		expect(parseSearch('  * ')).toEqual([]);
		expect(parseSearch('')).toEqual([]);
	});
	it('turns a glob into a LIKE pattern with its literal wildcards escaped', () => {
		expect(globToLike('report_??.pdf')).toBe('report\\___.pdf');
		expect(globToLike('*100%*')).toBe('%100\\%%');
	});
	it('normalises a folder prefix: case, backslashes and one leading slash', () => {
		expect(normalisePrefix('/Shares/HR')).toBe('/shares/hr');
		expect(normalisePrefix('\\\\shares\\hr\\')).toBe('/shares/hr/');
		expect(normalisePrefix('Shares/HR/')).toBe('/shares/hr/');
		expect(normalisePrefix('  ')).toBe('');
	});
});

/** Files whose matches for each search are known by construction. */
const FILES: [folder: string, name: string][] = [
	['Shares/HR/2022/', 'payroll.xlsx'], // 0
	['Shares/HR/', 'Review 2022.docx'], // 1
	['Shares/Finance/2022/', 'budget.xlsx'], // 2
	['Shares/IT/images/', 'ubuntu.ISO'], // 3
	['Shares/IT/images/', 'ubuntu.iso.bak'], // 4
	['Shares/Docs/', 'report_01.pdf'], // 5
	['Shares/Docs/', 'report_1.pdf'], // 6
	['Shares/Docs/', 'reportX01.pdf'], // 7 (the glob's `_` is a literal underscore: no match)
	['/usr/share/hr/', '2022.txt'], // 8
	['C:\\Users\\hr\\', 'notes 100%.txt'], // 9
	['Shares/HRX/', 'a.txt'], // 10
	['', 'loose.iso'] // 11
];

let conn: DuckDBConnection;
beforeAll(async () => {
	const db = await DuckDBInstance.create(':memory:');
	conn = await db.connect();
	await conn.run(`CREATE TABLE facts (i INTEGER, folder VARCHAR, name VARCHAR)`);
	for (const [i, [folder, name]] of FILES.entries()) await conn.run(`INSERT INTO facts VALUES (${i}, '${folder.replaceAll("'", "''")}', '${name.replaceAll("'", "''")}')`);
	await conn.run(`CREATE TABLE x_search AS SELECT ${PATH_KEY} AS k, length(${FOLDER_KEY})::INTEGER AS fl, i FROM facts ORDER BY i`);
});
afterAll(() => conn?.closeSync());

async function matches(table: 'facts' | 'x_search', text: string, prefix = ''): Promise<number[]> {
	const conditions = searchConditions(text, prefix, table === 'facts' ? FACTS_COLUMNS : INDEX_COLUMNS);
	const where = conditions.length ? conditions.map((c) => `(${c})`).join(' AND ') : 'TRUE';
	const reader = await conn.runAndReadAll(`SELECT i FROM ${table} WHERE ${where} ORDER BY i`);
	return reader.getRowObjects().map((r) => Number(r.i));
}

const CASES: [text: string, prefix: string, expected: number[]][] = [
	['HR 2022', '', [0, 1, 8]],
	['2022 hr', '', [0, 1, 8]],
	['*.iso', '', [3, 11]],
	['report_??.pdf', '', [5]],
	['docs/report*', '', [5, 6, 7]],
	['"review 2022"', '', [1]],
	['100%', '', [9]],
	['users\\hr', '', [9]],
	['', '/shares/hr', [0, 1, 10]],
	['', 'shares\\hr\\', [0, 1]],
	['', '/SHARES/HR/2022/', [0]],
	['', '/usr', [8]],
	['', 'c:/users', [9]],
	['xlsx', 'Shares/', [0, 2]],
	['nothing-like-this', '', []]
];

describe('search conditions', () => {
	for (const [text, prefix, expected] of CASES) {
		it(`"${text}" under "${prefix}": ${expected.length} files, the same over facts and over the index`, async () => {
			const overFacts = await matches('facts', text, prefix);
			const overIndex = await matches('x_search', text, prefix);
			expect(overFacts.length).toBe(expected.length);
			expect(overFacts).toEqual(expected);
			expect(overIndex.length).toBe(expected.length);
			expect(overIndex).toEqual(expected);
		});
	}
});

describe('rows by stored position', () => {
	it('reads exactly the wanted rows, from one table or from two parts, each with its position', async () => {
		const { rowsByPositionSql } = await import('../../src/lib/model/explorer-search');
		await conn.run(`CREATE TABLE p1 AS SELECT i AS v FROM range(30000) r(i) ORDER BY i`);
		await conn.run(`CREATE TABLE p2 AS SELECT i + 30000 AS v FROM range(20000) r(i) ORDER BY i`);
		const wanted = [0, 1, 2, 5, 9000, 9001, 29999, 30000, 30001, 41234, 49999];
		const read = async (store: { table: string; rows: number }[]) => {
			const sql = rowsByPositionSql(store, wanted, 'v')!;
			const rows = (await conn.runAndReadAll(`SELECT rid, v FROM (${sql}) ORDER BY rid`)).getRowObjects();
			return rows.map((r) => [Number(r.rid), Number(r.v)]);
		};
		const expected = wanted.map((p) => [p, p]);
		const twoParts = await read([
			{ table: 'p1', rows: 30000 },
			{ table: 'p2', rows: 20000 }
		]);
		expect(twoParts.length).toBe(wanted.length);
		expect(twoParts).toEqual(expected);
		await conn.run(`CREATE TABLE whole AS SELECT * FROM p1 UNION ALL SELECT * FROM p2 ORDER BY v`);
		const one = await read([{ table: 'whole', rows: Number.POSITIVE_INFINITY }]);
		expect(one.length).toBe(wanted.length);
		expect(one).toEqual(expected);
		expect(rowsByPositionSql([{ table: 'whole', rows: 1 }], [], 'v')).toBeNull();
	});
});
