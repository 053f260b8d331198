/** Document Aging, Hot/cold, Growth and Access patterns, shaped for the view (no SQL here). */
import { AGE_BANDS } from '$lib/model/bands';
import { periodLabel, periodInWindow, periodStart, selectedValues, windowOf, type Filters, type Grain } from '$lib/model/filters';
import type { Row } from '$lib/model/reports/types';
import { formatBytes, formatCount } from '$lib/format';
import { topFolderChart } from './folder-chart';
import type { BarSpec, TimelineSpec } from '$lib/components/charts';
import type { Column } from '$lib/components/table';

const n = (v: unknown): number => Number(v ?? 0);

/* Document Aging ---------------------------------------------------------------------------- */

export type TimeName = 'modified' | 'created' | 'accessed';

export interface AgeFigures {
	/** Per band index 0..5: files and bytes. */
	bands: { files: number; bytes: number }[];
	/** Per UTC year, ascending. */
	years: { year: number; files: number; bytes: number }[];
	/** Files without a valid time. */
	unknown: number;
}

/** Rows of (band, year, files, bytes) from one scan, summed by band and by year. */
export function ageFigures(rows: Row[]): AgeFigures {
	const bands = AGE_BANDS.map(() => ({ files: 0, bytes: 0 }));
	const years = new Map<number, { year: number; files: number; bytes: number }>();
	let unknown = 0;
	for (const r of rows) {
		if (r.band === null || r.year === null) {
			unknown += n(r.files);
			continue;
		}
		bands[n(r.band)].files += n(r.files);
		bands[n(r.band)].bytes += n(r.bytes);
		const y = years.get(n(r.year)) ?? { year: n(r.year), files: 0, bytes: 0 };
		y.files += n(r.files);
		y.bytes += n(r.bytes);
		years.set(y.year, y);
	}
	return { bands, years: [...years.values()].sort((a, b) => a.year - b.year), unknown };
}

/** Modified figures come from the cubes as separate band and year rows. */
export function modifiedFigures(bandRows: Row[], yearRows: Row[], files: number, dated: number): AgeFigures {
	const bands = AGE_BANDS.map((b) => {
		const r = bandRows.find((x) => n(x.band) === b.index);
		return { files: n(r?.files), bytes: n(r?.bytes) };
	});
	return { bands, years: yearRows.map((r) => ({ year: n(r.year), files: n(r.files), bytes: n(r.bytes) })), unknown: files - dated };
}

const TIME_TITLES: Record<TimeName, string> = { modified: 'last modified', created: 'created', accessed: 'last accessed' };

/** Files per age band of one time; the modified chart filters every page by age band. */
export function ageBandChart(time: TimeName, f: AgeFigures, filters: Filters): BarSpec {
	const selected = new Set(selectedValues(filters, 'ageBand'));
	return {
		id: `age-${time}`,
		title: `Files by time since ${TIME_TITLES[time]}`,
		// Horizontal: six band names side by side do not fit a third of a page.
		orientation: 'horizontal',
		labelWidth: 100,
		dimension: time === 'modified' ? 'ageBand' : undefined,
		rows: AGE_BANDS.map((b) => ({
			key: String(b.index),
			label: b.label,
			value: f.bands[b.index].files,
			files: f.bands[b.index].files,
			bytes: f.bands[b.index].bytes,
			selected: time === 'modified' && selected.has(String(b.index))
		})),
		format: formatCount,
		valueName: 'Files'
	};
}

export function yearChart(time: TimeName, f: AgeFigures): BarSpec {
	return {
		id: `years-${time}`,
		title: `Files per year ${TIME_TITLES[time]} (UTC)`,
		orientation: 'vertical',
		rows: f.years.map((y) => ({ key: String(y.year), label: String(y.year), value: y.files, files: y.files, bytes: y.bytes })),
		format: formatCount,
		valueName: 'Files'
	};
}

