/**
 * The pure recognisers of generic file listings (src/lib/model/listings, workers/engine/ncdu.ts):
 * the backslash rule, part grouping, header and layout detection, number and date formats, the
 * columns a headerless listing's values name, and the ncdu reader. Expected values are known by
 * construction (the inputs are written here, or are ncdu 1.18's own output).
 */
import { describe, expect, test } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { backslashSeparates, listingTopFolderSql, modelPath, modelPathSql } from '$lib/model/listings/paths';
import { groupParts, partsTitle } from '$lib/model/listings/parts';
import { isHeader, parseRecords, sniffLayout } from '$lib/model/listings/layout';
import { decideNumbers, numberSql, readNumber } from '$lib/model/listings/numbers';
import { decideTextTimes, timeReadSql } from '$lib/model/listings/times';
import { folderRules, mappingByContent, mappingByName } from '$lib/model/listings/columns';
import { listingTool } from '$lib/model/listings/tools';
import { NcduParseError, NcduReader, type NcduRow } from '../../workers/engine/ncdu';
import { sortInput } from '../../workers/engine/inputs';

async function sql(query: string): Promise<Record<string, unknown>[]> {
	const db = await DuckDBInstance.create(':memory:');
	const conn = await db.connect();
	const rows = (await conn.runAndReadAll(query)).getRowObjectsJS() as Record<string, unknown>[];
	conn.closeSync();
	return rows;
}

describe('the backslash rule', () => {
	const cases: [string, boolean, string][] = [
		['D:\\data\\HR\\plan.docx', true, 'D:/data/HR/plan.docx'],
		['\\\\filer01\\share\\dept\\a.txt', true, '//filer01/share/dept/a.txt'],
		['data\\HR\\plan.docx', true, 'data/HR/plan.docx'],
		['/usr/lib/systemd/system/system-systemd\\x2dcryptsetup.slice', false, '/usr/lib/systemd/system/system-systemd\\x2dcryptsetup.slice'],
		['/home/a/back\\slash\\name.txt', false, '/home/a/back\\slash\\name.txt'],
		['/plain/path.txt', false, '/plain/path.txt'],
		['C:/mixed\\style.txt', false, 'C:/mixed\\style.txt']
	];
	test.each(cases)('%s', (path, separates, model) => {
		expect(backslashSeparates(path)).toBe(separates);
		expect(modelPath(path)).toBe(model);
	});

	test('the SQL reads every path as the rule says', async () => {
		const values = cases.map(([p], i) => `(${i}, '${p.replaceAll("'", "''")}')`).join(', ');
		const rows = await sql(`SELECT i, ${modelPathSql('p')} AS m FROM (VALUES ${values}) AS t(i, p) ORDER BY i`);
		expect(rows.length).toBe(cases.length);
		expect(rows.map((r) => r.m)).toEqual(cases.map((c) => c[2]));
	});

	test('a UNC share counts as the root: its top folder holds one folder below the share', async () => {
		const rows = await sql(
			`SELECT f, ${listingTopFolderSql('f')} AS top FROM (VALUES ('//filer01/share/dept/2024/q1/'), ('//filer01/share/'), ('D:/data/HR/2024/'), ('/usr/share/doc/x/')) AS t(f)`
		);
		expect(rows.length).toBe(4);
		expect(Object.fromEntries(rows.map((r) => [r.f, r.top]))).toEqual({
			'//filer01/share/dept/2024/q1/': '//filer01/share/dept/',
			'//filer01/share/': '//filer01/share/',
			'D:/data/HR/2024/': 'D:/data/HR/',
			'/usr/share/doc/x/': '/usr/share/doc/'
		});
	});
});

