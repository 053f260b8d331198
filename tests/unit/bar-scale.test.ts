/** The Svelte-drawn charts' scales: round ticks from zero, bands laid out as Plot's, cut labels. */
import { describe, expect, test } from 'vitest';
import { bandScale, linearScale, tickStep, truncate } from '../../src/lib/components/bar-scale';

describe('linearScale', () => {
	test('round ticks from zero, the domain ending on a tick at or above the maximum', () => {
		const s = linearScale(10_523, 0, 100);
		expect(s.ticks).toEqual([0, 2000, 4000, 6000, 8000, 10000, 12000]);
		expect(s.at(0)).toBe(0);
		expect(s.at(12_000)).toBe(100);
		expect(s.at(6_000)).toBe(50);
	});
	test('an inverted range (a vertical chart, y grows downwards)', () => {
		const s = linearScale(100, 190, 24);
		expect(s.at(0)).toBe(190);
		expect(s.at(100)).toBe(24);
	});
	test('no data, or only zeros, still draws an axis', () => {
		expect(linearScale(0, 0, 10).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
		expect(linearScale(Number.NaN, 0, 10).at(1)).toBe(10);
	});
	test('steps are 1, 2 or 5 times a power of ten', () => {
		expect(tickStep(7, 4)).toBe(2);
		expect(tickStep(1e12, 4)).toBe(2e11);
		expect(tickStep(0.3, 4)).toBe(0.1);
	});
});

describe('bandScale', () => {
	test('n bands with 10% padding fill the range', () => {
		const b = bandScale(4, 0, 410);
		expect(b.step).toBeCloseTo(100, 9);
		expect(b.bandwidth).toBeCloseTo(90, 9);
		expect(b.at(0)).toBeCloseTo(10, 9);
		expect(b.at(3) + b.bandwidth).toBeCloseTo(400, 9);
	});
});

describe('truncate', () => {
	test('keeps the end of a long label', () => {
		expect(truncate('Shares/10.1.10.163/data/', 10)).toBe('…163/data/');
		expect(truncate('pdf', 10)).toBe('pdf');
	});
});

describe('chart labels and titles', async () => {
	const { fitLabel } = await import('../../src/lib/components/bar-scale');
	const { titleForGrain, isYearLabels } = await import('../../src/lib/components/charts');
	test('a label that does not fit is shortened with an ellipsis; a path keeps its end', () => {
		expect(fitLabel('90–180 days', 7)).toBe('90–180…');
		expect(fitLabel('Shares/HR/2022/', 8)).toBe('…R/2022/');
		expect(fitLabel('pdf', 8)).toBe('pdf');
	});
	test('a timeline title follows the grain', () => {
		expect(titleForGrain('Files by month last modified', 'year')).toBe('Files by year last modified');
		expect(titleForGrain('Bytes added per month', 'quarter')).toBe('Bytes added per quarter');
		expect(titleForGrain('Growth', 'year')).toBe('Growth');
	});
	test('year labels are told apart', () => {
		expect(isYearLabels(['2006', '2007'])).toBe(true);
		expect(isYearLabels(['2006', 'unknown'])).toBe(false);
	});
});
