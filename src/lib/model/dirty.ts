/**
 * Values the model could not read, counted for the person (docs/ROBUSTNESS.md, "Dirty columns").
 * The model never refuses a column for its type: a size or time that does not cast (text in a
 * number column, "n/a", a size of 2^63 − 1) becomes unknown. These notes say how many values of
 * which column that was, with examples, so unknown figures are never silent.
 *
 * The scan reads only the columns concerned, and only when there is something to explain: a column
 * of text (or of another type than the model expects) is always checked; a numeric size column
 * only when some files have no known size.
 */
import type { CleaningNote, TimeUnit } from './dataset';
import type { ExportShape } from './shape';
import { isNumericType, MAX_FILE_BYTES } from './files-view';
import { timeKindOfType } from './times';
import { formatBytes, formatCount } from '../format';
import { ident } from './sql';

/** The columns of an Aparavi export the model reads as sizes and times. */
export const APARAVI_VALUE_COLUMNS = [
	{ table: 'instances', column: 'size', reads: 'size' },
	{ table: 'objects', column: 'primarySize', reads: 'size' },
	{ table: 'instances', column: 'modifyTime', reads: 'time' },
	{ table: 'instances', column: 'createTime', reads: 'time' },
	{ table: 'instances', column: 'accessTime', reads: 'time' },
	{ table: 'objects', column: 'createdAt', reads: 'time' }
] as const;

export interface ValueCheck {
	table: string;
	/** The column as the export spells it. */
	column: string;
	reads: 'size' | 'time';
	/** For a time column: the unit the model reads it in (an epoch unit, or text). */
	unit?: TimeUnit;
	/** The column holds numbers already: only sizes out of range can be wrong. */
	numeric: boolean;
}

/** Which of `columns` (table, column, what it holds) need a check, given what the open found unknown. */
export function valueChecks(
	shape: ExportShape,
	columns: readonly { table: string; column: string; reads: 'size' | 'time' }[],
	units: Record<string, TimeUnit>,
	found: { unsized: number }
): ValueCheck[] {
	const out: ValueCheck[] = [];
	for (const { table, column, reads } of columns) {
		const c = shape.column(table, column);
		if (!c) continue;
		const numeric = isNumericType(c.type);
		if (reads === 'size' && (!numeric || found.unsized > 0)) out.push({ table, column: c.name, reads, numeric });
		if (reads === 'time' && !numeric && timeKindOfType(c.type) !== 'timestamp') out.push({ table, column: c.name, reads, numeric, unit: units[`${table}.${column}`] ?? 'text' });
	}
	return out;
}

/** One scan of `table` counting, per check, the values that could not be read, with two examples and the largest size. */
export function valueCheckSql(ref: string, checks: readonly ValueCheck[]): string {
	const select = checks.flatMap((check, i) => {
		const col = ident(check.column);
		/** The values present that do not read as `parsed`: how many, and two examples. */
		const unreadable = (parsed: string) => {
			const bad = `nullif(trim(CAST(${col} AS VARCHAR)), '') IS NOT NULL AND ${parsed} IS NULL`;
			return [`count_if(${bad}) AS bad${i}`, `min(CAST(${col} AS VARCHAR)) FILTER (WHERE ${bad}) AS ex${i}a`, `max(CAST(${col} AS VARCHAR)) FILTER (WHERE ${bad}) AS ex${i}b`];
		};
		/** Sizes no file can have: above MAX_FILE_BYTES (with the largest) or below zero. */
		const outOfRange = (n: string) => [`count_if(${n} > ${MAX_FILE_BYTES}) AS big${i}`, `max(${n}) FILTER (WHERE ${n} > ${MAX_FILE_BYTES}) AS largest${i}`, `count_if(${n} < 0) AS neg${i}`];
		if (check.reads === 'size') {
			// A number always reads as one: only its range can be wrong. No value is made text, which
			// for every row of a large export costs many times the scan itself.
			if (check.numeric) return [`0 AS bad${i}`, ...outOfRange(`CAST(${col} AS DOUBLE)`)];
			const n = `TRY_CAST(${col} AS DOUBLE)`;
			return [...unreadable(n), ...outOfRange(n)];
		}
		return unreadable(check.unit === 'text' || check.unit === 'timestamp' || !check.unit ? `TRY_CAST(CAST(${col} AS VARCHAR) AS TIMESTAMP)` : `TRY_CAST(${col} AS BIGINT)`);
	});
	return `SELECT ${select.join(', ')} FROM ${ref}`;
}

const quote = (v: unknown) => `“${String(v).length > 40 ? `${String(v).slice(0, 40)}…` : String(v)}”`;

/** The notes for one table's checks, from valueCheckSql's row. */
export function valueNotes(table: string, checks: readonly ValueCheck[], row: Record<string, unknown>): CleaningNote[] {
	const notes: CleaningNote[] = [];
	checks.forEach((check, i) => {
		const where = `${table}.${check.column}`;
		const bad = Number(row[`bad${i}`] ?? 0);
		if (bad > 0) {
			const examples = [...new Set([row[`ex${i}a`], row[`ex${i}b`]].filter((v) => v !== null && v !== undefined))].map(quote);
			const values = `${formatCount(bad)} ${bad === 1 ? 'value' : 'values'}`;
			const not = check.reads === 'size' ? (bad === 1 ? 'is not a number' : 'are not numbers') : bad === 1 ? 'is not a time' : 'are not times';
			const read = check.reads === 'size' ? 'unknown sizes' : 'unknown times';
			notes.push({
				key: `unreadable:${where}`,
				count: bad,
				text: `${where} holds ${values} that ${not} (${examples.length > 1 ? `such as ${examples.join(' and ')}` : examples[0]}): ${bad === 1 ? 'it was' : 'they were'} read as ${read}.`
			});
		}
		if (check.reads !== 'size') return;
		const big = Number(row[`big${i}`] ?? 0);
		if (big > 0) {
			const largest = Number(row[`largest${i}`]);
			notes.push({
				key: `tooLarge:${where}`,
				count: big,
				text: `${where} holds ${formatCount(big)} ${big === 1 ? 'size' : 'sizes'} above ${formatBytes(MAX_FILE_BYTES)} (the largest ${Number.isFinite(largest) ? `${formatCount(largest)} bytes` : 'not even a finite number'}), more than any single file holds: ${big === 1 ? 'it was' : 'they were'} taken as junk and read as unknown sizes.`
			});
		}
		const negative = Number(row[`neg${i}`] ?? 0);
		if (negative > 0) {
			notes.push({ key: `negative:${where}`, count: negative, text: `${where} holds ${formatCount(negative)} negative ${negative === 1 ? 'size' : 'sizes'}: read as unknown.` });
		}
	});
	return notes;
}
