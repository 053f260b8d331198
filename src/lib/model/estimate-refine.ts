/**
 * The first view's estimates refined slice by slice while the exact build runs (issue #23).
 *
 * The build takes the export in slices of objectId (src/lib/model/partitions.ts), and every slice
 * built is counted exactly. A figure is then the exact count of the slices built plus an estimate
 * of the rest, from the sample's clusters that lie in the slices not yet built (a stratified
 * estimate: the built part is one stratum, known; the rest another, sampled). The ratio estimator
 * and its range are estimate.ts's, applied to what remains: N becomes the file rows of `objects`
 * not yet built (the whole export's, less each built slice's), the sample those of its rows. When
 * the rest holds runs of only a few groups (the last slices), its range takes the spread of the
 * whole sample's groups (estimatePartTotal).
 *
 * The range of what remains is intersected with the first view's: both hold the figure at the
 * stated confidence, and the first view's stays a bound where the remainder's sample is thin. Where
 * the remainder's sample holds too few of a figure's files (MIN_FILES_FOR_COUNT_RANGE for a count,
 * estimate.ts's MIN_FILES_FOR_BYTES_RANGE for bytes), or no sample at all, only the first view's
 * range and the hard bounds (the files counted and seen; a count at most the rows left) bound it. When every slice is built, every
 * figure is exact.
 */
import { CONFIDENCE, estimatePartTotal, estimateRatio, MIN_FILES_FOR_BYTES_RANGE, type Estimate, type GroupSum, type SampleDesign, type SummaryEstimate } from './estimate';
import { CHART_DIMENSION, partTable, type ChartPart } from './summary';
import { ident, str } from './sql';
import { BUCKET_KEYS, groupSumsSql } from './cluster-sample';

/**
 * The rest's own range of a count is used only when its sample holds at least this many of the
 * figure's files. A rare value (files of one age band) that the rest's sample happens to miss would
 * otherwise get a range of zero width there: the groups agree on nothing, and so does the floor of
 * files drawn one by one. Below it the first view's range bounds the rest.
 */
export const MIN_FILES_FOR_COUNT_RANGE = 30;

/** One part of the export's exact sums (a built slice) for one value of a dimension ('kpis': all files). */
export interface ExactSum {
	dim: string;
	key: string;
	files: number;
	bytes: number;
	sized: number;
}

/** The sample's sums of one group within one slice (groupSumsSql with a slice). */
export interface SliceGroupSum extends GroupSum {
	slice: number;
}

/** The sample's file rows of `objects` of one group within one slice. */
export interface SliceGroupRows {
	slice: number;
	grp: number;
	n: number;
}

/** The dimensions the first view estimates (its bar charts'), as the part table's and `facts`' columns. */
const ESTIMATED_DIMS = ['extension', 'sizeBand', 'ageBand', 'topFolder'] as const;

/**
 * The exact sums of the slice an engine has just summed into its part of s_cube (partialSummarySql
 * appends a slice's rows from `fromRow` on), by each dimension the first view estimates; with `keys`,
 * only the values shown (a slice may hold more distinct extensions than a reply may carry rows).
 */
export function sliceExactSumsSql(fromRow: number, keys?: Readonly<Record<string, readonly string[]>>): string {
	const from = `${partTable('s_cube')} WHERE rowid >= ${Math.max(0, Math.floor(fromRow))}`;
	const measures = 'sum(files)::BIGINT AS files, coalesce(sum(bytes), 0)::HUGEINT AS bytes, sum(sized)::BIGINT AS sized';
	const parts = [`SELECT 'kpis' AS dim, '' AS key, ${measures} FROM ${from} HAVING count(*) > 0`];
	for (const dim of ESTIMATED_DIMS) {
		const wanted = keys?.[dim];
		if (wanted && wanted.length === 0) continue;
		const only = wanted ? ` AND ${BUCKET_KEYS[dim]} IN (${wanted.map(str).join(', ')})` : '';
		parts.push(`SELECT '${dim}' AS dim, ${BUCKET_KEYS[dim]} AS key, ${measures} FROM ${from} AND ${ident(dim)} IS NOT NULL${only} GROUP BY ${ident(dim)}`);
	}
	return parts.join('\nUNION ALL ');
}

