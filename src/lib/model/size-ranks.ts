/**
 * A size percentile from a size histogram and the files in size order (`r_bysize`): the histogram
 * says which bucket holds the percentile's rank and where in it, and only that bucket's rows are
 * read, up to that place. The rank is the nearest rank `quantile_disc` uses (docs/MODEL.md): the size at 1-based rank
 * max(1, ⌈n·q⌉) in ascending order. Shared by the unfiltered statistics the report build keeps
 * (report-build.ts statsSql) and the percentiles under filters (size-quantiles.ts).
 */
import { num, str } from './sql';

/** A percentile asked for: its column name and whole percent (so its rank is exact in integers). */
export interface Percentile {
	id: string;
	percent: number;
}

/**
 * One row, a column per percentile (NULL when no file has a size). `histogram` is a query of
 * (sizeBucket, files); `table` holds every sized file's sizeBucket and size, read where `where`
 * holds (the same files the histogram counts).
 */
export function percentilesSql(histogram: string, table: string, where: string, percentiles: readonly Percentile[]): string {
	const wanted = percentiles.map((q) => `(${str(q.id)}, ${num(q.percent)})`).join(', ');
	// ⌈n·percent / 100⌉ in integers.
	const rank = `greatest(1, (c.n * q.percent + 99) // 100)`;
	// The table is stored in size order within each bucket, and DuckDB keeps a table's order when a
	// query has no ORDER BY (preserve_insertion_order): the k-th kept row of the bucket is the one
	// at rank k, read without sorting the bucket, the scan stopping there.
	const at = (id: string, column: 'sizeBucket' | 'k') => `(SELECT ${column} FROM p WHERE id = ${str(id)})`;
	const read = (id: string) =>
		`SELECT ${str(id)} AS id, (SELECT size FROM ${table} WHERE sizeBucket = ${at(id, 'sizeBucket')} AND ${where} LIMIT 1 OFFSET coalesce(${at(id, 'k')} - 1, 0)) AS size`;
	const pick = percentiles.map((q) => `max(size) FILTER (WHERE id = ${str(q.id)}) AS ${q.id}`).join(', ');
	// Counts as integers: a cube summed in the engine holds them as doubles, and the ranks' integer
	// division must not round (DuckDB-WASM's `//` on doubles does not floor).
	return `WITH h AS (SELECT sizeBucket, CAST(files AS BIGINT) AS files FROM (${histogram})),
c AS (
	SELECT sizeBucket, files, sum(files) OVER (ORDER BY sizeBucket ROWS UNBOUNDED PRECEDING) - files AS before, sum(files) OVER () AS n
	FROM h WHERE sizeBucket IS NOT NULL AND files > 0
),
q AS (SELECT * FROM (VALUES ${wanted}) t(id, percent)),
p AS MATERIALIZED (SELECT q.id, c.sizeBucket, CAST(${rank} - c.before AS BIGINT) AS k FROM q JOIN c ON ${rank} > c.before AND ${rank} <= c.before + c.files),
s AS (${percentiles.map((q) => read(q.id)).join('\nUNION ALL ')})
SELECT ${pick} FROM s`;
}
