/**
 * The report build: once per dataset, after the Summary is on screen, the engine derives every
 * report dimension per file (`r_files`, src/lib/model/dimensions.ts) and sums them into small
 * additive tables, so every report page answers a filter change from tables of thousands of rows
 * instead of scanning `facts` (docs/MODEL.md, "The report build"). Everything here is SQL text;
 * workers/engine/report-build.ts runs it step by step and accumulates the cubes.
 *
 *   r_dict_<dim>           code → value of each text dimension (extension, topFolder, service, ...)
 *   r_dict_folder          code → folder, numbered in folder order (a folder and those below it are one range of codes)
 *   r_files                one row per file: its position in `facts`, its folder's code and every dimension, text ones as codes
 *   r_dup, r_dupgroups     files in duplicate groups (global: same lower(name) and size) and the groups
 *   r_<family>_<variant>   cubes: a family's dimensions × a variant's filter dimensions (see CUBE_FAMILIES)
 *   r_list_<list>          candidate rows of each ranked list (largest, oldest, trivial, sensitive)
 *   r_tree                 every folder and ancestor with the files in it and below (unfiltered)
 *   r_points, r_meta_*     uniform samples for the scatter and Metadata Insights
 *   r_stats                exact unfiltered size statistics (from the sizes cube and r_bysize)
 *   r_bysize               every file's size and filter dimensions in size order: a percentile's bucket under filters read alone
 *   r_folder_sets          per value of each filter dimension, the folders holding its files: folder counts under one filter
 *   r_messages, r_services, r_permissions   the small export tables the reports read, kept with the dataset
 */
import { CORE_DIMENSIONS, DIMENSION_SQL, isTextDimension, type AnyDimension, type CoreDimension, type ReportDimension } from './dimensions';
import { copyBandCase, DUPLICATE_CANDIDATE } from './rot';
import { DAY_MS } from './bands';
import { permissionPrincipalsSql } from './security';
import { ident, num, str } from './sql';
import { DIMENSIONS } from './filters';
import type { ExportShape } from './shape';
import { positionsSql, rowsWithPositionSql, type RowStore } from './explorer';
import { categoryExpr } from './categories';
import { METADATA_SAMPLE_TABLE } from './metadata-sample';
import { stretchesSql } from './stretches';
import { percentilesSql, type Percentile } from './size-ranks';

/** Bumped whenever a report table's definition changes: a stored build of another version is rebuilt. */
export const REPORT_BUILD_VERSION = 5;

/* ------------------------------------------------------------------------------------------ */
/* Cubes                                                                                        */

/** Measures a cube row may carry. Counts and sums add up; min and max combine as such. */
export type Measure = 'files' | 'bytes' | 'sized' | 'minSize' | 'maxSize' | 'lastModified' | 'lastAccessed' | 'lastAdded';

/** Each measure over `r_files` rows (what the JS accumulation reproduces exactly). */
export const MEASURE_SQL: Record<Measure, string> = {
	files: 'count(*)',
	bytes: 'coalesce(sum(size), 0)',
	sized: 'count(size)',
	minSize: 'min(size)',
	maxSize: 'max(size)',
	lastModified: 'max(modifiedMs)',
	lastAccessed: 'max(accessedMs)',
	lastAdded: 'max(addedMs)'
};

/** The filter dimensions a cube keeps besides its family's: its variant. */
export interface CubeVariant {
	id: string;
	dims: readonly CoreDimension[];
}

const CORE_FOUR: readonly CoreDimension[] = ['extension', 'sizeBand', 'ageBand', 'topFolder'];

/**
 * Every family has the core variant (the four value filters) and, for the modified-time window, one
 * with the top folder and one with the extension: a value filter or a window on modified times is
 * answered from a cube, folder and type charts included. Rarer questions (a window together with a
 * value filter, a window on the added time) scan `r_files`. A family whose dimensions multiply with
 * the core four past a few rows per file has one-dimension variants instead.
 */
export const STANDARD_VARIANTS: readonly CubeVariant[] = [
	{ id: 'core', dims: CORE_FOUR },
	{ id: 'mod_top', dims: ['modifiedMonth', 'topFolder'] },
	{ id: 'mod_ext', dims: ['modifiedMonth', 'extension'] }
];

export const LIGHT_VARIANTS: readonly CubeVariant[] = [
	{ id: 'ext', dims: ['extension'] },
	{ id: 'top', dims: ['topFolder'] },
	{ id: 'bands', dims: ['sizeBand', 'ageBand'] },
	{ id: 'mod', dims: ['modifiedMonth'] }
];

export interface CubeFamily {
	id: string;
	/** Report dimensions, or a core one a variant lacks (the extension with the folder's window variant). */
	dims: readonly (ReportDimension | CoreDimension)[];
	measures: readonly Measure[];
	variants: readonly CubeVariant[];
}

/**
 * The report cubes. `flags` gathers the low-cardinality per-file classes the Cleanup, Documents and
 * Aging pages read (a few dozen combinations per cell); the others are one subject each.
 */
export const CUBE_FAMILIES: readonly CubeFamily[] = [
	{
		id: 'flags',
		dims: ['tagged', 'trivialRule', 'sensitive', 'redundant', 'copyBand', 'unnamed', 'obsoleteAge'],
		measures: ['files', 'bytes', 'sized'],
		variants: STANDARD_VARIANTS
	},
	{ id: 'oyears', dims: ['obsoleteAge', 'modifiedYear'], measures: ['files', 'bytes'], variants: LIGHT_VARIANTS },
	{ id: 'created', dims: ['createdBand', 'createdYear'], measures: ['files', 'bytes'], variants: STANDARD_VARIANTS },
	{ id: 'accessed', dims: ['accessedBand', 'accessedYear'], measures: ['files', 'bytes'], variants: STANDARD_VARIANTS },
	{ id: 'access', dims: ['accessDay', 'accessHour'], measures: ['files', 'bytes'], variants: LIGHT_VARIANTS },
	{ id: 'service', dims: ['service'], measures: ['files', 'bytes', 'sized', 'lastModified', 'lastAccessed', 'lastAdded'], variants: STANDARD_VARIANTS },
	{ id: 'classification', dims: ['classification'], measures: ['files', 'bytes'], variants: STANDARD_VARIANTS },
	{ id: 'permission', dims: ['permissionSet'], measures: ['files', 'bytes'], variants: STANDARD_VARIANTS },
	{ id: 'sizes', dims: ['sizeBucket'], measures: ['files', 'bytes', 'minSize', 'maxSize'], variants: STANDARD_VARIANTS.slice(0, 2) },
	/**
	 * Types per top folder in a modified window (File Distribution, the Summary's type and folder
	 * charts under a window and a folder or type): the Summary's s_cube holds these too, but with the
	 * size and age bands, too many rows to keep in memory at 25M.
	 */
	{ id: 'types', dims: ['extension'], measures: ['files', 'bytes'], variants: [STANDARD_VARIANTS[1]] }
];

