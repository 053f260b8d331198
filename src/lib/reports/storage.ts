/** Storage Overview, Largest files and File Distribution, shaped for the view (no SQL here). */
import { SIZE_BANDS } from '$lib/model/bands';
import { CATEGORY_ORDER } from '$lib/model/categories';
import { selectedValues, valueLabel, type Filters } from '$lib/model/filters';
import type { Row } from '$lib/model/reports/types';
import { formatBytes, formatCount } from '$lib/format';
import type { BarSpec } from '$lib/components/charts';
import type { Column } from '$lib/components/table';
import { categoryLabel } from './documents';

const n = (v: unknown): number => Number(v ?? 0);

/* Storage Overview ----------------------------------------------------------------------- */

/** The statistics as label/value rows: what the KPI cards and the table show. */
export function sizeStatistics(stats: Row | undefined): { metric: string; label: string; value: number | null; bytes: boolean }[] {
	const s = stats ?? {};
	const v = (k: string) => (s[k] === null || s[k] === undefined ? null : Number(s[k]));
	return [
		{ metric: 'files', label: 'Files', value: v('files'), bytes: false },
		{ metric: 'bytes', label: 'Total size', value: v('bytes'), bytes: true },
		{ metric: 'mean', label: 'Mean size', value: v('mean'), bytes: true },
		{ metric: 'median', label: 'Median size', value: v('median'), bytes: true },
		{ metric: 'p90', label: '90th percentile', value: v('p90'), bytes: true },
		{ metric: 'p99', label: '99th percentile', value: v('p99'), bytes: true },
		{ metric: 'max', label: 'Largest file', value: v('max'), bytes: true },
		{ metric: 'empty', label: 'Empty (0-byte) files', value: v('empty'), bytes: false }
	];
}

export function sizeBandChart(rows: Row[], filters: Filters, measure: 'files' | 'bytes'): BarSpec {
	const selected = new Set(selectedValues(filters, 'sizeBand'));
	const by = new Map(rows.map((r) => [Number(r.sizeBand), r]));
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

export function serviceChart(rows: Row[]): BarSpec {
	return {
		id: 'services-bytes',
		title: 'Bytes per storage service',
		orientation: 'horizontal',
		rows: rows.slice(0, 20).map((r) => ({ key: serviceLabel(r.service), label: serviceLabel(r.service), value: n(r.bytes), files: n(r.files), bytes: n(r.bytes) })),
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
	{ key: 'value', label: 'Value', kind: 'number', format: (v, r) => (v === null ? '—' : r.bytes ? formatBytes(Number(v)) : formatCount(Number(v))) }
];

/* Largest files ---------------------------------------------------------------------------- */

export const LARGEST_COLUMNS: Column[] = [
	{ key: 'name', label: 'Name' },
	{ key: 'folder', label: 'Folder' },
	{ key: 'size', label: 'Size', kind: 'bytes' },
	{ key: 'modified', label: 'Modified', kind: 'date' },
	{ key: 'extension', label: 'Extension', format: (v) => (v ? `.${v}` : '(none)') },
	{ key: 'owner', label: 'Owner (permission set)', format: (v) => (v === null || v === undefined || v === '' ? '(none)' : String(v)) }
];

/** The extensions among the largest files: clicking one filters every page by it. */
export function largestExtensionChart(rows: Row[], filters: Filters): BarSpec {
	const selected = new Set(selectedValues(filters, 'extension'));
	const by = new Map<string, { files: number; bytes: number }>();
	for (const r of rows) {
		const e = String(r.extension ?? '');
		const acc = by.get(e) ?? { files: 0, bytes: 0 };
		acc.files++;
		acc.bytes += n(r.size);
		by.set(e, acc);
	}
	return {
		id: 'largest-extensions',
		title: 'Bytes of the largest files per extension',
		orientation: 'horizontal',
		dimension: 'extension',
		rows: [...by]
			.sort((a, b) => b[1].bytes - a[1].bytes || a[0].localeCompare(b[0]))
			.slice(0, 15)
			.map(([e, v]) => ({ key: e, label: e ? `.${e}` : '(none)', value: v.bytes, files: v.files, bytes: v.bytes, selected: selected.has(e) })),
		format: formatBytes,
		valueName: 'Bytes'
	};
}

/* File Distribution ------------------------------------------------------------------------ */

export interface DistributionCell {
	topFolder: string;
	folderLabel: string;
	category: string;
	categoryLabel: string;
	files: number;
	bytes: number;
	/** Share of the folder's bytes. */
	share: number;
	rank: number;
}

export function distributionCells(rows: Row[]): DistributionCell[] {
	return rows.map((r) => ({
		topFolder: String(r.topFolder ?? ''),
		folderLabel: valueLabel('topFolder', String(r.topFolder ?? '')),
		category: String(r.category),
		categoryLabel: categoryLabel(r.category),
		files: n(r.files),
		bytes: n(r.bytes),
		share: n(r.folderBytes) ? n(r.bytes) / n(r.folderBytes) : 0,
		rank: n(r.rank)
	}));
}

/** Categories in the model's order, only those present. */
export function presentCategories(cells: DistributionCell[]): string[] {
	const present = new Set(cells.map((c) => c.category));
	return CATEGORY_ORDER.filter((c) => present.has(c)).map((c) => categoryLabel(c));
}

export function folderBarChart(rows: Row[], filters: Filters): BarSpec {
	const selected = new Set(selectedValues(filters, 'topFolder'));
	const folders = new Map<string, { files: number; bytes: number }>();
	for (const r of rows) folders.set(String(r.topFolder ?? ''), { files: n(r.folderFiles), bytes: n(r.folderBytes) });
	return {
		id: 'distribution-folders',
		title: 'Bytes per top folder',
		orientation: 'horizontal',
		dimension: 'topFolder',
		rows: [...folders].map(([f, v]) => ({ key: f, label: valueLabel('topFolder', f), value: v.bytes, files: v.files, bytes: v.bytes, selected: selected.has(f) })),
		format: formatBytes,
		valueName: 'Bytes',
		labelWidth: 220
	};
}

export const DISTRIBUTION_COLUMNS: Column[] = [
	{ key: 'folderLabel', label: 'Top folder' },
	{ key: 'categoryLabel', label: 'Category' },
	{ key: 'files', label: 'Files', kind: 'count' },
	{ key: 'bytes', label: 'Bytes', kind: 'bytes' },
	{ key: 'share', label: 'Share of folder bytes', kind: 'percent' }
];