/** Rows of an engine's part of s_cube (where its next slice's rows will start). */
export const PART_CUBE_ROWS_SQL = `SELECT count(*) AS n FROM ${partTable('s_cube')}`;

/**
 * Which slice each objectId falls in: `conditions[i]` is slice i's condition on `idExpr`
 * (partitionCondition's, so the sample is cut exactly as the build cuts the export); -1 for none.
 */
export function sliceOfExpr(conditions: readonly (string | null)[]): string {
	const arms = conditions.flatMap((c, i) => (c ? [`WHEN ${c} THEN ${i}`] : []));
	return arms.length ? `CASE ${arms.join(' ')} ELSE -1 END` : '-1';
}

/** The refinement's figures, keyed as the first view's buckets are. */
const id = (dim: string, key: string) => `${dim}\u0000${key}`;

interface Remainder {
	files: number[];
	bytes: number[];
	sized: number[];
	squares: number;
	count: number;
}

/**
 * The first view's estimate and its sample by slice; told of each slice built (its exact sums and
 * file rows), it gives the Summary's estimate as it now stands.
 */
export class EstimateRefinement {
	private readonly exact = new Map<string, ExactSum>();
	private readonly builtRows = new Map<number, number>();
	private readonly sampleSums: SliceGroupSum[];
	private readonly sampleRows: SliceGroupRows[];
	private readonly wanted: Set<string>;
	/** Each figure's files and bytes per group over the whole sample (the pooled spread, estimatePartTotal). */
	private readonly whole = new Map<string, { files: number[]; bytes: number[] }>();

	constructor(
		private readonly first: SummaryEstimate,
		/** The whole sample's design: the export's file rows and each group's rows read. */
		private readonly design: SampleDesign,
		sampleSums: readonly SliceGroupSum[],
		sampleRows: readonly SliceGroupRows[],
		/** Slices the build takes. */
		readonly slices: number
	) {
		this.wanted = new Set([id('kpis', ''), ...Object.entries(first.charts).flatMap(([part, c]) => (c?.buckets ?? []).map((b) => id(CHART_DIMENSION[part as ChartPart], b.key)))]);
		this.sampleSums = sampleSums.filter((s) => this.wanted.has(id(s.dim, s.key)));
		this.sampleRows = [...sampleRows];
		const groups = design.groupRows.length;
		for (const s of this.sampleSums) {
			if (s.grp < 0 || s.grp >= groups) continue;
			const k = id(s.dim, s.key);
			let w = this.whole.get(k);
			if (!w) this.whole.set(k, (w = { files: new Array(groups).fill(0), bytes: new Array(groups).fill(0) }));
			w.files[s.grp] += s.files;
			w.bytes[s.grp] += s.bytes;
		}
	}

	/** The values each estimated dimension shows (the only ones a slice's exact sums need). */
	shownKeys(): Record<string, string[]> {
		const keys: Record<string, string[]> = Object.fromEntries(ESTIMATED_DIMS.map((d) => [d, []]));
		for (const k of this.wanted) {
			const [dim, key] = k.split('\u0000');
			keys[dim]?.push(key);
		}
		return keys;
	}

	/** Slices counted so far. */
	get built(): number {
		return this.builtRows.size;
	}

	/**
	 * A slice built: its exact sums (of every value; only the figures shown are kept) and its file
	 * rows of `objects`. A slice built again (by the engine, after the build helper failed) holds the
	 * same files and is counted once.
	 */
	add(slice: number, sums: readonly ExactSum[], fileRows: number): void {
		if (this.builtRows.has(slice) || slice < 0 || slice >= this.slices) return;
		this.builtRows.set(slice, fileRows);
		for (const s of sums) {
			const k = id(s.dim, s.key);
			if (!this.wanted.has(k)) continue;
			const e = this.exact.get(k);
			if (e) {
				e.files += s.files;
				e.bytes += s.bytes;
				e.sized += s.sized;
			} else this.exact.set(k, { ...s });
		}
	}