export const cubeTable = (family: CubeFamily, variant: CubeVariant): string => `r_${family.id}_${variant.id}`;

/** Every cube with its table name and all its dimensions (variant's then family's). */
export interface CubeDef {
	table: string;
	family: CubeFamily;
	variant: CubeVariant;
	dims: readonly AnyDimension[];
	measures: readonly Measure[];
}

export const CUBES: readonly CubeDef[] = CUBE_FAMILIES.flatMap((family) =>
	family.variants.map((variant) => ({ table: cubeTable(family, variant), family, variant, dims: [...variant.dims, ...family.dims], measures: family.measures }))
);

/** The SQL type of a measure column in a cube. */
export const MEASURE_TYPE: Record<Measure, string> = {
	files: 'BIGINT',
	bytes: 'HUGEINT',
	sized: 'BIGINT',
	minSize: 'BIGINT',
	maxSize: 'BIGINT',
	lastModified: 'BIGINT',
	lastAccessed: 'BIGINT',
	lastAdded: 'BIGINT'
};

/**
 * A cube by SQL over `r_files`: the definition the engine's accumulation reproduces (a unit test
 * compares the two), and what the native pack builder runs. Text dimensions stay codes.
 */
export function cubeSql(cube: CubeDef): string {
	const dims = cube.dims.map((d) => fileColumn(d));
	const measures = cube.measures.map((m) => `CAST(${MEASURE_SQL[m]} AS ${MEASURE_TYPE[m]}) AS ${m}`);
	return `CREATE OR REPLACE TABLE ${cube.table} AS SELECT ${[...dims.map((c, i) => `${c} AS ${cube.dims[i]}`), ...measures].join(', ')} FROM r_files GROUP BY ALL`;
}

/** The column of `r_files` holding a dimension (text dimensions hold their code). */
export const fileColumn = (d: AnyDimension): string => d;

/* ------------------------------------------------------------------------------------------ */
/* Dictionaries and r_files                                                                     */

/** The text dimensions, coded in `r_files` and the cubes by their `r_dict_<dim>` code (1..n). */
export const TEXT_CODED: readonly AnyDimension[] = ['extension', 'topFolder', 'service', 'classification', 'permissionSet'];

export const dictTable = (d: AnyDimension): string => `r_dict_${d}`;

/** Code → value of one text dimension, numbered in DuckDB's order of the values (NULL has no code). */
export function dictionarySql(d: AnyDimension, asOfMs: number): string {
	// Extensions and top folders are in s_base already: no scan of `facts`.
	// The distinct raw values first, then the dimension's expression over those few.
	const from =
		d === 'extension' || d === 'topFolder'
			? `SELECT DISTINCT ${d} AS value FROM s_base`
			: `SELECT DISTINCT ${DIMENSION_SQL[d].expr(asOfMs).replaceAll(d, 'raw')} AS value FROM (SELECT DISTINCT ${d} AS raw FROM facts)`;
	return `CREATE OR REPLACE TABLE ${dictTable(d)} AS SELECT CAST(row_number() OVER (ORDER BY value) AS INTEGER) AS code, value FROM (${from}) WHERE value IS NOT NULL`;
}

/**
 * Every folder holding files, numbered in DuckDB's order of the paths: the folders that start with
 * a prefix are one range of codes, so a folder and everything below it is `folderCode BETWEEN lo AND
 * hi`. From the Summary's s_folder (one row per folder), never from the files; '' and NULL (no
 * known folder) have no code.
 */
export function folderDictionarySql(): string {
	return `CREATE OR REPLACE TABLE ${FOLDER_DICTIONARY} AS SELECT CAST(row_number() OVER (ORDER BY folder) AS INTEGER) AS code, folder AS value FROM s_folder WHERE folder IS NOT NULL AND folder <> ''`;
}

export const FOLDER_DICTIONARY = 'r_dict_folder';

/** Files per statement of the r_files build: each slice is one turn of the engine's queue, with progress. */
export const FILES_SLICE_ROWS = 1_000_000;

/** A dictionary this small is looked up in a literal list per file instead of joined (cheaper in DuckDB-WASM). */
export const INLINE_DICTIONARY = 64;

/** The values of the dictionaries, in code order, when the build knows them (small ones are inlined). */
export type KnownDictionaries = Partial<Record<AnyDimension, readonly string[]>>;

/**
 * One row per file (`r_codes`), with its position in `facts` (`pos`, stored order across parts), its
 * size and times, and every dimension but the duplicate groups' (joined in by the `r_files` view,
 * filesViewSql). Text dimensions become their dictionary code. `relation` is a slice of `facts` with
 * positions (src/lib/model/explorer.ts positionsSql); the first slice creates the table.
 */
