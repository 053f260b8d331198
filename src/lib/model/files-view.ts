/**
 * The canonical `files` view over an Aparavi export (docs/MODEL.md). Built once per dataset from the
 * export's shape and the detected time units; every report reads `files` or the summaries made from it.
 */
import type { TimeUnit } from './dataset';
import type { ExportShape } from './shape';
import { cleanTime } from './times';
import { ident, str } from './sql';
import { partitionCondition, partitionSourceSql, type Partition } from './partitions';

export type { Partition } from './partitions';

/** The time columns the model reads, as `table.column` keys for unit detection. */
export const APARAVI_TIME_COLUMNS = [
	['instances', 'createTime'],
	['instances', 'modifyTime'],
	['instances', 'accessTime'],
	['objects', 'createdAt']
] as const;

export type TimeUnits = Record<string, TimeUnit>;

/** Characters an extension may hold (docs/MODEL.md); `translate` deletes them to test the rest is empty. */
const EXTENSION_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_~$-';

/**
 * Extension derived from a name: the text after the last dot, when that dot is not the first
 * character and the text is 1–16 extension characters. String functions, not a regex: a regex per
 * row is slow at millions of rows in the wasm build.
 */
function derivedExtensionExpr(nameCol: string): string {
	const tail = `split_part(${nameCol}, '.', -1)`;
	const lastDot = `(length(${nameCol}) - length(${tail}))`;
	return `CASE WHEN ${lastDot} > 1 AND length(${tail}) BETWEEN 1 AND 16 AND translate(${tail}, ${str(EXTENSION_CHARS)}, '') = '' THEN lower(${tail}) ELSE '' END`;
}

/** Normalised extension: lower case, leading dots stripped; derived from the name when empty. */
export function extensionExpr(extensionCol: string | null, nameCol: string): string {
	const derived = derivedExtensionExpr(nameCol);
	if (!extensionCol) return derived;
	const given = `ltrim(lower(CAST(${extensionCol} AS VARCHAR)), '.')`;
	return `CASE WHEN ${given} <> '' THEN ${given} ELSE ${derived} END`;
}

/**
 * A folder's top folder (docs/MODEL.md, "Top folder"): its first three path segments with their
 * slashes, a leading `/` included: `Shares/10.1.10.163/data/HR/2024/` → `Shares/10.1.10.163/data/`.
 * A folder of three segments or fewer is its own top folder; '' stays ''. One regex: evaluate it
 * per folder (the parentPaths lookup), not per file, where the model can.
 */
export function topFolderExpr(folderExpr: string): string {
	return `regexp_extract(${folderExpr}, '^/?(?:[^/]*(?:/|$)){1,3}')`;
}

/**
 * The largest size a single file may have: 2^50 bytes (1 PiB). Anything above is junk (a sentinel
 * such as 2^63 − 1, a sum stored as a size): taken at its word it would make every total absurd,
 * and enough of them would overflow a 64-bit sum. Such files have no known size, with a note
 * (src/lib/model/dirty.ts).
 */
export const MAX_FILE_BYTES = 2 ** 50;

/**
 * A size expression: a whole number of bytes from 0 to MAX_FILE_BYTES; anything else (negative,
 * absurd, text that is not a number, a value of another type) is unknown.
 */
export function sizeExpr(expr: string): string {
	const v = `TRY_CAST(${expr} AS BIGINT)`;
	return `CASE WHEN ${v} BETWEEN 0 AND ${MAX_FILE_BYTES} THEN ${v} END`;
}

/** Column types that hold numbers. */
const NUMERIC = /^(BIGINT|INTEGER|SMALLINT|TINYINT|HUGEINT|UBIGINT|UINTEGER|USMALLINT|UTINYINT|UHUGEINT|DOUBLE|FLOAT|REAL|DECIMAL.*|INT\d*|UINT\d*)$/;
/** Column types that hold text. */
const TEXT = /^(VARCHAR|TEXT|STRING|CHAR|BPCHAR)(\(\d+\))?$/;

export const isNumericType = (type: string) => NUMERIC.test(type.toUpperCase());
export const isTextType = (type: string) => TEXT.test(type.toUpperCase());

/**
 * `a = b` for two id columns. Exports disagree on id types (a CSV whose ids are numbers next to a
 * Parquet file whose ids are text, one id that is not a number): compared as they are, DuckDB
 * casts the text to a number and fails on the first that is not one. Ids of different types are
 * compared as text; ids of one type as they are (the fast path every real export takes).
 */
