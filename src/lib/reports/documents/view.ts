/** Document Analysis shaped for the page: extensions grouped into categories, charts, tables. */
import { categoryOf, type CategoryId } from '$lib/model/categories';
import { selectedValues, type Filters } from '$lib/model/filters';
import { formatBytes, formatCount } from '$lib/format';
import type { BarSpec } from '$lib/components/charts';
import type { Column } from '$lib/components/table';
import type { ResultOfReport } from '../kit/define';
import { categoryLabel, n, textOrder } from '../kit/shape';
import type { report } from './report';

type Tables = NonNullable<ResultOfReport<typeof report>['tables']>;

/** How many extensions the table lists, by files. */
export const EXTENSION_ROWS = 100;

export interface ExtensionRow {
	extension: string;
	category: CategoryId;
	files: number;
	bytes: number;
	sized: number;
	averageSize: number | null;
	[k: string]: string | number | null;
}

export interface CategoryRow {
	category: CategoryId;
	label: string;
	files: number;
	bytes: number;
	sized: number;
	averageSize: number | null;
	[k: string]: string | number | null;
}

const average = (bytes: number, sized: number) => (sized ? bytes / sized : null);

/** Every extension with files, most files first (ties by extension). */
export function extensionRows(rows: Tables['extensions']): ExtensionRow[] {
	return (rows ?? [])
		.filter((r) => n(r.files) > 0)
		.map((r) => {
			const extension = r.extension ?? '';
			return { extension, category: categoryOf(extension), files: n(r.files), bytes: n(r.bytes), sized: n(r.sized), averageSize: average(n(r.bytes), n(r.sized)) };
		})
		.sort((a, b) => b.files - a.files || textOrder(a.extension, b.extension));
}

/** Distinct extensions, '' (none) not counted. */
export const extensionCount = (rows: ExtensionRow[]): number => rows.filter((r) => r.extension !== '').length;

/** Per category present: files, bytes and average size, most bytes first (ties by category id). */
export function categoryRows(extensions: ExtensionRow[]): CategoryRow[] {
	const by = new Map<CategoryId, CategoryRow>();
	for (const e of extensions) {
		const c = by.get(e.category) ?? { category: e.category, label: categoryLabel(e.category), files: 0, bytes: 0, sized: 0, averageSize: null };
		c.files += e.files;
		c.bytes += e.bytes;
		c.sized += e.sized;
		by.set(e.category, c);
	}
	return [...by.values()].map((c) => ({ ...c, averageSize: average(c.bytes, c.sized) })).sort((a, b) => b.bytes - a.bytes || textOrder(a.category, b.category));
}

export interface TaggingRow {
	category: CategoryId;
	label: string;
	tagged: number;
	untagged: number;
	taggedBytes: number;
	[k: string]: string | number;
}

/** Tagged and untagged files per category, by category id. */
export function taggingRows(rows: Tables['tagging']): TaggingRow[] {
	const by = new Map<CategoryId, TaggingRow>();
	for (const r of rows ?? []) {
		const category = categoryOf(r.extension ?? '');
		const t = by.get(category) ?? { category, label: categoryLabel(category), tagged: 0, untagged: 0, taggedBytes: 0 };
		if (r.tagged === 1) {
			t.tagged += n(r.files);
			t.taggedBytes += n(r.bytes);
		} else t.untagged += n(r.files);
		by.set(category, t);
	}
	return [...by.values()].sort((a, b) => textOrder(a.category, b.category));
}

export function categoryChart(rows: CategoryRow[], measure: 'files' | 'bytes'): BarSpec {
	return {
		id: `categories-${measure}`,
		title: measure === 'bytes' ? 'Bytes per type category' : 'Files per type category',
		orientation: 'horizontal',
		rows: [...rows].sort((a, b) => b[measure] - a[measure]).map((r) => ({ key: r.category, label: r.label, value: r[measure], files: r.files, bytes: r.bytes })),
		format: measure === 'bytes' ? formatBytes : formatCount,
		valueName: measure === 'bytes' ? 'Bytes' : 'Files',
		labelWidth: 130
	};
}

/** Extensions, clickable: a click filters every page by that extension. */
export function extensionChart(rows: ExtensionRow[], filters: Filters): BarSpec {
	const selected = new Set(selectedValues(filters, 'extension'));
	return {
		id: 'extensions-files',
		title: 'Top 20 extensions by number of files',
		orientation: 'horizontal',
		dimension: 'extension',
		rows: rows.slice(0, 20).map((r) => ({ key: r.extension, label: r.extension ? `.${r.extension}` : '(none)', value: r.files, files: r.files, bytes: r.bytes, selected: selected.has(r.extension) })),
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
