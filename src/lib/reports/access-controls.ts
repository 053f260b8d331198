/** Access Controls, shaped for the view. */
import type { ReportResult, Row } from '$lib/model/reports/types';
import { formatBytes, formatCount } from '$lib/format';
import { topFolderChart } from './folder-chart';
import type { BarSpec } from '$lib/components/charts';
import type { Column } from '$lib/components/table';
import type { Filters } from '$lib/model/filters';

const n = (v: unknown): number => Number(v ?? 0);

/** 'absent': the export has no permissions table (no file can carry a set). */
export function accessControlsState(tables: ReportResult['tables']): 'absent' | 'data' {
	return tables.summary ? 'data' : 'absent';
}

export function principalChart(rows: Row[]): BarSpec {
	return {
		id: 'principals-files',
		title: 'Files each principal has access to (top 20)',
		orientation: 'horizontal',
		rows: rows.slice(0, 20).map((r) => ({ key: String(r.principal), label: String(r.principal), value: n(r.files), files: n(r.files), bytes: n(r.bytes) })),
		format: formatCount,
		valueName: 'Files',
		labelWidth: 220
	};
}

/** Top folders holding files open to broad groups: a click filters every page by that folder. */
export function broadFolderChart(rows: Row[], filters: Filters): BarSpec {
	return topFolderChart(rows, filters, { id: 'broad-folders', title: 'Files open to broad groups, per top folder', measure: 'files' });
}

const yesNo = (v: unknown) => (v ? 'yes' : 'no');

export const SET_COLUMNS: Column[] = [
	{ key: 'permissionSet', label: 'Permission set', format: (v) => (v === null || v === '' ? '(none)' : String(v)) },
	{ key: 'files', label: 'Files', kind: 'count' },
	{ key: 'bytes', label: 'Bytes', kind: 'bytes' },
	{ key: 'principals', label: 'Principals', kind: 'count' },
	{ key: 'broad', label: 'Broad access', format: yesNo },
	{ key: 'broadWrite', label: 'Broad write', format: yesNo }
];

export const PRINCIPAL_COLUMNS: Column[] = [
	{ key: 'principal', label: 'Principal' },
	{ key: 'files', label: 'Files', kind: 'count' },
	{ key: 'bytes', label: 'Bytes', kind: 'bytes' },
	{ key: 'sets', label: 'Permission sets', kind: 'count' },
	{ key: 'rights', label: 'Rights seen' },
	{ key: 'broad', label: 'Broad group', format: yesNo }
];

export const FOLDER_COLUMNS: Column[] = [
	{ key: 'topFolder', label: 'Top folder', format: (v) => (v ? String(v) : '(unknown)') },
	{ key: 'files', label: 'Files', kind: 'count' },
	{ key: 'bytes', label: 'Bytes', kind: 'bytes' }
];

export { formatBytes };