export function codesSql(asOfMs: number, relation: string, create: boolean, known: KnownDictionaries = {}, folderByHash = false): string {
	const dims = [...CORE_DIMENSIONS, ...(Object.keys(DIMENSION_SQL) as AnyDimension[]).filter((d) => !(CORE_DIMENSIONS as readonly string[]).includes(d))].filter(
		(d) => !(DUPLICATE_DIMENSIONS as readonly string[]).includes(d)
	);
	const inline = (d: AnyDimension) => known[d] !== undefined && known[d]!.length <= INLINE_DICTIONARY;
	const cols = dims.map((d) => {
		if (!isTextDimension(d)) return `${DIMENSION_SQL[d].expr(asOfMs)} AS ${d}`;
		if (inline(d)) return `CAST(nullif(list_position([${known[d]!.map(str).join(', ')}]::VARCHAR[], f.${textValue(d)}), 0) AS INTEGER) AS ${d}`;
		return `${dictAlias(d)}.code AS ${d}`;
	});
	const joins = TEXT_CODED.filter((d) => !inline(d))
		.map((d) => `LEFT JOIN ${dictTable(d)} ${dictAlias(d)} ON ${dictAlias(d)}.value = f.${textValue(d)}`)
		.join('\n');
	const select = `SELECT CAST(f.rid AS BIGINT) AS pos, f.size, epoch_ms(f.modified) AS modifiedMs, epoch_ms(f.accessed) AS accessedMs, epoch_ms(f.added) AS addedMs,
	CASE WHEN ${DUPLICATE_CANDIDATE} THEN hash(lname) END AS nameHash, dict_folder.code AS folderCode,
	${cols.join(',\n\t')}
FROM (SELECT *, lower(name) AS lname, ${textValues()} FROM ${relation}) f
${folderCodeJoin(folderByHash)}
${joins}`;
	return create ? `CREATE OR REPLACE TABLE r_codes AS ${select}` : `INSERT INTO r_codes ${select}`;
}

/**
 * Each file's folder code. Joined on the folder's hash when no two folders of the dictionary share
 * one (FOLDER_CODES_SQL's `uniqueHashes`), which is exact because every file's folder is in it ('',
 * no known folder, is kept out): a join on integers instead of on every file's folder text, the
 * costliest part of classifying a file.
 */
function folderCodeJoin(byHash: boolean): string {
	if (!byHash) return `LEFT JOIN ${FOLDER_DICTIONARY} dict_folder ON dict_folder.value = f.folder`;
	return `LEFT JOIN (SELECT code, hash(value) AS h FROM ${FOLDER_DICTIONARY}) dict_folder ON dict_folder.h = CASE WHEN f.folder <> '' THEN hash(f.folder) END`;
}

/** Dimensions that come from the duplicate groups, known once they are found. */
export const DUPLICATE_DIMENSIONS = ['redundant', 'copyBand'] as const;

/**
 * `r_files`: every file's codes with its duplicate group's flags, a view (writing the flags into
 * every row would cost more than joining the few files that have them on each read).
 */
export function filesViewSql(): string {
	return `CREATE OR REPLACE VIEW r_files AS
SELECT c.*, CAST(coalesce(d.redundant, 0) AS UTINYINT) AS redundant, CAST(d.copyBand AS UTINYINT) AS copyBand
FROM r_codes c LEFT JOIN (SELECT pos, CAST(NOT kept AS UTINYINT) AS redundant, copyBand FROM r_dup) d USING (pos)`;
}

const dictAlias = (d: AnyDimension) => `dict_${d}`;
/** The text value of a coded dimension, computed once in the inner select. */
const textValue = (d: AnyDimension) => (d === 'classification' ? 'classificationValue' : d);
const textValues = () => `nullif(trim(classification), '') AS classificationValue`;

/** What the duplicate candidates take from their codes instead of reading `facts`' text columns again. */
const CANDIDATE_CODES = ['folderCode', 'size', 'extension', 'sizeBand', 'ageBand', 'topFolder', 'modifiedMonth', 'addedMonth'] as const;

/* ------------------------------------------------------------------------------------------ */
/* Duplicate groups                                                                             */

/**
 * Candidate keys (name hash, size) shared by two files or more. Sliced by size so the hash table
 * stays within the engine's memory at 25M files; a group never spans slices (its files share a size).
 */
export function duplicateKeysSql(slices: number): string[] {
	const n = Math.max(1, Math.floor(slices));
	const one = (i: number) => `SELECT nameHash, size FROM r_codes WHERE nameHash IS NOT NULL${n > 1 ? ` AND size % ${num(n)} = ${num(i)}` : ''} GROUP BY ALL HAVING count(*) > 1`;
	return [`CREATE OR REPLACE TABLE r_dupkeys AS ${one(0)}`, ...Array.from({ length: n - 1 }, (_, i) => `INSERT INTO r_dupkeys ${one(i + 1)}`)];
}

/** Slices for duplicateKeysSql: about this many candidate files per slice. */
export const DUPLICATE_SLICE_FILES = 4_000_000;

/**
 * The files in duplicate groups (docs/MODEL.md, "ROT classes"): a group is every file of the whole
 * export with the same lower-case name and size; the kept copy is the newest modified (no time
 * last), ties by the smallest objectId; every other copy is redundant. Groups are numbered by
 * wasted bytes, largest first. Hash candidates are checked on the names themselves here, so a hash
 * collision never joins two names.
 */
export function duplicateFilesSql(facts: RowStore): string[] {
	return [
		// Only the columns r_codes lacks are read from `facts`; the rest stay codes until r_dup.
		`CREATE OR REPLACE TABLE r_dupc AS
SELECT f.rid AS pos, f.objectId, f.name, lower(f.name) AS lname, c.folderCode, c.size, f.modified, c.extension, c.sizeBand, c.ageBand, c.topFolder, c.modifiedMonth, c.addedMonth
FROM ${rowsWithPositionSql(facts)} f
JOIN (SELECT r.pos, ${CANDIDATE_CODES.map((col) => `r.${col}`).join(', ')} FROM r_codes r SEMI JOIN r_dupkeys k ON k.nameHash = r.nameHash AND k.size = r.size) c ON c.pos = f.rid`,
		`CREATE OR REPLACE TABLE r_dupgroups AS
SELECT CAST(row_number() OVER (ORDER BY size * (copies - 1) DESC, copies DESC, nameKey, size) AS INTEGER) AS groupId, *
FROM (
	SELECT lname AS nameKey, size, count(*) AS copies, min(name) AS name, count(DISTINCT coalesce(folderCode, 0)) AS folders, epoch_ms(max(modified)) AS newest,
		size * (count(*) - 1) AS wasted
	FROM r_dupc GROUP BY lname, size HAVING count(*) > 1
)`,
		`ALTER TABLE r_dupgroups ADD COLUMN copyBand UTINYINT`,
		`UPDATE r_dupgroups SET copyBand = ${copyBandCase('copies')}`,
		`CREATE OR REPLACE TABLE r_dup AS
SELECT g.groupId, c.pos, c.objectId, c.name, coalesce(d_folder.value, '') AS folder, c.size, epoch_ms(c.modified) AS modified,
	d_extension.value AS extension, c.sizeBand, c.ageBand, d_topFolder.value AS topFolder, c.modifiedMonth, c.addedMonth, g.copyBand,
	CAST(row_number() OVER (PARTITION BY g.groupId ORDER BY c.modified DESC NULLS LAST, c.objectId) = 1 AS BOOLEAN) AS kept
FROM r_dupc c JOIN r_dupgroups g ON g.nameKey = c.lname AND g.size = c.size
LEFT JOIN ${FOLDER_DICTIONARY} d_folder ON d_folder.code = c.folderCode
LEFT JOIN ${dictTable('extension')} d_extension ON d_extension.code = c.extension
LEFT JOIN ${dictTable('topFolder')} d_topFolder ON d_topFolder.code = c.topFolder
ORDER BY g.groupId, kept DESC, c.modified DESC NULLS LAST, c.objectId`,
		`DROP TABLE IF EXISTS r_dupc`,
		filesViewSql()
	];
}

