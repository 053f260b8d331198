/**
 * A size percentile from a size histogram and the files in size order (`r_bysize`): the histogram
 * says which bucket holds the percentile's rank and where in it, and only that bucket's sizes are
 * read. The rank is the nearest rank `quantile_disc` uses (docs/MODEL.md): the size at 1-based rank
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
	const bucket = (id: string) => `SELECT ${str(id)} AS id, list_sort(list(size)) AS sizes FROM ${table} WHERE sizeBucket IN (SELECT sizeBucket FROM p WHERE id = ${str(id)}) AND ${where}`;
	const pick = percentiles.map((q) => `max(s.sizes[p.k]) FILTER (WHERE p.id = ${str(q.id)}) AS ${q.id}`).join(', ');
	// Counts as integers: a cube summed in the engine holds them as doubles, and the ranks' integer
	// division must not round (DuckDB-WASM's `//` on doubles does not floor).
	return `WITH h AS (SELECT sizeBucket, CAST(files AS BIGINT) AS files FROM (${histogram})),
c AS (
	SELECT sizeBucket, files, sum(files) OVER (ORDER BY sizeBucket ROWS UNBOUNDED PRECEDING) - files AS before, sum(files) OVER () AS n
	FROM h WHERE sizeBucket IS NOT NULL AND files > 0
),
q AS (SELECT * FROM (VALUES ${wanted}) t(id, percent)),
p AS MATERIALIZED (SELECT q.id, c.sizeBucket, CAST(${rank} - c.before AS BIGINT) AS k FROM q JOIN c ON ${rank} > c.before AND ${rank} <= c.before + c.files),
s AS (${percentiles.map((q) => bucket(q.id)).join('\nUNION ALL ')})
SELECT ${pick} FROM p JOIN s USING (id)`;
}
