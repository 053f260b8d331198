/** Obsolete shaped for the page: what is at least N years old, per folder, category and year. */
import { categoryOf, CATEGORY_LABELS, type CategoryId } from '$lib/model/categories';
import type { Filters } from '$lib/model/filters';
import { formatBytes, formatCount } from '$lib/format';
import type { BarSpec } from '$lib/components/charts';
import type { Column } from '$lib/components/table';
import type { ResultOfReport, Row } from '../kit/define';
import { byLargest, n, textOrder, topFolderChart } from '../kit/shape';
import type { report } from './report';

type Tables = ResultOfReport<typeof report>['tables'];

/** Top folders a chart and its table show. */
export const FOLDER_LIMIT = 25;

const isObsolete = (age: number | null, years: number) => age !== null && age >= years;

export function obsoleteTotals(t: Tables, years: number): { files: number; bytes: number; obsoleteFiles: number; obsoleteBytes: number; unknownModified: number } {
	const rows = t.ages ?? [];
	const sum = (keep: (age: number | null) => boolean, k: 'files' | 'bytes') => rows.filter((r) => keep(r.obsoleteAge)).reduce((a, r) => a + n(r[k]), 0);
	return {
		files: sum(() => true, 'files'),
		bytes: sum(() => true, 'bytes'),
		obsoleteFiles: sum((a) => isObsolete(a, years), 'files'),
		obsoleteBytes: sum((a) => isObsolete(a, years), 'bytes'),
		unknownModified: sum((a) => a === null, 'files')
	};
}

/** Obsolete files and bytes per top folder, most bytes first, the first 25. */
export function obsoleteFolders(t: Tables, years: number): Row[] {
	const m = new Map<string, { files: number; bytes: number }>();
	for (const r of (t.folders ?? []).filter((r) => isObsolete(r.obsoleteAge, years))) {
		const f = m.get(r.topFolder ?? '') ?? { files: 0, bytes: 0 };
		f.files += n(r.files);
		f.bytes += n(r.bytes);
		m.set(r.topFolder ?? '', f);
	}
	return byLargest([...m].map(([topFolder, f]) => ({ topFolder, ...f })), 'bytes').slice(0, FOLDER_LIMIT);
}

/** Obsolete files per type category, most bytes first. */
export function obsoleteCategories(t: Tables, years: number): Row[] {
	const m = new Map<CategoryId, { files: number; bytes: number }>();
	for (const r of (t.categories ?? []).filter((r) => isObsolete(r.obsoleteAge, years))) {
		const c = categoryOf(r.extension ?? '');
		const f = m.get(c) ?? { files: 0, bytes: 0 };
		f.files += n(r.files);
		f.bytes += n(r.bytes);
		m.set(c, f);
	}
	return [...m].map(([category, f]) => ({ category, ...f })).sort((a, b) => b.bytes - a.bytes || textOrder(a.category, b.category));
}

/** Obsolete files per UTC year of their last modification. */
export function obsoleteYearsRows(t: Tables, years: number): Row[] {
	const m = new Map<number, { files: number; bytes: number }>();
	for (const r of (t.years ?? []).filter((r) => isObsolete(r.obsoleteAge, years) && r.modifiedYear !== null)) {
		const y = m.get(r.modifiedYear!) ?? { files: 0, bytes: 0 };
		y.files += n(r.files);
		y.bytes += n(r.bytes);
		m.set(r.modifiedYear!, y);
	}
	return [...m].sort((a, b) => a[0] - b[0]).map(([year, y]) => ({ year, ...y }));
}

export function folderChart(rows: Row[], filters: Filters): BarSpec {
	return topFolderChart(rows, filters, { id: 'obsolete-folders', title: 'Bytes of obsolete files per top folder (top 25)', measure: 'bytes', bars: FOLDER_LIMIT });
}

export function categoryChart(rows: Row[]): BarSpec {
	return {
		id: 'obsolete-categories',
		title: 'Bytes of obsolete files per type category',
		orientation: 'horizontal',
		rows: rows.map((r) => ({ key: String(r.category), label: CATEGORY_LABELS[r.category as CategoryId] ?? String(r.category), value: n(r.bytes), files: n(r.files), bytes: n(r.bytes) })),
		format: formatBytes,
		valueName: 'Bytes',
		labelWidth: 130
	};
}

export function yearChart(rows: Row[]): BarSpec {
	return {
		id: 'obsolete-years',
		title: 'Obsolete files by year last modified',
		orientation: 'vertical',
		rows: rows.map((r) => ({ key: String(r.year), label: String(r.year), value: n(r.files), files: n(r.files), bytes: n(r.bytes) })),
		format: formatCount,
		valueName: 'Files'
	};
}

export const CATEGORY_COLUMNS: Column[] = [
	{ key: 'category', label: 'Category', format: (v) => CATEGORY_LABELS[v as CategoryId] ?? String(v) },
	{ key: 'files', label: 'Files', kind: 'count' },
	{ key: 'bytes', label: 'Bytes', kind: 'bytes' }
];

export const FILE_COLUMNS: Column[] = [
	{ key: 'name', label: 'Name' },
	{ key: 'folder', label: 'Folder', format: (v) => (v ? String(v) : '(unknown)') },
	{ key: 'size', label: 'Size', kind: 'bytes' },
	{ key: 'modified', label: 'Modified', kind: 'date' }
];
