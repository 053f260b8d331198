/**
 * Estimates of the Summary's figures from a sample dealt into groups, each with a stated range
 * (src/lib/model/cluster-sample.ts says how the first view samples). The random-group method: each
 * group is a sample of its own, so the spread of the groups' estimates measures how far the pooled
 * estimate may be from the truth, whatever the sampling's clustering did to it.
 *
 * A figure's estimate is the ratio estimator N × y / x (N: the export's file rows in `objects`, x:
 * those read, y: the sample's figure); its range is that ± t × SE, where SE² = (1 − x/N) × Σ(T_g − T̄)² /
 * (G(G − 1)) over the G groups' own estimates T_g, and t is Student's for G − 1 degrees of freedom.
 * The SE is never taken below that of as many files drawn one by one (srsSeOfMean). A range never
 * goes below what the sample itself holds (those files exist), nor a count above N.
 */
import { CHART_DIMENSION, CHART_MEASURE, type Bucket, type ChartPart, type SummaryResult } from './summary';

/** The confidence the stated ranges are given at. */
export const CONFIDENCE = 0.99;

/** Student's t, two-sided 99 %, by degrees of freedom. */
const T_99 = [Infinity, 63.657, 9.925, 5.841, 4.604, 4.032, 3.707, 3.499, 3.355, 3.25, 3.169, 3.106, 3.055, 3.012, 2.977, 2.947];
const tFor = (df: number): number => T_99[Math.min(df, T_99.length - 1)];

export interface Estimate {
	value: number;
	lo: number;
	hi: number;
	/** Of `value`, what the slices built so far counted exactly (src/lib/model/estimate-refine.ts). */
	counted?: number;
}

/**
 * The charts a first view draws: the bar charts (the timelines wait for the exact figures: a month's
 * bytes hang on a few large files a sample seldom holds).
 */
export const ESTIMATED_CHARTS: readonly ChartPart[] = ['topByBytes', 'topByFiles', 'sizeBands', 'ageBands', 'topFolders'];

/**
 * A bar's bytes get a range only when the sample holds at least this many of its files. Sizes are
 * heavy-tailed: a type's bytes may sit in a few very large files, and a sample that read none of
 * them cannot see how wide its own range should be (its groups, and the files it read, all agree).
 */
export const MIN_FILES_FOR_BYTES_RANGE = 1000;

/** One bar: its files and bytes estimated, and the range of the one its chart draws (null: none stated). */
export interface EstimatedBucket {
	key: string;
	files: number;
	bytes: number;
	range: { lo: number; hi: number } | null;
}

export interface SummaryEstimate {
	kpis: { files: Estimate; bytes: Estimate; averageSize: Estimate | null };
	charts: Partial<Record<ChartPart, { measure: 'files' | 'bytes'; buckets: EstimatedBucket[] }>>;
	confidence: number;
	/**
	 * Refined while the exact build runs (src/lib/model/estimate-refine.ts): `parts` of its `of`
	 * slices counted exactly, holding `share` of the estimated files.
	 */
	refined?: { parts: number; of: number; share: number };
}

/** One row of groupSumsSql: a group's files, bytes and sized files in all ('kpis') or for one value of a dimension. */
export interface GroupSum {
	grp: number;
	dim: string;
	key: string;
	files: number;
	bytes: number;
	sized: number;
	/** Σ bytes² over the files (as a double). */
	squares: number;
}

export interface SampleDesign {
	/** File rows of `objects` in the export (cluster-sample.ts, fileRowsSql). */
	totalRows: number;
	/** File rows of `objects` read, per group (index = group). */
	groupRows: readonly number[];
}

/**
 * The estimate of a total whose sample value per group is `y` (index = group); `squares` is the
 * sample's sum of each file's value squared (a file's count is 1: its squares are its count).
 */
