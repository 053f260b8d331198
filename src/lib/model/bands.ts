/**
 * The bands every report shares. Bounds are integers so DuckDB-WASM bins with plain comparisons
 * (a LOG10 per row is slow in the wasm build).
 */
import { num } from './sql';

export interface Band {
	/** Stable index: what summary tables store. */
	index: number;
	label: string;
	/** Exclusive upper bound, or null for the last band. */
	below: number | null;
}

const KB = 1024;
const MB = 1024 * KB;
const GB = 1024 * MB;

export const SIZE_BANDS: readonly Band[] = [
	{ index: 0, label: '< 1 KB', below: KB },
	{ index: 1, label: '1 KB–1 MB', below: MB },
	{ index: 2, label: '1–10 MB', below: 10 * MB },
	{ index: 3, label: '10–100 MB', below: 100 * MB },
	{ index: 4, label: '100 MB–1 GB', below: GB },
	{ index: 5, label: '> 1 GB', below: null }
];

export const DAY_MS = 86_400_000;

/** Age in days since the as-of instant; future times land in the first band. */
export const AGE_BANDS: readonly Band[] = [
	{ index: 0, label: '< 30 days', below: 30 },
	{ index: 1, label: '30–90 days', below: 90 },
	{ index: 2, label: '90–180 days', below: 180 },
	{ index: 3, label: '180–365 days', below: 365 },
	{ index: 4, label: '1–3 years', below: 1095 },
	{ index: 5, label: '> 3 years', below: null }
];

/** `CASE` expression mapping a numeric expression to a band index (NULL stays NULL). */
export function bandCase(expr: string, bands: readonly Band[]): string {
	const whens = bands
		.filter((b) => b.below !== null)
		.map((b) => `WHEN ${expr} < ${num(b.below)} THEN ${b.index}`)
		.join(' ');
	const last = bands[bands.length - 1].index;
	return `CASE WHEN ${expr} IS NULL THEN NULL ${whens} ELSE ${last} END`;
}

/**
 * Age band of a TIMESTAMP column, compared in epoch milliseconds against as-of minus N days so the
 * per-row work is one subtraction-free integer comparison chain.
 */
export function ageBandCase(timestampExpr: string, asOfMs: number): string {
	const ms = `epoch_ms(${timestampExpr})`;
	const whens = AGE_BANDS.filter((b) => b.below !== null)
		.map((b) => `WHEN ${ms} > ${num(asOfMs - (b.below as number) * DAY_MS)} THEN ${b.index}`)
		.join(' ');
	return `CASE WHEN ${timestampExpr} IS NULL THEN NULL ${whens} ELSE ${AGE_BANDS[AGE_BANDS.length - 1].index} END`;
}

export function bandLabel(bands: readonly Band[], index: number | null): string {
	if (index === null) return 'unknown';
	return bands[index]?.label ?? 'unknown';
}