export function sameId(a: string, aType: string | undefined, b: string, bType: string | undefined): string {
	return comparable(aType, bType) ? `${a} = ${b}` : `CAST(${a} AS VARCHAR) = CAST(${b} AS VARCHAR)`;
}

/** Whether ids of these two types compare as they are (the same type, or integers both); else as text. */
function comparable(aType: string | undefined, bType: string | undefined): boolean {
	if (!aType || !bType) return false;
	if (aType.toUpperCase() === bType.toUpperCase()) return true;
	return isNumericType(aType) && isNumericType(bType) && !/DOUBLE|FLOAT|REAL|DECIMAL/i.test(aType + bType);
}

/** The columns of `objects` the `files` view reads (a sample of objects may keep only these). */
export const OBJECT_COLUMNS_READ = ['objectId', 'parentId', 'classId', 'name', 'extension', 'primarySize', 'createdAt', 'permissionId', 'tags'] as const;

/** The columns of `instances` the files view reads (currentInstanceSql). */
export const INSTANCE_COLUMNS_READ = ['objectId', 'instanceId', 'deletedAt', 'size', 'createTime', 'modifyTime', 'accessTime', 'classificationId', 'serviceId'] as const;

/**
 * Which rows of objects are files: classId 'idxobject' when classId holds Aparavi's class names
 * (text). A classId of another type (numbers) cannot say it: then every row counts, with a note
 * (classIdNote). Null when every row counts.
 */
export function isFileCondition(shape: ExportShape, alias: string): string | null {
	const c = shape.column('objects', 'classId');
	if (!c || !isTextType(c.type)) return null;
	return `${alias}.${ident(c.name)} = 'idxobject'`;
}

/** The note for a classId that cannot say which rows are files; null when it can (or is absent). */
export function classIdNote(shape: ExportShape): string | null {
	const c = shape.column('objects', 'classId');
	if (!c || isTextType(c.type)) return null;
	const holds = isNumericType(c.type) ? `numbers (${c.type})` : `${c.type} values`;
	return `objects.classId holds ${holds}, not Aparavi's class names (such as idxobject): it cannot tell files from folders, so every row of objects was counted as a file.`;
}

class ColumnPicker {
	constructor(
		private shape: ExportShape,
		private table: string,
		private alias: string
	) {}

	/** `alias."column"` in the export's spelling, or NULL when the export lacks it. */
	col(name: string, fallback = 'NULL'): string {
		const c = this.shape.column(this.table, name);
		return c ? `${this.alias}.${ident(c.name)}` : fallback;
	}

	/** The column's DuckDB type, when the export has it. */
	type(name: string): string | undefined {
		return this.shape.column(this.table, name)?.type;
	}

	has(name: string): boolean {
		return this.shape.column(this.table, name) !== undefined;
	}
}

/** A de-duplicated lookup (id → value) so a repeated key in a side table can never fan rows out. */
function lookup(shape: ExportShape, table: string, key: string, value: string, keep?: (key: string, keyType: string) => string): { sql: string; keyType: string } | null {
	const t = shape.table(table);
	const k = shape.column(table, key);
	const v = shape.column(table, value);
	if (!t || !k || !v) return null;
	const where = keep ? ` WHERE ${keep(ident(k.name), k.type)}` : '';
	return { sql: `(SELECT ${ident(k.name)} AS k, any_value(${ident(v.name)}) AS v FROM ${t.ref}${where} GROUP BY 1)`, keyType: k.type };
}

/** The current instance per object: newest instanceId among those not deleted. */
function currentInstanceSql(shape: ExportShape, partition?: Partition): string | null {
	const t = shape.table('instances');
	if (!t || !shape.column('instances', 'objectId')) return null;
	const i = new ColumnPicker(shape, 'instances', 'i');
	// The newest instance has the largest instanceId: as a number when it is text (a CSV read as text),
	// else by its place in the file (ids that are not numbers at all have no order of their own).
	const idType = i.type('instanceId');
	const order = !idType ? 'i.rowid' : isNumericType(idType) ? i.col('instanceId') : `coalesce(TRY_CAST(${i.col('instanceId')} AS BIGINT), i.rowid)`;
	const conditions = [
		i.has('deletedAt') ? `coalesce(TRY_CAST(${i.col('deletedAt')} AS BIGINT), 0) = 0` : null,
		partitionCondition(i.col('objectId'), partition)
	].filter((c) => c !== null);
	const deleted = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
	const fields = ['size', 'createTime', 'modifyTime', 'accessTime', 'classificationId', 'serviceId']
		.map((f) => `${ident(f)}: ${i.col(f)}`)
		.join(', ');
	return `SELECT ${i.col('objectId')} AS objectId, arg_max({${fields}}, ${order}) AS cur
		FROM ${partitionSourceSql('instances', t.ref, ident(shape.column('instances', 'objectId')!.name), partition)} AS i ${deleted} GROUP BY 1`;
}