export function estimateTotal(y: readonly number[], design: SampleDesign, squares: number, ceiling = Infinity): Estimate {
	const { totalRows: n, groupRows } = design;
	const read = groupRows.reduce((a, b) => a + b, 0);
	const seen = y.reduce((a, b) => a + b, 0);
	if (read <= 0) return { value: 0, lo: 0, hi: ceiling };
	const value = (n * seen) / read;
	const per = groupRows.flatMap((x, g) => (x > 0 ? [(n * (y[g] ?? 0)) / x] : []));
	const se = Math.max(groupSe(per, read / n), n * srsSeOfMean(seen, squares, read, read / n));
	const half = tFor(per.length - 1) * se;
	return { value, lo: Math.max(seen, value - half), hi: Math.min(ceiling, value + half) };
}

/**
 * A ratio of two totals (bytes per sized file): the pooled ratio, ranged by the groups' own ratios.
 * `squares` is the sample's sum of each sized file's bytes squared.
 */
export function estimateRatio(top: readonly number[], bottom: readonly number[], design: SampleDesign, squares: number): Estimate | null {
	const b = bottom.reduce((a, x) => a + x, 0);
	if (b <= 0) return null;
	const sum = top.reduce((a, x) => a + x, 0);
	const value = sum / b;
	const per = bottom.flatMap((x, g) => (x > 0 ? [(top[g] ?? 0) / x] : []));
	const fraction = design.groupRows.reduce((a, x) => a + x, 0) / design.totalRows;
	const se = Math.max(groupSe(per, fraction), srsSeOfMean(sum, squares, b, fraction));
	const half = tFor(per.length - 1) * se;
	return { value, lo: Math.max(0, value - half), hi: value + half };
}

/** A part of the sample takes its own groups' spread into account when it holds rows of at least this many groups. */
export const MIN_GROUPS_FOR_OWN_RANGE = 4;

/**
 * The estimate of a part of the export's total (the slices not yet built, src/lib/model/estimate-refine.ts)
 * from the sample's rows in that part (`y` per group; `design`: the part's file rows and each group's
 * rows read there). The part holds the runs of only some groups, often few (the last slices hold two
 * or three runs), and Student's t for so few degrees of freedom (63.7 for one) would range it wider
 * than the first view however much is counted. So its SE is the larger of the whole sample's spread
 * (how far every group's figure lies from the common ratio, scaled to the rows the part's sample
 * holds: a mean over x rows of runs like these varies as one over x) and, with rows of
 * MIN_GROUPS_FOR_OWN_RANGE groups or more, its own groups' spread (the part may vary more than the
 * rest of the key space); t is the whole sample's. Floored, as estimateTotal, at as many files drawn
 * one by one.
 */
export function estimatePartTotal(y: readonly number[], design: SampleDesign, squares: number, ceiling: number, whole: { y: readonly number[]; design: SampleDesign }): Estimate {
	const n = design.totalRows;
	const read = design.groupRows.reduce((a, b) => a + b, 0);
	const seen = y.reduce((a, b) => a + b, 0);
	if (read <= 0) return { value: 0, lo: 0, hi: ceiling };
	const value = (n * seen) / read;
	const groups = whole.design.groupRows.flatMap((x, g) => (x > 0 ? [{ x, y: whole.y[g] ?? 0 }] : []));
	if (groups.length < 2) return { value, lo: seen, hi: ceiling };
	const rows = groups.reduce((a, g) => a + g.x, 0);
	const ratio = groups.reduce((a, g) => a + g.y, 0) / rows;
	const spread = groups.reduce((a, g) => a + (g.y - ratio * g.x) ** 2, 0) / (groups.length - 1);
	const fraction = read / n;
	const pooled = n * Math.sqrt((Math.max(0, 1 - fraction) * spread) / (read * (rows / groups.length)));
	const per = design.groupRows.flatMap((x, g) => (x > 0 ? [(n * (y[g] ?? 0)) / x] : []));
	const own = per.length >= MIN_GROUPS_FOR_OWN_RANGE ? groupSe(per, fraction) : 0;
	const se = Math.max(pooled, own, n * srsSeOfMean(seen, squares, read, fraction));
	const half = tFor(groups.length - 1) * se;
	return { value, lo: Math.max(seen, value - half), hi: Math.min(ceiling, value + half) };
}

