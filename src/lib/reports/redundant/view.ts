/** Redundant shaped for the page: copy bands, totals and the groups table. */
import { COPY_BANDS } from '$lib/model/rot';
import { formatBytes, formatCount } from '$lib/format';
import type { BarSpec } from '$lib/components/charts';
import type { Column } from '$lib/components/table';
import type { ResultOfReport, Row } from '../kit/define';
import { n } from '../kit/shape';
import type { report } from './report';

type Tables = ResultOfReport<typeof report>['tables'];

export interface BandRow {
	band: number;
	label: string;
	/** Groups with a redundant copy among the files the filters keep. */
	groups: number;
	/** Files the filters keep that belong to a group of this band. */
	files: number;
	redundant: number;
	wasted: number;
	[k: string]: string | number;
}

/** Every severity band, with zeros for the bands no group falls in. */
export function copyBandRows(t: Tables): BandRow[] {
	return COPY_BANDS.map((b) => {
		const cells = (t.bands ?? []).filter((r) => r.copyBand === b.index);
		const redundant = cells.filter((r) => r.redundant === 1);
		return {
			band: b.index,
			label: b.label,
			groups: n((t.bandGroups ?? []).find((r) => n(r.copyBand) === b.index)?.groups),
			files: cells.reduce((a, r) => a + n(r.files), 0),
			redundant: redundant.reduce((a, r) => a + n(r.files), 0),
			wasted: redundant.reduce((a, r) => a + n(r.bytes), 0)
		};
	});
}

export function duplicateTotals(bands: BandRow[]): { groups: number; files: number; redundant: number; wasted: number } {
	const sum = (k: 'groups' | 'files' | 'redundant' | 'wasted') => bands.reduce((a, r) => a + r[k], 0);
	return { groups: sum('groups'), files: sum('files'), redundant: sum('redundant'), wasted: sum('wasted') };
}

/** Files that cannot be candidates: empty (the first trivial rule), of unknown size, or nameless. */
export function scopeOf(t: Tables): { zeroByte: number; unknownSize: number; unnamed: number } {
	const rows = t.scope ?? [];
	return {
		zeroByte: rows.filter((r) => r.trivialRule === 0).reduce((a, r) => a + n(r.files), 0),
		unknownSize: rows.reduce((a, r) => a + n(r.files) - n(r.sized), 0),
		unnamed: rows.filter((r) => r.unnamed === 1).reduce((a, r) => a + n(r.files), 0)
	};
}

export function copyBandChart(bands: BandRow[], measure: 'wasted' | 'groups'): BarSpec {
	return {
		id: `copy-bands-${measure}`,
		title: measure === 'wasted' ? 'Wasted bytes per number of copies' : 'Duplicate groups per number of copies',
		orientation: 'horizontal',
		rows: bands.map((r) => ({ key: String(r.band), label: r.label, value: r[measure], files: r.files, bytes: r.wasted })),
		format: measure === 'wasted' ? formatBytes : formatCount,
		valueName: measure === 'wasted' ? 'Wasted bytes' : 'Groups',
		labelWidth: 150
	};
}

export const COPY_BAND_COLUMNS: Column[] = [
	{ key: 'label', label: 'Copies' },
	{ key: 'groups', label: 'Groups', kind: 'count' },
	{ key: 'files', label: 'Files in groups', kind: 'count' },
	{ key: 'redundant', label: 'Redundant copies', kind: 'count' },
	{ key: 'wasted', label: 'Wasted bytes', kind: 'bytes' }
];

/** The groups table: a group's copies over the whole export, and what the filters keep of them (null while it comes). */
export function groupRows(t: Tables): Row[] | null {
	if (t.groups === undefined) return null;
	return (t.groups ?? []).map((g) => ({ ...g, wasted: g.wastedHere }));
}

export const GROUP_COLUMNS: Column[] = [
	{ key: 'name', label: 'Name' },
	{ key: 'size', label: 'Size', kind: 'bytes' },
	{ key: 'copies', label: 'Copies', kind: 'count' },
	{ key: 'redundantHere', label: 'Redundant here', kind: 'count' },
	{ key: 'wasted', label: 'Wasted bytes', kind: 'bytes' },
	{ key: 'folders', label: 'Folders', kind: 'count' },
	{ key: 'newest', label: 'Newest modified', kind: 'date' }
];

export const COPY_COLUMNS: Column[] = [
	{ key: 'folder', label: 'Folder', format: (v) => (v ? String(v) : '(unknown)') },
	{ key: 'name', label: 'Name' },
	{ key: 'modified', label: 'Modified', kind: 'datetime' },
	{ key: 'kept', label: 'Role', format: (v) => (v ? 'kept (newest)' : 'redundant copy') },
	{ key: 'here', label: 'Under the filters', format: (v) => (v ? 'yes' : 'no') }
];
