/**
 * Storage Overview: size statistics, size bands, and files, bytes and an estimated cost per storage
 * service. Counts and sums come from the summary tables; minimum, maximum, empty files and the
 * percentiles from the report build's size histogram (r_sizes_*: files per size bucket, about 4 %
 * wide, with the smallest and largest size in each). Percentiles are exact: unfiltered from r_stats;
 * under filters the histogram gives the bucket holding each one's rank, and the sizes of that bucket
 * alone are read from r_bysize (every file in size order) to find the exact value.
 */
import type { Aggregate } from '$lib/model/aggregate';
import { aggregateSql, neededDimensions } from '$lib/model/aggregate';
import { activeDimensions, filterWhere, hasFilters, type Filters } from '$lib/model/filters';
import { sourceFor } from '$lib/model/sources';
import { BY_SIZE } from '$lib/model/report-build';
import { ident, num, str } from '$lib/model/sql';
import { aggregate, defineReport, sql } from '../kit/define';

/** The percentiles shown, as whole percents (so their ranks are exact in integers). */
export const QUANTILES = [
	{ id: 'median', percent: 50 },
	{ id: 'p90', percent: 90 },
	{ id: 'p99', percent: 99 }
] as const;

export type QuantileId = (typeof QUANTILES)[number]['id'];

type Quantiles = { [K in QuantileId]: number | null };

/**
 * The exact percentiles under the filters, as `quantile_disc` gives them (docs/MODEL.md: nearest
 * rank, the smallest size with at least q of the sizes at or below it, i.e. the size at 1-based
 * rank max(1, ⌈n·q⌉) in ascending order). The size histogram under the filters (from the cube the
 * planner picks) says which bucket holds each rank and at which position within it; only the files
 * of those buckets are read, from r_bysize, one bucket per percentile (a single bucket per read lets
 * the engine skip every row group of r_bysize outside it). The filters are over the Summary's
 * dimensions, all in r_bysize.
 */
export function exactQuantilesSql(filters: Filters): string {
	const histogram: Aggregate = { by: ['sizeBucket'], measures: ['files'] };
	const source = sourceFor(neededDimensions(histogram, activeDimensions(filters)), histogram.measures)!;
	const wanted = QUANTILES.map((q) => `(${str(q.id)}, ${num(q.percent)})`).join(', ');
	// ⌈n·percent / 100⌉ in integers.
	const rank = `greatest(1, (c.n * q.percent + 99) // 100)`;
	const where = filterWhere(filters, undefined, { coded: true });
	const bucket = (id: QuantileId) =>
		`SELECT ${str(id)} AS id, list_sort(list(size)) AS sizes FROM ${BY_SIZE} WHERE sizeBucket IN (SELECT sizeBucket FROM p WHERE id = ${str(id)}) AND ${where}`;
	const pick = QUANTILES.map((q) => `max(s.sizes[p.k]) FILTER (WHERE p.id = ${str(q.id)}) AS ${q.id}`).join(', ');
	return `WITH h AS (${aggregateSql(histogram, source, filters)}),
c AS (
	SELECT sizeBucket, files, sum(files) OVER (ORDER BY sizeBucket ROWS UNBOUNDED PRECEDING) - files AS before, sum(files) OVER () AS n
	FROM h WHERE sizeBucket IS NOT NULL AND files > 0
),
q AS (SELECT * FROM (VALUES ${wanted}) t(id, percent)),
p AS MATERIALIZED (SELECT q.id, c.sizeBucket, CAST(${rank} - c.before AS BIGINT) AS k FROM q JOIN c ON ${rank} > c.before AND ${rank} <= c.before + c.files),
s AS (${QUANTILES.map((q) => bucket(q.id)).join('\nUNION ALL ')})
SELECT ${pick} FROM p JOIN s USING (id)`;
}

export const report = defineReport({
	id: 'storage',
	page: {
		slug: 'storage',
		group: 'Storage & structure',
		order: 1,
		title: 'Storage Overview',
		description: 'Size statistics, size bands, and bytes and estimated cost per storage service.'
	},
	parts: {
		totals: aggregate({ by: [], measures: ['files', 'sized', 'bytes'] }),
		/** The size histogram: empty files (bucket 0), the largest, the percentiles' buckets. */
		sizes: aggregate({ by: ['sizeBucket'], measures: ['files', 'bytes', 'minSize', 'maxSize'] }),
		// Crossfilter: the band chart ignores its own filter, so every band stays visible.
		sizeBands: aggregate({ by: ['sizeBand'], measures: ['files', 'bytes'], except: 'sizeBand' }),
		services: aggregate({ by: ['service'], measures: ['files', 'bytes'] }),
		/** storeCost per service name (facts.service holds services.name), or null without a cost column. */
		costs: sql<{ service: string | null; storeCost: number | null; services: number }>(['r_services'], (ctx) => {
			const name = ctx.shape.column('services', 'name');
			const cost = ctx.shape.column('services', 'storeCost');
			if (!name || !cost) return null;
			// Several services may share a name; their costs are averaged so a name never fans rows out.
			return `SELECT ${ident(name.name)} AS service, avg(TRY_CAST(${ident(cost.name)} AS DOUBLE)) AS storeCost, count(*) AS services FROM r_services GROUP BY 1`;
		}),
		/** Exact percentiles of every file, kept by the report build. */
		stats: sql<Quantiles>(['r_stats'], (ctx) => (hasFilters(ctx.filters) ? null : `SELECT median, p90, p99 FROM r_stats`)),
		/** Exact percentiles under filters: their buckets' sizes in r_bysize. */
		quantiles: sql<Quantiles>([BY_SIZE], (ctx) => (hasFilters(ctx.filters) ? exactQuantilesSql(ctx.filters) : null))
	}
});