describe('parts of one listing', () => {
	const tables = (paths: string[]) => groupParts(paths).map((g) => [g.table, g.paths]);

	test.each([
		[['listing-00.csv', 'listing-01.csv', 'listing-02.csv'], [['listing', ['listing-00.csv', 'listing-01.csv', 'listing-02.csv']]]],
		[['listing_2.csv', 'listing_10.csv', 'listing_1.csv'], [['listing', ['listing_1.csv', 'listing_2.csv', 'listing_10.csv']]]],
		[['dump/part-3.csv', 'dump/part-1.csv', 'dump/part-2.csv'], [['dump', ['dump/part-1.csv', 'dump/part-2.csv', 'dump/part-3.csv']]]],
		[['x.csv.002', 'x.csv.001'], [['x', ['x.csv.001', 'x.csv.002']]]],
		[['xab', 'xaa', 'xac'], [['x', ['xaa', 'xab', 'xac']]]],
		[['listing.csv.aa', 'listing.csv.ab'], [['listing', ['listing.csv.aa', 'listing.csv.ab']]]],
		[['x00', 'x01'], [['x', ['x00', 'x01']]]],
		[['objects_part1.csv', 'objects_part2.csv'], [['objects', ['objects_part1.csv', 'objects_part2.csv']]]]
	] as [string[], [string, string[]][]][])('%j', (paths, expected) => expect(tables(paths)).toEqual(expected));

	test('names that merely end in digits or letters are not parts', () => {
		expect(groupParts(['report2023.csv', 'report2024.csv'])).toEqual([]);
		expect(groupParts(['data.csv', 'dump.csv'])).toEqual([]);
		expect(groupParts(['xab', 'xac'])).toEqual([]);
		expect(groupParts(['listing-00.csv'])).toEqual([]);
		expect(groupParts(['a/listing-1.csv', 'b/listing-2.csv'])).toEqual([]);
	});

	test('the title names the table', () => {
		expect(partsTitle(['listing-00.csv', 'listing-01.csv', 'listing-02.csv'])).toBe('listing (3 parts)');
		expect(partsTitle(['a.csv', 'b.csv'])).toBeNull();
	});
});

describe('sorting dropped files into tables', () => {
	const input = (path: string, text: string) => ({ file: new File([text], path.split('/').pop()!), path });

	test('parts become one table in part order, whatever the drop order; only an ncdu JSON is read', async () => {
		const sorted = await sortInput([
			input('listing-10.csv', 'path,size\n/c,3\n'),
			input('listing-2.csv', 'path,size\n/b,2\n'),
			input('listing-1.csv', 'path,size\n/a,1\n'),
			input('xab', '/d\t4\n'),
			input('xaa', '/c\t3\n'),
			input('dump.csv.002', 'y\n'),
			input('dump.csv.001', 'x\n'),
			input('scan.json', '[1,2,{"progname":"ncdu"},[{"name":"/"}]]'),
			input('manifest.json', '{"tables": []}'),
			input('objects/part-0.csv', 'objectId\n1\n'),
			input('objects/part-1.csv', 'objectId\n2\n')
		]);
		const tables = Object.fromEntries([...sorted.tables].map(([t, parts]) => [t, parts.map((p) => `${p.format}:${p.name}`)]));
		expect(tables).toEqual({
			listing: ['csv:listing-1.csv', 'csv:listing-2.csv', 'csv:listing-10.csv'],
			x: ['csv:xaa', 'csv:xab'],
			dump: ['csv:dump.csv.001', 'csv:dump.csv.002'],
			scan: ['json:scan.json'],
			objects: ['csv:objects/part-0.csv', 'csv:objects/part-1.csv']
		});
		expect(sorted.ignored).toEqual(['manifest.json']);
	});
});

