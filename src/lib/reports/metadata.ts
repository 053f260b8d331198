/** Metadata Insights shaped for the view: coverage per key, per category, heatmap cells. */
import type { Row } from '$lib/model/reports/types';
import { formatCount, formatPercent } from '$lib/format';
import type { BarSpec } from '$lib/components/charts';
import type { Column } from '$lib/components/table';
import { categoryLabel } from './documents';

const n = (v: unknown): number => Number(v ?? 0);

export interface SampleInfo {
	sampled: number;
	withMetadata: number;
	population: number;
	/** Sampled files per category. */
	perCategory: Map<string, number>;
}

export function sampleInfo(rows: Row[]): SampleInfo {
	return {
		sampled: rows.reduce((a, r) => a + n(r.files), 0),
		withMetadata: rows.reduce((a, r) => a + n(r.withMetadata), 0),
		population: n(rows[0]?.population),
		perCategory: new Map(rows.map((r) => [String(r.category), n(r.files)]))
	};
}

export const sampleNote = (s: SampleInfo): string =>
	s.sampled === s.population ? `All ${formatCount(s.population)} files (no sampling needed).` : `Uniform sample of ${formatCount(s.sampled)} of ${formatCount(s.population)} files.`;

/** From Parquet only a spread of instances' row groups is read for metadata (model/metadata-sample.ts). */
export interface PartialRead {
	readRows: number;
	instanceRows: number;
	readableFiles: number;
}

export function partialRead(rows: Row[] | null | undefined): PartialRead | null {
	const r = rows?.[0];
	return r ? { readRows: n(r.readRows), instanceRows: n(r.instanceRows), readableFiles: n(r.readableFiles) } : null;
}

export const partialNote = (p: PartialRead): string =>
	`File metadata is read from Parquet in whole row groups spread evenly over instances: ${formatCount(p.readRows)} of ${formatCount(p.instanceRows)} instance rows, covering ${formatCount(p.readableFiles)} of the files shown. The sample is drawn from those files (a file's newest instance outside the rows read is not seen).`;

/** One row per key over every category: coverage = sampled files carrying it / sampled files. */
export function keyRows(fields: Row[], s: SampleInfo): Row[] {
	return fields
		.filter((f) => f.category === null)
		.map((f) => ({
			key: String(f.key),
			files: n(f.files),
			coverage: s.sampled ? n(f.files) / s.sampled : 0,
			ofMetadata: s.withMetadata ? n(f.files) / s.withMetadata : 0,
			example: f.example,
			distinctValues: n(f.distinctValues)
		}))
		.sort((a, b) => b.files - a.files || a.key.localeCompare(b.key));
}

/** Per category and key, coverage within the category's sampled files. */
export function categoryKeyRows(fields: Row[], s: SampleInfo): Row[] {
	return fields
		.filter((f) => f.category !== null)
		.map((f) => {
			const inCategory = s.perCategory.get(String(f.category)) ?? 0;
			return {
				category: String(f.category),
				categoryLabel: categoryLabel(f.category),
				key: String(f.key),
				files: n(f.files),
				coverage: inCategory ? n(f.files) / inCategory : 0,
				example: f.example
			};
		});
}

/** The N most frequent keys of each category, in category order of sample size. */
export function topKeysPerCategory(rows: Row[], s: SampleInfo, perCategory = 10): Row[] {
	const categories = [...s.perCategory].sort((a, b) => b[1] - a[1]).map(([c]) => c);
	return categories.flatMap((c) =>
		rows
			.filter((r) => r.category === c)
			.sort((a, b) => n(b.files) - n(a.files) || String(a.key).localeCompare(String(b.key)))
			.slice(0, perCategory)
	);
}

export function coverageChart(keys: Row[]): BarSpec {
	return {
		id: 'metadata-coverage',
		title: 'Most common metadata fields: sampled files carrying each',
		orientation: 'horizontal',
		rows: keys.slice(0, 20).map((k) => ({ key: String(k.key), label: String(k.key), value: n(k.files), files: n(k.files), bytes: 0 })),
		format: formatCount,
		valueName: 'Files',
		labelWidth: 200
	};
}

const pct = (v: unknown) => formatPercent(n(v), 1);

export const KEY_COLUMNS: Column[] = [
	{ key: 'key', label: 'Field' },
	{ key: 'files', label: 'Sampled files with it', kind: 'count' },
	{ key: 'coverage', label: 'Coverage (of sampled files)', kind: 'percent', format: pct },
	{ key: 'ofMetadata', label: 'Of files with metadata', kind: 'percent', format: pct },
	{ key: 'distinctValues', label: 'Distinct values', kind: 'count' },
	{ key: 'example', label: 'Most common value' }
];

export const CATEGORY_KEY_COLUMNS: Column[] = [
	{ key: 'categoryLabel', label: 'Category' },
	{ key: 'key', label: 'Field' },
	{ key: 'files', label: 'Sampled files with it', kind: 'count' },
	{ key: 'coverage', label: 'Coverage in category', kind: 'percent', format: pct },
	{ key: 'example', label: 'Most common value' }
];