/* ------------------------------------------------------------------------------------------ */
/* Ranked lists                                                                                 */

/**
 * A list a page shows the first N of (the largest files, the oldest...). Its candidates are, per
 * cell of a partition, the files whose order bucket reaches the cell's threshold: at least
 * LIST_DEPTH files of each cell, the cell's best. Two partitions: extension × top folder, and the
 * month of modification, so the first N under a filter on extensions or top folders, or under a
 * window of modified months, are among the candidates. Under another filter the engine checks
 * (src/lib/model/lists.ts) and otherwise reads `r_files` itself.
 */
export interface ListDef {
	id: 'largest' | 'oldest' | 'trivial' | 'sensitive';
	/** Which files are listed, over the columns of `r_files` row `r`. */
	subset: (r: string) => string;
	/** A coarse, order-preserving key over `r_files` row `r`: smaller is earlier in the list. */
	bucket: (r: string) => string;
	/** The list's order over the candidate table's columns (ties broken, so the order is total). */
	order: string;
}

/** A way of cutting the files into cells, each keeping its own first LIST_DEPTH candidates. */
export interface ListPartition {
	id: 'cell' | 'month';
	dims: readonly CoreDimension[];
}

export const LIST_PARTITIONS: readonly ListPartition[] = [
	{ id: 'cell', dims: ['extension', 'topFolder'] },
	{ id: 'month', dims: ['modifiedMonth'] }
];

/** How deep each cell's candidates go: a page lists at most this many files. */
export const LIST_DEPTH = 1000;

/** Files with a secret-like name, a key or a credential-bearing config come before executables. */
const secretFirst = (sensitive: string) => `(CASE WHEN ${sensitive} & 7 > 0 THEN 0 ELSE 1 END)`;

export const LISTS: readonly ListDef[] = [
	{ id: 'largest', subset: (r) => `${r}.size IS NOT NULL`, bucket: (r) => `-${r}.sizeBucket`, order: 'size DESC, objectId' },
	// Days: a month's files would otherwise be one bucket, all candidates.
	{ id: 'oldest', subset: (r) => `${r}.modifiedMs IS NOT NULL`, bucket: (r) => `${r}.modifiedMs // ${num(DAY_MS)}`, order: 'modified, objectId' },
	{ id: 'trivial', subset: (r) => `${r}.trivialRule IS NOT NULL`, bucket: (r) => `coalesce(-${r}.sizeBucket, 1)`, order: 'size DESC NULLS LAST, objectId' },
	{
		id: 'sensitive',
		subset: (r) => `${r}.sensitive > 0`,
		bucket: (r) => `${secretFirst(`${r}.sensitive`)} * 10000 + coalesce(-${r}.sizeBucket, 1)`,
		order: `${secretFirst('sensitive')}, size DESC NULLS LAST, folder || name`
	}
];

export const listTable = (id: ListDef['id']): string => `r_list_${id}`;
export const listCellsTable = (id: ListDef['id'], partition: ListPartition['id']): string => `r_list_${id}_${partition}`;

/**
 * Per cell of a partition: the threshold bucket (files at or before it are candidates; NULL: every
 * file of the cell is) and whether the cell has files beyond it (truncated). One grouping of `r_codes`.
 */
export function listCellsSql(list: ListDef, partition: ListPartition): string {
	const dims = partition.dims.join(', ');
	return `CREATE OR REPLACE TABLE ${listCellsTable(list.id, partition.id)} AS
WITH h AS (SELECT ${partition.dims.map((d) => `r.${d}`).join(', ')}, ${list.bucket('r')} AS bucket, count(*) AS files FROM r_codes r WHERE ${list.subset('r')} GROUP BY ALL),
c AS (SELECT *, sum(files) OVER (PARTITION BY ${dims} ORDER BY bucket ROWS UNBOUNDED PRECEDING) AS upTo FROM h)
SELECT ${dims}, min(bucket) FILTER (WHERE upTo >= ${num(LIST_DEPTH)}) AS threshold,
	coalesce(min(bucket) FILTER (WHERE upTo >= ${num(LIST_DEPTH)}) < max(bucket), false) AS truncated
FROM c GROUP BY ALL`;
}

/**
 * The candidates of a list, in either partition: their positions, the codes the list's own conditions
 * read, and their bucket. Each file meets its cells by a join on the small cell tables (a correlated
 * EXISTS would gather every file's distinct keys first, more than the engine's memory at 10M files).
 */
export function listPickSql(list: ListDef): string {
	const alias = (p: ListPartition) => `p_${p.id}`;
	const joins = LIST_PARTITIONS.map(
		(p) => `LEFT JOIN ${listCellsTable(list.id, p.id)} ${alias(p)} ON ${p.dims.map((d) => `${alias(p)}.${d} IS NOT DISTINCT FROM r.${d}`).join(' AND ')}`
	).join('\n');
	// A file of the subset always has its cell in each table (they are grouped from the same files).
	const within = (p: ListPartition) => `${alias(p)}.threshold IS NULL OR ${list.bucket('r')} <= ${alias(p)}.threshold`;
	return `CREATE OR REPLACE TABLE r_pick_${list.id} AS
SELECT r.pos, r.obsoleteAge, r.trivialRule, r.sensitive, ${list.bucket('r')} AS bucket
FROM r_codes r
${joins}
WHERE ${list.subset('r')} AND (${LIST_PARTITIONS.map((p) => `(${within(p)})`).join(' OR ')})`;
}

