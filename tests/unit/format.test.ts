/**
 * Numbers for people (src/lib/format.ts) against the tests' own formatter (tests/oracle/format.ts,
 * written with Intl.NumberFormat from the rule, not from the app's code) and against literal text;
 * issue #22's rules by hand: sizes roll over instead of taking four digits, axis ticks are round in
 * the axis' own unit, costs carry a currency and fixed decimals.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { byteTicks, countTicks, formatBytes, formatCost, formatCount, formatDate, formatUnitPrice, setCurrencySymbol } from '$lib/format';
import { peopleBytes, peopleCount, peopleDate } from '../oracle/format';

/** Sizes around every unit edge and the rounding edges inside a unit, plus a seeded spread. */
function sizes(): number[] {
	const out = [0, 1, 2, 999, 1000, 1023, -1, -5000];
	for (let p = 1; p <= 6; p++) {
		const u = 1024 ** p;
		out.push(u - 1, u, u + 1, 1.5 * u, 9.994 * u, 9.996 * u, 10 * u, 99.94 * u, 99.96 * u, 100 * u, 999.4 * u, 1023.6 * u);
	}
	let seed = 7;
	for (let i = 0; i < 2000; i++) {
		seed = (seed * 48271) % 2147483647;
		out.push(Math.floor((seed / 2147483647) ** 4 * 2 ** 50));
	}
	return out;
}

describe('numbers a person reads', () => {
	test('literal examples', () => {
		expect([formatCount(3456789), formatCount(0), formatCount(null)]).toEqual(['3,456,789', '0', '—']);
		expect([1, 2, 1000, 1024, 1536, 1024 ** 2 * 12.5, 1024 ** 3 * 999, 1024 ** 4 * 2].map(formatBytes)).toEqual(['1 byte', '2 bytes', '1,000 bytes', '1.00 KB', '1.50 KB', '12.5 MB', '999 GB', '2.00 TB']);
		expect(formatDate(Date.UTC(2024, 2, 1, 23, 59))).toBe('2024-03-01');
	});

	test('sizes agree with the independent formatter at every unit and rounding edge', () => {
		const values = sizes();
		expect(values.length).toBeGreaterThan(2000);
		const differ = values.filter((v) => formatBytes(v) !== peopleBytes(v)).map((v) => `${v}: app ${formatBytes(v)}, expected ${peopleBytes(v)}`);
		expect(differ).toEqual([]);
	});

	test('counts and dates agree with the independent formatter', () => {
		const counts = [0, 7, 999, 1000, 25_000_000, 1_234_567_890, NaN, Infinity];
		expect(counts.map(formatCount)).toEqual(counts.map(peopleCount));
		const days = [Date.UTC(1980, 0, 1), Date.UTC(2000, 1, 29, 12), Date.UTC(2026, 11, 31, 23, 59, 59, 999), null];
		expect(days.map(formatDate)).toEqual(days.map(peopleDate));
	});
});

const KB = 1024;
const MB = 1024 ** 2;
const GB = 1024 ** 3;
const TB = 1024 ** 4;

describe('formatBytes roll-over', () => {
	test('never four digits and a unit', () => {
		expect(formatBytes(1004 * GB)).toBe('0.98 TB');
		expect(formatBytes(1016 * KB)).toBe('0.99 MB');
		expect(formatBytes(1023.9 * KB)).toBe('1.00 MB');
		expect(formatBytes(999.6 * GB)).toBe('0.98 TB');
		expect(formatBytes(999.4 * GB)).toBe('999 GB');
		expect(formatBytes(TB)).toBe('1.00 TB');
	});
	test('three significant digits below that', () => {
		expect(formatBytes(1536)).toBe('1.50 KB');
		expect(formatBytes(15.25 * MB)).toBe('15.3 MB');
		expect(formatBytes(512 * GB)).toBe('512 GB');
		expect(formatBytes(1023)).toBe('1,023 bytes');
		expect(formatBytes(-2 * GB)).toBe('-2.00 GB');
	});
});

describe('byteTicks', () => {
	test('round in the unit of the largest value: 0, 100, 200 ... GB, not 186, 373, 559 GB', () => {
		// 560 GB: raw-byte steps would be 2e11 bytes (186 GB); in GB the step is 100.
		const t = byteTicks(560 * GB, 4);
		expect(t.ticks.length).toBe(7);
		expect(t.ticks.map((v) => v / GB)).toEqual([0, 100, 200, 300, 400, 500, 600]);
		expect(t.ticks.map(t.label)).toEqual(['0', '100 GB', '200 GB', '300 GB', '400 GB', '500 GB', '600 GB']);
		const u = byteTicks(320 * GB, 3);
		expect(u.ticks.map(u.label)).toEqual(['0', '100 GB', '200 GB', '300 GB', '400 GB']);
	});
	test('a maximum of 1,000 to 1,023 of a unit ticks in the next one', () => {
		const t = byteTicks(1010 * GB, 5);
		expect(t.ticks.map(t.label)).toEqual(['0', '0.2 TB', '0.4 TB', '0.6 TB', '0.8 TB', '1.0 TB']);
	});
	test('small maxima', () => {
		const t = byteTicks(700, 4);
		expect(t.ticks.map(t.label)).toEqual(['0', '200 bytes', '400 bytes', '600 bytes', '800 bytes']);
		const z = byteTicks(0, 4);
		expect(z.ticks.length).toBeGreaterThan(1);
	});
});

describe('countTicks', () => {
	test('whole files, never a step below one', () => {
		const t = countTicks(3, 4);
		expect(t.ticks).toEqual([0, 1, 2, 3]);
		const c = countTicks(12_345, 3);
		expect(c.ticks.map(c.label)).toEqual(['0', '5,000', '10,000', '15,000']);
	});
});

describe('costs', () => {
	afterEach(() => setCurrencySymbol('$'));
	test('a currency symbol and fixed decimals', () => {
		expect(formatCost(7.07)).toBe('$7.07');
		expect(formatCost(16.5946)).toBe('$16.59');
		expect(formatCost(1234.5)).toBe('$1,234.50');
		expect(formatCost(-3)).toBe('-$3.00');
		expect(formatCost(null)).toBe('—');
		expect(formatUnitPrice(0.023)).toBe('$0.0230');
	});
	test('the symbol is the person’s choice', () => {
		setCurrencySymbol('€');
		expect(formatCost(7.07)).toBe('€7.07');
		setCurrencySymbol('  ');
		expect(formatCost(1)).toBe('$1.00');
	});
});