describe('layout and header', () => {
	const find = '/usr/share/a b.txt\t120\t1700000000.1234567890\n/usr/share/c.gz\t5\t1600000000.5000000000\n/usr/share/d\t0\t1500000000.0000000000\n';

	test('a find -printf listing without a header keeps its first line as a file', () => {
		expect(sniffLayout(find, true)).toEqual({ kind: 'delimited', delimiter: '\t', quote: '', skip: 0, header: false, preamble: [], width: 3 });
	});

	test('the same listing with a header line', () => {
		expect(sniffLayout(`path\tsize\tmtime\n${find}`, true)).toMatchObject({ kind: 'delimited', delimiter: '\t', skip: 0, header: true });
	});

	test('a name holding a quote does not make a find listing quoted', () => {
		expect(sniffLayout('/a/q"uote.txt\t1\t1700000000.5\n/a/b.txt\t2\t1700000000.5\n', true)).toMatchObject({ delimiter: '\t', quote: '', header: false });
	});

	test('WizTree: its banner line, then the header', () => {
		const text = 'Generated by WizTree 4.31 2/12/2026 6:58:12 PM (You can hide this message by making a donation)\nFile Name,Size,Allocated,Modified,Attributes,Files,Folders\n"C:\\",100,100,2026/05/21 18:00:00,0,10,2\n"C:\\a.txt",40,40,2026/05/21 18:00:00,32,0,0\n';
		expect(sniffLayout(text, true)).toMatchObject({ kind: 'delimited', delimiter: ',', quote: '"', skip: 1, header: true });
	});

	test('TreeSize: four report lines, then the header', () => {
		const text = [
			'"TreeSize Report, 02.12.2026 18:58"',
			'"Path: C:\\Data"',
			'"Size: 1,2 GB (1.288.490.189 Bytes)"',
			'',
			'"Full Path";"Size";"Allocated";"Last Modified";"Type"',
			'"C:\\Data\\";"1,2 GB";"1,2 GB";"02.12.2026 18:58";"Folder"',
			'"C:\\Data\\a.txt";"1,5 KB";"4,0 KB";"01.12.2026 10:00";"Text Document"',
			''
		].join('\n');
		expect(sniffLayout(text, true)).toMatchObject({ kind: 'delimited', delimiter: ';', skip: 4, header: true });
	});

	test("PowerShell: the #TYPE line, a multi-line field", () => {
		const text = '#TYPE System.IO.FileInfo\n"FullName","Length","VersionInfo","LastWriteTimeUtc"\n"C:\\a.txt","12","File:  C:\\a.txt\nInternalName:","1/15/2024 10:00:00 AM"\n"C:\\b.txt","13","File:  C:\\b.txt\nInternalName:","1/16/2024 10:00:00 AM"\n';
		expect(sniffLayout(text, true)).toMatchObject({ kind: 'delimited', delimiter: ',', skip: 1, header: true });
		expect(parseRecords(text, ',', '"', 10, true)[2]).toEqual(['C:\\a.txt', '12', 'File:  C:\\a.txt\nInternalName:', '1/15/2024 10:00:00 AM']);
	});

	test('a spreadsheet CSV: BOM removed, semicolons, a quoted newline and a ragged row', () => {
		const text = 'path;size;modified\n"/a/one.txt";5;2024-01-01\n"/a/two\nline.txt";7;2024-02-01\n/a/three.txt;9;2024-03-01;extra\n/b/four.txt;11;2024-04-01\n';
		expect(sniffLayout(text, true)).toMatchObject({ kind: 'delimited', delimiter: ';', quote: '"', skip: 0, header: true });
	});

	test('semicolons with decimal commas: the semicolon separates', () => {
		expect(sniffLayout('path;size;modified\n/a/x;1,5;2024-01-01\n/a/y;2,5;2024-01-02\n', true)).toMatchObject({ delimiter: ';', header: true });
	});

	test('space-separated find output around paths holding spaces', () => {
		const text = '120 1700000000.5 /usr/share/a b c.txt\n5 1600000000.25 /usr/share/d.gz\n7 1500000000.0 /x y/z\n';
		expect(sniffLayout(text, true)).toMatchObject({ kind: 'spaced', before: 2, after: 0, header: false });
		expect(sniffLayout(`size mtime path\n${text}`, true)).toMatchObject({ kind: 'spaced', header: true, names: ['size', 'mtime', 'path'] });
	});

	test('a listing of paths only, with and without a header', () => {
		expect(sniffLayout('/a/b.txt\n/a/c, d.txt\n/e/f\n', true)).toMatchObject({ kind: 'delimited', delimiter: null, header: false });
		expect(sniffLayout('path\n/a/b.txt\n/a/c.txt\n', true)).toMatchObject({ kind: 'delimited', delimiter: null, header: true });
	});

	test('a first row typed like the rest is data; names over numbers are a header', () => {
		const rows = [['/a/y.txt', '20', '1700000001'], ['/a/z.txt', '30', '1700000002']];
		expect(isHeader(['/a/x.txt', '10', '1700000000'], rows)).toBe(false);
		expect(isHeader(['a', 'b', 'c'], rows)).toBe(true);
		expect(isHeader(['path', 'size', 'mtime'], rows)).toBe(true);
	});
});