/** Files in the scatter's sample, drawn from the files with a size and a modified time. */
export const POINTS_SAMPLE = 200_000;

/**
 * The scatter's sample: the files with the smallest hash of their position, a uniform sample in a
 * random but fixed order. A limit this large is sorted in full by DuckDB (no top-N heap), more than
 * the engine's memory at 25M files, so only the files whose hash falls in the lowest share of the
 * range (three times the sample's share of them) are sorted: the smallest hashes are all among
 * them, except with a chance that is nil in practice (fewer than a third of the expected number).
 */
export function pointsPickSql(): string {
	const kept = 'size IS NOT NULL AND modifiedMs IS NOT NULL';
	const margin = 3 * POINTS_SAMPLE;
	return `CREATE OR REPLACE TABLE r_pick_points AS
WITH n AS (SELECT count(*) AS c FROM r_codes WHERE ${kept}),
t AS (SELECT CASE WHEN c <= ${num(margin)} THEN 18446744073709551615::UBIGINT ELSE CAST((${num(margin)} / c) * 18446744073709551615.0 AS UBIGINT) END AS below FROM n)
SELECT pos, hash(pos, 7) AS h FROM r_codes WHERE ${kept} AND hash(pos, 7) <= (SELECT below FROM t) ORDER BY h LIMIT ${num(POINTS_SAMPLE)}`;
}

/** Files in Metadata Insights' sample, of which a page reads the first 20,000 its filters keep. */
export const METADATA_SAMPLE = 100_000;
/** Instance rows whose metadata is read: whole stretches spread evenly over the table, never the whole column. */
export const METADATA_ROWS = 150_000;
const METADATA_STRETCHES = 48;

/** The export's instances with metadata, or Parquet's sample of them (src/lib/model/metadata-sample.ts). */
function metadataSource(shape: ExportShape): { ref: string; objectId: string; metadata: string; order: string; deleted: string; parquet: boolean; instances: string } | null {
	const parquet = !shape.column('instances', 'metadata') && shape.column(METADATA_SAMPLE_TABLE, 'metadata') !== undefined;
	const source = parquet ? METADATA_SAMPLE_TABLE : 'instances';
	const t = shape.table(source);
	const col = (c: string) => shape.column(source, c);
	if (!t || !col('metadata') || !col('objectId')) return null;
	return {
		ref: t.ref,
		objectId: ident(col('objectId')!.name),
		metadata: ident(col('metadata')!.name),
		order: col('instanceId') ? ident(col('instanceId')!.name) : 'rowid',
		deleted: col('deletedAt') ? `coalesce(TRY_CAST(${ident(col('deletedAt')!.name)} AS BIGINT), 0) = 0` : 'TRUE',
		parquet,
		// Every instance row, read or not: the page says what share of them the metadata comes from.
		instances: shape.table('instances')?.ref ?? t.ref
	};
}

/**
 * The instance rows whose metadata the sample reads (`r_meta_src`): the metadata column is most of
 * an export's bytes, so it is read in METADATA_STRETCHES stretches of rows spread evenly over the
 * table (each a rowid range: DuckDB reads only those row groups), or, from Parquet, the rows the
 * import kept. Null when the export has no metadata.
 */
export function metadataRowsSql(shape: ExportShape, instanceRows: number): string | null {
	const m = metadataSource(shape);
	if (!m) return null;
	// Parquet's kept rows, or every row of a small table, or stretches of a large one.
	const cols = `${m.objectId} AS objectId, ${m.order} AS ord, ${m.deleted} AS current, CAST(${m.metadata} AS VARCHAR) AS metadata`;
	if (m.parquet || metadataReadsEveryRow(shape, instanceRows)) return `CREATE OR REPLACE TABLE r_meta_src AS SELECT ${cols} FROM ${m.ref}`;
	return `CREATE OR REPLACE TABLE r_meta_src AS ${stretchesSql(cols, m.ref, instanceRows, METADATA_STRETCHES, Math.ceil(METADATA_ROWS / METADATA_STRETCHES))}`;
}

/** Whether the metadata sample reads every instance row (a small export, not from Parquet). */
export function metadataReadsEveryRow(shape: ExportShape, instanceRows: number): boolean {
	const m = metadataSource(shape);
	return m !== null && !m.parquet && instanceRows <= METADATA_ROWS;
}

/**
 * One read of `facts` for every row the lists and samples show: the picked positions, and with a
 * metadata sample every file whose instance rows were read.
 */
export function pickedSql(facts: RowStore, lists: readonly ListDef[], withMetadata: boolean): string {
	const picks = [...lists.map((l) => `SELECT pos FROM r_pick_${l.id}`), `SELECT pos FROM r_pick_points`].join(' UNION ');
	const meta = withMetadata ? ` OR f.objectId IN (SELECT objectId FROM r_meta_src)` : '';
	return `CREATE OR REPLACE TABLE r_picked AS
SELECT f.rid AS pos, f.objectId, f.name, f.folder, f.size, f.modified, f.extension, f.permissionSet, f.sizeBand, f.ageBand, f.topFolder, f.modifiedMonth, f.addedMonth
FROM ${rowsWithPositionSql(facts)} f
WHERE f.rid IN (${picks})${meta}`;
}

/**
 * A list's candidates with what the page shows and what filters read. Text dimensions are values
 * again, so the shared filters' SQL reads the list as it reads `facts`. A page reads the first rows
 * in list order: a top-N over the candidates, never a sort of every file.
 */
export function listSql(list: ListDef): string {
	return `CREATE OR REPLACE TABLE ${listTable(list.id)} AS
SELECT f.objectId, f.name, f.folder, f.size, f.modified, epoch_ms(f.modified) AS modifiedMs, f.extension, f.permissionSet,
	f.sizeBand, f.ageBand, f.topFolder, f.modifiedMonth, f.addedMonth, c.obsoleteAge, c.trivialRule, c.sensitive, c.bucket
FROM r_pick_${list.id} c JOIN r_picked f USING (pos)`;
}

