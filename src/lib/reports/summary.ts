/** Executive Summary: one model query over the summary tables, and the charts drawn from it. */
import { engine } from '$lib/engine';
import { cached } from '$lib/cache/results';
import type { SummaryResult, Bucket } from '$lib/model/summary';
import { formatBytes, formatCount } from '$lib/format';
import type { BarSpec } from '$lib/components/charts';

export function loadSummary(datasetKey: string, signal?: AbortSignal): Promise<SummaryResult> {
	return cached(datasetKey, 'summary', () => engine().request({ type: 'query', query: { kind: 'summary' } }, { signal }));
}

const extLabel = (key: string) => (key === '' ? '(none)' : key);

export function summaryCharts(s: SummaryResult): BarSpec[] {
	return [
		{
			id: 'top-extensions-bytes',
			title: 'Top extensions by bytes',
			orientation: 'horizontal',
			rows: s.topByBytes.map((b: Bucket) => ({ label: extLabel(b.key), value: b.bytes, files: b.files, bytes: b.bytes })),
			format: formatBytes,
			valueName: 'Bytes'
		},
		{
			id: 'top-extensions-files',
			title: 'Top extensions by number of files',
			orientation: 'horizontal',
			rows: s.topByFiles.map((b) => ({ label: extLabel(b.key), value: b.files, files: b.files, bytes: b.bytes })),
			format: formatCount,
			valueName: 'Files'
		},
		{
			id: 'size-distribution',
			title: 'Files by size',
			orientation: 'vertical',
			rows: s.sizeBands.map((b) => ({ label: b.key, value: b.files, files: b.files, bytes: b.bytes })),
			format: formatCount,
			valueName: 'Files'
		},
		{
			id: 'age-distribution',
			title: 'Files by time since last modified',
			orientation: 'vertical',
			rows: s.ageBands.map((b) => ({ label: b.key, value: b.files, files: b.files, bytes: b.bytes })),
			format: formatCount,
			valueName: 'Files'
		},
		{
			id: 'added-per-month',
			title: 'Files added to the index per month',
			orientation: 'timeline',
			rows: s.addedPerMonth.map((b) => ({ label: b.key, value: b.files, files: b.files, bytes: b.bytes })),
			format: formatCount,
			valueName: 'Files'
		}
	];
}
