/**
 * How the facts build slices an Aparavi export by objectId (workers/engine/dataset.ts, and the
 * summary pack builder). The slice's current-instance aggregation is the open's largest memory
 * user: measured in DuckDB-WASM 1.32 (docs/MODEL.md, "Built in slices"), a 10M-object aggregation
 * in one piece nearly filled its heap, so a slice holds at most SLICE_OBJECTS objects. Small exports take one slice.
 *
 * An object and all its instances always fall in the same slice. The first slice is a hash sample
 * (hash(objectId) % count = 0): a uniform sample of the files, so the Summary previewed after it
 * is representative, and it costs one full read of the export since a hash test cannot skip rows.
 * Every later slice is an objectId range [lo, hi) with the sample left out: DuckDB pushes a range
 * test into the scan, so only that range's rows are decoded and, when the export is stored roughly
 * in objectId order (as exports written by insertion are), whole row groups are skipped by their
 * min/max. The export is read about twice in all rather than once per slice (a hash-only build
 * reads it once per slice).
 */
import type { ExportShape } from './shape';
import { ident, str } from './sql';

export const SLICE_OBJECTS = 2_000_000;
export const MAX_PARTITIONS = 64;
/** objectIds sampled to place the range boundaries (a reservoir sample, one read of the column). */
const BOUNDARY_SAMPLE = 100_000;

import type { OpenOptions } from './open-options';

export function partitionsFor(objects: number, options: OpenOptions = {}): number {
	const forced = options.partitions;
	if (forced !== undefined && Number.isFinite(forced)) return Math.max(1, Math.min(MAX_PARTITIONS, Math.floor(forced)));
	return Math.max(1, Math.min(MAX_PARTITIONS, Math.ceil(objects / SLICE_OBJECTS)));
}

/** One run of objectIds [lo, hi], both ends included, read whole by the first view's cluster sample. */
export interface KeyRange {
	lo: string;
	hi: string;
}

/**
 * One slice of the files: the hash sample, an objectId range outside it (null: unbounded), or the
 * cluster sample of the first view (src/lib/model/cluster-sample.ts): the sampled blocks of
 * `objects`, kept in a table of their own (`objects`), and the instances of the runs of objectIds
 * those blocks span, read through one range scan each (DuckDB does not push an OR of ranges into a
 * scan).
 */
export type Partition =
	| { kind: 'sample'; count: number }
	/** `sampled`: the hash sample is a slice of its own, and the range leaves it out. */
	| { kind: 'range'; count: number; lo: string | null; hi: string | null; sampled: boolean }
	/** The rows without an objectId, which no range holds: a slice of their own when there is no hash sample. */
	| { kind: 'nulls' }
	| { kind: 'clusters'; objects: string; ranges: readonly KeyRange[] };

/**
 * The range boundaries for `count` slices: the objectIds at every 1/(count − 1) of a reservoir
 * sample, as text (objectId is compared as VARCHAR, whatever its stored type). DuckDB sorts them,
 * so the order is its own collation and not JavaScript's. Fewer come back when the sample is small.
 */
export function sliceBoundsSql(shape: ExportShape, count: number, sampleRows = BOUNDARY_SAMPLE): string {
	const objects = shape.table('objects');
	const id = shape.column('objects', 'objectId');
	if (!objects || !id) throw new Error('the export has no objects.objectId');
	const ranges = Math.max(1, Math.floor(count) - 1);
	return `WITH s AS (SELECT CAST(${ident(id.name)} AS VARCHAR) AS k FROM ${objects.ref} USING SAMPLE reservoir(${Math.max(ranges, Math.floor(sampleRows))} ROWS) REPEATABLE (42)),
o AS (SELECT k, row_number() OVER (ORDER BY k) AS i, count(*) OVER () AS m FROM s WHERE k IS NOT NULL)
SELECT k FROM o WHERE i < m AND (i * ${ranges}) // m > ((i - 1) * ${ranges}) // m ORDER BY i`;
}

/**
 * The slices in build order: the hash sample first (its Summary previews the rest), then the
 * ranges between consecutive boundaries. Without the sample (`sample: false`: the first view came
 * from a cluster sample already) only ranges, each a read of its own rows, and the rows without an
 * objectId last.
 */
export function slicesFor(count: number, bounds: readonly string[], options: { sample?: boolean } = {}): Partition[] {
	if (count <= 1) return [];
	const sampled = options.sample ?? true;
	const edges: (string | null)[] = [null, ...new Set(bounds)];
	const ranges: Partition[] = edges.map((lo, i) => ({ kind: 'range', count, lo, hi: edges[i + 1] ?? null, sampled }));
	return sampled ? [{ kind: 'sample', count }, ...ranges] : [...ranges, { kind: 'nulls' }];
}

/**
 * The slice as a condition on an objectId expression. A NULL objectId belongs to the sample, or to
 * the `nulls` slice when there is none (a range test is never true for it), so the slices stay
 * disjoint and together hold every row.
 */
export function partitionCondition(objectIdExpr: string, p: Partition | undefined): string | null {
	// Clusters are read by their own range scans (rangesSourceSql), not by a condition on the table.
	if (!p || p.kind === 'clusters') return null;
	const id = `CAST(${objectIdExpr} AS VARCHAR)`;
	// A slice of its own: \`id IS NULL OR id < hi\` would keep DuckDB from pushing the range into the scan.
	if (p.kind === 'nulls') return `${id} IS NULL`;
	if (p.count <= 1) return null;
	const inSample = `hash(${id}) % ${Math.floor(p.count)} = 0`;
	if (p.kind === 'sample') return `(${id} IS NULL OR ${inSample})`;
	// The range first, so DuckDB pushes it into the scan; the hash test then runs on that range only.
	const range = [p.lo !== null ? `${id} >= ${str(p.lo)}` : null, p.hi !== null ? `${id} < ${str(p.hi)}` : null].filter((c) => c !== null);
	if (range.length === 0) range.push(`${id} IS NOT NULL`);
	return [...range, ...(p.sampled ? [`NOT (${inSample})`] : [])].join(' AND ');
}

/**
 * The FROM item a slice reads `table` through: the table itself, except for the cluster sample,
 * whose objects are its own table and whose instances are those of its runs, one range scan per
 * run pushed into the table scan so only the row groups holding that run are read (`rowid` rides
 * along for readers that order by it).
 */
export function partitionSourceSql(table: 'objects' | 'instances', ref: string, objectIdColumn: string, p: Partition | undefined): string {
	if (!p || p.kind !== 'clusters') return ref;
	if (table === 'objects') return p.objects;
	const id = `CAST(${objectIdColumn} AS VARCHAR)`;
	const scans = p.ranges.map((r) => `SELECT *, rowid AS rowid FROM ${ref} WHERE ${id} >= ${str(r.lo)} AND ${id} <= ${str(r.hi)}`);
	return `(${scans.join('\nUNION ALL ')})`;
}
