/** Storage Overview shaped for the page: statistics, the size band charts, services and costs. */
import { SIZE_BANDS } from '$lib/model/bands';
import { sizeBucketHigh, sizeBucketLow } from '$lib/model/dimensions';
import { selectedValues, type Filters } from '$lib/model/filters';
import { formatBytes, formatCount } from '$lib/format';
import type { BarSpec } from '$lib/components/charts';
import type { Column } from '$lib/components/table';
import type { ResultOfReport } from '../kit/define';
import { n, textOrder } from '../kit/shape';
import { QUANTILES, type QuantileId, type report } from './report';

type Result = ResultOfReport<typeof report>;
type Tables = NonNullable<Result['tables']>;

/** One statistic as the KPI cards and the table show it. */
export interface SizeStat {
	metric: string;
	label: string;
	/** The exact value; null when unknown, or known only approximately. */
	value: number | null;
	bytes: boolean;
	text: string;
	/** Not known yet: waiting for the report build or the exact value. */
	pending: boolean;
	/** What the card says under the value (an approximation's meaning). */
	detail?: string;
}

/** The statistics as table rows. */
export const statRows = (stats: SizeStat[]) => stats.map((s) => ({ metric: s.metric, label: s.label, value: s.value, text: s.text, pending: s.pending }));

const LABELS: Record<QuantileId, string> = { median: 'Median size', p90: '90th percentile', p99: '99th percentile' };

/**
 * Where a percentile lies by the size histogram alone: the bucket holding its rank (nearest rank,
 * max(1, ⌈n·q⌉) among n sized files), and the smallest and largest size the filters keep in that
 * bucket (the bucket's own bounds when those are unknown).
 */
export function quantileRange(sizes: Tables['sizes'], percent: number): { low: number; high: number } | null {
	const buckets = (sizes ?? []).filter((r) => r.sizeBucket !== null && n(r.files) > 0);
	const total = buckets.reduce((a, r) => a + n(r.files), 0);
	if (total === 0) return null;
	const rank = Math.max(1, Math.ceil((total * percent) / 100));
	let before = 0;
	for (const r of buckets) {
		before += n(r.files);
		if (before >= rank) {
			const b = r.sizeBucket!;
			return { low: r.minSize ?? sizeBucketLow(b), high: r.maxSize ?? sizeBucketHigh(b) };
		}
	}
	return null;
}

/**
 * The statistics: counts and sums from the summary tables, minimum-free figures (largest, empty)
 * from the histogram, percentiles exact (unfiltered: r_stats; filtered: r_bysize) or, until the
 * exact value arrives or where the dataset cannot give it, the range the histogram places them in.
 */
export function sizeStatistics(result: Result): SizeStat[] {
	const t = result.tables;
	const totals = t.totals?.[0];
	const sizes = t.sizes;
	const exact = t.stats?.[0] ?? t.quantiles?.[0] ?? null;
	const waitingExact = result.pending.quantiles !== undefined || result.pending.stats !== undefined;
	const known = (metric: string, label: string, value: number | null | undefined, bytes: boolean): SizeStat => {
		if (value === undefined) return { metric, label, value: null, bytes, text: '—', pending: true };
		return { metric, label, value, bytes, text: value === null ? '—' : bytes ? formatBytes(value) : formatCount(value), pending: false };
	};
	const sized = totals ? n(totals.sized) : undefined;
	const stats: SizeStat[] = [
		known('files', 'Files', totals ? n(totals.files) : undefined, false),
		known('bytes', 'Total size', totals ? n(totals.bytes) : undefined, true),
		known('mean', 'Mean size', sized === undefined ? undefined : sized ? n(totals!.bytes) / sized : null, true)
	];
	// The histogram: undefined while the report build runs, null where this dataset has none (a summary pack).
	const fromSizes = <T>(value: (rows: NonNullable<Tables['sizes']>) => T): T | null | undefined => (sizes === undefined ? undefined : sizes === null ? null : value(sizes));
	for (const q of QUANTILES) {
		if (exact) {
			stats.push(known(q.id, LABELS[q.id], exact[q.id], true));
			continue;
		}
		const range = sizes ? quantileRange(sizes, q.percent) : null;
		if (!sizes) stats.push(known(q.id, LABELS[q.id], fromSizes(() => null), true));
		else if (!range) stats.push(known(q.id, LABELS[q.id], null, true));
		// Every file the filters keep in that bucket has this one size: the histogram is exact.
		else if (range.low === range.high) stats.push(known(q.id, LABELS[q.id], range.low, true));
		else
			stats.push({
				metric: q.id,
				label: LABELS[q.id],
				value: null,
				bytes: true,
				text: `≈ ${formatBytes(range.low)} – ${formatBytes(range.high)}`,
				pending: false,
				detail: waitingExact ? 'Between these sizes; exact value: computing…' : 'Between these sizes (the exact value needs every file)'
			});
	}
	const buckets = (sizes ?? []).filter((r) => r.sizeBucket !== null && n(r.files) > 0);
	stats.push(known('max', 'Largest file', fromSizes(() => (buckets.length ? n(buckets[buckets.length - 1].maxSize) : null)), true));
	stats.push(known('empty', 'Empty (0-byte) files', fromSizes(() => n(buckets.find((r) => r.sizeBucket === 0)?.files)), false));
	return stats;
}