/**
 * `WHERE classId = 'idxobject'` when the export says which rows are files (else every row is),
 * and the slice's objectId test when there is one.
 */
function filesOnly(shape: ExportShape, alias: string, partition?: Partition): string {
	const id = shape.column('objects', 'objectId');
	const conditions = [isFileCondition(shape, alias), id ? partitionCondition(`${alias}.${ident(id.name)}`, partition) : null].filter((x) => x !== null);
	return conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
}

/**
 * How many rows of `objects` (files only) repeat an objectId already seen: one cheap pass, run at
 * every open so the de-duplication in `filesViewSql` is paid for only when an export needs it.
 * Per slice when the facts are built in slices: all rows of one objectId fall in the same slice,
 * and a DISTINCT over every objectId of the largest exports does not fit in the memory_limit.
 */
export function extraObjectRowsSql(shape: ExportShape, partition?: Partition): string {
	const objects = shape.table('objects');
	const id = shape.column('objects', 'objectId');
	if (!objects || !id) throw new Error('the export has no objects.objectId');
	return `SELECT count(o.${ident(id.name)}) - count(DISTINCT o.${ident(id.name)}) AS extra FROM ${partitionSourceSql('objects', objects.ref, ident(id.name), partition)} AS o ${filesOnly(shape, 'o', partition)}`;
}

/** How many objectIds appear more than once (run only when extraObjectRowsSql found some). */
export function duplicatedObjectIdsSql(shape: ExportShape, partition?: Partition): string {
	const objects = shape.table('objects')!;
	const id = ident(shape.column('objects', 'objectId')!.name);
	return `SELECT count(*) AS ids FROM (SELECT o.${id} FROM ${partitionSourceSql('objects', objects.ref, id, partition)} AS o ${filesOnly(shape, 'o', partition)} GROUP BY 1 HAVING count(*) > 1 AND o.${id} IS NOT NULL)`;
}

export interface FilesViewOptions {
	/**
	 * The export repeats objectIds (docs/MODEL.md, "Duplicate objectIds"): keep one row per
	 * objectId, the newest by createdAt. Off by default: a window over every row is costly at
	 * millions of files, and real exports have unique objectIds.
	 */
	dedupe?: boolean;
}

/**
 * A file's size: its current instance's when that has one, else objects.primarySize. Each is
 * cleaned on its own (they may be of different types: a number and text), and an instance's junk
 * size stays junk rather than falling back.
 */
export function fileSizeExpr(instanceSize: string, primarySize: string): string {
	if (instanceSize === 'NULL') return sizeExpr(primarySize);
	if (primarySize === 'NULL') return sizeExpr(instanceSize);
	return `CASE WHEN ${instanceSize} IS NOT NULL THEN ${sizeExpr(instanceSize)} ELSE ${sizeExpr(primarySize)} END`;
}

/**
 * The `files` view; with a partition, only that slice of the files (see Partition). `openedMs` is
 * the moment the export was opened: times more than a year after it are junk (docs/MODEL.md, "Times").
 */
