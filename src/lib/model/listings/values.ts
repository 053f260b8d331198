/**
 * What a listing's text value looks like: a number, a date, a path, … Used to tell a header row
 * from data and to recognise columns of a listing without a header. Pure, no SQL.
 */

export type ValueClass = 'empty' | 'integer' | 'decimal' | 'grouped' | 'sized' | 'date' | 'path' | 'bool' | 'flag' | 'text';

/** A unit after a size: bytes, KB, MiB, Go (octets), … */
export const SIZE_UNIT = /^(bytes?|octets?|[kmgtp]i?b|[kmgtp]o|[bokmgtp])$/i;

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?\d*\.\d+$/;
/** Digits with grouping or a decimal comma: 1,234 / 1.234.567 / 1 234,5 / 1'234 / 12,5 */
const GROUPED = /^[+-]?\d{1,3}(?:[.,'\u00a0\u202f ]\d{3})+(?:[.,]\d+)?$|^[+-]?\d+,\d+$/;
const DATE = /^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s?[AaPp][Mm])?)?(?:Z|[+-]\d{2}:?\d{2})?$/;
/** find's %y / %Y (f, d, l, …), PowerShell's Mode (d-----, -a----). */
const FLAG = /^([fdlpscDbn]|[-dl](?=[-arhsl]*-)[-arhsl]{3,5})$/;

export function classify(value: string | null | undefined): ValueClass {
	const v = (value ?? '').trim();
	if (v === '') return 'empty';
	if (INTEGER.test(v)) return 'integer';
	if (DECIMAL.test(v)) return 'decimal';
	if (GROUPED.test(v)) return 'grouped';
	if (DATE.test(v)) return 'date';
	const sized = /^([+-]?[\d.,'\u00a0\u202f ]*\d)\s*([A-Za-z]+)$/.exec(v);
	if (sized && SIZE_UNIT.test(sized[2])) return 'sized';
	if (/^(true|false)$/i.test(v)) return 'bool';
	if (FLAG.test(v)) return 'flag';
	if (v.includes('/') || v.includes('\\')) return 'path';
	return 'text';
}

/** Classes that read as one kind of column: numbers of any spelling are numbers. */
export function family(c: ValueClass): string {
	switch (c) {
		case 'integer':
		case 'decimal':
		case 'grouped':
			return 'number';
		default:
			return c;
	}
}

/** The class most of these values have ('empty' when all are empty). Ties go to the earlier value. */
export function dominantFamily(values: (string | null | undefined)[]): string {
	const counts = new Map<string, number>();
	for (const v of values) {
		const f = family(classify(v));
		if (f === 'empty') continue;
		counts.set(f, (counts.get(f) ?? 0) + 1);
	}
	let best = 'empty';
	let n = 0;
	for (const [f, c] of counts) if (c > n) [best, n] = [f, c];
	return best;
}

/** Epoch seconds, milliseconds or microseconds between 1980 and 2100. */
export function epochUnitOf(value: number): 'seconds' | 'milliseconds' | 'microseconds' | null {
	const a = Math.abs(value);
	if (a >= 315_532_800 && a < 4_102_444_800) return 'seconds';
	if (a >= 315_532_800_000 && a < 4_102_444_800_000) return 'milliseconds';
	if (a >= 315_532_800_000_000 && a < 4_102_444_800_000_000) return 'microseconds';
	return null;
}
