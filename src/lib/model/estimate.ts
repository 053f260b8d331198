/**
 * Estimates of the Summary's figures from a sample dealt into groups, each with a stated range
 * (src/lib/model/cluster-sample.ts says how the first view samples). The random-group method: each
 * group is a sample of its own, so the spread of the groups' estimates measures how far the pooled
 * estimate may be from the truth, whatever the sampling's clustering did to it.
 *
 * A figure's estimate is the ratio estimator N × y / x (N: the export's file rows in `objects`, x:
 * those read, y: the sample's figure); its range is that ± t × SE, where SE² = (1 − x/N) × Σ(T_g − T̄)² /
 * (G(G − 1)) over the G groups' own estimates T_g, and t is Student's for G − 1 degrees of freedom.
 * A range never goes below what the sample itself holds (those files exist), nor a count above N.
 */
import { CHART_DIMENSION, type Bucket, type ChartPart, type SummaryResult } from './summary';

/** The confidence the stated ranges are given at. */
export const CONFIDENCE = 0.99;

/** Student's t, two-sided 99 %, by degrees of freedom. */
const T_99 = [Infinity, 63.657, 9.925, 5.841, 4.604, 4.032, 3.707, 3.499, 3.355, 3.25, 3.169, 3.106, 3.055, 3.012, 2.977, 2.947];
const tFor = (df: number): number => T_99[Math.min(df, T_99.length - 1)];

export interface Estimate {
	value: number;
	lo: number;
	hi: number;
}

export interface EstimatedBucket {
	key: string;
	files: Estimate;
	bytes: Estimate;
}

export interface SummaryEstimate {
	kpis: { files: Estimate; bytes: Estimate; averageSize: Estimate | null };
	charts: Partial<Record<ChartPart, EstimatedBucket[]>>;
	confidence: number;
}

/** One row of groupSumsSql: a group's files, bytes and sized files in all ('kpis') or for one value of a dimension. */
export interface GroupSum {
	grp: number;
	dim: string;
	key: string;
	files: number;
	bytes: number;
	sized: number;
}

export interface SampleDesign {
	/** File rows of `objects` in the export (cluster-sample.ts, fileRowsSql). */
	totalRows: number;
	/** File rows of `objects` read, per group (index = group). */
	groupRows: readonly number[];
}

/** The estimate of a total whose sample value per group is `y` (index = group). */
export function estimateTotal(y: readonly number[], design: SampleDesign, ceiling = Infinity): Estimate {
	const { totalRows: n, groupRows } = design;
	const read = groupRows.reduce((a, b) => a + b, 0);
	const seen = y.reduce((a, b) => a + b, 0);
	if (read <= 0) return { value: 0, lo: 0, hi: ceiling };
	const value = (n * seen) / read;
	const per = groupRows.flatMap((x, g) => (x > 0 ? [(n * (y[g] ?? 0)) / x] : []));
	const half = spread(per, read / n);
	return { value, lo: Math.max(seen, value - half), hi: Math.min(ceiling, value + half) };
}

/** A ratio of two totals (bytes per sized file): the pooled ratio, ranged by the groups' own ratios. */
export function estimateRatio(top: readonly number[], bottom: readonly number[], design: SampleDesign): Estimate | null {
	const b = bottom.reduce((a, x) => a + x, 0);
	if (b <= 0) return null;
	const value = top.reduce((a, x) => a + x, 0) / b;
	const per = bottom.flatMap((x, g) => (x > 0 ? [(top[g] ?? 0) / x] : []));
	const read = design.groupRows.reduce((a, x) => a + x, 0);
	const half = spread(per, read / design.totalRows);
	return { value, lo: Math.max(0, value - half), hi: value + half };
}

/** t × SE of the mean of the groups' estimates, with the finite population correction. */
function spread(per: readonly number[], fraction: number): number {
	const g = per.length;
	if (g < 2) return Infinity;
	const mean = per.reduce((a, b) => a + b, 0) / g;
	const ss = per.reduce((a, t) => a + (t - mean) ** 2, 0);
	const se = Math.sqrt((Math.max(0, 1 - fraction) * ss) / (g * (g - 1)));
	return tFor(g - 1) * se;
}

/**
 * The Summary's KPIs and chart buckets estimated for the whole export. `sample` is the pooled
 * sample's own Summary (it chose which buckets show: the top extensions and folders of the sample);
 * `sums` give every group's share of each.
 */
export function estimateSummary(sample: SummaryResult, sums: readonly GroupSum[], design: SampleDesign): SummaryEstimate {
	const groups = design.groupRows.length;
	const byValue = new Map<string, { files: number[]; bytes: number[]; sized: number[] }>();
	for (const s of sums) {
		if (s.grp < 0 || s.grp >= groups) continue;
		const id = `${s.dim}\u0000${s.key}`;
		let v = byValue.get(id);
		if (!v) byValue.set(id, (v = { files: new Array<number>(groups).fill(0), bytes: new Array<number>(groups).fill(0), sized: new Array<number>(groups).fill(0) }));
		v.files[s.grp] += s.files;
		v.bytes[s.grp] += s.bytes;
		v.sized[s.grp] += s.sized;
	}
	const none = { files: new Array<number>(groups).fill(0), bytes: new Array<number>(groups).fill(0), sized: new Array<number>(groups).fill(0) };
	const perGroup = (dim: string, key: string) => byValue.get(`${dim}\u0000${key}`) ?? none;
	const all = perGroup('kpis', '');
	const charts: SummaryEstimate['charts'] = {};
	for (const [part, buckets] of Object.entries(sample.charts) as [ChartPart, Bucket[]][]) {
		const dim = CHART_DIMENSION[part];
		charts[part] = buckets.map((b) => {
			const g = perGroup(dim, b.key);
			return { key: b.key, files: estimateTotal(g.files, design, design.totalRows), bytes: estimateTotal(g.bytes, design) };
		});
	}
	return {
		kpis: {
			files: estimateTotal(all.files, design, design.totalRows),
			bytes: estimateTotal(all.bytes, design),
			averageSize: estimateRatio(all.bytes, all.sized, design)
		},
		charts,
		confidence: CONFIDENCE
	};
}
