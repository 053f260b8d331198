/** Sensitive files, shaped for the view. */
import { SENSITIVE_CLASSES } from '$lib/model/reports/security';
import type { Row } from '$lib/model/reports/types';
import type { Filters } from '$lib/model/filters';
import { formatCount } from '$lib/format';
import { topFolderChart } from './folder-chart';
import type { BarSpec } from '$lib/components/charts';
import type { Column } from '$lib/components/table';

const n = (v: unknown): number => Number(v ?? 0);

/** One row per class from the single totals row. */
export function classRows(totals: Row | undefined): Row[] {
	return SENSITIVE_CLASSES.map((c) => ({ id: c.id, label: c.label, description: c.description, files: n(totals?.[`${c.id}Files`]), bytes: n(totals?.[`${c.id}Bytes`]) }));
}

export function classChart(rows: Row[]): BarSpec {
	return {
		id: 'sensitive-classes-files',
		title: 'Sensitive files per kind (a file may be of several kinds)',
		orientation: 'horizontal',
		rows: rows.map((r) => ({ key: String(r.id), label: String(r.label), value: n(r.files), files: n(r.files), bytes: n(r.bytes) })),
		format: formatCount,
		valueName: 'Files',
		labelWidth: 200
	};
}

export function sensitiveFolderChart(rows: Row[], filters: Filters): BarSpec {
	return topFolderChart(rows, filters, { id: 'sensitive-folders', title: 'Sensitive files per top folder', measure: 'files' });
}

export const CLASS_COLUMNS: Column[] = [
	{ key: 'label', label: 'Kind' },
	{ key: 'files', label: 'Files', kind: 'count' },
	{ key: 'bytes', label: 'Bytes', kind: 'bytes' },
	{ key: 'description', label: 'Matches' }
];

export const FILE_COLUMNS: Column[] = [
	{ key: 'path', label: 'Path' },
	{ key: 'classes', label: 'Kind' },
	{ key: 'size', label: 'Size', kind: 'bytes' },
	{ key: 'modified', label: 'Modified', kind: 'date' }
];

export const SENSITIVE_FOLDER_COLUMNS: Column[] = [
	{ key: 'topFolder', label: 'Top folder', format: (v) => (v ? String(v) : '(unknown)') },
	{ key: 'files', label: 'Sensitive files', kind: 'count' },
	{ key: 'bytes', label: 'Bytes', kind: 'bytes' },
	{ key: 'secretFiles', label: 'Secrets, keys and config', kind: 'count' }
];
