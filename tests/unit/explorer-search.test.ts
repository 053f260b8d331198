/**
 * The Explorer's search language (src/lib/model/explorer-search.ts): which terms a text makes and
 * which paths they keep. The expected matches are written by hand from the rule's words, and the
 * compiled SQL is run by native DuckDB over a small table whose answers are known by construction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { FACTS_COLUMNS, firstHitRanges, firstHitsSql, folderHitsSql, globToLike, indexColumns, indexedPathSql, INDEX_COLUMNS, MAX_INLINE_FOLDERS, searchWords, normalisePrefix, parseSearch, searchConditions, searchFoldersSql, searchIndexCreateSql, searchIndexSliceSql } from '../../src/lib/model/explorer-search';

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
	['', 'loose.iso'], // 11
	['Shares/Odd/', 'a\\b/c.txt'], // 12 (a name holding separators, as a hostile listing may)
	['Shares/Tail', 'x.txt'] // 13 (a folder without its closing slash)
];

let conn: DuckDBConnection;
beforeAll(async () => {
	const db = await DuckDBInstance.create(':memory:');
	conn = await db.connect();
	await conn.run(`CREATE TABLE facts (i INTEGER, folder VARCHAR, name VARCHAR)`);
	for (const [i, [folder, name]] of FILES.entries()) await conn.run(`INSERT INTO facts VALUES (${i}, '${folder.replaceAll("'", "''")}', '${name.replaceAll("'", "''")}')`);
	// The index as the engine builds it: folders numbered, then two slices in stored order.
	await conn.run(searchFoldersSql(['facts']));
	await conn.run(searchIndexCreateSql());
	await conn.run(searchIndexSliceSql('facts', 0, 6));
	await conn.run(searchIndexSliceSql('facts', 7, FILES.length - 1));
});
afterAll(() => conn?.closeSync());

/** Each word's folders looked up first, as the engine does before a search over the index. */
async function resolvedColumns(text: string) {
	const hits = new Map<string, number[]>();
	for (const w of searchWords(text)) hits.set(w, (await conn.runAndReadAll(folderHitsSql(w))).getRowObjects().map((r) => Number(r.fid)));
	return indexColumns(hits);
}

async function matches(table: 'facts' | 'x_search' | 'x_search, folders first', text: string, prefix = ''): Promise<number[]> {
	const columns = table === 'facts' ? FACTS_COLUMNS : table === 'x_search' ? INDEX_COLUMNS : await resolvedColumns(text);
	const conditions = searchConditions(text, prefix, columns);
	table = table === 'facts' ? 'facts' : 'x_search';
	const where = conditions.length ? conditions.map((c) => `(${c})`).join(' AND ') : 'TRUE';
	// The index's rowid is the file's stored position, which is `i` here.
	const reader = await conn.runAndReadAll(`SELECT ${table === 'facts' ? 'i' : 'rowid'} AS i FROM ${table} WHERE ${where} ORDER BY i`);
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
	['nothing-like-this', '', []],
	// Across folder and name: the folder ends with the text up to a slash, the name starts with the rest.
	['hr/2022', '', [0, 8]],
	['images/ubuntu.iso', '', [3, 4]],
	['odd/a/b', '', [12]],
	['a/b/c', '', [12]],
	['tail/x', '', [13]],
	['*/c.txt', '', [12]],
	['', 'shares/tail', [13]]
];

describe('search conditions', () => {
	for (const [text, prefix, expected] of CASES) {
		it(`"${text}" under "${prefix}": ${expected.length} files, the same over facts and over the index`, async () => {
			const overFacts = await matches('facts', text, prefix);
			const overIndex = await matches('x_search', text, prefix);
			const foldersFirst = await matches('x_search, folders first', text, prefix);
			expect(overFacts.length).toBe(expected.length);
			expect(overFacts).toEqual(expected);
			expect(overIndex.length).toBe(expected.length);
			expect(overIndex).toEqual(expected);
			expect(foldersFirst).toEqual(expected);
		});
	}
});

