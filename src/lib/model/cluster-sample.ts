/**
 * The first view of a large export (issue #23): a cluster sample read in seconds, drawn as
 * estimates with a stated range, while the exact build runs.
 *
 * A cluster is a run of neighbouring `objects` rows (a rowid range, spread evenly over the table)
 * with every instance of its objects, found by one range scan over the run of objectIds it spans
 * (src/lib/model/partitions.ts, `clusters`). An export stored in objectId order, as exports written
 * by insertion are, keeps each run in a row group or two, so the sample costs a few small reads per
 * cluster rather than a pass over the export (the hash sample of the first slice reads every row).
 * Each read fetches a block of every column it needs, whatever the run's length: hence a couple of
 * dozen runs of thousands of rows rather than many small ones.
 *
 * The clusters are dealt into GROUPS groups, each itself a cluster sample; every figure is estimated
 * from all of them (a ratio to the file rows of `objects` read, whose total is counted) and its range from the
 * spread of the groups' own estimates (the random-group method: it needs no formula per figure and
 * holds for clustered keys, where files of one folder sit together, as for scattered ones).
 *
 * Runs that overlap another say the export is not stored in key order: then the sample would not be
 * cheap, and the first view waits for the first slice as before.
 */
import type { ExportShape } from './shape';
import { ident, str } from './sql';
import type { KeyRange } from './partitions';
import { isFileCondition, OBJECT_COLUMNS_READ } from './files-view';

/** Clusters read for the first view: three to a group. */
export const CLUSTERS = 24;
/** Groups the clusters are dealt into (the range's degrees of freedom are GROUPS − 1). */
export const GROUPS = 8;
/** Rows of one cluster: the sample is about CLUSTERS × CLUSTER_ROWS objects. */
export const CLUSTER_ROWS = 4096;
/** Where in its stretch of the table each cluster starts (a fixed draw: the same export, the same sample). */
const OFFSET = 0.618;
/** Below this many objects the open is quick enough (and a slice small enough) to need no first view. */
export const CLUSTER_SAMPLE_MIN_OBJECTS = 50_000;
/** At most this share of the rows is read: a sample of a small export must leave something out to be a sample. */
const MAX_SHARE = 0.4;
/** The share of clusters that may be dropped for overlapping before the sample is not trusted. */
const MAX_OVERLAP_SHARE = 0.1;

/** The table holding the clusters' rows of `objects` while the first view is made (then dropped). */
export const CLUSTER_OBJECTS = 'cluster_objects';

/** One cluster as read: its number (`_block`), the run of objectIds it spans, and its group. */
export interface Cluster extends KeyRange {
	block: number;
	group: number;
}

/**
 * Keep the clusters' rows of `objects`: CLUSTERS runs of CLUSTER_ROWS rows, spread evenly over the
 * table from a seeded offset (a systematic sample), each numbered as its `_block`. A rowid range is
 * pushed into the scan; only the columns the `files` view reads are kept, since every column read
 * costs a block read per cluster. `windows` are other rowid ranges to keep instead (a Parquet
 * export's windows, read into a table of their own, one after the other).
 */
export function clusterObjectsSql(shape: ExportShape, totalObjects: number, clusters = CLUSTERS, windows = clusterWindows(totalObjects, clusters)): string {
	const objects = shape.table('objects');
	if (!objects) throw new Error('the export has no objects table');
	const columns = OBJECT_COLUMNS_READ.flatMap((c) => {
		const col = shape.column('objects', c);
		return col ? [ident(col.name)] : [];
	}).join(', ');
	const scans = windows.map(
		({ start, rows }, block) => `SELECT ${columns}, ${block} AS _block FROM ${objects.ref} WHERE rowid >= ${start} AND rowid < ${start + rows}`
	);
	return `CREATE OR REPLACE TEMP TABLE ${CLUSTER_OBJECTS} AS ${scans.join('\nUNION ALL ')}`;
}

/**
 * Where the clusters lie: `clusters` windows of rows, one in each equal stretch of the table at the
 * same seeded offset, at most MAX_SHARE of the rows in all.
 */
