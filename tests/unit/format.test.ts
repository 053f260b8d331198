/**
 * Numbers for people (src/lib/format.ts) against the tests' own formatter (tests/oracle/format.ts,
 * written with Intl.NumberFormat from the rule, not from the app's code) and against literal text.
 */
import { describe, expect, test } from 'vitest';
import { formatBytes, formatCount, formatDate } from '$lib/format';
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