describe('number formats', () => {
	test('German sizes with dot groups are read, never as decimals', () => {
		const d = decideNumbers(['1.024', '1.234.567', '512']);
		expect(d.format).toBe('de');
		expect(readNumber('1.024', 'de')).toBe(1024);
		expect(readNumber('1.234.567', 'de')).toBe(1234567);
	});

	test('1.024 alone could be either: the person is asked', () => {
		const d = decideNumbers(['1.024', '2.048', '512']);
		expect(d.format).toBeNull();
		expect(d.choices).toEqual(['plain', 'de']);
		expect(d.examples).toEqual(['1.024', '2.048']);
	});

	test('decimal commas and unambiguous English groups', () => {
		expect(decideNumbers(['1,5', '12']).format).toBe('de');
		expect(decideNumbers(['1,234,567', '1,024']).format).toBe('en');
		expect(decideNumbers(['1,024']).format).toBeNull();
		expect(decideNumbers(['1 234 567,5', '12']).format).toBe('fr');
		expect(decideNumbers(['12', '345']).format).toBe('plain');
	});

	test('units, as TreeSize writes them', () => {
		const d = decideNumbers(['1,5 KB', '12 Bytes', '2,25 MB']);
		expect(d.units).toBe(true);
		expect(d.format).toBe('de');
		expect(readNumber('1,5 KB', 'de')).toBe(1536);
		expect(readNumber('2,25 MB', 'de')).toBe(2.25 * 1024 * 1024);
	});

	test('the SQL reads what readNumber reads', async () => {
		const values = ['1.024', '1.234.567', '1,5 KB', '12 Bytes', '7', 'n/a', ''];
		const rows = await sql(`SELECT v, ${numberSql('v', 'de', true)} AS n FROM (VALUES ${values.map((v, i) => `(${i}, '${v}')`).join(', ')}) AS t(i, v) ORDER BY i`);
		expect(rows.length).toBe(values.length);
		expect(rows.map((r) => r.n)).toEqual(values.map((v) => readNumber(v, 'de')));
	});
});

