/** File Distribution shaped for the page: categories per top folder, the folders ranked by bytes. */
import { CATEGORY_ORDER, categoryOf, type CategoryId } from '$lib/model/categories';
import { selectedValues, valueLabel, type Filters } from '$lib/model/filters';
import { formatBytes } from '$lib/format';
import type { BarSpec } from '$lib/components/charts';
import type { Column } from '$lib/components/table';
import type { ResultOfReport } from '../kit/define';
import { categoryLabel, n, textOrder } from '../kit/shape';
import type { report } from './report';

type Tables = NonNullable<ResultOfReport<typeof report>['tables']>;

/** How many top folders are drawn, by bytes (any selected one is drawn too). */
export const DISTRIBUTION_TOP = 20;

export interface DistributionCell {
	topFolder: string;
	folderLabel: string;
	category: CategoryId;
	categoryLabel: string;
	files: number;
	bytes: number;
	folderFiles: number;
	folderBytes: number;
	/** Share of the folder's bytes. */
	share: number;
	/** The folder's place by bytes (1 = most). */
	rank: number;
	[k: string]: string | number;
}

export interface Distribution {
	cells: DistributionCell[];
	/** Top folders with files under the filters (the folder filter aside). */
	topFolders: number;
}

/**
 * Files and bytes per top folder and category, for the DISTRIBUTION_TOP folders with the most
 * bytes (ties by folder) and any selected: ordered by the folder's rank, then bytes.
 */
export function distribution(rows: Tables['cells'], filters: Filters): Distribution {
	const cells = new Map<string, DistributionCell>();
	const folders = new Map<string, { files: number; bytes: number }>();
	for (const r of rows ?? []) {
		if (n(r.files) === 0) continue;
		const topFolder = r.topFolder ?? '';
		const category = categoryOf(r.extension ?? '');
		const key = `${topFolder}\u0000${category}`;
		const c = cells.get(key) ?? { topFolder, folderLabel: valueLabel('topFolder', topFolder), category, categoryLabel: categoryLabel(category), files: 0, bytes: 0, folderFiles: 0, folderBytes: 0, share: 0, rank: 0 };
		c.files += n(r.files);
		c.bytes += n(r.bytes);
		cells.set(key, c);
		const f = folders.get(topFolder) ?? { files: 0, bytes: 0 };
		f.files += n(r.files);
		f.bytes += n(r.bytes);
		folders.set(topFolder, f);
	}
	const ranked = [...folders].sort((a, b) => b[1].bytes - a[1].bytes || textOrder(a[0], b[0]));
	const rank = new Map(ranked.map(([f], i) => [f, i + 1]));
	const selected = new Set(selectedValues(filters, 'topFolder'));
	const shown = [...cells.values()]
		.filter((c) => rank.get(c.topFolder)! <= DISTRIBUTION_TOP || selected.has(c.topFolder))
		.map((c) => {
			const f = folders.get(c.topFolder)!;
			return { ...c, folderFiles: f.files, folderBytes: f.bytes, share: f.bytes ? c.bytes / f.bytes : 0, rank: rank.get(c.topFolder)! };
		})
		.sort((a, b) => a.rank - b.rank || b.bytes - a.bytes || CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category));
	return { cells: shown, topFolders: folders.size };
}

/** Categories in the model's order, only those present. */
export function presentCategories(cells: DistributionCell[]): string[] {
	const present = new Set(cells.map((c) => c.category));
	return CATEGORY_ORDER.filter((c) => present.has(c)).map((c) => categoryLabel(c));
}

/** The top folders drawn, in rank order. */
export const folderOrder = (cells: DistributionCell[]): string[] => [...new Map(cells.map((c) => [c.folderLabel, c.rank])).entries()].sort((a, b) => a[1] - b[1]).map(([f]) => f);

export function folderBarChart(cells: DistributionCell[], filters: Filters): BarSpec {
	const selected = new Set(selectedValues(filters, 'topFolder'));
	const folders = new Map<string, { files: number; bytes: number }>();
	for (const c of cells) folders.set(c.topFolder, { files: c.folderFiles, bytes: c.folderBytes });
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