/** The scatter's sample in its random order: the first N rows that pass any filter are a uniform sample of them. */
export function pointsSql(): string {
	return `CREATE OR REPLACE TABLE r_points AS
SELECT f.size, epoch_ms(f.modified) AS modified, f.extension, f.sizeBand, f.ageBand, f.topFolder, f.modifiedMonth, f.addedMonth
FROM r_pick_points p JOIN r_picked f USING (pos) ORDER BY p.h`;
}

/** One `"key": value` pair: group 1 the key, group 2 the raw value (a quoted string or a bare token). */
export const PAIR_PATTERN = String.raw`"((?:[^"\\]|\\.)*)"\s*:\s*("(?:[^"\\]|\\.)*"|[^,}\s]+)`;

/** The raw value as text: quotes removed, the common escapes undone, capped for display. */
function valueText(raw: string): string {
	const unquoted = `CASE WHEN starts_with(${raw}, '"') THEN ${raw}[2:-2] ELSE ${raw} END`;
	return `left(replace(replace(replace(${unquoted}, '\\"', '"'), '\\/', '/'), '\\\\', '\\'), 120)`;
}

/**
 * The metadata sample: files whose instance rows were read (r_meta_src), in a fixed random order
 * (`rank`), with what filters read and whether their current instance (of those read) carries
 * metadata, and their key/value pairs (a key repeated in one object counts once). DuckDB-WASM has no
 * json extension: the pairs are read with a regular expression that walks `"key": value` left to
 * right, exact for the flat objects Aparavi writes.
 */
export function metadataSampleSql(shape: ExportShape, facts: RowStore, everyRow: boolean): string[] {
	const m = metadataSource(shape)!;
	const pattern = str(PAIR_PATTERN);
	// Every instance row read (a small export): every file is a candidate, those without an instance included.
	const files = everyRow
		? `SELECT rid AS pos, * FROM ${rowsWithPositionSql(facts)}`
		: `SELECT * FROM r_picked WHERE objectId IN (SELECT objectId FROM r_meta_src)`;
	return [
		`CREATE OR REPLACE TABLE r_meta_files AS
SELECT CAST(row_number() OVER (ORDER BY hash(pos, 42)) AS INTEGER) AS rank, objectId, ${categoryExpr('extension')} AS category,
	extension, sizeBand, ageBand, topFolder, modifiedMonth, addedMonth
FROM (SELECT * FROM (${files}) ORDER BY hash(pos, 42) LIMIT ${num(METADATA_SAMPLE)})
ORDER BY rank`,
		`CREATE OR REPLACE TABLE r_meta_pairs AS
WITH cur AS (
	SELECT objectId, arg_max(metadata, ord) AS metadata FROM r_meta_src WHERE current AND objectId IN (SELECT objectId FROM r_meta_files) GROUP BY 1
),
pairs AS (
	SELECT s.rank, regexp_extract_all(cur.metadata, ${pattern}, 1) AS ks, regexp_extract_all(cur.metadata, ${pattern}, 2) AS vs
	FROM r_meta_files s JOIN cur USING (objectId)
),
kv AS (SELECT rank, unnest(ks) AS key, unnest(vs) AS raw FROM pairs WHERE len(ks) > 0)
SELECT rank, key, min(${valueText('raw')}) AS value FROM kv GROUP BY ALL`,
		`ALTER TABLE r_meta_files ADD COLUMN withMetadata BOOLEAN`,
		`UPDATE r_meta_files SET withMetadata = rank IN (SELECT rank FROM r_meta_pairs)`,
		`CREATE OR REPLACE TABLE r_meta_source AS SELECT ${everyRow ? 'false' : 'true'} AS partial, (SELECT count(*) FROM r_meta_src) AS readRows, (SELECT count(*) FROM ${m.instances}) AS instanceRows`
	];
}

/**
 * Every folder that holds files and every ancestor of one, with the files in it (own) and in it and
 * below (files, bytes), its parent and depth: the treemap and the folder tree unfiltered, each a
 * lookup. Built from s_folder (one row per folder), never from the files.
 */
export function treeSql(): string {
	return `CREATE OR REPLACE TABLE r_tree AS
WITH f AS (SELECT folder, files, coalesce(bytes, 0) AS bytes, string_split(folder, '/') AS segs FROM s_folder WHERE folder IS NOT NULL AND folder <> ''),
up AS (
	SELECT array_to_string(segs[1:k], '/') || '/' AS node, k AS depth, files, bytes, k = len(segs) - 1 AS own
	FROM (SELECT *, unnest(generate_series(1, len(segs) - 1)) AS k FROM f)
)
SELECT node AS folder, depth, sum(files)::BIGINT AS files, sum(bytes)::HUGEINT AS bytes,
	coalesce(sum(files) FILTER (WHERE own), 0)::BIGINT AS ownFiles, coalesce(sum(bytes) FILTER (WHERE own), 0)::HUGEINT AS ownBytes,
	CASE WHEN depth = 1 THEN '' ELSE regexp_replace(node, '[^/]*/$', '') END AS parent
FROM up GROUP BY node, depth
ORDER BY folder`;
}

/**
 * Exact size statistics over every file: what the Storage page shows unfiltered at once. The size
 * histogram from the sizes cube and one bucket of r_bysize per percentile (size-ranks.ts), so after
 * the cubes and r_bysize, instead of a quantile over every file's size.
 */
export function statsSql(): string {
	const sizes = CUBES.find((c) => c.family.id === 'sizes' && c.variant.id === 'core')!;
	const histogram = `SELECT sizeBucket, sum(files) AS files FROM ${sizes.table} GROUP BY 1`;
	return `CREATE OR REPLACE TABLE r_stats AS ${percentilesSql(histogram, BY_SIZE, 'true', STATS_PERCENTILES)}`;
}

const STATS_PERCENTILES: readonly Percentile[] = [
	{ id: 'median', percent: 50 },
	{ id: 'p90', percent: 90 },
	{ id: 'p99', percent: 99 }
];

/* ------------------------------------------------------------------------------------------ */
/* Sizes in order                                                                               */

export const BY_SIZE = 'r_bysize';
/** Files per statement of the r_bysize build (each sorts this many rows within the engine's memory). */
export const BY_SIZE_SLICE_FILES = 2_000_000;

