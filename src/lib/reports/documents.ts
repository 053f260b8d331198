/** Document Analysis, shaped for the view: the engine's rows become chart specs and table rows. */
import { CATEGORY_LABELS, type CategoryId } from '$lib/model/categories';
import { selectedValues, type Filters } from '$lib/model/filters';
import type { Row } from '$lib/model/reports/types';
import { formatBytes, formatCount } from '$lib/format';
import type { BarSpec } from '$lib/components/charts';
import type { Column } from '$lib/components/table';

const n = (v: unknown): number => Number(v ?? 0);
export const categoryLabel = (id: unknown): string => CATEGORY_LABELS[String(id) as CategoryId] ?? String(id);

export function taggingRows(rows: Row[]): Row[] {
	return rows.map((r): Row => ({ ...r, label: categoryLabel(r.category) }));
}

export function categoryRows(rows: Row[]): Row[] {
	return rows.map((r) => ({ ...r, label: categoryLabel(r.category), averageSize: n(r.sized) ? n(r.bytes) / n(r.sized) : null }));
}

export function categoryChart(rows: Row[], measure: 'files' | 'bytes'): BarSpec {
	return {
		id: `categories-${measure}`,
		title: measure === 'bytes' ? 'Bytes per type category' : 'Files per type category',
		orientation: 'horizontal',
		rows: [...rows].sort((a, b) => n(b[measure]) - n(a[measure])).map((r) => ({ key: String(r.category), label: categoryLabel(r.category), value: n(r[measure]), files: n(r.files), bytes: n(r.bytes) })),
		format: measure === 'bytes' ? formatBytes : formatCount,
		valueName: measure === 'bytes' ? 'Bytes' : 'Files',
		labelWidth: 130
	};
}

/** Extensions, clickable: a click filters every page by that extension. */
export function extensionChart(rows: Row[], filters: Filters): BarSpec {
	const selected = new Set(selectedValues(filters, 'extension'));
	return {
		id: 'extensions-files',
		title: 'Top 20 extensions by number of files',
		orientation: 'horizontal',
		dimension: 'extension',
		rows: rows.slice(0, 20).map((r) => ({ key: String(r.extension), label: r.extension ? `.${r.extension}` : '(none)', value: n(r.files), files: n(r.files), bytes: n(r.bytes), selected: selected.has(String(r.extension)) })),
		format: formatCount,
		valueName: 'Files'
	};
}

export const CATEGORY_COLUMNS: Column[] = [
	{ key: 'category', label: 'Category', format: (v) => categoryLabel(v) },
	{ key: 'files', label: 'Files', kind: 'count' },
	{ key: 'bytes', label: 'Bytes', kind: 'bytes' },
	{ key: 'averageSize', label: 'Average size', kind: 'bytes' }
];

export const EXTENSION_COLUMNS: Column[] = [
	{ key: 'extension', label: 'Extension', format: (v) => (v ? `.${v}` : '(none)') },
	{ key: 'category', label: 'Category', format: (v) => categoryLabel(v) },
	{ key: 'files', label: 'Files', kind: 'count' },
	{ key: 'bytes', label: 'Bytes', kind: 'bytes' },
	{ key: 'averageSize', label: 'Average size', kind: 'bytes' }
];

export const TAGGING_COLUMNS: Column[] = [
	{ key: 'category', label: 'Category', format: (v) => categoryLabel(v) },
	{ key: 'tagged', label: 'Tagged files', kind: 'count' },
	{ key: 'untagged', label: 'Untagged files', kind: 'count' },
	{ key: 'taggedBytes', label: 'Tagged bytes', kind: 'bytes' }
];