export function clusterWindows(totalObjects: number, clusters = CLUSTERS): { start: number; rows: number }[] {
	const rows = Math.max(1, Math.min(CLUSTER_ROWS, Math.floor((MAX_SHARE * totalObjects) / clusters)));
	const stretch = totalObjects / clusters;
	const offset = Math.floor(OFFSET * Math.max(0, stretch - rows));
	return Array.from({ length: clusters }, (_, j) => ({ start: Math.floor(j * stretch) + offset, rows }));
}

/**
 * Each cluster's run of objectIds [min, max] over its files (the instances to read are theirs; a
 * cluster straddling the files and folders stored after them would otherwise span every key), in
 * key order (DuckDB's collation), with whether it starts after the previous one ends.
 */
export function clusterRunsSql(shape: ExportShape): string {
	const id = shape.column('objects', 'objectId');
	if (!id) throw new Error('the export has no objects.objectId');
	const key = `CAST(o.${ident(id.name)} AS VARCHAR)`;
	const isFile = isFileCondition(shape, 'o');
	return `WITH b AS (
	SELECT _block AS block, min(${key}) AS lo, max(${key}) AS hi FROM ${CLUSTER_OBJECTS} AS o${isFile ? ` WHERE ${isFile}` : ''} GROUP BY 1 HAVING min(${key}) IS NOT NULL
)
SELECT block, lo, hi, coalesce(lo > lag(hi) OVER (ORDER BY lo, hi), true) AS apart FROM b ORDER BY lo, hi`;
}

/**
 * The clusters to read from the runs `clusterRunsSql` found (in key order): every run that does
 * not overlap the one before it, dealt into groups by cluster number (neighbouring clusters go to
 * different groups). null when too many overlap (the export is not in key order) or too few remain
 * to give every group a cluster.
 */
export function clustersFrom(runs: readonly { block: number; lo: string; hi: string; apart: boolean }[], groups = GROUPS): Cluster[] | null {
	if (runs.length === 0) return null;
	const kept = runs.filter((r) => r.apart);
	if (runs.length - kept.length > MAX_OVERLAP_SHARE * runs.length || kept.length < groups) return null;
	const byBlock = [...kept].sort((a, b) => a.block - b.block);
	const group = new Map(byBlock.map((r, i) => [r.block, i % groups]));
	return kept.map((r) => ({ block: r.block, lo: r.lo, hi: r.hi, group: group.get(r.block)! }));
}

/** Drop the clusters whose runs overlap another: they are not part of the sample. */
export function dropOverlappingSql(clusters: readonly Cluster[]): string {
	return `DELETE FROM ${CLUSTER_OBJECTS} WHERE _block NOT IN (${clusters.map((c) => c.block).join(', ')})`;
}

/**
 * A file's group from its objectId (the `facts` column, text): the group of the run holding it.
 * The runs are in key order and disjoint, so the first run whose end is at or after the key holds it.
 */
export function clusterGroupExpr(objectIdExpr: string, clusters: readonly Cluster[]): string {
	const arms = clusters.map((c) => `WHEN ${objectIdExpr} <= ${str(c.hi)} THEN ${c.group}`);
	return `CASE ${arms.join(' ')} ELSE NULL END`;
}

/**
 * How many `objects` rows are files (repeats of an objectId included), in the whole export. The
 * estimates are ratios to it: a ratio to every row would be thrown by folders, which an export may
 * store apart from the files (all at its end), where a sample of a few runs can miss them all.
 */
export function fileRowsSql(shape: ExportShape): string {
	const objects = shape.table('objects')!;
	const isFile = isFileCondition(shape, 'o');
	return `SELECT count(*) AS n FROM ${objects.ref} AS o${isFile ? ` WHERE ${isFile}` : ''}`;
}

/** A cluster row's group, from its `_block`. */
const blockGroup = (clusters: readonly Cluster[]) => `CASE o._block ${clusters.map((c) => `WHEN ${c.block} THEN ${c.group}`).join(' ')} END`;