/**
 * `r_bysize`: every sized file's size bucket, size and filter dimensions, stored in size order. An
 * exact percentile under filters reads the one bucket that holds its rank (the histogram says which):
 * stored in order, that bucket is a few row groups and the rest are skipped by their zone maps,
 * where `r_codes` (in `facts` order) has every bucket in every row group. Sorted in slices of whole
 * buckets, in bucket order, so no sort holds more than about BY_SIZE_SLICE_FILES rows.
 */
export function bySizeSql(files: number, sliceFiles = BY_SIZE_SLICE_FILES): string[] {
	const slices = Math.max(1, Math.ceil(files / sliceFiles));
	const cols = ['sizeBucket', 'size', ...DIMENSIONS].join(', ');
	return [
		// A bucket's slice: the share of files in the buckets before it, in slices.
		`CREATE OR REPLACE TABLE r_bysize_plan AS
SELECT sizeBucket, CAST(floor((sum(n) OVER (ORDER BY sizeBucket) - n) * ${num(slices)} / sum(n) OVER ()) AS INTEGER) AS slice
FROM (SELECT sizeBucket, count(*) AS n FROM r_codes WHERE sizeBucket IS NOT NULL GROUP BY 1)`,
		...Array.from(
			{ length: slices },
			(_, i) => `${i === 0 ? `CREATE OR REPLACE TABLE ${BY_SIZE} AS` : `INSERT INTO ${BY_SIZE}`} SELECT ${cols} FROM r_codes
WHERE sizeBucket IN (SELECT sizeBucket FROM r_bysize_plan WHERE slice = ${num(i)}) ORDER BY sizeBucket, size`
		),
		'DROP TABLE IF EXISTS r_bysize_plan'
	];
}

/* ------------------------------------------------------------------------------------------ */
/* Folder sets                                                                                  */

export const FOLDER_SETS = 'r_folder_sets';

/** The filter dimensions whose values keep their folders (the top folder's are a range of folder codes already). */
export const FOLDER_SET_DIMENSIONS = ['extension', 'sizeBand', 'ageBand', 'modifiedMonth', 'addedMonth'] as const;
export type FolderSetDimension = (typeof FOLDER_SET_DIMENSIONS)[number];

/** The folder dictionary's size: the largest folder code (codes are 1..n). */
export const FOLDER_CODES_SQL = `SELECT count(*) AS n, count(DISTINCT hash(value)) = count(*) AS uniqueHashes FROM ${FOLDER_DICTIONARY}`;

/** What the plan takes from FOLDER_CODES_SQL's row. */
export function folderCodes(row: Record<string, unknown>): Pick<BuildPlanInput, 'folders' | 'folderHashesUnique'> {
	return { folders: Number(row.n), folderHashesUnique: row.uniqueHashes === true };
}

/**
 * `r_folder_sets`: for each value of each FOLDER_SET_DIMENSIONS dimension, the folders holding a
 * file with it, so "folders holding files" under a filter on one dimension is a union of a few sets
 * instead of a distinct count over every file (read by folder-sets.ts). Code 0 stands for the files
 * with no known folder (the Summary counts them as a folder of their own, a report does not). A
 * value with many files keeps a bitmap (`bits`, bit i for code i), one with few a sorted list of
 * codes (`folders`): a bitmap when it is no larger than four bytes per file of the value, so each
 * dimension's sets hold at most about four bytes per file whatever the export (a value in every
 * folder of a million-folder export costs 125 KB, ten thousand rare extensions a few bytes each).
 */
export function folderSetsSql(folders: number): string[] {
	const dense = `files * 32 >= ${num(folders + 1)}`;
	const code = 'coalesce(folderCode, 0)';
	// One read of the files per dimension: each value's kind is joined to its files, and each kind's
	// aggregate only sees the files of its values.
	return FOLDER_SET_DIMENSIONS.map((d, i) => {
		const values = `SELECT ${d} AS code, ${dense} AS dense FROM (SELECT ${d}, count(*) AS files FROM r_codes WHERE ${d} IS NOT NULL GROUP BY 1)`;
		return `${i === 0 ? `CREATE OR REPLACE TABLE ${FOLDER_SETS} AS` : `INSERT INTO ${FOLDER_SETS}`}
WITH v AS (${values})
SELECT ${str(d)} AS dim, CAST(r.${d} AS INTEGER) AS code,
	bitstring_agg(${code}, 0, ${num(folders)}) FILTER (WHERE v.dense) AS bits,
	list_sort(list(DISTINCT ${code}) FILTER (WHERE NOT v.dense)) AS folders
FROM r_codes r JOIN v ON v.code = r.${d} GROUP BY ALL`;
	});
}

/**
 * The small export tables reports read, copied into the dataset's store so a return visit without
 * the export still has them. Each is null when the export lacks it.
 */
export function exportCopiesSql(shape: ExportShape): { table: string; sql: string }[] {
	const out: { table: string; sql: string }[] = [];
	const messages = shape.table('messages');
	if (messages) out.push({ table: 'r_messages', sql: `CREATE OR REPLACE TABLE r_messages AS SELECT * FROM ${messages.ref}` });
	const services = shape.table('services');
	if (services) out.push({ table: 'r_services', sql: `CREATE OR REPLACE TABLE r_services AS SELECT * FROM ${services.ref}` });
	const perms = shape.table('osPermissions');
	const setCol = shape.column('osPermissions', 'permissionSet');
	if (perms && setCol) {
		out.push({
			table: 'r_permissions',
			sql: `CREATE OR REPLACE TABLE r_permissions AS ${permissionPrincipalsSql(`SELECT DISTINCT CAST(${ident(setCol.name)} AS VARCHAR) AS permissionSet FROM ${perms.ref}`)}`
		});
	}
	return out;
}

/** Every table the report build makes (a reset drops them, a stored build is checked for them). */
export function reportTables(): string[] {
	return [
		...TEXT_CODED.map(dictTable),
		FOLDER_DICTIONARY,
		'r_codes',
		'r_files',
		'r_dupkeys',
		'r_dup',
		'r_dupgroups',
		...CUBES.map((c) => c.table),
		...LISTS.flatMap((l) => [listTable(l.id), ...LIST_PARTITIONS.map((p) => listCellsTable(l.id, p.id))]),
		'r_tree',
		'r_points',
		'r_meta_files',
		'r_meta_pairs',
		'r_meta_source',
		'r_meta_src',
		'r_picked',
		...LISTS.map((l) => `r_pick_${l.id}`),
		'r_pick_points',
		'r_stats',
		BY_SIZE,
		'r_bysize_plan',
		FOLDER_SETS,
		'r_messages',
		'r_services',
		'r_permissions'
	];
}

