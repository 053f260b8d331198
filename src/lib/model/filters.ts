/**
 * Filters as data: what a person selected on the Executive Summary (extensions, size and age bands,
 * top folders, windows of modified and added months), how it compiles to a SQL WHERE over the
 * summary tables' columns, and how it round-trips through the page's URL so a view can be
 * bookmarked. Parsing never throws: a bad parameter is ignored.
 */
import { AGE_BANDS, SIZE_BANDS, bandLabel } from './bands';
import { num, str } from './sql';

/** A month window, both ends inclusive, as `YYYY-MM`. */
export interface MonthWindow {
	from: string;
	to: string;
}

export interface Filters {
	/** Normalised extensions (lower case, no leading dot); '' is "no extension". */
	extensions: string[];
	/** Size band indexes (SIZE_BANDS). */
	sizeBands: number[];
	/** Age band indexes (AGE_BANDS), on `modified`. */
	ageBands: number[];
	/** Top folders (docs/MODEL.md, "Top folder"); '' is "folder unknown". */
	topFolders: string[];
	/** Window of months of `modified`. */
	modified: MonthWindow | null;
	/** Window of months of `added` (when the file entered the index). */
	added: MonthWindow | null;
}

/** A timeline's bar width. Windows are always whole months; a grain only groups them. */
export type Grain = 'month' | 'quarter' | 'year';
export const GRAINS: readonly Grain[] = ['month', 'quarter', 'year'];

/** What a person looks at on the Summary: the filters and the timelines' grain. */
export interface SummaryView {
	filters: Filters;
	grain: Grain;
}

/**
 * The dimensions a filter can select, named as the columns of `facts` and of every summary table
 * that carries them (src/lib/model/summary.ts).
 */
export type Dimension = 'extension' | 'sizeBand' | 'ageBand' | 'topFolder' | 'modifiedMonth' | 'addedMonth';

export const DIMENSIONS: readonly Dimension[] = ['extension', 'sizeBand', 'ageBand', 'topFolder', 'modifiedMonth', 'addedMonth'];

/** The dimensions whose filter is a set of values (the others are month windows). */
export type ValueDimension = 'extension' | 'sizeBand' | 'ageBand' | 'topFolder';
export type WindowDimension = 'modifiedMonth' | 'addedMonth';

export const EMPTY_FILTERS: Filters = Object.freeze({
	extensions: [],
	sizeBands: [],
	ageBands: [],
	topFolders: [],
	modified: null,
	added: null
}) as Filters;

export function emptyFilters(): Filters {
	return { extensions: [], sizeBands: [], ageBands: [], topFolders: [], modified: null, added: null };
}

/** Limits that keep a filter's SQL far below DuckDB-WASM's query-length limit (~128 KiB). */
export const MAX_VALUES = 100;
/** A whole path's worth (PATH_MAX): any top folder or extension an export holds can be chosen. */
const MAX_VALUE_LENGTH = 4096;
/** Characters per dimension's list, so 100 long values cannot add up past the SQL limit. */
export const MAX_LIST_CHARS = 16_384;

/* ------------------------------------------------------------------------------------------ */
/* Months                                                                                       */

const MONTH = /^(\d{4})-(\d{2})$/;

/** `YYYY-MM` when it names a real month (years 1000–9999), else null. */
function parseMonth(text: string): string | null {
	const m = MONTH.exec(text.trim());
	if (!m) return null;
	const year = Number(m[1]);
	const month = Number(m[2]);
	if (year < 1000 || month < 1 || month > 12) return null;
	return `${m[1]}-${m[2]}`;
}

/** The window's months in order (a reversed window is turned around). */
export function monthWindow(a: string, b: string): MonthWindow | null {
	const from = parseMonth(a);
	const to = parseMonth(b);
	if (!from || !to) return null;
	return from <= to ? { from, to } : { from: to, to: from };
}

