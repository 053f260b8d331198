/** Numbers for people: 3,456,789 files, 1.2 GB, 2024-03-01. One locale so tests read the same text. */

const LOCALE = 'en-US';
const counter = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });

export function formatCount(n: number | null | undefined): string {
	if (n === null || n === undefined || !Number.isFinite(n)) return '—';
	return counter.format(n);
}

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];

/** Significant decimals a size in its unit is shown with: three digits in all. */
const digitsFor = (v: number) => (v < 10 ? 2 : v < 100 ? 1 : 0);

/**
 * Binary multiples (1 KB = 1,024 bytes), as storage tools show them, with three significant digits.
 * A value that would read 1,000 or more of a unit rolls over to the next one (0.98 TB, not 1004 GB;
 * 1.00 MB, not 1024 KB), so a number never takes four digits and a unit.
 */
export function formatBytes(n: number | null | undefined): string {
	if (n === null || n === undefined || !Number.isFinite(n)) return '—';
	if (Math.abs(n) < 1024) return `${counter.format(n)} ${n === 1 ? 'byte' : 'bytes'}`;
	let unit = 0;
	let v = Math.abs(n);
	while (unit < UNITS.length - 1 && v >= 1024) {
		v /= 1024;
		unit++;
	}
	// 1,000 or more of a unit (1004 GB, or 999.7 KB that rounds to "1000 KB"): the next unit.
	if (Number(v.toFixed(digitsFor(v))) >= 1000 && unit < UNITS.length - 1) {
		v /= 1024;
		unit++;
	}
	return `${n < 0 ? '-' : ''}${v.toFixed(digitsFor(v))} ${UNITS[unit]}`;
}

/**
 * Round ticks for an axis of bytes, chosen in the axis' own unit (0, 100, 200, 300 GB; not the
 * raw-byte round numbers 186, 373, 559 GB), with labels carrying just the decimals the step needs.
 * `count` is about how many steps to make; the last tick is at or above `max`.
 */
export function byteTicks(max: number, count = 4): { ticks: number[]; step: number; label: (v: number) => string } {
	const top = Number.isFinite(max) && max > 0 ? max : 1;
	// The unit the largest value is read in (bytes below 1 KB).
	let unit = 0;
	while (unit < UNITS.length - 1 && top / 1024 ** (unit + 1) >= 1) unit++;
	// A top of 1,000–1,023 of a unit reads as 0.98–1.00 of the next one: tick in that one.
	if (unit < UNITS.length - 1 && top / 1024 ** unit >= 1000) unit++;
	const scale = 1024 ** unit;
	const step = niceStep(top / scale, count);
	const ticks = niceTicks(top / scale, step).map((t) => t * scale);
	const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
	const name = unit === 0 ? 'bytes' : UNITS[unit];
	const fixed = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
	return { ticks, step: step * scale, label: (v: number) => (v === 0 ? '0' : `${fixed.format(v / scale)} ${name}`) };
}

/** A round step (1, 2 or 5 × 10^k) giving about `count` steps over [0, max]. */
export function niceStep(max: number, count = 4): number {
	const raw = (Number.isFinite(max) && max > 0 ? max : 1) / Math.max(1, count);
	const power = 10 ** Math.floor(Math.log10(raw));
	const error = raw / power;
	return power * (error >= 7.07 ? 10 : error >= 3.16 ? 5 : error >= 1.41 ? 2 : 1);
}

/** 0, step, 2·step, ... up to the first tick at or above `max` (multiplied, not added: no drift). */
export function niceTicks(max: number, step: number): number[] {
	const end = Math.ceil(max / step - 1e-9);
	const out: number[] = [];
	for (let i = 0; i <= Math.max(1, end); i++) out.push(Number((i * step).toPrecision(12)));
	return out;
}

/** Round ticks for an axis of counts (whole files: never a step below 1). */
export function countTicks(max: number, count = 4): { ticks: number[]; step: number; label: (v: number) => string } {
	const step = Math.max(1, niceStep(max, count));
	return { ticks: niceTicks(Number.isFinite(max) && max > 0 ? max : 1, step), step, label: (v: number) => counter.format(v) };
}

/* ------------------------------------------------------------------------------------------ */
/* Cost                                                                                         */

/** The currency symbol costs are shown with; the page sets it from the person's choice (localStorage). */
let currency = '$';
export const DEFAULT_CURRENCY = '$';
export const CURRENCY_KEY = 'cost-currency';

export function setCurrencySymbol(symbol: string): void {
	currency = symbol.trim().slice(0, 4) || DEFAULT_CURRENCY;
}

const money = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const unitMoney = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 4, maximumFractionDigits: 4 });

/** An amount of money: the currency symbol and two decimals ($1,234.50; -$7.07). */
export function formatCost(n: number | null | undefined): string {
	if (n === null || n === undefined || !Number.isFinite(n)) return '—';
	return `${n < 0 ? '-' : ''}${currency}${money.format(Math.abs(n))}`;
}

/** A unit price (per GB-month): the currency symbol and four decimals ($0.0230). */
export function formatUnitPrice(n: number | null | undefined): string {
	if (n === null || n === undefined || !Number.isFinite(n)) return '—';
	return `${n < 0 ? '-' : ''}${currency}${unitMoney.format(Math.abs(n))}`;
}

export function formatDate(ms: number | null | undefined): string {
	if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
	return new Date(ms).toISOString().slice(0, 10);
}

export function formatDateTime(ms: number | null | undefined): string {
	if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
	return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

export function formatPercent(part: number, whole: number): string {
	if (!whole) return '—';
	const p = (100 * part) / whole;
	return `${p < 0.1 && p > 0 ? '<0.1' : p.toFixed(p < 10 ? 1 : 0)}%`;
}

export function formatDuration(ms: number): string {
	if (ms < 1000) return `${Math.round(ms)} ms`;
	if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
	return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
