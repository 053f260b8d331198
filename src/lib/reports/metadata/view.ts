/** Metadata Insights shaped for the page: the sample stated, coverage per key and per category. */
import { METADATA_SAMPLE } from '$lib/model/report-build';
import { formatCount, formatPercent } from '$lib/format';
import type { BarSpec } from '$lib/components/charts';
import type { Column } from '$lib/components/table';
import type { ResultOfReport } from '../kit/define';
import { categoryLabel, n, textOrder } from '../kit/shape';
import { METADATA_READ, type report } from './report';

type Tables = NonNullable<ResultOfReport<typeof report>['tables']>;

export interface SampleInfo {
	sampled: number;
	withMetadata: number;
	population: number;
	/** Sampled files per category. */
	perCategory: Map<string, number>;
}

export function sampleInfo(rows: NonNullable<Tables['sample']>, population: number): SampleInfo {
	return {
		sampled: rows.reduce((a, r) => a + n(r.files), 0),
		withMetadata: rows.reduce((a, r) => a + n(r.withMetadata), 0),
		population,
		perCategory: new Map(rows.map((r) => [String(r.category), n(r.files)]))
	};
}

export const sampleNote = (s: SampleInfo): string =>
	s.sampled === s.population ? `All ${formatCount(s.population)} files (no sampling needed).` : `Uniform sample of ${formatCount(s.sampled)} of ${formatCount(s.population)} files.`;

/** How the sample is drawn: once per dataset, then the first files of it the filters keep. */
export const SAMPLE_METHOD = `The sample is a fixed random order of up to ${formatCount(METADATA_SAMPLE)} files, taken once for this dataset; a page reads the first ${formatCount(METADATA_READ)} of them that its filters keep.`;

/** From Parquet only a spread of instances' row groups is read for metadata (src/lib/model/metadata-sample.ts). */
export interface PartialRead {
	readRows: number;
	instanceRows: number;
}

export function partialRead(rows: Tables['source']): PartialRead | null {
	const r = rows?.[0];
	return r && r.partial ? { readRows: n(r.readRows), instanceRows: n(r.instanceRows) } : null;
}

export const partialNote = (p: PartialRead): string =>
	`File metadata is read from Parquet in whole row groups spread evenly over instances: ${formatCount(p.readRows)} of ${formatCount(p.instanceRows)} instance rows. The sample is drawn from the files those rows cover (a file's newest instance outside the rows read is not seen).`;

export interface KeyRow {
	key: string;
	files: number;
	coverage: number;
	ofMetadata: number;
	example: string | null;
	distinctValues: number;
	[k: string]: string | number | null;
}

/** One row per key over every category: coverage = sampled files carrying it / sampled files. */
export function keyRows(fields: NonNullable<Tables['fields']>, s: SampleInfo): KeyRow[] {
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
		.sort((a, b) => b.files - a.files || textOrder(a.key, b.key));
}

export interface CategoryKeyRow {
	category: string;
	categoryLabel: string;
	key: string;
	files: number;
	coverage: number;
	example: string | null;
	[k: string]: string | number | null;
}

/** Per category and key, coverage within the category's sampled files. */
export function categoryKeyRows(fields: NonNullable<Tables['fields']>, s: SampleInfo): CategoryKeyRow[] {
	return fields
		.filter((f) => f.category !== null)
		.map((f) => {
			const inCategory = s.perCategory.get(String(f.category)) ?? 0;
			return { category: String(f.category), categoryLabel: categoryLabel(f.category), key: String(f.key), files: n(f.files), coverage: inCategory ? n(f.files) / inCategory : 0, example: f.example };
		});
}

/** The N most frequent keys of each category, in category order of sample size. */
export function topKeysPerCategory(rows: CategoryKeyRow[], s: SampleInfo, perCategory = 10): CategoryKeyRow[] {
	const categories = [...s.perCategory].sort((a, b) => b[1] - a[1]).map(([c]) => c);
	return categories.flatMap((c) =>
		rows
			.filter((r) => r.category === c)
			.sort((a, b) => b.files - a.files || textOrder(a.key, b.key))
			.slice(0, perCategory)
	);
}

export function coverageChart(keys: KeyRow[]): BarSpec {
	return {
		id: 'metadata-coverage',
		title: 'Most common metadata fields: sampled files carrying each',
		orientation: 'horizontal',
		rows: keys.slice(0, 20).map((k) => ({ key: k.key, label: k.key, value: k.files, files: k.files, bytes: 0 })),
		format: formatCount,
		valueName: 'Files',
		labelWidth: 200
	};
}

const pct = (v: unknown) => formatPercent(n(v as number), 1);

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
