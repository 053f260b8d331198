import type { Grain, MonthWindow, ValueDimension, WindowDimension } from '$lib/model/filters';

/** The data a bar chart draws: already aggregated, at most a few hundred rows. */
export interface BarRow {
	/** The value a click selects (an extension, a band index, a folder, a period's first month). */
	key: string;
	label: string;
	value: number;
	files: number;
	bytes: number;
	/** Part of the current filter: drawn highlighted. */
	selected?: boolean;
	/** `value` is an estimate: the range the true value lies in (drawn as a whisker). */
	range?: { lo: number; hi: number };
}

export interface BarSpec {
	id: string;
	title: string;
	orientation: 'horizontal' | 'vertical';
	/** The filter a click on a bar edits; absent for a chart that does not filter. */
	dimension?: ValueDimension;
	/** null while the figures are being computed. */
	rows: BarRow[] | null;
	/** The figures could not be computed (the scan that gives them failed). */
	unavailable?: boolean;
	format: (n: number) => string;
	valueName: string;
	/** Room for the labels of a horizontal chart, in pixels. */
	labelWidth?: number;
}

export interface TimelineSpec {
	id: string;
	title: string;
	dimension: WindowDimension;
	grain: Grain;
	/** The selected window, or null. */
	window: MonthWindow | null;
	/** One row per period; `key` is the period's first month (YYYY-MM). null while computing. */
	rows: BarRow[] | null;
	unavailable?: boolean;
	format: (n: number) => string;
	valueName: string;
}

const GRAIN_WORDS: Record<Grain, string> = { month: 'month', quarter: 'quarter', year: 'year' };

/**
 * A timeline's title for the grain its bars are drawn at: "Files by month last modified" reads
 * "Files by year last modified" once the person switches to years (any "by/per month|quarter|year").
 */
export function titleForGrain(title: string, grain: Grain): string {
	return title.replace(/\b(by|per) (month|quarter|year)\b/gi, (_m, by: string) => `${by} ${GRAIN_WORDS[grain]}`);
}

/** Category labels that are years ("2006"): thinned, never cut, when they do not fit their bars. */
export const isYearLabels = (labels: readonly string[]): boolean => labels.length > 0 && labels.every((l) => /^\d{4}$/.test(l));