describe('time formats', () => {
	test('find %T@: epoch seconds with a fraction, truncated to the millisecond', async () => {
		const d = decideTextTimes(['1700000000.9999999999', '1600000000.5']);
		expect(d.read).toEqual({ kind: 'epoch', unit: 'seconds', text: true });
		const asOf = Date.UTC(2027, 0, 1);
		// 2023-12-31T23:59:59.9999999999Z: a DOUBLE would round it into 2024.
		const [r] = await sql(`SELECT epoch_ms(${timeReadSql(`'1704067199.9999999999'`, d.read!, asOf)}) AS ms, epoch_ms(${timeReadSql(`'1600000000'`, d.read!, asOf)}) AS whole, ${timeReadSql(`'-5'`, d.read!, asOf)} AS junk`);
		expect(Number(r.ms)).toBe(1704067199999);
		expect(Number(r.whole)).toBe(1600000000000);
		expect(r.junk).toBeNull();
	});

	test('PowerShell en-US dates, WizTree year-first dates, German dates', async () => {
		const en = decideTextTimes(['1/15/2024 3:04:05 PM', '12/31/2023 11:59:59 PM']);
		const wiz = decideTextTimes(['2026/05/21 18:00:00', '2026/05/22 08:00:00']);
		const de = decideTextTimes(['15.01.2024 14:05', '03.04.2024 09:00']);
		expect(en.read?.kind).toBe('pattern');
		expect(de.described).toBe('day.month.year');
		const asOf = Date.UTC(2027, 0, 1);
		const [r] = await sql(
			`SELECT epoch_ms(${timeReadSql(`'1/15/2024 3:04:05 PM'`, en.read!, asOf)}) AS en, epoch_ms(${timeReadSql(`'2026/05/21 18:00:00'`, wiz.read!, asOf)}) AS wiz, epoch_ms(${timeReadSql(`'03.04.2024 09:00'`, de.read!, asOf)}) AS de`
		);
		expect(Number(r.en)).toBe(Date.UTC(2024, 0, 15, 15, 4, 5));
		expect(Number(r.wiz)).toBe(Date.UTC(2026, 4, 21, 18));
		expect(Number(r.de)).toBe(Date.UTC(2024, 3, 3, 9));
	});

	test('03/04/2024 with nothing to tell day from month is asked', () => {
		const d = decideTextTimes(['03/04/2024 10:00', '05/06/2024 11:00']);
		expect(d.ambiguousOrder).toBe(true);
		expect(d.read).toBeNull();
		expect(decideTextTimes(['03/04/2024 10:00'], 'dmy').read).toMatchObject({ kind: 'pattern' });
	});

	test('ISO times with an offset are read as the instant they name', async () => {
		const d = decideTextTimes(['2024-01-15T10:00:00+01:00', '2024-01-15T10:00:00Z']);
		expect(d.read).toEqual({ kind: 'iso', offsets: true });
		const [r] = await sql(`SELECT epoch_ms(${timeReadSql(`'2024-01-15T10:00:00+01:00'`, d.read!, Date.UTC(2027, 0, 1))}) AS ms`);
		expect(Number(r.ms)).toBe(Date.UTC(2024, 0, 15, 9));
	});
});

describe('columns', () => {
	const col = (name: string, type = 'VARCHAR') => ({ name, type });

	test('a headerless find listing: path, size and modified from the values', () => {
		const columns = [col('column0'), col('column1'), col('column2'), col('column3')];
		const samples = {
			column0: ['/usr/share/a.txt', '/usr/share/b', '/usr/x y/c.gz'],
			column1: ['120', '0', '4096'],
			column2: ['1700000000.1234567890', '1600000000.0000000000', '1500000000.5'],
			column3: ['f', 'f', 'd']
		};
		const { mapping, byContent } = mappingByContent(mappingByName('listing', columns), columns, samples);
		expect(mapping).toMatchObject({ path: 'column0', size: 'column1', modified: 'column2' });
		expect(byContent.sort()).toEqual(['modified', 'path', 'size']);
		expect(folderRules(columns, samples, new Set(['column0', 'column1', 'column2']))).toEqual([{ column: 'column3', rule: 'type' }]);
	});

	test("WizTree's File Name holds full paths; its Files and Folders counts mark folders", () => {
		const columns = ['File Name', 'Size', 'Allocated', 'Modified', 'Attributes', 'Files', 'Folders'].map((n) => col(n));
		const samples = { 'File Name': ['C:\\', 'C:\\a.txt'], Size: ['100', '40'], Allocated: ['100', '40'], Modified: ['2026/05/21 18:00:00'], Attributes: ['0', '32'], Files: ['10', '0'], Folders: ['2', '0'] };
		const { mapping } = mappingByContent(mappingByName('w', columns), columns, samples);
		expect(mapping).toMatchObject({ path: 'File Name', name: null, size: 'Size', modified: 'Modified' });
		expect(folderRules(columns, samples, new Set(['File Name', 'Size', 'Modified']))).toEqual([
			{ column: 'Files', rule: 'count' },
			{ column: 'Folders', rule: 'count' }
		]);
		expect(listingTool(['Generated by WizTree 4.31'], columns.map((c) => c.name), false)).toBe('WizTree');
	});

	test('PowerShell: the UTC time is preferred; Mode and PSIsContainer mark folders', () => {
		const columns = ['PSIsContainer', 'Mode', 'Name', 'Length', 'FullName', 'LastWriteTime', 'LastWriteTimeUtc'].map((n) => col(n));
		const samples = { PSIsContainer: ['False', 'True'], Mode: ['-a----', 'd-----'], Name: ['a.txt'], Length: ['12', ''], FullName: ['C:\\a.txt'], LastWriteTime: ['1/15/2024 11:00:00 AM'], LastWriteTimeUtc: ['1/15/2024 10:00:00 AM'] };
		const m = mappingByName('ps', columns);
		expect(m).toMatchObject({ path: 'FullName', size: 'Length', modified: 'LastWriteTimeUtc' });
		expect(folderRules(columns, samples, new Set(['FullName', 'Length', 'LastWriteTimeUtc', 'Name']))).toEqual([
			{ column: 'PSIsContainer', rule: 'flag' },
			{ column: 'Mode', rule: 'mode' }
		]);
	});
});