/** The same count for each group's clusters. */
export function clusterRowsSql(shape: ExportShape, clusters: readonly Cluster[]): string {
	const isFile = isFileCondition(shape, 'o');
	return `SELECT ${blockGroup(clusters)} AS grp, count(*)::BIGINT AS n FROM ${CLUSTER_OBJECTS} AS o${isFile ? ` WHERE ${isFile}` : ''} GROUP BY 1 ORDER BY 1`;
}

/** Each of those file rows: its objectId and group (kept to count them slice by slice, src/lib/model/estimate-refine.ts). */
export function clusterFileRowsSql(shape: ExportShape, clusters: readonly Cluster[]): string {
	const id = shape.column('objects', 'objectId');
	if (!id) throw new Error('the export has no objects.objectId');
	const isFile = isFileCondition(shape, 'o');
	return `SELECT o.${ident(id.name)} AS objectId, ${blockGroup(clusters)} AS grp FROM ${CLUSTER_OBJECTS} AS o${isFile ? ` WHERE ${isFile}` : ''}`;
}

/**
 * How many rows of the sample's `facts` repeat an objectId: an object's rows all fall in its run, so
 * a repeat in the export shows here as a repeated row (then the sample is read again, folded).
 */
export const REPEATED_IDS_SQL = 'SELECT count(objectId) - count(DISTINCT objectId) AS extra FROM facts';

/** The dimensions the Summary's charts group by, as `facts` columns and the bucket key each gives. */
export const BUCKET_KEYS: Record<string, string> = {
	extension: 'extension',
	sizeBand: 'CAST(sizeBand AS VARCHAR)',
	ageBand: 'CAST(ageBand AS VARCHAR)',
	topFolder: 'topFolder',
	modifiedMonth: `printf('%04d-%02d', modifiedMonth // 100, modifiedMonth % 100)`,
	addedMonth: `printf('%04d-%02d', addedMonth // 100, addedMonth % 100)`
};

/**
 * Per group: files, bytes, sized files and the sum of bytes squared in all (`dim` 'kpis') and per value of every dimension the
 * Summary's charts show, keyed as the Summary keys its buckets (a band's index, a month as YYYY-MM).
 * `from` is the table of files (`facts`); with `slice`, an expression of its row's slice, the sums
 * are per slice as well (src/lib/model/estimate-refine.ts); `dims` narrows the dimensions.
 */
export function groupSumsSql(groupExpr: string, options: { from?: string; slice?: string; dims?: readonly string[] } = {}): string {
	const measures = 'count(*)::BIGINT AS files, coalesce(sum(size), 0)::HUGEINT AS bytes, count(size)::BIGINT AS sized, coalesce(sum(size::DOUBLE * size), 0) AS squares';
	const by = options.slice === undefined ? 'grp' : 'grp, slice';
	const parts = [`SELECT ${by}, 'kpis' AS dim, '' AS key, ${measures} FROM g GROUP BY ${by}`];
	for (const dim of options.dims ?? Object.keys(BUCKET_KEYS)) {
		parts.push(`SELECT ${by}, '${dim}' AS dim, ${BUCKET_KEYS[dim]} AS key, ${measures} FROM g WHERE ${dim} IS NOT NULL GROUP BY ${by}, ${dim}`);
	}
	const slice = options.slice === undefined ? '' : `${options.slice} AS slice, `;
	return `WITH g AS (SELECT ${groupExpr} AS grp, ${slice}* FROM ${options.from ?? 'facts'})
${parts.join('\nUNION ALL ')}`;
}

/** A row of groupSumsSql as numbers. */
export function groupSumOf(r: Record<string, unknown>): { grp: number; dim: string; key: string; files: number; bytes: number; sized: number; squares: number } {
	return { grp: Number(r.grp), dim: String(r.dim), key: String(r.key), files: Number(r.files), bytes: Number(r.bytes), sized: Number(r.sized), squares: Number(r.squares) };
}
