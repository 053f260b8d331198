/**
 * Exact size percentiles under filters, as `quantile_disc` gives them (docs/MODEL.md: nearest rank,
 * the smallest size with at least q of the sizes at or below it, i.e. the size at 1-based rank
 * max(1, ⌈n·q⌉) in ascending order), without reading every file: the size histogram under the
 * filters (from the cube the planner picks) says which bucket holds each rank and at which position
 * within it, and only that bucket's sizes are read from r_bysize (every file in size order), one
 * bucket per percentile, so the engine skips every other row group of it by its zone maps.
 */
import type { Aggregate } from './aggregate';
import { aggregateSql, neededDimensions } from './aggregate';
import { activeDimensions, filterWhere, type Filters } from './filters';
import { BY_SIZE } from './report-build';
import { sourceFor } from './sources';
import { num, str } from './sql';

/** A percentile asked for: its column name and whole percent (so its rank is exact in integers). */
export interface Percentile {
	id: string;
	percent: number;
}

/** One row, a column per percentile (NULL when no file with a size is kept). The filters are over the Summary's dimensions, all in r_bysize. */
export function exactPercentilesSql(filters: Filters, percentiles: readonly Percentile[]): string {
	const histogram: Aggregate = { by: ['sizeBucket'], measures: ['files'] };
	const source = sourceFor(neededDimensions(histogram, activeDimensions(filters)), histogram.measures)!;
	const wanted = percentiles.map((q) => `(${str(q.id)}, ${num(q.percent)})`).join(', ');
	// ⌈n·percent / 100⌉ in integers.
	const rank = `greatest(1, (c.n * q.percent + 99) // 100)`;
	const where = filterWhere(filters, undefined, { coded: true });
	const bucket = (id: string) => `SELECT ${str(id)} AS id, list_sort(list(size)) AS sizes FROM ${BY_SIZE} WHERE sizeBucket IN (SELECT sizeBucket FROM p WHERE id = ${str(id)}) AND ${where}`;
	const pick = percentiles.map((q) => `max(s.sizes[p.k]) FILTER (WHERE p.id = ${str(q.id)}) AS ${q.id}`).join(', ');
	// Counts as integers: a cube summed in the engine holds them as doubles, and the ranks' integer
	// division must not round (DuckDB-WASM's `//` on doubles does not floor).
	return `WITH h AS (SELECT sizeBucket, CAST(files AS BIGINT) AS files FROM (${aggregateSql(histogram, source, filters)})),
c AS (
	SELECT sizeBucket, files, sum(files) OVER (ORDER BY sizeBucket ROWS UNBOUNDED PRECEDING) - files AS before, sum(files) OVER () AS n
	FROM h WHERE sizeBucket IS NOT NULL AND files > 0
),
q AS (SELECT * FROM (VALUES ${wanted}) t(id, percent)),
p AS MATERIALIZED (SELECT q.id, c.sizeBucket, CAST(${rank} - c.before AS BIGINT) AS k FROM q JOIN c ON ${rank} > c.before AND ${rank} <= c.before + c.files),
s AS (${percentiles.map((q) => bucket(q.id)).join('\nUNION ALL ')})
SELECT ${pick} FROM p JOIN s USING (id)`;
}
