/**
 * Aggregates as data: "files and bytes per access tier and top folder, under these filters" is an
 * object, not SQL. The engine answers it from the smallest table that holds its dimensions
 * (src/lib/model/sources.ts): from typed arrays when that table is held in memory
 * (src/lib/model/aggregate-memory.ts), else by the SQL made here. Both give the same rows in the
 * same order: one per combination of the `by` values that has files, ordered by those values
 * ascending with NULL last.
 */
import { filterWhere, type Dimension, type Filters } from './filters';
import { isTextDimension, type AnyDimension, type CoreDimension, type DimensionValue } from './dimensions';
import { dictTable } from './report-build';
import type { AnyMeasure, Source } from './sources';

export interface Aggregate {
	/** What the rows are per: none (one row of totals), or a few dimensions. */
	by: readonly AnyDimension[];
	measures: readonly AnyMeasure[];
	/** A chart's own dimension: its filter is not applied, so every alternative stays drawn (crossfilter). */
	except?: CoreDimension;
}

/** A row of an aggregate: its `by` values and its measures. */
export type AggregateRow<D extends AnyDimension = AnyDimension, M extends AnyMeasure = AnyMeasure> = { [K in D]: DimensionValue<K> } & { [K in M]: number | null };

/** More rows than this (a by-dimension with hundreds of thousands of values) is refused, with a message. */
export const MAX_AGGREGATE_ROWS = 50_000;

/** The dimensions a source must hold to answer an aggregate under filters. */
export function neededDimensions(a: Aggregate, filterDims: readonly Dimension[]): AnyDimension[] {
	return [...new Set([...a.by, ...filterDims.filter((d) => d !== a.except)])];
}

/** How a measure is computed over a source's rows. */
function measureSql(m: AnyMeasure, source: Source): string {
	if (!source.scan) {
		switch (m) {
			case 'files':
			case 'bytes':
			case 'sized':
			case 'dated':
				return `coalesce(sum(${m}), 0)`;
			case 'minModified':
				return `epoch_ms(min(minModified))`;
			case 'maxModified':
				return `epoch_ms(max(maxModified))`;
			case 'minSize':
				return `min(minSize)`;
			default:
				return `max(${m})`;
		}
	}
	const files = source.table === 'r_files';
	switch (m) {
		case 'files':
			return 'count(*)';
		case 'bytes':
			return 'coalesce(sum(size), 0)';
		case 'sized':
			return 'count(size)';
		case 'dated':
			return files ? 'count(modifiedMs)' : 'count(modified)';
		case 'minModified':
			return files ? 'min(modifiedMs)' : 'epoch_ms(min(modified))';
		case 'maxModified':
		case 'lastModified':
			return files ? 'max(modifiedMs)' : 'epoch_ms(max(modified))';
		case 'lastAccessed':
			return files ? 'max(accessedMs)' : 'epoch_ms(max(accessed))';
		case 'lastAdded':
			return files ? 'max(addedMs)' : 'epoch_ms(max(added))';
		case 'minSize':
			return 'min(size)';
		case 'maxSize':
			return 'max(size)';
	}
}

/**
 * The aggregate over one source under the filters: values come back decoded (a coded table's text
 * dimensions are joined to their dictionaries), measures as numbers.
 */
export function aggregateSql(a: Aggregate, source: Source, filters: Filters): string {
	const where = filterWhere(filters, a.except, { coded: source.coded });
	const measures = a.measures.map((m) => `${measureSql(m, source)} AS ${m}`);
	if (a.by.length === 0) return `SELECT ${measures.join(', ')} FROM ${source.table} WHERE ${where}`;
	const grouped = `SELECT ${[...a.by, ...measures].join(', ')} FROM ${source.table} WHERE ${where} GROUP BY ${a.by.map((_, i) => i + 1).join(', ')}`;
	const coded = source.coded ? a.by.filter(isTextDimension) : [];
	const order = `ORDER BY ${a.by.map((d) => `${coded.includes(d) ? `${alias(d)}.value` : `g.${d}`} ASC NULLS LAST`).join(', ')}`;
	const cols = [...a.by.map((d) => (coded.includes(d) ? `${alias(d)}.value AS ${d}` : `g.${d}`)), ...a.measures.map((m) => `g.${m}`)];
	const joins = coded.map((d) => `LEFT JOIN ${dictTable(d)} ${alias(d)} ON ${alias(d)}.code = g.${d}`).join('\n');
	return `SELECT ${cols.join(', ')} FROM (${grouped}) g\n${joins}\n${order}`;
}

const alias = (d: AnyDimension) => `d_${d}`;