describe('the index', () => {
	it('holds every file in stored order, under the path the rule gives it, each folder once', async () => {
		const n = Number((await conn.runAndReadAll(`SELECT count(*) AS n FROM x_search`)).getRowObjects()[0].n);
		expect(n).toBe(FILES.length);
		const paths: string[] = [];
		for (let at = 0; at < FILES.length; at++) paths.push(String((await conn.runAndReadAll(indexedPathSql(at))).getRowObjects()[0].k));
		// Written by hand from the rule: lower case, `\\` as `/`, one leading and one closing slash on the folder.
		expect(paths).toEqual([
			'/shares/hr/2022/payroll.xlsx',
			'/shares/hr/review 2022.docx',
			'/shares/finance/2022/budget.xlsx',
			'/shares/it/images/ubuntu.iso',
			'/shares/it/images/ubuntu.iso.bak',
			'/shares/docs/report_01.pdf',
			'/shares/docs/report_1.pdf',
			'/shares/docs/reportx01.pdf',
			'/usr/share/hr/2022.txt',
			'/c:/users/hr/notes 100%.txt',
			'/shares/hrx/a.txt',
			'/loose.iso',
			'/shares/odd/a/b/c.txt',
			'/shares/tail/x.txt'
		]);
		const folders = Number((await conn.runAndReadAll(`SELECT count(*) AS n FROM x_folders`)).getRowObjects()[0].n);
		// Eleven distinct folders: the two images files share one, the three docs files another, loose.iso has none ('/').
		expect(folders).toBe(11);
	});
});

describe('a first page', () => {
	it('reads ranges that cover the index once, in order, small first', () => {
		expect(firstHitRanges(0)).toEqual([]);
		expect(firstHitRanges(10)).toEqual([[0, 9]]);
		const ranges = firstHitRanges(25_000_000);
		expect(ranges[0]).toEqual([0, 262_143]);
		expect(ranges[1]).toEqual([262_144, 1_310_719]);
		expect(ranges[ranges.length - 1][1]).toBe(24_999_999);
		for (let i = 1; i < ranges.length; i++) expect(ranges[i][0]).toBe(ranges[i - 1][1] + 1);
		expect(Math.max(...ranges.map(([a, b]) => b - a + 1))).toBe(4_194_304);
	});
	it('goes on from where a first screen stopped, growing from the last range it read', () => {
		// A first screen stopped at position 300,000 inside its second range (1,048,576 rows long).
		const ranges = firstHitRanges(25_000_000, 300_000, 1_048_576);
		expect(ranges[0]).toEqual([300_000, 4_494_303]);
		expect(ranges[1]).toEqual([4_494_304, 8_688_607]);
		expect(ranges[ranges.length - 1][1]).toBe(24_999_999);
		for (let i = 1; i < ranges.length; i++) expect(ranges[i][0]).toBe(ranges[i - 1][1] + 1);
		expect(firstHitRanges(10, 10, 262_144)).toEqual([]);
		expect(firstHitRanges(10, 4, 0)).toEqual([[4, 9]]);
	});
	it('gives the first matches in stored order, range by range', async () => {
		const conditions = searchConditions('hr', '', INDEX_COLUMNS);
		const read = async (from: number, to: number, limit: number) =>
			(await conn.runAndReadAll(firstHitsSql(conditions, from, to, limit))).getRowObjects().map((r) => Number(r.rid));
		// 'hr' is in files 0, 1, 8, 9, 10 (by construction, FILES above).
		expect(await read(0, FILES.length - 1, 3)).toEqual([0, 1, 8]);
		expect(await read(2, 9, 10)).toEqual([8, 9]);
		expect(await read(11, FILES.length - 1, 10)).toEqual([]);
	});
});

describe('a word\'s folders looked up first', () => {
	it('writes a word\'s few folders into the condition (none as a number no folder has), and keeps the lookup for many', () => {
		const cond = (fids: number[]) => searchConditions('hr', '', indexColumns(new Map([['hr', fids]])))[0];
		expect(cond([])).toBe(`(contains(n, 'hr') OR fid IN (-1))`);
		expect(cond([2, 5])).toBe(`(contains(n, 'hr') OR fid IN (2, 5))`);
		expect(cond(Array.from({ length: MAX_INLINE_FOLDERS + 1 }, (_, i) => i))).toContain('fid IN (SELECT fid FROM x_folders WHERE contains(fk, \'hr\'))');
		expect(searchWords('HR "review 2022" *.iso hr')).toEqual(['hr', 'review 2022']);
	});
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
