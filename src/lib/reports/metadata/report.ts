/**
 * Metadata Insights: which Apache Tika fields (instances.metadata) files carry, per type category,
 * on a uniform sample. The report build keeps a fixed random sample of files with their metadata's
 * key/value pairs (r_meta_files in a random order `rank`, r_meta_pairs; src/lib/model/report-build.ts):
 * the first METADATA_READ of them the filters keep are a uniform sample of the filtered files, read
 * without touching `facts` or the export. The population is counted from the summary tables.
 */
import { num } from '$lib/model/sql';
import { aggregate, defineReport, sql } from '../kit/define';

/** Sampled files a page reads at most. */
export const METADATA_READ = 20_000;

/** The sampled files the filters keep, at most METADATA_READ of them, in the sample's order. */
const sampled = (where: string) => `SELECT rank, category, withMetadata FROM r_meta_files WHERE ${where} ORDER BY rank LIMIT ${num(METADATA_READ)}`;

export const report = defineReport({
	id: 'metadata',
	page: {
		slug: 'metadata',
		group: 'Content',
		order: 2,
		title: 'Metadata Insights',
		description: 'Which document metadata fields (Apache Tika) files carry, per type category, on a uniform sample of the files.'
	},
	parts: {
		/** Every file under the filters: what the sample stands for. */
		population: aggregate({ by: [], measures: ['files'] }),
		/** Files sampled and, of those, with any metadata, per category. */
		sample: sql<{ category: string; files: number; withMetadata: number }>(
			['r_meta_files'],
			(ctx) => `SELECT category, count(*) AS files, count(*) FILTER (WHERE withMetadata) AS withMetadata FROM (${sampled(ctx.where)}) GROUP BY 1 ORDER BY files DESC, category`
		),
		/**
		 * Per category and key: sampled files carrying the key, its most frequent value and how many
		 * values it takes; with the per-key figures over every category (category NULL).
		 */
		fields: sql<{ category: string | null; key: string; files: number; example: string | null; distinctValues: number }>(
			['r_meta_files', 'r_meta_pairs'],
			(ctx) => `WITH s AS (${sampled(ctx.where)}),
one AS (SELECT s.category, p.key, p.value FROM s JOIN r_meta_pairs p ON p.rank = s.rank)
SELECT CASE WHEN grouping(category) = 1 THEN NULL ELSE category END AS category, key, count(*) AS files,
	mode(value) AS example, count(DISTINCT value) AS distinctValues
FROM one GROUP BY GROUPING SETS ((category, key), (key))
ORDER BY category NULLS FIRST, files DESC, key LIMIT 5000`
		),
		/** Where the metadata was read: from Parquet, a spread of the instances' row groups. */
		source: sql<{ partial: boolean; readRows: number; instanceRows: number }>(['r_meta_source'], () => `SELECT partial, readRows, instanceRows FROM r_meta_source`)
	}
});
