/** The top-folder bar chart several report pages draw: a click filters every page by that folder. */
import { selectedValues, type Filters } from '$lib/model/filters';
import type { Row } from '$lib/model/reports/types';
import { formatBytes, formatCount } from '$lib/format';
import type { BarSpec } from '$lib/components/charts';

const n = (v: unknown): number => Number(v ?? 0);

/** The 20 first rows (topFolder, and the named files/bytes columns), valued by files or bytes. */
export function topFolderChart(
	rows: Row[],
	filters: Filters,
	chart: { id: string; title: string; measure: 'files' | 'bytes'; filesCol?: string; bytesCol?: string }
): BarSpec {
	const selected = new Set(selectedValues(filters, 'topFolder'));
	const filesCol = chart.filesCol ?? 'files';
	const bytesCol = chart.bytesCol ?? 'bytes';
	return {
		id: chart.id,
		title: chart.title,
		orientation: 'horizontal',
		dimension: 'topFolder',
		rows: rows.slice(0, 20).map((r) => ({
			key: String(r.topFolder),
			label: r.topFolder ? String(r.topFolder) : '(unknown)',
			value: n(chart.measure === 'files' ? r[filesCol] : r[bytesCol]),
			files: n(r[filesCol]),
			bytes: n(r[bytesCol]),
			selected: selected.has(String(r.topFolder))
		})),
		format: chart.measure === 'files' ? formatCount : formatBytes,
		valueName: chart.measure === 'files' ? 'Files' : 'Bytes',
		labelWidth: 240
	};
}
