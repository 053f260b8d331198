/** The Summary's bar rows: a chosen value the other filters empty is still drawn (at zero), so it can be unchosen. */
import { describe, expect, test } from 'vitest';
import { summaryCharts } from '$lib/reports/summary/summary';
import { emptyFilters } from '$lib/model/filters';
import type { SummaryResult } from '$lib/model/summary';

const result = (buckets: { key: string; files: number; bytes: number }[]): SummaryResult => ({
	kind: 'summary',
	key: 'test',
	kpis: {},
	charts: { topByBytes: buckets, topByFiles: buckets },
	pending: [],
	queries: []
});

describe('summary bar rows', () => {
	test('a chosen extension with no files under the other filters stays, at zero and chosen', () => {
		const filters = { ...emptyFilters(), extensions: ['pdf', 'iso'], sizeBands: [1] };
		const [bytes] = summaryCharts(result([{ key: 'pdf', files: 3, bytes: 300 }]), { filters, grain: 'month' });
		expect(bytes.rows!.map((r) => [r.key, r.value, r.selected])).toEqual([
			['pdf', 300, true],
			['iso', 0, true]
		]);
	});

	test('nothing chosen: the rows are the buckets as they came', () => {
		const [bytes] = summaryCharts(result([{ key: 'pdf', files: 3, bytes: 300 }]), { filters: emptyFilters(), grain: 'month' });
		expect(bytes.rows!.map((r) => [r.key, r.value, r.selected])).toEqual([['pdf', 300, false]]);
	});
});