/** Months since year 0: arithmetic on months without Date objects or time zones. */
function monthIndex(month: string): number {
	return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

function monthOfIndex(i: number): string {
	const year = Math.floor(i / 12);
	const month = (i % 12) + 1;
	return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function addMonths(month: string, n: number): string {
	return monthOfIndex(monthIndex(month) + n);
}

/** The first month of the period (month, quarter or year) holding `month`. */
export function periodStart(month: string, grain: Grain): string {
	const i = monthIndex(month);
	if (grain === 'month') return month;
	if (grain === 'quarter') return monthOfIndex(i - (i % 3));
	return monthOfIndex(i - (i % 12));
}

/** The last month of the period starting at (or holding) `month`. */
export function periodEnd(month: string, grain: Grain): string {
	const start = periodStart(month, grain);
	return addMonths(start, grain === 'month' ? 0 : grain === 'quarter' ? 2 : 11);
}

/** The window covering every period from the one holding `a` to the one holding `b`. */
export function periodWindow(a: string, b: string, grain: Grain): MonthWindow {
	const [lo, hi] = a <= b ? [a, b] : [b, a];
	return { from: periodStart(lo, grain), to: periodEnd(hi, grain) };
}

/** Whether a period (given by its first month) overlaps a window. */
export function periodInWindow(start: string, grain: Grain, w: MonthWindow): boolean {
	return start <= w.to && periodEnd(start, grain) >= w.from;
}

/** How a period is written on a timeline: 2024-03, 2024 Q1, 2024. */
export function periodLabel(start: string, grain: Grain): string {
	if (grain === 'month') return start;
	if (grain === 'year') return start.slice(0, 4);
	return `${start.slice(0, 4)} Q${Math.floor((Number(start.slice(5, 7)) - 1) / 3) + 1}`;
}

function windowLabel(w: MonthWindow): string {
	return w.from === w.to ? w.from : `${w.from} – ${w.to}`;
}

/* ------------------------------------------------------------------------------------------ */
/* Normalising and editing                                                                      */

/** Extensions as the model stores them: lower case, leading dots stripped. */
function normaliseExtension(value: string): string {
	return value.toLowerCase().replace(/^\.+/, '');
}

const uniqueSorted = <T extends string | number>(values: T[]): T[] =>
	[...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).slice(0, MAX_VALUES);

/** One canonical form: sorted, de-duplicated, capped. Equal filters serialise equally. */
export function normaliseFilters(f: Partial<Filters>): Filters {
	const bands = (values: number[] | undefined, count: number) =>
		uniqueSorted((values ?? []).filter((v) => Number.isInteger(v) && v >= 0 && v < count));
	const strings = (values: string[] | undefined) => {
		let budget = MAX_LIST_CHARS;
		return uniqueSorted((values ?? []).filter((v) => typeof v === 'string' && v.length <= MAX_VALUE_LENGTH)).filter((v) => (budget -= v.length) >= 0);
	};
	const window = (w: MonthWindow | null | undefined) => (w ? monthWindow(w.from, w.to) : null);
	return {
		extensions: strings(f.extensions?.map(normaliseExtension)),
		sizeBands: bands(f.sizeBands, SIZE_BANDS.length),
		ageBands: bands(f.ageBands, AGE_BANDS.length),
		topFolders: strings(f.topFolders),
		modified: window(f.modified),
		added: window(f.added)
	};
}

const VALUE_FIELD = { extension: 'extensions', sizeBand: 'sizeBands', ageBand: 'ageBands', topFolder: 'topFolders' } as const;
const WINDOW_FIELD = { modifiedMonth: 'modified', addedMonth: 'added' } as const;

/** The selected values of a value dimension, as strings (band indexes as digits). */
export function selectedValues(f: Filters, dim: ValueDimension): string[] {
	return (f[VALUE_FIELD[dim]] as (string | number)[]).map(String);
}

export function windowOf(f: Filters, dim: WindowDimension): MonthWindow | null {
	return f[WINDOW_FIELD[dim]];
}

function withValues(f: Filters, dim: ValueDimension, values: string[]): Filters {
	const field = VALUE_FIELD[dim];
	const typed = dim === 'sizeBand' || dim === 'ageBand' ? values.map(Number) : values;
	return normaliseFilters({ ...f, [field]: typed });
}

/**
 * A click on a bar. `additive` (shift/ctrl-click, or a toggle button) adds or removes the value;
 * a plain click selects only that value, or clears the dimension when it was the only one selected.
 */
export function toggleValue(f: Filters, dim: ValueDimension, value: string, additive = true): Filters {
	const current = selectedValues(f, dim);
	const has = current.includes(value);
	if (additive) return withValues(f, dim, has ? current.filter((v) => v !== value) : [...current, value]);
	return withValues(f, dim, has && current.length === 1 ? [] : [value]);
}

export function setWindow(f: Filters, dim: WindowDimension, w: MonthWindow | null): Filters {
	return normaliseFilters({ ...f, [WINDOW_FIELD[dim]]: w });
}

export function clearDimension(f: Filters, dim: Dimension): Filters {
	if (dim === 'modifiedMonth' || dim === 'addedMonth') return setWindow(f, dim, null);
	return withValues(f, dim, []);
}

export function removeValue(f: Filters, dim: ValueDimension, value: string): Filters {
	return withValues(
		f,
		dim,
		selectedValues(f, dim).filter((v) => v !== value)
	);
}

/** The dimensions a filter restricts, optionally leaving one out (a chart's own dimension). */
export function activeDimensions(f: Filters, except?: Dimension): Dimension[] {
	const active: Dimension[] = [];
	if (f.extensions.length) active.push('extension');
	if (f.sizeBands.length) active.push('sizeBand');
	if (f.ageBands.length) active.push('ageBand');
	if (f.topFolders.length) active.push('topFolder');
	if (f.modified) active.push('modifiedMonth');
	if (f.added) active.push('addedMonth');
	return active.filter((d) => d !== except);
}

export function hasFilters(f: Filters): boolean {
	return activeDimensions(f).length > 0;
}

/* ------------------------------------------------------------------------------------------ */
/* SQL                                                                                          */

/** `YYYY-MM` as the integer yyyymm the summary tables store (src/lib/model/summary.ts). */
export const monthNumber = (month: string): number => Number(month.slice(0, 4)) * 100 + Number(month.slice(5, 7));

/**
 * Where a table holds its text dimensions as dictionary codes (the report build's tables,
 * src/lib/model/report-build.ts) rather than values: a value list becomes the list of their codes.
 */
export interface FilterTarget {
	coded?: boolean;
}

/** `column IN (values)`, or for a coded table the codes of those values. */
function textIn(column: 'extension' | 'topFolder', values: string[], target: FilterTarget): string {
	const list = values.map(str).join(', ');
	return target.coded ? `${column} IN (SELECT code FROM r_dict_${column} WHERE value IN (${list}))` : `${column} IN (${list})`;
}

/** One condition per active dimension, over the columns named by `Dimension`. */
export function filterConditions(f: Filters, except?: Dimension, target: FilterTarget = {}): string[] {
	const out: string[] = [];
	const dims = activeDimensions(f, except);
	if (dims.includes('extension')) out.push(textIn('extension', f.extensions, target));
	if (dims.includes('sizeBand')) out.push(`sizeBand IN (${f.sizeBands.map(num).join(', ')})`);
	if (dims.includes('ageBand')) out.push(`ageBand IN (${f.ageBands.map(num).join(', ')})`);
	if (dims.includes('topFolder')) out.push(textIn('topFolder', f.topFolders, target));
	// Months are stored as integers yyyymm: a window is a range of those.
	if (dims.includes('modifiedMonth')) out.push(`modifiedMonth BETWEEN ${num(monthNumber(f.modified!.from))} AND ${num(monthNumber(f.modified!.to))}`);
	if (dims.includes('addedMonth')) out.push(`addedMonth BETWEEN ${num(monthNumber(f.added!.from))} AND ${num(monthNumber(f.added!.to))}`);
	return out;
}

/** The filters as one SQL boolean (`TRUE` when nothing is selected), values escaped. */
export function filterWhere(f: Filters, except?: Dimension, target: FilterTarget = {}): string {
	const c = filterConditions(normaliseFilters(f), except, target);
	return c.length ? c.map((x) => `(${x})`).join(' AND ') : 'TRUE';
}

/* ------------------------------------------------------------------------------------------ */
/* URL                                                                                          */

/** The URL parameters the Summary owns; every other parameter (src, debug, ...) is left alone. */
export const PARAMS = { extension: 'ext', sizeBand: 'size', ageBand: 'age', topFolder: 'folder', modifiedMonth: 'modified', addedMonth: 'added', grain: 'grain' } as const;
const OWN_PARAMS: string[] = Object.values(PARAMS);

/** How the empty value ('' extension, unknown folder) is written in a URL list. */
const NONE_TOKEN = '(none)';

/**
 * A list value inside a comma-separated parameter: `%` and `,` are escaped so any value (a folder
 * named "comma, separated") survives. The whole parameter is URL-encoded on top of that.
 */
function escapeItem(v: string): string {
	if (v === '') return NONE_TOKEN;
	return v.replaceAll('%', '%25').replaceAll(',', '%2C');
}

function unescapeItem(v: string): string {
	if (v === NONE_TOKEN) return '';
	return v.replace(/%(25|2C)/gi, (_, code: string) => (code === '25' ? '%' : ','));
}

function readList(params: URLSearchParams, name: string): string[] {
	const out: string[] = [];
	for (const value of params.getAll(name)) {
		if (value === '') continue;
		for (const item of value.split(',')) if (item !== '') out.push(unescapeItem(item));
	}
	return out;
}

function readWindow(params: URLSearchParams, name: string): MonthWindow | null {
	const value = params.get(name);
	if (!value) return null;
	const [a, b, ...rest] = value.split('..');
	if (rest.length) return null;
	return monthWindow(a, b ?? a);
}

/** Filters from URL parameters. Whatever cannot be read is ignored; this never throws. */
export function filtersFromParams(params: URLSearchParams): Filters {
	try {
		const bands = (name: string) =>
			readList(params, name)
				.filter((v) => /^\d{1,2}$/.test(v))
				.map(Number);
		return normaliseFilters({
			extensions: readList(params, PARAMS.extension),
			sizeBands: bands(PARAMS.sizeBand),
			ageBands: bands(PARAMS.ageBand),
			topFolders: readList(params, PARAMS.topFolder),
			modified: readWindow(params, PARAMS.modifiedMonth),
			added: readWindow(params, PARAMS.addedMonth)
		});
	} catch {
		return emptyFilters();
	}
}

export function grainFromParams(params: URLSearchParams): Grain {
	const g = params.get(PARAMS.grain);
	return GRAINS.includes(g as Grain) ? (g as Grain) : 'month';
}

export function viewFromParams(params: URLSearchParams): SummaryView {
	return { filters: filtersFromParams(params), grain: grainFromParams(params) };
}

/** The Summary's own parameters, in a fixed order (equal views give equal lists). */
function viewParams(view: SummaryView): [string, string][] {
	const f = normaliseFilters(view.filters);
	const out: [string, string][] = [];
	const list = (name: string, values: (string | number)[]) => {
		if (values.length) out.push([name, values.map((v) => escapeItem(String(v))).join(',')]);
	};
	const window = (name: string, w: MonthWindow | null) => {
		if (w) out.push([name, w.from === w.to ? w.from : `${w.from}..${w.to}`]);
	};
	list(PARAMS.extension, f.extensions);
	list(PARAMS.sizeBand, f.sizeBands);
	list(PARAMS.ageBand, f.ageBands);
	list(PARAMS.topFolder, f.topFolders);
	window(PARAMS.modifiedMonth, f.modified);
	window(PARAMS.addedMonth, f.added);
	if (view.grain !== 'month') out.push([PARAMS.grain, view.grain]);
	return out;
}

/**
 * Encode a query value, leaving the characters a query may hold as they are (`/ : @ , .`) so a
 * bookmarked URL stays readable: `folder=Shares/10.1.10.163/data/`.
 */
function encodeQueryValue(v: string): string {
	return encodeURIComponent(v).replace(/%(2F|3A|40|2C)/g, (m) => decodeURIComponent(m));
}

/** A canonical key for a view: its parameters as a query string (no leading `?`). */
export function viewKey(view: SummaryView): string {
	return viewParams(view)
		.map(([k, v]) => `${k}=${encodeQueryValue(v)}`)
		.join('&');
}

/**
 * The query string (with `?`, or '' when empty) for `view`, keeping every parameter of `current`
 * that the Summary does not own, in its place and spelling.
 */
export function searchWithView(current: URLSearchParams, view: SummaryView): string {
	const others = new URLSearchParams();
	for (const [k, v] of current) if (!OWN_PARAMS.includes(k)) others.append(k, v);
	const parts = [others.toString(), viewKey(view)].filter((s) => s !== '');
	return parts.length ? `?${parts.join('&')}` : '';
}

/* ------------------------------------------------------------------------------------------ */
/* Words                                                                                        */

const DIMENSION_NAMES: Record<Dimension, string> = {
	extension: 'Extension',
	sizeBand: 'Size',
	ageBand: 'Modified',
	topFolder: 'Top folder',
	modifiedMonth: 'Modified in',
	addedMonth: 'Added in'
};

/** How a value of a dimension is shown (chart labels, chips). */
export function valueLabel(dim: ValueDimension, value: string): string {
	switch (dim) {
		case 'extension':
			return value === '' ? '(none)' : value;
		case 'topFolder':
			return value === '' ? '(unknown)' : value;
		case 'sizeBand':
			return bandLabel(SIZE_BANDS, Number(value));
		case 'ageBand':
			return bandLabel(AGE_BANDS, Number(value));
	}
}

export interface FilterChip {
	dim: Dimension;
	/** The value a chip removes; absent for a window (the whole window goes). */
	value?: string;
	label: string;
}

/** One removable chip per selected value or window, in the order of DIMENSIONS. */
export function filterChips(f: Filters): FilterChip[] {
	const chips: FilterChip[] = [];
	for (const dim of ['extension', 'sizeBand', 'ageBand', 'topFolder'] as const) {
		for (const value of selectedValues(f, dim)) chips.push({ dim, value, label: `${DIMENSION_NAMES[dim]}: ${valueLabel(dim, value)}` });
	}
	for (const dim of ['modifiedMonth', 'addedMonth'] as const) {
		const w = windowOf(f, dim);
		if (w) chips.push({ dim, label: `${DIMENSION_NAMES[dim]}: ${windowLabel(w)}` });
	}
	return chips;
}