	/** The Summary's estimate now: the exact sums of the slices built plus an estimate of the rest. */
	estimate(): SummaryEstimate {
		const groups = this.design.groupRows.length;
		const restRows = Math.max(0, this.design.totalRows - [...this.builtRows.values()].reduce((a, b) => a + b, 0));
		const done = this.builtRows.size >= this.slices;
		const groupRows = new Array<number>(groups).fill(0);
		for (const r of this.sampleRows) if (!this.builtRows.has(r.slice) && r.grp >= 0 && r.grp < groups) groupRows[r.grp] += r.n;
		const rest: SampleDesign = { totalRows: restRows, groupRows };
		const remainder = new Map<string, Remainder>();
		for (const s of this.sampleSums) {
			if (this.builtRows.has(s.slice) || s.grp < 0 || s.grp >= groups) continue;
			const k = id(s.dim, s.key);
			let r = remainder.get(k);
			if (!r) remainder.set(k, (r = { files: new Array(groups).fill(0), bytes: new Array(groups).fill(0), sized: new Array(groups).fill(0), squares: 0, count: 0 }));
			r.files[s.grp] += s.files;
			r.bytes[s.grp] += s.bytes;
			r.sized[s.grp] += s.sized;
			r.squares += s.squares;
			r.count += s.files;
		}
		const none: Remainder = { files: [], bytes: [], sized: [], squares: 0, count: 0 };
		const restRead = groupRows.reduce((a, b) => a + b, 0);
		const exactOf = (dim: string, key: string) => this.exact.get(id(dim, key)) ?? { dim, key, files: 0, bytes: 0, sized: 0 };

		/** One total: the exact part plus the rest's estimate, within the first view's range. */
		const total = (dim: string, key: string, measure: 'files' | 'bytes', first: Estimate): Estimate => {
			const counted = exactOf(dim, key)[measure];
			if (done || restRows === 0) return { value: counted, lo: counted, hi: counted, counted };
			const r = remainder.get(id(dim, key)) ?? none;
			const seen = measure === 'files' ? r.count : r.bytes.reduce((a, b) => a + b, 0);
			const ceiling = measure === 'files' ? counted + restRows : Infinity;
			// The rest as a share of the first view's figure when its sample holds nothing of it.
			const share = this.design.totalRows > 0 ? restRows / this.design.totalRows : 0;
			let value = counted + (restRead > 0 ? (restRows * seen) / restRead : first.value * share);
			let lo = Math.max(first.lo, counted + seen);
			let hi = Math.min(first.hi, ceiling);
			const trusted = restRead > 0 && r.count >= (measure === 'files' ? MIN_FILES_FOR_COUNT_RANGE : MIN_FILES_FOR_BYTES_RANGE);
			// The first view's range missed what is now counted: only the hard bounds are left.
			if (lo > hi) [lo, hi] = [counted + seen, ceiling];
			if (trusted) {
				const w = this.whole.get(id(dim, key));
				const e = estimatePartTotal(measure === 'files' ? r.files : r.bytes, rest, measure === 'files' ? r.count : r.squares, measure === 'files' ? restRows : Infinity, {
					y: (measure === 'files' ? w?.files : w?.bytes) ?? [],
					design: this.design
				});
				value = counted + e.value;
				const [l, h] = [Math.max(lo, counted + e.lo), Math.min(hi, counted + e.hi)];
				// Two ranges that do not meet: one of them missed; the remainder's own is the later word.
				[lo, hi] = l <= h ? [l, h] : [counted + e.lo, Math.min(ceiling, counted + e.hi)];
			}
			return { value: Math.min(Math.max(value, lo), hi), lo, hi, counted };
		};

		const kpiRange = this.first.kpis;
		const all = remainder.get(id('kpis', '')) ?? none;
		const charts: SummaryEstimate['charts'] = {};
		for (const [part, chart] of Object.entries(this.first.charts) as [ChartPart, NonNullable<SummaryEstimate['charts'][ChartPart]>][]) {
			const dim = CHART_DIMENSION[part];
			charts[part] = {
				measure: chart.measure,
				buckets: chart.buckets.map((b) => {
					const files = total(dim, b.key, 'files', b.range && chart.measure === 'files' ? { value: b.files, ...b.range } : { value: b.files, lo: 0, hi: Infinity });
					const bytes = total(dim, b.key, 'bytes', b.range && chart.measure === 'bytes' ? { value: b.bytes, ...b.range } : { value: b.bytes, lo: 0, hi: Infinity });
					const shown = chart.measure === 'files' ? files : bytes;
					// A bar shown without a range keeps none until it is exact.
					const range = b.range || shown.lo === shown.hi ? { lo: shown.lo, hi: shown.hi } : null;
					return { key: b.key, files: files.value, bytes: bytes.value, range };
				})
			};
		}
		const files = total('kpis', '', 'files', kpiRange.files);
		const bytes = total('kpis', '', 'bytes', kpiRange.bytes);
		return {
			kpis: { files, bytes, averageSize: this.average(exactOf('kpis', ''), all, rest, done || restRows === 0) },
			charts,
			confidence: CONFIDENCE,
			refined: { parts: this.builtRows.size, of: this.slices, share: files.value > 0 ? Math.min(1, (files.counted ?? 0) / files.value) : 1 }
		};
	}

