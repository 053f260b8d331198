/** View helpers every report page shares: numbers from result cells, the top-folder chart. */
import { selectedValues, valueLabel, type Filters } from '$lib/model/filters';
import { CATEGORY_LABELS, type CategoryId } from '$lib/model/categories';
import { formatBytes, formatCount } from '$lib/format';
import type { BarSpec } from '$lib/components/charts';
import type { Column } from '$lib/components/table';
import type { Cell } from './define';

/** A result cell as a number (NULL and missing as 0). */
export const n = (v: Cell | undefined): number => Number(v ?? 0);

/** How many bars a top-N chart of a report shows. */
export const TOP_BARS = 20;

/** The top-folder bar chart several report pages draw: a click filters every page by that folder. */
export function topFolderChart(
	rows: readonly Record<string, Cell>[],
	filters: Filters,
	chart: { id: string; title: string; measure: 'files' | 'bytes'; filesCol?: string; bytesCol?: string; bars?: number }
): BarSpec {
	const selected = new Set(selectedValues(filters, 'topFolder'));
	const filesCol = chart.filesCol ?? 'files';
	const bytesCol = chart.bytesCol ?? 'bytes';
	return {
		id: chart.id,
		title: chart.title,
		orientation: 'horizontal',
		dimension: 'topFolder',
		rows: rows.slice(0, chart.bars ?? TOP_BARS).map((r) => ({
			key: String(r.topFolder ?? ''),
			label: valueLabel('topFolder', String(r.topFolder ?? '')),
			value: n(chart.measure === 'files' ? r[filesCol] : r[bytesCol]),
			files: n(r[filesCol]),
			bytes: n(r[bytesCol]),
			selected: selected.has(String(r.topFolder ?? ''))
		})),
		format: chart.measure === 'files' ? formatCount : formatBytes,
		valueName: chart.measure === 'files' ? 'Files' : 'Bytes',
		labelWidth: 240
	};
}

/** Table columns of a top folder with its files and bytes. */
export const FOLDER_COLUMNS: Column[] = [
	{ key: 'topFolder', label: 'Top folder', format: (v) => valueLabel('topFolder', String(v ?? '')) },
	{ key: 'files', label: 'Files', kind: 'count' },
	{ key: 'bytes', label: 'Bytes', kind: 'bytes' }
];

/**
 * Rows pivoted by top folder: per folder, files and bytes summed, and per value of `by` too
 * (`<by><value>Files`), ordered by `order` descending then folder.
 */
export function perTopFolder<R extends { topFolder: string | null; files: number | null; bytes: number | null }>(rows: readonly R[], split: (r: R) => string | null): Record<string, Cell>[] {
	const folders = new Map<string, Record<string, number | string>>();
	for (const r of rows) {
		const key = r.topFolder ?? '';
		const f = folders.get(key) ?? { topFolder: key, files: 0, bytes: 0 };
		f.files = Number(f.files) + n(r.files);
		f.bytes = Number(f.bytes) + n(r.bytes);
		const part = split(r);
		if (part !== null) {
			f[`${part}Files`] = n(f[`${part}Files`] as number) + n(r.files);
			f[`${part}Bytes`] = n(f[`${part}Bytes`] as number) + n(r.bytes);
		}
		folders.set(key, f);
	}
	return [...folders.values()];
}

/** Rows sorted by a numeric column, largest first, then by top folder. */
export function byLargest(rows: Record<string, Cell>[], column: string): Record<string, Cell>[] {
	return [...rows].sort((a, b) => n(b[column]) - n(a[column]) || textOrder(String(a.topFolder ?? ''), String(b.topFolder ?? '')));
}

/** Text in DuckDB's order (by code point, not by locale), as the engine's own ORDER BY gives it. */
export function textOrder(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A part's rows as the page gets them: undefined while the part is pending (report build, scan),
 * null when this dataset cannot answer it, else the rows. `mapPart` shapes the rows and keeps the
 * other two states, so a chart can say "computing…" or "could not be computed" for what it lacks.
 */
export type PartRows<R> = readonly R[] | null | undefined;

export function mapPart<R, T>(rows: PartRows<R>, shape: (rows: readonly R[]) => T): T | null | undefined {
	return rows === undefined || rows === null ? rows : shape(rows);
}

/** A type category's name (src/lib/model/categories.ts); an unknown id as it is. */
export const categoryLabel = (id: Cell | undefined): string => CATEGORY_LABELS[String(id) as CategoryId] ?? String(id);