describe('ncdu -o', () => {
	// ncdu 1.18's own output for a small folder (`ncdu -e -o -`), a symlink among the files.
	const EXPORT = `[1,2,{"progname":"ncdu","progver":"1.18","timestamp":1796237918},
[{"name":"/tmp/ncdutest","asize":4096,"dsize":4096,"dev":65024,"uid":0,"gid":0,"mode":16877,"mtime":1796237918},
{"name":"empty","uid":0,"gid":0,"mode":33188,"mtime":1796237918},
[{"name":"a","asize":4096,"dsize":4096,"uid":0,"gid":0,"mode":16877,"mtime":1796237918},
[{"name":"b","asize":4096,"dsize":4096,"uid":0,"gid":0,"mode":16877,"mtime":1796237918},
{"name":"q\\"uote\\\\back.txt","asize":6,"dsize":4096,"uid":0,"gid":0,"mode":33188,"mtime":1796237918}],
{"name":"x.txt","asize":3,"dsize":4096,"uid":0,"gid":0,"mode":33188,"mtime":1796237918},
{"name":"link","asize":5,"uid":0,"gid":0,"mode":41471,"mtime":1796237918,"notreg":true}]]]
`;

	function read(chunks: string[]): { rows: NcduRow[]; reader: NcduReader } {
		const rows: NcduRow[] = [];
		const reader = new NcduReader((r) => rows.push(r));
		for (const c of chunks) reader.push(c);
		reader.end();
		return { rows, reader };
	}

	test('files with their paths, sizes and times; folders and links are not files', () => {
		const { rows, reader } = read([EXPORT]);
		expect(rows.length).toBe(3);
		expect(rows.map((r) => [r.path, r.size, r.mtime])).toEqual([
			['/tmp/ncdutest/empty', 0, 1796237918],
			['/tmp/ncdutest/a/b/q"uote\\back.txt', 6, 1796237918],
			['/tmp/ncdutest/a/x.txt', 3, 1796237918]
		]);
		expect(reader.counts).toEqual({ files: 3, folders: 3, notRegular: 1, excluded: 0, readErrors: 0 });
	});

	test('the same rows whatever the chunks the text arrives in', () => {
		const whole = read([EXPORT]).rows;
		for (const size of [1, 7, 64]) {
			const chunks = [];
			for (let i = 0; i < EXPORT.length; i += size) chunks.push(EXPORT.slice(i, i + size));
			expect(read(chunks).rows).toEqual(whole);
		}
	});

	test('an export cut short says so', () => {
		expect(() => read([EXPORT.slice(0, EXPORT.length - 30)])).toThrow(NcduParseError);
	});
});
