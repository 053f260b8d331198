/**
 * Storage Overview: size statistics, size bands, and files, bytes and an estimated cost per storage
 * service. Counts and sums come from the summary tables; minimum, maximum, empty files and the
 * percentiles from the report build's size histogram (r_sizes_*: files per size bucket, about 9 %
 * wide, with the smallest and largest size in each). Percentiles are exact: unfiltered from r_stats;
 * under filters the histogram gives the bucket holding each one's rank, and the sizes of that bucket
 * alone are read from r_bysize (every file in size order) to find the exact value.
 */
import { hasFilters } from '$lib/model/filters';
import { BY_SIZE } from '$lib/model/report-build';
import { exactPercentilesSql } from '$lib/model/size-quantiles';
import { ident } from '$lib/model/sql';
import { aggregate, defineReport, sql } from '../kit/define';

/** The percentiles shown, as whole percents (so their ranks are exact in integers). */
export const QUANTILES = [
	{ id: 'median', percent: 50 },
	{ id: 'p90', percent: 90 },
	{ id: 'p99', percent: 99 }
] as const;

export type QuantileId = (typeof QUANTILES)[number]['id'];

type Quantiles = { [K in QuantileId]: number | null };

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
		quantiles: sql<Quantiles>([BY_SIZE], (ctx) => (hasFilters(ctx.filters) ? exactPercentilesSql(ctx.filters, QUANTILES) : null))
	}
});
