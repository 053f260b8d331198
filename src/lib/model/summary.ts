/**
 * Summary tables: one pass over `files` at load fills compact group-bys that the Executive Summary
 * (and later every overview chart) reads in milliseconds instead of re-scanning the rows.
 */
import { ageBandCase, bandCase, SIZE_BANDS } from './bands';

/** Statements that build the summaries, in order; each is one scan or a cheap split. */
export function summaryBuildSql(asOfMs: number): { label: string; sql: string }[] {
	return [
		{
			label: 'Materialising the file model',
			// One pass over the joins; every later scan reads this narrow, columnar table instead.
			sql: `CREATE OR REPLACE TABLE facts AS
SELECT folder, extension, size, created, modified, accessed, added, permissionSet, classification, service FROM files`
		},
		{
			label: 'Summarising files by type, size, age and folder',
			// GROUPING SETS: the fine cube and the per-folder totals come from a single scan.
			sql: `CREATE OR REPLACE TABLE s_grouped AS
SELECT grouping(folder) AS byCube, extension, sizeBand, ageBand, addedMonth, folder,
	count(*) AS files, sum(size) AS bytes, count(size) AS sized, count(modified) AS dated,
	min(modified) AS minModified, max(modified) AS maxModified
FROM (
	SELECT extension, folder, size, modified,
		${bandCase('size', SIZE_BANDS)} AS sizeBand,
		${ageBandCase('modified', asOfMs)} AS ageBand,
		CAST(date_trunc('month', added) AS DATE) AS addedMonth
	FROM facts
)
GROUP BY GROUPING SETS ((extension, sizeBand, ageBand, addedMonth), (folder))`
		},
		{
			label: 'Indexing the summary cube',
			sql: `CREATE OR REPLACE TABLE s_cube AS
SELECT extension, sizeBand, ageBand, addedMonth, files, bytes, sized, dated, minModified, maxModified
FROM s_grouped WHERE byCube = 1`
		},
		{
			label: 'Indexing folders',
			sql: `CREATE OR REPLACE TABLE s_folder AS
SELECT folder, files, bytes FROM s_grouped WHERE byCube = 0;
DROP TABLE s_grouped`
		},
		{
			label: 'Computing the median size',
			sql: `CREATE OR REPLACE TABLE s_stats AS SELECT quantile_disc(size, 0.5) AS medianSize FROM facts`
		}
	];
}

export interface Kpis {
	files: number;
	bytes: number;
	folders: number;
	extensions: number;
	oldestModified: number | null;
	newestModified: number | null;
	averageSize: number | null;
	medianSize: number | null;
	invalidModified: number;
	nullSize: number;
}

export interface Bucket {
	key: string;
	files: number;
	bytes: number;
}

export interface SummaryResult {
	kind: 'summary';
	kpis: Kpis;
	topByBytes: Bucket[];
	topByFiles: Bucket[];
	sizeBands: Bucket[];
	ageBands: Bucket[];
	addedPerMonth: Bucket[];
}

/** Each query reads the summary tables only. */
export const SUMMARY_QUERIES = {
	kpis: `SELECT
	coalesce(sum(files), 0)::BIGINT AS files,
	coalesce(sum(bytes), 0)::BIGINT AS bytes,
	(SELECT count(*) FROM s_folder WHERE folder IS NOT NULL) AS folders,
	count(DISTINCT extension) FILTER (WHERE extension <> '') AS extensions,
	epoch_ms(min(minModified)) AS oldestModified,
	epoch_ms(max(maxModified)) AS newestModified,
	sum(bytes) / nullif(sum(sized), 0) AS averageSize,
	(SELECT medianSize FROM s_stats) AS medianSize,
	(coalesce(sum(files), 0) - coalesce(sum(dated), 0))::BIGINT AS invalidModified,
	(coalesce(sum(files), 0) - coalesce(sum(sized), 0))::BIGINT AS nullSize
FROM s_cube`,
	topByBytes: `SELECT extension AS key, sum(files)::BIGINT AS files, coalesce(sum(bytes), 0)::BIGINT AS bytes
FROM s_cube GROUP BY 1 ORDER BY bytes DESC, key LIMIT 15`,
	topByFiles: `SELECT extension AS key, sum(files)::BIGINT AS files, coalesce(sum(bytes), 0)::BIGINT AS bytes
FROM s_cube GROUP BY 1 ORDER BY files DESC, key LIMIT 15`,
	sizeBands: `SELECT sizeBand AS key, sum(files)::BIGINT AS files, coalesce(sum(bytes), 0)::BIGINT AS bytes
FROM s_cube WHERE sizeBand IS NOT NULL GROUP BY 1 ORDER BY 1`,
	ageBands: `SELECT ageBand AS key, sum(files)::BIGINT AS files, coalesce(sum(bytes), 0)::BIGINT AS bytes
FROM s_cube WHERE ageBand IS NOT NULL GROUP BY 1 ORDER BY 1`,
	addedPerMonth: `SELECT strftime(addedMonth, '%Y-%m') AS key, sum(files)::BIGINT AS files, coalesce(sum(bytes), 0)::BIGINT AS bytes
FROM s_cube WHERE addedMonth IS NOT NULL GROUP BY 1 ORDER BY 1`
} as const;