export function filesViewSql(shape: ExportShape, units: TimeUnits, openedMs: number, partition?: Partition, options: FilesViewOptions = {}): string {
	const objects = shape.table('objects');
	if (!objects) throw new Error('the export has no objects table');
	const o = new ColumnPicker(shape, 'objects', 'o');
	const joins: string[] = [];

	const current = currentInstanceSql(shape, partition);
	if (current) joins.push(`LEFT JOIN (${current}) AS ci ON ${sameId('ci.objectId', shape.column('instances', 'objectId')?.type, o.col('objectId'), o.type('objectId'))}`);
	const inst = (f: string) => (current ? `ci.cur.${ident(f)}` : 'NULL');
	const instType = (f: string) => (current ? shape.column('instances', f)?.type : undefined);

	/**
	 * Join a lookup on `on` (of type `onType`); `extra` adds columns computed once per lookup row (never
	 * per file). `keep` narrows the lookup's rows first (the cluster sample's few folders).
	 */
	const join = (alias: string, table: string, key: string, value: string, on: string, onType: string | undefined, extra = '', keep?: (key: string, keyType: string) => string): string => {
		const l = lookup(shape, table, key, value, keep);
		if (!l || on === 'NULL') return 'NULL';
		const source = extra ? `(SELECT k, v, ${extra} FROM ${l.sql})` : l.sql;
		joins.push(`LEFT JOIN ${source} AS ${alias} ON ${sameId(`${alias}.k`, l.keyType, on, onType)}`);
		return `${alias}.v`;
	};
	// The cluster sample holds a few of the export's folders: only theirs are looked up (and their top folders worked out).
	const parentId = shape.column('objects', 'parentId');
	const sampleFolders =
		partition?.kind === 'clusters' && parentId
			? (key: string, keyType: string) =>
					comparable(keyType, parentId.type)
						? `${key} IN (SELECT ${ident(parentId.name)} FROM ${partition.objects})`
						: `CAST(${key} AS VARCHAR) IN (SELECT CAST(${ident(parentId.name)} AS VARCHAR) FROM ${partition.objects})`
			: undefined;
	const folder = join('pp', 'parentPaths', 'parentId', 'parentPath', o.col('parentId'), o.type('parentId'), `${topFolderExpr('CAST(v AS VARCHAR)')} AS top`, sampleFolders);
	const topFolder = folder === 'NULL' ? `''` : `coalesce(pp.top, '')`;
	const permission = join('perm', 'osPermissions', 'permissionId', 'permissionSet', o.col('permissionId'), o.type('permissionId'));
	const classification = join('cls', 'classifications', 'classificationId', 'classificationKey', inst('classificationId'), instType('classificationId'));
	const service = join('svc', 'services', 'serviceId', 'name', inst('serviceId'), instType('serviceId'));

	const time = (table: string, column: string, expr: string) => {
		const unit = units[`${table}.${column}`];
		return unit ? cleanTime(expr, unit, openedMs) : 'CAST(NULL AS TIMESTAMP)';
	};
	const name = `coalesce(CAST(${o.col('name')} AS VARCHAR), '')`;
	const where = [isFileCondition(shape, 'o'), partitionCondition(o.col('objectId'), partition)].filter((c) => c !== null);
	let isFile = where.length ? `WHERE ${where.join(' AND ')}` : '';
	const objectId = shape.column('objects', 'objectId');
	let source = objectId ? partitionSourceSql('objects', objects.ref, ident(objectId.name), partition) : objects.ref;
	if (options.dedupe) {
		// One row per objectId: the newest createdAt (junk last), ties by name then parentId; rows
		// without an objectId are each kept. Files only, so a folder row never hides a file. A
		// partition slices by objectId, so all rows of one objectId fall in the same slice.
		const added = time('objects', 'createdAt', o.col('createdAt'));
		const order = [`${added} DESC NULLS LAST`, `${name}`, o.has('parentId') ? `CAST(${o.col('parentId')} AS VARCHAR)` : null].filter(Boolean).join(', ');
		source = `(SELECT * FROM ${source} AS o ${isFile} QUALIFY ${o.col('objectId')} IS NULL OR row_number() OVER (PARTITION BY ${o.col('objectId')} ORDER BY ${order}) = 1)`;
		isFile = '';
	}
	const extension = o.has('extension') ? extensionExpr(o.col('extension'), name) : extensionExpr(null, name);

	return `CREATE OR REPLACE VIEW files AS
SELECT
	CAST(${o.col('objectId')} AS VARCHAR) AS objectId,
	coalesce(CAST(${folder} AS VARCHAR), '') AS folder,
	${topFolder} AS topFolder,
	${name} AS name,
	${extension} AS extension,
	${fileSizeExpr(inst('size'), o.col('primarySize'))} AS size,
	${time('instances', 'createTime', inst('createTime'))} AS created,
	${time('instances', 'modifyTime', inst('modifyTime'))} AS modified,
	${time('instances', 'accessTime', inst('accessTime'))} AS accessed,
	${time('objects', 'createdAt', o.col('createdAt'))} AS added,
	CAST(${permission} AS VARCHAR) AS permissionSet,
	CAST(${classification} AS VARCHAR) AS classification,
	CAST(${service} AS VARCHAR) AS service,
	CAST(${o.col('tags')} AS VARCHAR) AS tags
FROM ${source} AS o
${joins.join('\n')}
${isFile}`;
}
