/** Growth shaped for the page: months as YYYY-MM with running totals, the timeline, the KPIs. */
import { periodInWindow, periodLabel, periodStart, windowOf, type Filters, type Grain } from '$lib/model/filters';
import { formatCount } from '$lib/format';
import type { TimelineSpec } from '$lib/components/charts';
import type { Column } from '$lib/components/table';
import type { ResultOfReport } from '../kit/define';
import { n } from '../kit/shape';
import type { report } from './report';

type Tables = NonNullable<ResultOfReport<typeof report>['tables']>;

/** A month number (yyyymm) as YYYY-MM. */
export const monthText = (yyyymm: number): string => `${String(Math.floor(yyyymm / 100)).padStart(4, '0')}-${String(yyyymm % 100).padStart(2, '0')}`;

export interface MonthRow {
	month: string;
	files: number;
	bytes: number;
	cumulativeFiles: number;
	cumulativeBytes: number;
	[k: string]: string | number;
}

/** Months with files, in order, with the files and bytes added up to and including each. */
export function growthRows(rows: Tables['months']): MonthRow[] | null {
	if (!rows) return null;
	let files = 0;
	let bytes = 0;
	return rows
		.filter((r) => r.addedMonth !== null)
		.map((r) => ({
			month: monthText(r.addedMonth!),
			files: n(r.files),
			bytes: n(r.bytes),
			cumulativeFiles: (files += n(r.files)),
			cumulativeBytes: (bytes += n(r.bytes))
		}));
}

/** Files and bytes under the filters, and the files without a valid added time. */
export function growthTotals(rows: Tables['totals']): { files: number; bytes: number; undated: number } | null {
	if (!rows) return null;
	const out = { files: 0, bytes: 0, undated: 0 };
	for (const r of rows) {
		out.files += n(r.files);
		out.bytes += n(r.bytes);
		if (r.addedMonth === null) out.undated += n(r.files);
	}
	return out;
}

/** The added-per-month timeline at a grain, brushable over the added month. */
export function growthTimeline(rows: MonthRow[] | null, grain: Grain, filters: Filters): TimelineSpec {
	const w = windowOf(filters, 'addedMonth');
	const periods = new Map<string, { files: number; bytes: number }>();
	for (const r of rows ?? []) {
		const key = periodStart(r.month, grain);
		const p = periods.get(key) ?? { files: 0, bytes: 0 };
		p.files += r.files;
		p.bytes += r.bytes;
		periods.set(key, p);
	}
	return {
		id: 'growth-per-month',
		title: 'Files added to the index per period',
		dimension: 'addedMonth',
		grain,
		window: w,
		rows: rows
			? [...periods].map(([key, p]) => ({ key, label: periodLabel(key, grain), value: p.files, files: p.files, bytes: p.bytes, selected: w !== null && periodInWindow(key, grain, w) }))
			: null,
		format: formatCount,
		valueName: 'Files'
	};
}

/** Files and bytes added in the 12 months up to and including as-of's month. */
export function lastTwelveMonths(rows: MonthRow[], asOfMs: number): { files: number; bytes: number } {
	const d = new Date(asOfMs);
	const last = d.getUTCFullYear() * 12 + d.getUTCMonth();
	let files = 0;
	let bytes = 0;
	for (const r of rows) {
		const [y, m] = r.month.split('-').map(Number);
		const i = y * 12 + m - 1;
		if (i > last - 12 && i <= last) {
			files += r.files;
			bytes += r.bytes;
		}
	}
	return { files, bytes };
}

export const GROWTH_COLUMNS: Column[] = [
	{ key: 'month', label: 'Month added (UTC)' },
	{ key: 'files', label: 'Files added', kind: 'count' },
	{ key: 'bytes', label: 'Bytes added', kind: 'bytes' },
	{ key: 'cumulativeFiles', label: 'Files so far', kind: 'count' },
	{ key: 'cumulativeBytes', label: 'Bytes so far', kind: 'bytes' }
];