	/** Bytes per sized file: the exact part's with the rest's, whose ratio moves the whole between its bounds. */
	private average(exact: ExactSum, rest: Remainder, design: SampleDesign, done: boolean): Estimate | null {
		const first = this.first.kpis.averageSize;
		if (done) return exact.sized > 0 ? { value: exact.bytes / exact.sized, lo: exact.bytes / exact.sized, hi: exact.bytes / exact.sized } : null;
		const read = design.groupRows.reduce((a, b) => a + b, 0);
		const sizedRest = read > 0 ? (design.totalRows * rest.sized.reduce((a, b) => a + b, 0)) / read : 0;
		const ratio = read > 0 && rest.count >= MIN_FILES_FOR_BYTES_RANGE ? estimateRatio(rest.bytes, rest.sized, design, rest.squares) : null;
		const whole = exact.sized + sizedRest;
		if (!ratio || whole <= 0) return first;
		const at = (r: number) => (exact.bytes + sizedRest * r) / whole;
		let [lo, hi] = [at(ratio.lo), at(ratio.hi)];
		if (first) {
			const [l, h] = [Math.max(lo, first.lo), Math.min(hi, first.hi)];
			if (l <= h) [lo, hi] = [l, h];
		}
		return { value: Math.min(Math.max(at(ratio.value), lo), hi), lo, hi };
	}
}

/** The sample's files kept through the build, by group (the first view's `facts`, which the build replaces). */
export const SAMPLE_FILES = 'first_view_files';
/** The sample's file rows of `objects`, by group (the estimates' base, per slice). */
export const SAMPLE_ROWS = 'first_view_rows';

/** Statements that keep the sample for the refinement: its files (from `facts`) and its file rows of `objects`. */
export function keepSampleSql(groupExpr: string, objectRows: string): string[] {
	return [
		// Its group under a name of its own: groupSumsSql names the group it reads `grp`.
		`CREATE OR REPLACE TEMP TABLE ${SAMPLE_FILES} AS SELECT ${groupExpr} AS sample_group, objectId, extension, sizeBand, ageBand, topFolder, size FROM facts`,
		`CREATE OR REPLACE TEMP TABLE ${SAMPLE_ROWS} AS ${objectRows}`
	];
}

/** The sample's file rows of `objects` per slice and group; `sliceOf` maps an objectId expression to its slice. */
export function sampleRowsBySliceSql(sliceOf: (idExpr: string) => string): string {
	return `SELECT ${sliceOf('objectId')} AS slice, grp, count(*)::BIGINT AS n FROM ${SAMPLE_ROWS} GROUP BY ALL`;
}

/** The sample's files per slice, group and value of each estimated dimension (with 'kpis'). */
export function sampleSumsBySliceSql(sliceOf: (idExpr: string) => string): string {
	return groupSumsSql('sample_group', { from: SAMPLE_FILES, slice: sliceOf('objectId'), dims: ESTIMATED_DIMS });
}

export const DROP_SAMPLE_SQL = [SAMPLE_FILES, SAMPLE_ROWS].map((t) => `DROP TABLE IF EXISTS ${t}`);
