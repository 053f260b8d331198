/** Access patterns shaped for the page: the 7 × 24 heatmap's cells, per day and per hour. */
import { formatCount } from '$lib/format';
import type { BarSpec } from '$lib/components/charts';
import type { Column } from '$lib/components/table';
import type { ResultOfReport } from '../kit/define';
import { n } from '../kit/shape';
import type { report } from './report';

type Tables = NonNullable<ResultOfReport<typeof report>['tables']>;

export const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

export interface AccessCell {
	/** ISO day: 1 = Monday … 7 = Sunday. */
	day: number;
	dayName: string;
	hour: number;
	files: number;
	bytes: number;
	[k: string]: string | number;
}

export interface AccessFigures {
	/** All 7 × 24 cells, zeros included, so the heatmap and its table have no holes. */
	cells: AccessCell[];
	/** Files under the filters, with an access time or not. */
	files: number;
	/** Files with an access time. */
	withAccess: number;
}

export function accessFigures(rows: NonNullable<Tables['cells']>): AccessFigures {
	const at = new Map<string, { files: number; bytes: number }>();
	let files = 0;
	for (const r of rows) {
		files += n(r.files);
		if (r.accessDay === null || r.accessHour === null) continue;
		at.set(`${r.accessDay}/${r.accessHour}`, { files: n(r.files), bytes: n(r.bytes) });
	}
	const cells: AccessCell[] = [];
	for (let day = 1; day <= 7; day++)
		for (let hour = 0; hour < 24; hour++) {
			const c = at.get(`${day}/${hour}`);
			cells.push({ day, dayName: DAYS[day - 1], hour, files: c?.files ?? 0, bytes: c?.bytes ?? 0 });
		}
	return { cells, files, withAccess: cells.reduce((a, c) => a + c.files, 0) };
}

export type Slot = 'day' | 'hour';

/** Files and bytes per day or per hour, ascending. */
export function accessTotals(cells: AccessCell[], by: Slot): { key: number; files: number; bytes: number }[] {
	const m = new Map<number, { key: number; files: number; bytes: number }>();
	for (const c of cells) {
		const t = m.get(c[by]) ?? { key: c[by], files: 0, bytes: 0 };
		t.files += c.files;
		t.bytes += c.bytes;
		m.set(c[by], t);
	}
	return [...m.values()].sort((a, b) => a.key - b.key);
}

/** The day or hour with the most files (the first of equals). */
export function busiest(cells: AccessCell[], by: Slot): number {
	const totals = accessTotals(cells, by);
	return totals.reduce((a, t) => (t.files > a.files ? t : a), totals[0]).key;
}

export const slotLabel = (by: Slot, key: number): string => (by === 'day' ? DAYS[key - 1] : String(key).padStart(2, '0'));

export function accessBars(cells: AccessCell[] | null, by: Slot): BarSpec {
	return {
		id: `access-by-${by}`,
		title: by === 'day' ? 'Files last accessed per day of week (UTC)' : 'Files last accessed per hour of day (UTC)',
		orientation: 'vertical',
		rows: cells ? accessTotals(cells, by).map((t) => ({ key: String(t.key), label: slotLabel(by, t.key), value: t.files, files: t.files, bytes: t.bytes })) : null,
		format: formatCount,
		valueName: 'Files'
	};
}

export const ACCESS_COLUMNS: Column[] = [
	{ key: 'dayName', label: 'Day (UTC)' },
	{ key: 'hour', label: 'Hour (UTC)', kind: 'number' },
	{ key: 'files', label: 'Files', kind: 'count' },
	{ key: 'bytes', label: 'Bytes', kind: 'bytes' }
];
