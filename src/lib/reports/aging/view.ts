/** Document Aging shaped for the page: per time, files and bytes per age band and per UTC year. */
import { AGE_BANDS } from '$lib/model/bands';
import { selectedValues, type Filters } from '$lib/model/filters';
import { formatCount } from '$lib/format';
import type { BarSpec } from '$lib/components/charts';
import type { Column } from '$lib/components/table';
import type { ResultOfReport, Row } from '../kit/define';
import { mapPart, n, type PartRows } from '../kit/shape';
import type { report } from './report';

type Tables = NonNullable<ResultOfReport<typeof report>['tables']>;

export type TimeName = 'modified' | 'created' | 'accessed';

export const TIMES: readonly TimeName[] = ['modified', 'created', 'accessed'];

type Sums = { files: number; bytes: number };
type YearSums = Sums & { year: number };

/**
 * One time's figures; each is undefined while its part is pending and null when the dataset cannot
 * answer it (src/lib/reports/kit/shape.ts, PartRows).
 */
export interface AgeFigures {
	/** Per band index 0..5: files and bytes. */
	bands: Sums[] | null | undefined;
	/** Per UTC year, ascending. */
	years: YearSums[] | null | undefined;
	/** Files without a valid time. */
	unknown: number | null | undefined;
}

/** Rows of (band, year, files, bytes), summed by band, by year, and those without a time. */
interface BandYearRow {
	band: number | null;
	year: number | null;
	files: number | null;
	bytes: number | null;
}

function bandSums(rows: readonly { band: number | null; files: number | null; bytes: number | null }[]): Sums[] {
	const bands = AGE_BANDS.map(() => ({ files: 0, bytes: 0 }));
	for (const r of rows) {
		if (r.band === null || !bands[r.band]) continue;
		bands[r.band].files += n(r.files);
		bands[r.band].bytes += n(r.bytes);
	}
	return bands;
}

function yearSums(rows: readonly { year: number | null; files: number | null; bytes: number | null }[]): YearSums[] {
	const years = new Map<number, YearSums>();
	for (const r of rows) {
		if (r.year === null) continue;
		const y = years.get(r.year) ?? { year: r.year, files: 0, bytes: 0 };
		y.files += n(r.files);
		y.bytes += n(r.bytes);
		years.set(r.year, y);
	}
	return [...years.values()].sort((a, b) => a.year - b.year);
}

function timeFigures(rows: PartRows<BandYearRow>): AgeFigures {
	return {
		bands: mapPart(rows, bandSums),
		years: mapPart(rows, yearSums),
		unknown: mapPart(rows, (rs) => rs.filter((r) => r.band === null).reduce((a, r) => a + n(r.files), 0))
	};
}

/** The three times' figures from the report's parts. */
export function ageFigures(t: Tables): Record<TimeName, AgeFigures> {
	const totals = mapPart(t.totals, (rs) => rs[0]);
	return {
		modified: {
			bands: mapPart(t.modifiedBands, (rs) => bandSums(rs.map((r) => ({ band: r.ageBand, files: r.files, bytes: r.bytes })))),
			years: mapPart(t.modifiedYears, (rs) => yearSums(rs.map((r) => ({ year: r.modifiedYear, files: r.files, bytes: r.bytes })))),
			unknown: totals === undefined || totals === null ? totals : n(totals?.files) - n(totals?.dated)
		},
		created: timeFigures(mapPart(t.created, (rs) => rs.map((r) => ({ band: r.createdBand, year: r.createdYear, files: r.files, bytes: r.bytes })))),
		accessed: timeFigures(mapPart(t.accessed, (rs) => rs.map((r) => ({ band: r.accessedBand, year: r.accessedYear, files: r.files, bytes: r.bytes }))))
	};
}

/** Files not touched for over three years (the last band), by one time. */
export const overThreeYears = (f: AgeFigures): number | null | undefined => mapPart(f.bands, (b) => b[AGE_BANDS.length - 1].files);

const TIME_TITLES: Record<TimeName, string> = { modified: 'last modified', created: 'created', accessed: 'last accessed' };

/** Files per age band of one time; the modified chart filters every page by age band. */
export function ageBandChart(time: TimeName, f: AgeFigures, filters: Filters): BarSpec {
	const selected = new Set(selectedValues(filters, 'ageBand'));
	const bands = f.bands;
	return {
		id: `age-${time}`,
		title: `Files by time since ${TIME_TITLES[time]}`,
		// Horizontal: six band names side by side do not fit a third of a page.
		orientation: 'horizontal',
		labelWidth: 100,
		dimension: time === 'modified' ? 'ageBand' : undefined,
		rows: bands
			? AGE_BANDS.map((b) => ({
					key: String(b.index),
					label: b.label,
					value: bands[b.index].files,
					files: bands[b.index].files,
					bytes: bands[b.index].bytes,
					selected: time === 'modified' && selected.has(String(b.index))
				}))
			: null,
		unavailable: bands === null,
		format: formatCount,
		valueName: 'Files'
	};
}

export function yearChart(time: TimeName, f: AgeFigures): BarSpec {
	return {
		id: `years-${time}`,
		title: `Files per year ${TIME_TITLES[time]} (UTC)`,
		orientation: 'vertical',
		rows: f.years ? f.years.map((y) => ({ key: String(y.year), label: String(y.year), value: y.files, files: y.files, bytes: y.bytes })) : null,
		unavailable: f.years === null,
		format: formatCount,
		valueName: 'Files'
	};
}

const pending = (all: Record<TimeName, AgeFigures>, key: keyof AgeFigures) => TIMES.some((t) => all[t][key] === undefined);

/** One table row per band (and one for unknown times), the three times side by side; null while any is pending. */
export function ageBandRows(all: Record<TimeName, AgeFigures>): Row[] | null {
	if (pending(all, 'bands') || pending(all, 'unknown')) return null;
	const at = (t: TimeName, band: number, m: keyof Sums) => all[t].bands?.[band][m] ?? null;
	const rows: Row[] = AGE_BANDS.map((b) => ({
		band: b.index,
		label: b.label,
		modifiedFiles: at('modified', b.index, 'files'),
		modifiedBytes: at('modified', b.index, 'bytes'),
		createdFiles: at('created', b.index, 'files'),
		createdBytes: at('created', b.index, 'bytes'),
		accessedFiles: at('accessed', b.index, 'files'),
		accessedBytes: at('accessed', b.index, 'bytes')
	}));
	rows.push({
		band: null,
		label: 'No valid time',
		modifiedFiles: all.modified.unknown ?? null,
		modifiedBytes: null,
		createdFiles: all.created.unknown ?? null,
		createdBytes: null,
		accessedFiles: all.accessed.unknown ?? null,
		accessedBytes: null
	});
	return rows;
}

/** One row per year any time falls in; null while any time's years are pending. */
export function yearRows(all: Record<TimeName, AgeFigures>): Row[] | null {
	if (pending(all, 'years')) return null;
	const years = new Set<number>();
	for (const t of TIMES) for (const y of all[t].years ?? []) years.add(y.year);
	const at = (t: TimeName, year: number) => all[t].years?.find((y) => y.year === year);
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