/** One table row per band (and one for unknown times), the three times side by side. */
export function ageBandRows(all: Record<TimeName, AgeFigures>): Row[] {
	const rows: Row[] = AGE_BANDS.map((b) => ({
		band: b.index,
		label: b.label,
		modifiedFiles: all.modified.bands[b.index].files,
		modifiedBytes: all.modified.bands[b.index].bytes,
		createdFiles: all.created.bands[b.index].files,
		createdBytes: all.created.bands[b.index].bytes,
		accessedFiles: all.accessed.bands[b.index].files,
		accessedBytes: all.accessed.bands[b.index].bytes
	}));
	rows.push({ band: null, label: 'No valid time', modifiedFiles: all.modified.unknown, modifiedBytes: null, createdFiles: all.created.unknown, createdBytes: null, accessedFiles: all.accessed.unknown, accessedBytes: null });
	return rows;
}

export function yearRows(all: Record<TimeName, AgeFigures>): Row[] {
	const years = new Set<number>();
	for (const t of Object.values(all)) for (const y of t.years) years.add(y.year);
	const at = (t: TimeName, year: number) => all[t].years.find((y) => y.year === year);
	return [...years]
		.sort((a, b) => a - b)
		.map((year) => ({
			year,
			modifiedFiles: at('modified', year)?.files ?? 0,
			createdFiles: at('created', year)?.files ?? 0,
			accessedFiles: at('accessed', year)?.files ?? 0,
			modifiedBytes: at('modified', year)?.bytes ?? 0
		}));
}

export const AGE_BAND_COLUMNS: Column[] = [
	{ key: 'label', label: 'Age' },
	{ key: 'modifiedFiles', label: 'Files by modified', kind: 'count' },
	{ key: 'modifiedBytes', label: 'Bytes by modified', kind: 'bytes' },
	{ key: 'createdFiles', label: 'Files by created', kind: 'count' },
	{ key: 'createdBytes', label: 'Bytes by created', kind: 'bytes' },
	{ key: 'accessedFiles', label: 'Files by accessed', kind: 'count' },
	{ key: 'accessedBytes', label: 'Bytes by accessed', kind: 'bytes' }
];

export const YEAR_COLUMNS: Column[] = [
	{ key: 'year', label: 'Year (UTC)', format: (v) => String(v) },
	{ key: 'modifiedFiles', label: 'Files last modified', kind: 'count' },
	{ key: 'modifiedBytes', label: 'Bytes last modified', kind: 'bytes' },
	{ key: 'createdFiles', label: 'Files created', kind: 'count' },
	{ key: 'accessedFiles', label: 'Files last accessed', kind: 'count' }
];

/* Hot/cold ---------------------------------------------------------------------------------- */

export const TIERS = ['Accessed within 30 days', '30–90 days ago', '90–365 days ago', 'Over a year ago', 'No access time'] as const;

export function tierRows(rows: Row[]): Row[] {
	const total = rows.reduce((a, r) => a + n(r.files), 0);
	return TIERS.map((label, tier) => {
		const r = rows.find((x) => n(x.tier) === tier);
		return { tier, label, files: n(r?.files), bytes: n(r?.bytes), share: total ? n(r?.files) / total : 0 };
	});
}

export function tierChart(rows: Row[], measure: 'files' | 'bytes'): BarSpec {
	return {
		id: `tiers-${measure}`,
		title: measure === 'bytes' ? 'Bytes by last access' : 'Files by last access',
		orientation: 'horizontal',
		rows: rows.map((r) => ({ key: String(r.tier), label: String(r.label), value: n(r[measure]), files: n(r.files), bytes: n(r.bytes) })),
		format: measure === 'bytes' ? formatBytes : formatCount,
		valueName: measure === 'bytes' ? 'Bytes' : 'Files',
		labelWidth: 170
	};
}

/** Cold bytes (over a year or never) per top folder: a click filters every page by that folder. */
export function coldFolderChart(rows: Row[], filters: Filters): BarSpec {
	return topFolderChart(rows, filters, { id: 'cold-folders-bytes', title: 'Cold bytes (not accessed for a year, or never) per top folder', measure: 'bytes', filesCol: 'coldFiles', bytesCol: 'coldBytes' });
}

export const TIER_COLUMNS: Column[] = [
	{ key: 'label', label: 'Last access' },
	{ key: 'files', label: 'Files', kind: 'count' },
	{ key: 'bytes', label: 'Bytes', kind: 'bytes' },
	{ key: 'share', label: 'Share of files', kind: 'percent' }
];