export function sizeBandChart(rows: Tables['sizeBands'], filters: Filters, measure: 'files' | 'bytes'): BarSpec {
	const selected = new Set(selectedValues(filters, 'sizeBand'));
	const by = new Map((rows ?? []).filter((r) => r.sizeBand !== null).map((r) => [r.sizeBand!, r]));
	return {
		id: `size-bands-${measure}`,
		title: measure === 'bytes' ? 'Bytes per size band' : 'Files per size band',
		orientation: 'vertical',
		dimension: 'sizeBand',
		rows: SIZE_BANDS.map((b) => {
			const r = by.get(b.index);
			return { key: String(b.index), label: b.label, value: n(r?.[measure]), files: n(r?.files), bytes: n(r?.bytes), selected: selected.has(String(b.index)) };
		}),
		format: measure === 'bytes' ? formatBytes : formatCount,
		valueName: measure === 'bytes' ? 'Bytes' : 'Files'
	};
}

export const serviceLabel = (v: unknown): string => (v === null || v === undefined || v === '' ? '(no service)' : String(v));

/** How many services the table lists, by bytes. */
export const SERVICE_ROWS = 200;

export interface ServiceRow {
	service: string | null;
	files: number;
	bytes: number;
	storeCost: number | null;
	/** Services sharing the name (their storeCost is averaged). */
	services: number | null;
	cost: number | null;
	[k: string]: string | number | null;
}

/** Per service: files, bytes and the estimated cost per month (bytes / 10⁹ × storeCost); most bytes first. */
export function serviceRows(rows: Tables['services'], costs: Tables['costs']): ServiceRow[] {
	const cost = new Map((costs ?? []).map((c) => [c.service, c]));
	return (rows ?? [])
		.filter((r) => n(r.files) > 0)
		.map((r) => {
			const c = r.service === null ? undefined : cost.get(r.service);
			const storeCost = c?.storeCost ?? null;
			return { service: r.service, files: n(r.files), bytes: n(r.bytes), storeCost, services: c ? n(c.services) : null, cost: storeCost === null ? null : (n(r.bytes) / 1e9) * storeCost };
		})
		.sort((a, b) => b.bytes - a.bytes || (a.service === null ? 1 : b.service === null ? -1 : textOrder(a.service, b.service)))
		.slice(0, SERVICE_ROWS);
}

export function serviceChart(rows: ServiceRow[]): BarSpec {
	return {
		id: 'services-bytes',
		title: 'Bytes per storage service',
		orientation: 'horizontal',
		rows: rows.slice(0, 20).map((r) => ({ key: serviceLabel(r.service), label: serviceLabel(r.service), value: r.bytes, files: r.files, bytes: r.bytes })),
		format: formatBytes,
		valueName: 'Bytes',
		labelWidth: 170
	};
}

const costText = (v: unknown) => (v === null || v === undefined ? '—' : Number(v).toLocaleString('en-US', { maximumFractionDigits: 4 }));

export const SERVICE_COLUMNS: Column[] = [
	{ key: 'service', label: 'Service', format: (v) => serviceLabel(v) },
	{ key: 'files', label: 'Files', kind: 'count' },
	{ key: 'bytes', label: 'Bytes', kind: 'bytes' },
	{ key: 'storeCost', label: 'storeCost (per GB-month)', kind: 'number', format: costText },
	{ key: 'cost', label: 'Estimated cost per month', kind: 'number', format: costText }
];

export const STAT_COLUMNS: Column[] = [
	{ key: 'label', label: 'Statistic' },
	{ key: 'value', label: 'Value', kind: 'number', format: (_v, r) => (r.pending ? 'computing…' : String(r.text)) }
];
