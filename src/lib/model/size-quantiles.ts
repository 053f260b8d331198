/**
 * Exact size percentiles under filters, as `quantile_disc` gives them, without reading every file:
 * the size histogram under the filters comes from the cube the planner picks, and only the bucket
 * holding each percentile's rank is read from r_bysize (every file in size order), so the engine
 * skips every other row group of it by its zone maps (size-ranks.ts).
 */
import type { Aggregate } from './aggregate';
import { aggregateSql, neededDimensions } from './aggregate';
import { activeDimensions, filterWhere, type Filters } from './filters';
import { BY_SIZE } from './report-build';
import { sourceFor } from './sources';
import { percentilesSql, type Percentile } from './size-ranks';

export type { Percentile };

/** One row, a column per percentile (NULL when no file with a size is kept). The filters are over the Summary's dimensions, all in r_bysize. */
export function exactPercentilesSql(filters: Filters, percentiles: readonly Percentile[]): string {
	const histogram: Aggregate = { by: ['sizeBucket'], measures: ['files'] };
	const source = sourceFor(neededDimensions(histogram, activeDimensions(filters)), histogram.measures)!;
	return percentilesSql(aggregateSql(histogram, source, filters), BY_SIZE, filterWhere(filters, undefined, { coded: true }), percentiles);
}
