/**
 * The Summary previewed while a large export loads, shaped for the page: the charts of the sample
 * (the first slice's own counts) or of the first view's estimates, each bar carrying its range.
 */
import { EMPTY_FILTERS } from '$lib/model/filters';
import type { Estimate, SummaryEstimate } from '$lib/model/estimate';
import type { Bucket, ChartPart, SummaryPreview, SummaryResult } from '$lib/model/summary';
import type { BarSpec } from '$lib/components/charts';
import { summaryCharts } from './summary';

/** The Summary with every bucket's files and bytes replaced by their estimates. */
function estimatedResult(sample: SummaryResult, estimate: SummaryEstimate): SummaryResult {
	const charts: Partial<Record<ChartPart, Bucket[]>> = {};
	for (const [part, chart] of Object.entries(estimate.charts) as [ChartPart, SummaryEstimate['charts'][ChartPart]][]) {
		charts[part] = (chart?.buckets ?? []).map((b) => ({ key: b.key, files: b.files, bytes: b.bytes }));
	}
	return { ...sample, charts };
}

/**
 * The preview's bar charts. From the first view's estimates every chart is drawn, each bar with the
 * range of what it shows; from a slice's sample the charts show the sample's own counts (and no
 * top folders: a slice's folders are not the export's).
 */
export function previewCharts(preview: SummaryPreview): BarSpec[] {
	const view = { filters: EMPTY_FILTERS, grain: 'month' as const };
	const estimate = preview.method === 'clusters' ? preview.estimate : undefined;
	if (!estimate) {
		return summaryCharts(preview.summary, view)
			.filter((c) => c.id !== 'top-folders')
			.map((c) => ({ ...c, id: `preview-${c.id}`, title: `${c.title} (sample)` }));
	}
	const ranges = new Map<string, { lo: number; hi: number }>();
	for (const [part, chart] of Object.entries(estimate.charts)) for (const b of chart?.buckets ?? []) if (b.range) ranges.set(`${part}\u0000${b.key}`, b.range);
	const partOf: Record<string, ChartPart> = {
		'top-extensions-bytes': 'topByBytes',
		'top-extensions-files': 'topByFiles',
		'size-distribution': 'sizeBands',
		'age-distribution': 'ageBands',
		'top-folders': 'topFolders'
	};
	return summaryCharts(estimatedResult(preview.summary, estimate), view).map((c) => ({
		...c,
		id: `preview-${c.id}`,
		title: `${c.title} (estimate)`,
		rows:
			c.rows?.map((r) => {
				const range = ranges.get(`${partOf[c.id]}\u0000${r.key}`);
				return range ? { ...r, range } : r;
			}) ?? null
	}));
}

/** Three significant digits: an estimate's precision, not its arithmetic's. */
function significant(n: number, round: (x: number) => number): number {
	if (!Number.isFinite(n) || n === 0) return n;
	const scale = 10 ** (Math.floor(Math.log10(Math.abs(n))) - 2);
	return round(n / scale) * scale;
}

/**
 * An estimate as read: "≈ 25,000,000" and "range 24,900,000 – 25,100,000", the range widened
 * outwards to the same digits; a figure the sample pins down exactly (the file count, a ratio to
 * the counted file rows) reads as itself.
 */
export function estimateText(e: Estimate, format: (n: number) => string): { value: string; detail: string } {
	if (e.lo === e.hi) return { value: format(e.value), detail: 'exact' };
	const hi = Number.isFinite(e.hi) ? format(significant(e.hi, Math.ceil)) : 'unknown';
	return { value: `≈ ${format(significant(e.value, Math.round))}`, detail: `range ${format(significant(e.lo, Math.floor))} – ${hi}` };
}
