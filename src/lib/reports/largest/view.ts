/** Largest files shaped for the page: the list's columns and its extensions chart. */
import { selectedValues, type Filters } from '$lib/model/filters';
import { formatBytes } from '$lib/format';
import type { BarSpec } from '$lib/components/charts';
import type { Column } from '$lib/components/table';
import type { ListRow } from '../kit/define';
import { n, textOrder } from '../kit/shape';

export const LARGEST_COLUMNS: Column[] = [
	{ key: 'name', label: 'Name' },
	{ key: 'folder', label: 'Folder' },
	{ key: 'size', label: 'Size', kind: 'bytes' },
	{ key: 'modified', label: 'Modified', kind: 'date' },
	{ key: 'extension', label: 'Extension', format: (v) => (v ? `.${v}` : '(none)') },
	// The file's access control list as the export records it (osPermissions.permissionSet), not an owner.
	{ key: 'permissionSet', label: 'Permissions', format: (v) => (v === null || v === undefined || v === '' ? '(none)' : String(v)) }
];

/** The extensions among the largest files: clicking one filters every page by it. */
export function largestExtensionChart(rows: ListRow[], filters: Filters): BarSpec {
	const selected = new Set(selectedValues(filters, 'extension'));
	const by = new Map<string, { files: number; bytes: number }>();
	for (const r of rows) {
		const e = r.extension ?? '';
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
			.sort((a, b) => b[1].bytes - a[1].bytes || textOrder(a[0], b[0]))
			.slice(0, 15)
			.map(([e, v]) => ({ key: e, label: e ? `.${e}` : '(none)', value: v.bytes, files: v.files, bytes: v.bytes, selected: selected.has(e) })),
		format: formatBytes,
		valueName: 'Bytes'
	};
}
