/**
 * The first view of a large export (issue #23): a cluster sample read in seconds, drawn as
 * estimates with a stated range, while the exact build runs.
 *
 * A cluster is one block of `objects` rows (DuckDB's 2,048-row vector, picked by a seeded block
 * sample that reads only the blocks it picks), widened to the run of objectIds it spans: every
 * object of that run and every instance of those objects is read, by one range scan per cluster
 * (src/lib/model/partitions.ts, `clusters`). An export stored in objectId order, as exports written
 * by insertion are, keeps each run in a few row groups, so the sample costs a few dozen small reads
 * rather than a pass over the export (the hash sample of the first slice reads every row).
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
import { blockSampleFrom } from './block-sample';
import { ident, str } from './sql';
import type { KeyRange } from './partitions';
import { isFileCondition } from './files-view';

/** Clusters read for the first view: enough groups of several clusters, few enough range scans. */
export const CLUSTERS = 48;
/** Groups the clusters are dealt into (the range's degrees of freedom are GROUPS − 1). */
export const GROUPS = 8;
/** Rows of one cluster: DuckDB's vector, the block a system sample picks. */
export const CLUSTER_ROWS = 2048;
/** Below this many objects the open is quick enough (and a slice small enough) to need no first view. */
export const CLUSTER_SAMPLE_MIN_OBJECTS = 50_000;
/** At most this share of the blocks is read: a sample of a small export must leave something out to be a sample. */
const MAX_SHARE = 0.4;
/** The share of clusters that may be dropped for overlapping before the sample is not trusted. */
const MAX_OVERLAP_SHARE = 0.1;

/** One cluster as read: its run of objectIds and its group. */
export interface Cluster extends KeyRange {
	group: number;
}

/**
 * The clusters' runs: the blocks a seeded block sample of `objects` picks, each its min and max
 * objectId, in key order (DuckDB's collation), with whether a run starts after the previous one
 * ends. `rowid // CLUSTER_ROWS` names the block.
 */
export function clusterRunsSql(shape: ExportShape, totalObjects: number, clusters = CLUSTERS): string {
	const objects = shape.table('objects');
	const id = shape.column('objects', 'objectId');
	if (!objects || !id) throw new Error('the export has no objects.objectId');
	const key = `CAST(${ident(id.name)} AS VARCHAR)`;
	return `WITH b AS (
	SELECT rowid // ${CLUSTER_ROWS} AS block, min(${key}) AS lo, max(${key}) AS hi, count(*) AS n
	FROM ${blockSampleFrom(objects.ref, totalObjects, Math.min(clusters * CLUSTER_ROWS, MAX_SHARE * totalObjects))}
	GROUP BY 1 HAVING min(${key}) IS NOT NULL
)
SELECT block, lo, hi, coalesce(lo > lag(hi) OVER (ORDER BY lo, hi), true) AS apart FROM b ORDER BY lo, hi`;
}

/**
 * The clusters to read from the runs `clusterRunsSql` found (in key order): every run that does
 * not overlap the one before it, dealt into groups by block order (neighbouring blocks go to
 * different groups). null when too many overlap (the export is not in key order) or too few remain
 * to give every group a cluster.
 */
export function clustersFrom(runs: readonly { block: number; lo: string; hi: string; apart: boolean }[], groups = GROUPS): Cluster[] | null {
	if (runs.length === 0) return null;
	const kept = runs.filter((r) => r.apart);
	if (runs.length - kept.length > MAX_OVERLAP_SHARE * runs.length || kept.length < groups) return null;
	const byBlock = [...kept].sort((a, b) => a.block - b.block);
	const group = new Map(byBlock.map((r, i) => [r.block, i % groups]));
	return kept.map((r) => ({ lo: r.lo, hi: r.hi, group: group.get(r.block)! }));
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
 * store apart from the files (all at its end), where a sample of a few dozen blocks can miss them all.
 */
export function fileRowsSql(shape: ExportShape): string {
	const objects = shape.table('objects')!;
	const isFile = isFileCondition(shape, 'o');
	return `SELECT count(*) AS n FROM ${objects.ref} AS o${isFile ? ` WHERE ${isFile}` : ''}`;
}

/** The same count for each group's runs. */
export function clusterRowsSql(shape: ExportShape, clusters: readonly Cluster[]): string {
	const objects = shape.table('objects')!;
	const key = `CAST(o.${ident(shape.column('objects', 'objectId')!.name)} AS VARCHAR)`;
	const isFile = isFileCondition(shape, 'o');
	const scans = clusters.map((c) => `SELECT ${c.group} AS grp, count(*) AS n FROM ${objects.ref} AS o WHERE ${key} >= ${str(c.lo)} AND ${key} <= ${str(c.hi)}${isFile ? ` AND ${isFile}` : ''}`);
	return `SELECT grp, sum(n)::BIGINT AS n FROM (${scans.join('\nUNION ALL ')}) GROUP BY grp ORDER BY grp`;
}

/** The dimensions the Summary's charts group by, as `facts` columns and the bucket key each gives. */
const BUCKET_KEYS: Record<string, string> = {
	extension: 'extension',
	sizeBand: 'CAST(sizeBand AS VARCHAR)',
	ageBand: 'CAST(ageBand AS VARCHAR)',
	topFolder: 'topFolder',
	modifiedMonth: `printf('%04d-%02d', modifiedMonth // 100, modifiedMonth % 100)`,
	addedMonth: `printf('%04d-%02d', addedMonth // 100, addedMonth % 100)`
};

/**
 * Per group: files, bytes and sized files in all (`dim` 'kpis') and per value of every dimension the
 * Summary's charts show, keyed as the Summary keys its buckets (a band's index, a month as YYYY-MM).
 */
export function groupSumsSql(groupExpr: string): string {
	const measures = 'count(*)::BIGINT AS files, coalesce(sum(size), 0)::HUGEINT AS bytes, count(size)::BIGINT AS sized';
	const parts = [`SELECT grp, 'kpis' AS dim, '' AS key, ${measures} FROM g GROUP BY grp`];
	for (const [dim, key] of Object.entries(BUCKET_KEYS)) {
		parts.push(`SELECT grp, '${dim}' AS dim, ${key} AS key, ${measures} FROM g WHERE ${dim} IS NOT NULL GROUP BY grp, ${dim}`);
	}
	return `WITH g AS (SELECT ${groupExpr} AS grp, * FROM facts)
${parts.join('\nUNION ALL ')}`;
}