/** SE of the mean of the groups' estimates, with the finite population correction. */
function groupSe(per: readonly number[], fraction: number): number {
	const g = per.length;
	if (g < 2) return Infinity;
	const mean = per.reduce((a, b) => a + b, 0) / g;
	const ss = per.reduce((a, t) => a + (t - mean) ** 2, 0);
	return Math.sqrt((Math.max(0, 1 - fraction) * ss) / (g * (g - 1)));
}

/**
 * The floor under the groups' SE: the SE of a mean over `count` files drawn one by one (sum and sum
 * of squares of their values). A sample of runs of neighbouring files is seldom more precise than
 * one of as many files drawn singly; when its groups agree more closely than that (few groups, or
 * files laid out evenly), their spread would promise more than the sample knows.
 */
function srsSeOfMean(sum: number, squares: number, count: number, fraction: number): number {
	if (count < 2) return Infinity;
	const variance = Math.max(0, (squares - (sum * sum) / count) / (count - 1));
	return Math.sqrt((Math.max(0, 1 - fraction) * variance) / count);
}

/**
 * The Summary's KPIs and chart buckets estimated for the whole export. `sample` is the pooled
 * sample's own Summary (it chose which buckets show: the top extensions and folders of the sample);
 * `sums` give every group's share of each.
 */
export function estimateSummary(sample: SummaryResult, sums: readonly GroupSum[], design: SampleDesign): SummaryEstimate {
	const groups = design.groupRows.length;
	type PerGroup = { files: number[]; bytes: number[]; sized: number[]; squares: number };
	const empty = (): PerGroup => ({ files: new Array<number>(groups).fill(0), bytes: new Array<number>(groups).fill(0), sized: new Array<number>(groups).fill(0), squares: 0 });
	const byValue = new Map<string, PerGroup>();
	for (const s of sums) {
		if (s.grp < 0 || s.grp >= groups) continue;
		const id = `${s.dim}\u0000${s.key}`;
		let v = byValue.get(id);
		if (!v) byValue.set(id, (v = empty()));
		v.files[s.grp] += s.files;
		v.bytes[s.grp] += s.bytes;
		v.sized[s.grp] += s.sized;
		v.squares += s.squares;
	}
	const none = empty();
	const perGroup = (dim: string, key: string) => byValue.get(`${dim}\u0000${key}`) ?? none;
	const all = perGroup('kpis', '');
	const count = (g: PerGroup) => g.files.reduce((a, b) => a + b, 0);
	const charts: SummaryEstimate['charts'] = {};
	for (const part of ESTIMATED_CHARTS) {
		const buckets: Bucket[] | undefined = sample.charts[part];
		if (!buckets) continue;
		const measure = CHART_MEASURE[part];
		charts[part] = {
			measure,
			buckets: buckets.map((b) => {
				const g = perGroup(CHART_DIMENSION[part], b.key);
				const files = estimateTotal(g.files, design, count(g), design.totalRows);
				const bytes = estimateTotal(g.bytes, design, g.squares);
				const shown = measure === 'files' ? files : count(g) >= MIN_FILES_FOR_BYTES_RANGE ? bytes : null;
				return { key: b.key, files: files.value, bytes: bytes.value, range: shown && { lo: shown.lo, hi: shown.hi } };
			})
		};
	}
	return {
		kpis: {
			files: estimateTotal(all.files, design, count(all), design.totalRows),
			bytes: estimateTotal(all.bytes, design, all.squares),
			averageSize: estimateRatio(all.bytes, all.sized, design, all.squares)
		},
		charts,
		confidence: CONFIDENCE
	};
}