/* ------------------------------------------------------------------------------------------ */
/* The plan                                                                                     */

/**
 * One step of the build: a statement, or the cubes (summed by the engine as the codes are written,
 * by SQL elsewhere). A statement writing a slice of `r_codes` says which positions it wrote, so the
 * engine can sum them while DuckDB writes the next (an INSERT: the engine adds a RETURNING clause).
 */
export type BuildStep = { label: string; weight: number; sql: string; codes?: { from: number; to: number } } | { label: string; weight: number; cubes: true };

export interface BuildPlanInput {
	shape: ExportShape;
	asOfMs: number;
	files: number;
	facts: RowStore;
	/** Rows of the export's instances table (where its metadata is read from). */
	instanceRows: number;
	/** The small dictionaries' values (read after dictionarySteps): inlined instead of joined. */
	known?: KnownDictionaries;
	/** Folder codes in r_dict_folder (FOLDER_CODES_SQL, after dictionarySteps): the folder sets' bitmap length. */
	folders: number;
	/** No two folders of r_dict_folder share a hash (FOLDER_CODES_SQL): files find their folder's code by it. */
	folderHashesUnique?: boolean;
}

/** How many instance rows the export has (the metadata sample's stretches spread over them); null without the table. */
export function instanceRowsSql(shape: ExportShape): string | null {
	const t = shape.table('instances');
	return t ? `SELECT count(*) AS n FROM ${t.ref}` : null;
}

/** The first steps: the dictionaries, which the rest of the plan may inline (knownDictionariesSql). */
export function dictionarySteps(asOfMs: number): BuildStep[] {
	const label = 'Numbering types, folders, services and permissions';
	return [...TEXT_CODED.map((d) => ({ label, weight: 0.2, sql: dictionarySql(d, asOfMs) })), { label, weight: 0.2, sql: folderDictionarySql() }];
}

/** The dictionaries small enough to inline: one row per dimension, its values in code order. */
export function knownDictionariesSql(): string {
	return TEXT_CODED.map((d) => `SELECT '${d}' AS dim, count(*) AS n, list(value ORDER BY code) AS v FROM ${dictTable(d)}`).join(' UNION ALL ');
}

/** The dictionaries to inline, from knownDictionariesSql's rows. */
export function knownDictionaries(rows: readonly Record<string, unknown>[]): KnownDictionaries {
	const out: KnownDictionaries = {};
	for (const r of rows) if (Number(r.n) <= INLINE_DICTIONARY && Array.isArray(r.v)) out[r.dim as AnyDimension] = (r.v as unknown[]).map(String);
	return out;
}

/**
 * Every step after the dictionaries, in order. The engine runs each as one turn of its queue and
 * sums the cubes itself (workers/engine/report-build.ts); native DuckDB (tests, summary packs) runs
 * the same statements and cubeSql for each cube.
 */
export function reportBuildSteps(input: BuildPlanInput): BuildStep[] {
	const steps: BuildStep[] = [];
	const sql = (label: string, statement: string, weight = 1) => steps.push({ label, weight, sql: statement });
	const slices = Math.max(1, Math.ceil(input.files / FILES_SLICE_ROWS));
	// The table made empty, in the shape of its rows, then every slice an INSERT (the engine has each one return the codes it wrote).
	sql(`Classifying every file (1 of ${slices})`, codesSql(input.asOfMs, positionsSql(input.facts, 0, -1), true, input.known, input.folderHashesUnique), 0.05);
	for (let i = 0; i < slices; i++) {
		const from = i * FILES_SLICE_ROWS;
		const to = from + FILES_SLICE_ROWS - 1;
		steps.push({
			label: `Classifying every file (${i + 1} of ${slices})`,
			weight: 3.5,
			sql: codesSql(input.asOfMs, positionsSql(input.facts, from, to), false, input.known, input.folderHashesUnique),
			codes: { from, to }
		});
	}
	for (const s of duplicateKeysSql(Math.ceil(input.files / DUPLICATE_SLICE_FILES))) sql('Finding duplicate names and sizes', s, 1);
	for (const s of duplicateFilesSql(input.facts)) sql('Grouping duplicate copies', s, 0.5);
	steps.push({ label: 'Summing the report tables', weight: 1, cubes: true });
	const ranking = 'Ranking the largest, oldest, trivial and sensitive files';
	for (const list of LISTS) {
		for (const partition of LIST_PARTITIONS) sql(ranking, listCellsSql(list, partition), 0.2);
		sql(ranking, listPickSql(list), 0.3);
	}
	sql('Sampling files', pointsPickSql(), 0.3);
	const metaRows = metadataRowsSql(input.shape, input.instanceRows);
	if (metaRows) sql('Reading a sample of document metadata', metaRows, 1);
	sql('Reading the listed and sampled files', pickedSql(input.facts, LISTS, metaRows !== null), 2);
	for (const list of LISTS) sql(ranking, listSql(list), 0.2);
	sql('Sampling files', pointsSql(), 0.2);
	const everyRow = metadataReadsEveryRow(input.shape, input.instanceRows);
	if (metaRows) for (const s of metadataSampleSql(input.shape, input.facts, everyRow)) sql('Reading a sample of document metadata', s, 0.3);
	for (const t of ['r_picked', ...LISTS.map((l) => `r_pick_${l.id}`), 'r_pick_points', 'r_meta_src', 'r_dupkeys']) sql('Tidying up', `DROP TABLE IF EXISTS ${t}`, 0.05);
	sql('Indexing folders', treeSql(), 1);
	for (const s of bySizeSql(input.files)) sql('Ordering files by size', s, 0.5);
	sql('Computing size statistics', statsSql(), 0.2);
	for (const s of folderSetsSql(input.folders)) sql('Indexing folders by type, size and date', s, 0.5);
	for (const c of exportCopiesSql(input.shape)) sql('Keeping the export’s small tables', c.sql, 0.1);
	return steps;
}
