/**
 * The Summary's bar rows: a chosen value the other filters empty is still drawn (at zero), so it can be
 * unchosen; the first view's bars are its estimates, each with the range of what it draws.
 */
import { describe, expect, test } from 'vitest';
import { summaryCharts } from '$lib/reports/summary/summary';
import { emptyFilters } from '$lib/model/filters';
import type { SummaryPreview, SummaryResult } from '$lib/model/summary';
import type { SummaryEstimate } from '$lib/model/estimate';
import { estimateText, previewCharts } from '$lib/reports/summary/preview';

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

describe('the first view\'s charts (estimates with their ranges)', () => {
	const sample = result([
		{ key: 'pdf', files: 3, bytes: 300 },
		{ key: 'iso', files: 1, bytes: 900 }
	]);
	const estimate: SummaryEstimate = {
		kpis: { files: { value: 400, lo: 400, hi: 400 }, bytes: { value: 120_000, lo: 90_000, hi: 150_000 }, averageSize: null },
		charts: {
			topByBytes: {
				measure: 'bytes',
				buckets: [
					{ key: 'iso', files: 100, bytes: 90_000, range: null },
					{ key: 'pdf', files: 300, bytes: 30_000, range: { lo: 20_000, hi: 40_000 } }
				]
			},
			topByFiles: { measure: 'files', buckets: [{ key: 'pdf', files: 300, bytes: 30_000, range: { lo: 250, hi: 350 } }] }
		},
		confidence: 0.99
	};
	const preview: SummaryPreview = { summary: sample, sampleFiles: 4, part: 0, parts: 4, method: 'clusters', estimate, clusters: 24, fraction: 0.01 };

	test('every bar is the estimate; a bar carries the range of what it draws, none when none is stated', () => {
		const charts = previewCharts(preview);
		const bytes = charts.find((c) => c.id === 'preview-top-extensions-bytes')!;
		expect(bytes.title).toBe('Top extensions by bytes (estimate)');
		expect(bytes.rows!.map((r) => [r.key, r.value, r.range ?? null])).toEqual([
			['iso', 90_000, null],
			['pdf', 30_000, { lo: 20_000, hi: 40_000 }]
		]);
		const files = charts.find((c) => c.id === 'preview-top-extensions-files')!;
		expect(files.rows!.map((r) => [r.key, r.value, r.range ?? null])).toEqual([['pdf', 300, { lo: 250, hi: 350 }]]);
	});

	test('a slice\'s preview draws the sample\'s own counts, without ranges or top folders', () => {
		const charts = previewCharts({ ...preview, method: 'hash', estimate: undefined });
		expect(charts.map((c) => c.id)).not.toContain('preview-top-folders');
		expect(charts.find((c) => c.id === 'preview-top-extensions-bytes')!.rows!.map((r) => [r.key, r.value, r.range ?? null])).toEqual([
			['pdf', 300, null],
			['iso', 900, null]
		]);
	});

	test('an estimate reads to three digits, its range widened outwards; a figure pinned down reads as exact', () => {
		const plain = (n: number) => String(n);
		expect(estimateText({ value: 123_456, lo: 110_001, hi: 136_999 }, plain)).toEqual({ value: '≈ 123000', detail: 'range 110000 – 137000' });
		expect(estimateText({ value: 25_000_000, lo: 25_000_000, hi: 25_000_000 }, plain)).toEqual({ value: '25000000', detail: 'exact' });
		expect(estimateText({ value: 5, lo: 2, hi: Infinity }, plain).detail).toBe('range 2 – unknown');
	});
});
