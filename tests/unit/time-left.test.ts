/** The progress bar's time left (src/lib/components/time-left.ts), against hand-computed literals. */
import { describe, expect, test } from 'vitest';
import { formatTimeLeft, TimeLeft } from '$lib/components/time-left';
import type { Progress } from '$lib/engine/protocol';

const p = (label: string, done: number, total: number, unit: Progress['unit'] = 'rows'): Progress => ({ label, done, total, unit });

describe('TimeLeft', () => {
	test('projects the rate since the phase began: 20 % in 10 s from 0 % leaves 40 s', () => {
		const t = new TimeLeft();
		expect(t.update(p('Reading', 0, 1000), 0)).toBeNull();
		expect(t.update(p('Reading', 200, 1000), 10_000)).toBe(40_000);
	});

	test('says nothing before 3 s or 3 % of progress', () => {
		const t = new TimeLeft();
		t.update(p('Reading', 0, 1000), 0);
		expect(t.update(p('Reading', 500, 1000), 2000)).toBeNull();
		expect(t.update(p('Reading', 20, 1000), 60_000)).toBeNull();
	});

	test('parts of one step are one phase; a new step starts again', () => {
		const t = new TimeLeft();
		t.update(p('Materialising the file model (1 of 10 parts)', 100, 1000), 0);
		// 100 → 400 rows in 6 s: 600 rows at 50 rows/s.
		expect(t.update(p('Materialising the file model (4 of 10 parts)', 400, 1000), 6000)).toBeCloseTo(12_000, 6);
		expect(t.update(p('Building summaries', 400, 1000), 7000)).toBeNull();
	});

	test('steps of unequal weight get no estimate; a bar going back starts again', () => {
		const t = new TimeLeft();
		expect(t.update(p('Step', 1, 4, 'steps'), 0)).toBeNull();
		expect(t.update(p('Step', 3, 4, 'steps'), 60_000)).toBeNull();
		t.update(p('Preparing', 500, 1000, 'percent'), 0);
		expect(t.update(p('Other label, same whole', 750, 1000, 'percent'), 10_000)).toBe(10_000);
		expect(t.update(p('Again', 100, 1000, 'percent'), 11_000)).toBeNull();
	});
});

describe('formatTimeLeft', () => {
	test('rounds as a person would say it', () => {
		expect(formatTimeLeft(3000)).toBe('under 5 s left');
		expect(formatTimeLeft(41_000)).toBe('about 40 s left');
		expect(formatTimeLeft(150_000)).toBe('about 3 min left');
		expect(formatTimeLeft(3 * 3_600_000)).toBe('about 3 h left');
	});
});
