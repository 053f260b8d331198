/**
 * The text a person should read for a number, written for the tests from the team's rule ("numbers
 * formatted for people: 1.2 GB, 3,456,789 files", US English so every machine reads the same), with
 * Intl.NumberFormat, independently of src/lib/format.ts: a wrong formatter in the app then shows as
 * a difference here instead of agreeing with itself.
 *
 * Bytes are binary multiples (1 KB = 1,024 bytes), with three significant digits: two decimals under
 * 10 of the unit, one under 100, none above. Under 1 KB the exact count is written out ("1 byte",
 * "1,000 bytes"). A size never reads 1,000 or more of a unit (issue #22): "1004 GB" is written in the
 * next unit, "0.98 TB", and so is anything that rounds to 1000 ("1023.6 KB" is "1.00 MB").
 */

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimals = [0, 1, 2].map((d) => new Intl.NumberFormat('en-US', { minimumFractionDigits: d, maximumFractionDigits: d, useGrouping: false }));
const NONE = '—';

/** A count of things: `3,456,789`; a dash when there is no number. */
export function peopleCount(n: number | null | undefined): string {
	return n === null || n === undefined || !Number.isFinite(n) ? NONE : grouped.format(n);
}

/** A size: `1 byte`, `1,000 bytes`, `1.00 KB`, `12.5 MB`, `999 GB`, `2.00 TB`. */
export function peopleBytes(n: number | null | undefined): string {
	if (n === null || n === undefined || !Number.isFinite(n)) return NONE;
	const magnitude = Math.abs(n);
	if (magnitude < 1024) return `${grouped.format(n)} ${n === 1 ? 'byte' : 'bytes'}`;
	const names = ['KB', 'MB', 'GB', 'TB', 'PB', 'EB'];
	// The largest power of 1,024 that fits, found by counting down from the largest unit.
	let power = names.length;
	while (power > 1 && magnitude < 1024 ** power) power--;
	const written = (p: number) => {
		const scaled = magnitude / 1024 ** p;
		return decimals[scaled < 10 ? 2 : scaled < 100 ? 1 : 0].format(scaled);
	};
	let text = written(power);
	if (Number(text) >= 1000 && power < names.length) text = written(++power);
	return `${n < 0 ? '-' : ''}${text} ${names[power - 1]}`;
}

/** A day as ISO 8601 in UTC: `2024-03-01`. */
export function peopleDate(ms: number | null | undefined): string {
	if (ms === null || ms === undefined || !Number.isFinite(ms)) return NONE;
	const d = new Date(ms);
	const two = (v: number) => String(v).padStart(2, '0');
	return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
}