export const COLD_FOLDER_COLUMNS: Column[] = [
	{ key: 'topFolder', label: 'Top folder', format: (v) => (v ? String(v) : '(unknown)') },
	{ key: 'files', label: 'Files', kind: 'count' },
	{ key: 'bytes', label: 'Bytes', kind: 'bytes' },
	{ key: 'bytes0', label: 'Hot bytes (< 30 days)', kind: 'bytes' },
	{ key: 'coldFiles', label: 'Cold files', kind: 'count' },
	{ key: 'coldBytes', label: 'Cold bytes', kind: 'bytes' }
];

/* Growth ------------------------------------------------------------------------------------ */

export const monthText = (yyyymm: unknown): string => {
	const v = n(yyyymm);
	return `${String(Math.floor(v / 100)).padStart(4, '0')}-${String(v % 100).padStart(2, '0')}`;
};

/** Monthly rows with their month as YYYY-MM. */
export function growthRows(rows: Row[]): Row[] {
	return rows.map((r) => ({ ...r, month: monthText(r.month) }));
}

/** The added-per-month timeline at a grain, brushable over the added month. */
export function growthTimeline(rows: Row[], grain: Grain, filters: Filters): TimelineSpec {
	const w = windowOf(filters, 'addedMonth');
	const periods = new Map<string, { files: number; bytes: number }>();
	for (const r of rows) {
		const key = periodStart(String(r.month), grain);
		const p = periods.get(key) ?? { files: 0, bytes: 0 };
		p.files += n(r.files);
		p.bytes += n(r.bytes);
		periods.set(key, p);
	}
	return {
		id: 'growth-per-month',
		title: 'Files added to the index per period',
		dimension: 'addedMonth',
		grain,
		window: w,
		rows: [...periods].map(([key, p]) => ({ key, label: periodLabel(key, grain), value: p.files, files: p.files, bytes: p.bytes, selected: w !== null && periodInWindow(key, grain, w) })),
		format: formatCount,
		valueName: 'Files'
	};
}

/** Files and bytes added in the 12 months up to and including as-of's month. */
export function lastTwelveMonths(rows: Row[], asOfMs: number): { files: number; bytes: number } {
	const d = new Date(asOfMs);
	const last = d.getUTCFullYear() * 12 + d.getUTCMonth();
	let files = 0;
	let bytes = 0;
	for (const r of rows) {
		const [y, m] = String(r.month).split('-').map(Number);
		const i = y * 12 + m - 1;
		if (i > last - 12 && i <= last) {
			files += n(r.files);
			bytes += n(r.bytes);
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

/* Access patterns --------------------------------------------------------------------------- */

export const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** All 7 × 24 cells, zeros included, so the heatmap and its table have no holes. */
export function accessCells(rows: Row[]): Row[] {
	const at = new Map(rows.map((r) => [`${n(r.day)}/${n(r.hour)}`, r]));
	const out: Row[] = [];
	for (let day = 1; day <= 7; day++)
		for (let hour = 0; hour < 24; hour++) {
			const r = at.get(`${day}/${hour}`);
			out.push({ day, dayName: DAYS[day - 1], hour, files: n(r?.files), bytes: n(r?.bytes) });
		}
	return out;
}

export function accessTotals(cells: Row[], by: 'day' | 'hour'): Row[] {
	const m = new Map<number, { files: number; bytes: number }>();
	for (const c of cells) {
		const k = n(c[by]);
		const t = m.get(k) ?? { files: 0, bytes: 0 };
		t.files += n(c.files);
		t.bytes += n(c.bytes);
		m.set(k, t);
	}
	return [...m].sort((a, b) => a[0] - b[0]).map(([k, t]) => ({ [by]: k, ...t }));
}

export function accessBars(cells: Row[], by: 'day' | 'hour'): BarSpec {
	return {
		id: `access-by-${by}`,
		title: by === 'day' ? 'Files last accessed per day of week (UTC)' : 'Files last accessed per hour of day (UTC)',
		orientation: 'vertical',
		rows: accessTotals(cells, by).map((r) => {
			const k = n(r[by]);
			const label = by === 'day' ? DAYS[k - 1] : String(k).padStart(2, '0');
			return { key: String(k), label, value: n(r.files), files: n(r.files), bytes: n(r.bytes) };
		}),
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
