/**
 * Metadata Insights: which Apache Tika fields the files carry (instances.metadata, a flat JSON
 * object as text), per type category, on a uniform sample of the files.
 *
 * DuckDB-WASM 1.32 ships without the json extension (json_keys / json_extract are not in its
 * catalog, and the app never downloads extensions), so the pairs are read with a regular
 * expression that walks the object's `"key": value` pairs left to right. Each match consumes its
 * value, so a `"x":` inside a string value is never taken for a key. This is exact for the flat
 * objects Aparavi writes; nested objects or arrays would be read as opaque values.
 *
 * The sample: up to SAMPLE_SIZE files drawn uniformly (reservoir, fixed seed) from the files the
 * filters keep; their current instances' metadata is joined on objectId (one scan of instances).
 */
import { categoryExpr } from '../categories';
import { ident, num } from '../sql';
import { measures } from './context';
import { METADATA_SAMPLE_TABLE } from '../metadata-sample';
import type { ReportDefinition } from './types';

export const SAMPLE_SIZE = 20_000;
export const SAMPLE_SEED = 42;

/** One `"key": value` pair: group 1 the key, group 2 the raw value (a quoted string or a bare token). */
export const PAIR_PATTERN = String.raw`"((?:[^"\\]|\\.)*)"\s*:\s*("(?:[^"\\]|\\.)*"|[^,}\s]+)`;

/** The raw value as text: quotes removed, the common escapes undone, capped for display. */
function valueText(raw: string): string {
	const unquoted = `CASE WHEN starts_with(${raw}, '"') THEN ${raw}[2:-2] ELSE ${raw} END`;
	return `left(replace(replace(replace(${unquoted}, '\\"', '"'), '\\/', '/'), '\\\\', '\\'), 120)`;
}

export const metadata: ReportDefinition = {
	id: 'metadata',
	statements(ctx) {
		// From Parquet the metadata of a sample of row groups is kept apart (../metadata-sample.ts).
		const partial = !ctx.shape.column('instances', 'metadata') && ctx.shape.column(METADATA_SAMPLE_TABLE, 'metadata') !== undefined;
		const source = partial ? METADATA_SAMPLE_TABLE : 'instances';
		const t = ctx.shape.table(source);
		const col = (c: string) => ctx.shape.column(source, c);
		const meta = col('metadata');
		const objectId = col('objectId');
		if (!t || !meta || !objectId) return { sample: null, fields: null, coverage: null };
		// Only files whose instances were read can be sampled, or their coverage would read as missing.
		const readable = partial ? ` AND objectId IN (SELECT ${ident(objectId.name)} FROM ${t.ref})` : '';
		const order = col('instanceId') ? `i.${ident(col('instanceId')!.name)}` : 'i.rowid';
		const deleted = col('deletedAt') ? `coalesce(TRY_CAST(i.${ident(col('deletedAt')!.name)} AS BIGINT), 0) = 0` : 'TRUE';
		const m = measures(ctx.cube);
		const pattern = `'${PAIR_PATTERN.replaceAll("'", "''")}'`;
		const sampled = `WITH s AS (
	SELECT objectId, category FROM (SELECT objectId, ${categoryExpr('extension')} AS category FROM facts WHERE ${ctx.where}${readable})
	USING SAMPLE reservoir(${num(SAMPLE_SIZE)} ROWS) REPEATABLE (${num(SAMPLE_SEED)})
),
cur AS (
	SELECT i.${ident(objectId.name)} AS objectId, arg_max(CAST(i.${ident(meta.name)} AS VARCHAR), ${order}) AS metadata
	FROM ${t.ref} AS i
	WHERE ${deleted} AND i.${ident(objectId.name)} IN (SELECT objectId FROM s)
	GROUP BY 1
),
pairs AS (
	SELECT s.objectId, s.category, regexp_extract_all(cur.metadata, ${pattern}, 1) AS ks, regexp_extract_all(cur.metadata, ${pattern}, 2) AS vs
	FROM s LEFT JOIN cur USING (objectId)
)`;
		return {
			/* The sample against the whole: files sampled and of those, with any metadata, per category. */
			sample: `${sampled}
SELECT category, count(*) AS files, count(*) FILTER (WHERE len(ks) > 0) AS withMetadata,
	(SELECT ${m.files} FROM ${ctx.cube} WHERE ${ctx.where}) AS population
FROM pairs GROUP BY 1 ORDER BY files DESC, category`,
			/*
			 * Per category and key: sampled files carrying the key and its most frequent value; with
			 * the per-key total over categories (category NULL). A key repeated in one object counts once.
			 */
			fields: `${sampled},
kv AS (SELECT objectId, category, unnest(ks) AS key, unnest(vs) AS raw FROM pairs WHERE len(ks) > 0),
one AS (SELECT objectId, category, key, min(${valueText('raw')}) AS value FROM kv GROUP BY ALL)
SELECT CASE WHEN grouping(category) = 1 THEN NULL ELSE category END AS category, key, count(*) AS files,
	mode(value) AS example, count(DISTINCT value) AS distinctValues
FROM one GROUP BY GROUPING SETS ((category, key), (key))
ORDER BY category NULLS FIRST, files DESC, key LIMIT 5000`,
			/* Which part of the export's instances the metadata was read from (Parquet: a sample of row groups). */
			coverage: partial
				? `SELECT (SELECT count(*) FROM ${t.ref}) AS readRows, (SELECT count(*) FROM ${ctx.shape.table('instances')?.ref ?? t.ref}) AS instanceRows,
	(SELECT count(*) FROM facts WHERE ${ctx.where}${readable}) AS readableFiles`
				: null
		};
	}
};
