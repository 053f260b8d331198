/** Hot/cold shaped for the page: tiers from the accessed age bands, top folders by cold bytes. */
import type { Filters } from '$lib/model/filters';
import { formatBytes, formatCount } from '$lib/format';
import type { BarSpec } from '$lib/components/charts';
import type { Column } from '$lib/components/table';
import type { ResultOfReport, Row } from '../kit/define';
import { byLargest, n, perTopFolder, topFolderChart } from '../kit/shape';
import type { report } from './report';

type Tables = NonNullable<ResultOfReport<typeof report>['tables']>;

export const TIERS = ['Accessed within 30 days', '30–90 days ago', '90–365 days ago', 'Over a year ago', 'No access time'] as const;

/** Index of "no access time": the tier of a file whose accessed time is unknown. */
const NEVER = 4;

/**
 * The tier of an age band of `accessed` (src/lib/model/bands.ts): < 30 days, 30–90 days, then
 * 90–180 and 180–365 days together, then 1–3 and over 3 years together; no band is no access time.
 */
export function tierOfBand(band: number | null): number {
	if (band === null) return NEVER;
	return [0, 1, 2, 2, 3, 3][band] ?? NEVER;
}

export interface TierRow {
	tier: number;
	label: string;
	files: number;
	bytes: number;
	share: number;
	[k: string]: string | number;
}

export function tierRows(rows: Tables['tiers']): TierRow[] {
	const sums = TIERS.map(() => ({ files: 0, bytes: 0 }));
	for (const r of rows ?? []) {
		const t = sums[tierOfBand(r.accessedBand)];
		t.files += n(r.files);
		t.bytes += n(r.bytes);
	}
	const total = sums.reduce((a, t) => a + t.files, 0);
	return TIERS.map((label, tier) => ({ tier, label, files: sums[tier].files, bytes: sums[tier].bytes, share: total ? sums[tier].files / total : 0 }));
}

export function tierChart(tiers: TierRow[], measure: 'files' | 'bytes'): BarSpec {
	return {
		id: `tiers-${measure}`,
		title: measure === 'bytes' ? 'Bytes by last access' : 'Files by last access',
		orientation: 'horizontal',
		rows: tiers.map((t) => ({ key: String(t.tier), label: t.label, value: t[measure], files: t.files, bytes: t.bytes })),
		format: measure === 'bytes' ? formatBytes : formatCount,
		valueName: measure === 'bytes' ? 'Bytes' : 'Files',
		labelWidth: 170
	};
}

export const TIER_COLUMNS: Column[] = [
	{ key: 'label', label: 'Last access' },
	{ key: 'files', label: 'Files', kind: 'count' },
	{ key: 'bytes', label: 'Bytes', kind: 'bytes' },
	{ key: 'share', label: 'Share of files', kind: 'percent' }
];

/** How many top folders the page lists, by cold bytes. */
export const COLD_FOLDERS = 200;

/**
 * Per top folder: files and bytes per tier (files0…files4, bytes0…bytes4) and cold files and bytes
 * (not accessed for a year, or never: what an archive tier would take first), coldest first.
 */
export function coldFolders(rows: Tables['folders']): Row[] {
	const pivot = perTopFolder(rows ?? [], (r) => String(tierOfBand(r.accessedBand)));
	const out = pivot.map((f) => {
		const row: Row = { topFolder: f.topFolder, files: f.files, bytes: f.bytes };
		for (let t = 0; t <= NEVER; t++) {
			row[`files${t}`] = n(f[`${t}Files`]);
			row[`bytes${t}`] = n(f[`${t}Bytes`]);
		}
		row.coldFiles = n(row.files3) + n(row.files4);
		row.coldBytes = n(row.bytes3) + n(row.bytes4);
		return row;
	});
	return byLargest(out, 'coldBytes').slice(0, COLD_FOLDERS);
}

export function coldFolderChart(rows: Row[], filters: Filters): BarSpec {
	return topFolderChart(rows, filters, { id: 'cold-folders-bytes', title: 'Cold bytes (not accessed for a year, or never) per top folder', measure: 'bytes', filesCol: 'coldFiles', bytesCol: 'coldBytes' });
}

export const COLD_FOLDER_COLUMNS: Column[] = [
	{ key: 'topFolder', label: 'Top folder', format: (v) => (v ? String(v) : '(unknown)') },
	{ key: 'files', label: 'Files', kind: 'count' },
	{ key: 'bytes', label: 'Bytes', kind: 'bytes' },
	{ key: 'bytes0', label: 'Hot bytes (< 30 days)', kind: 'bytes' },
	{ key: 'coldFiles', label: 'Cold files', kind: 'count' },
	{ key: 'coldBytes', label: 'Cold bytes', kind: 'bytes' }
];
