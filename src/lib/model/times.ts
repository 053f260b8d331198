/**
 * Time columns: per-column unit detection and junk cleaning (docs/MODEL.md, "Times").
 * Real exports mix epoch seconds and milliseconds, and hold 0, negative and far-future junk.
 */
import type { TimeUnit } from './dataset';
import { DAY_MS } from './bands';
import { ident, num } from './sql';
import { BLOCK_SAMPLE_MIN_ROWS, blockSampleFrom } from './block-sample';

/** 1980-01-01T00:00:00Z: anything earlier is junk. */
export const EARLIEST_VALID_MS = 315_532_800_000;

/**
 * The far-future cut-off: a time more than a year after the moment the export was opened is junk.
 * The moment of opening, never the as-of instant: `?asof=` moves where ages are measured from, it
 * must not turn real times after it into junk.
 */
export const latestValidMs = (openedMs: number): number => openedMs + 365 * DAY_MS;

const INTEGER_TYPES = /^(BIGINT|INTEGER|SMALLINT|TINYINT|HUGEINT|UBIGINT|UINTEGER|USMALLINT|UTINYINT|DOUBLE|FLOAT|DECIMAL.*|REAL)$/;

/** How a column of this DuckDB type holds time, before looking at its values. */
export function timeKindOfType(type: string): 'epoch' | 'timestamp' | 'text' {
	const t = type.toUpperCase();
	if (t.startsWith('TIMESTAMP') || t === 'DATE') return 'timestamp';
	if (INTEGER_TYPES.test(t)) return 'epoch';
	return 'text';
}

/**
 * Select list that counts a column's values per epoch unit range: three columns per input. A column
 * of text (`texts[i]`: a CSV read as text, a Parquet column of strings) also counts the values that
 * read as a date and time (`ts<i>`): text may hold epoch numbers or dates (timeUnitOfText).
 */
export function unitVoteSelect(columns: string[], texts: readonly boolean[] = []): string {
	return columns
		.map((c, i) => {
			const v = `TRY_CAST(${ident(c)} AS BIGINT)`;
			return [
				`count_if(${v} >= 100000000 AND ${v} < 100000000000) AS s${i}`,
				`count_if(${v} >= 100000000000 AND ${v} < 100000000000000) AS ms${i}`,
				`count_if(${v} >= 100000000000000 AND ${v} < 100000000000000000) AS us${i}`,
				...(texts[i] ? [`count(${textToTimestamp(ident(c))}) AS ts${i}`] : [])
			].join(', ');
		})
		.join(', ');
}

/** A table up to this many rows votes with every row; a larger one with a sample of blocks of rows. */
export const UNIT_VOTE_EVERY_ROW = BLOCK_SAMPLE_MIN_ROWS;
/** Values a large table votes with: a majority of a quarter of a million decides a unit as the whole column does. */
export const UNIT_VOTE_SAMPLE_ROWS = 262_144;

/**
 * The vote over a table's time columns (unitVoteSelect): every row of a small table; of a large one
 * a sample of whole blocks spread over it (src/lib/model/block-sample.ts). `sampled` is null when
 * the table is read whole; else it is the statement to try first (a relation that cannot be sampled
 * refuses it, and the whole vote runs instead).
 */
export function unitVoteSql(columns: string[], texts: readonly boolean[], ref: string, totalRows: number): { whole: string; sampled: string | null } {
	const votes = unitVoteSelect(columns, texts);
	const whole = `SELECT ${votes} FROM ${ref}`;
	if (totalRows <= UNIT_VOTE_EVERY_ROW) return { whole, sampled: null };
	return { whole, sampled: `SELECT ${votes} FROM ${blockSampleFrom(ref, totalRows, UNIT_VOTE_SAMPLE_ROWS)}` };
}

/** A text column holds epoch numbers when more of its values are those than dates: then by the majority rule. */
export function timeUnitOfText(seconds: number, millis: number, micros: number, dates: number): TimeUnit {
	return seconds + millis + micros > dates ? unitFromVotes(seconds, millis, micros) : 'text';
}

/** Any value as a TIMESTAMP when its text reads as one (a TIME, a list, a blob do not): NULL otherwise. */
const textToTimestamp = (expr: string) => `TRY_CAST(CAST(${expr} AS VARCHAR) AS TIMESTAMP)`;

/** The majority rule: most values win; a tie goes to milliseconds, then seconds. */
export function unitFromVotes(seconds: number, millis: number, micros: number): TimeUnit {
	if (millis >= seconds && millis >= micros) return 'milliseconds';
	if (seconds >= micros) return 'seconds';
	return 'microseconds';
}

/** A TIMESTAMP expression for a raw time column, with junk turned to NULL (`openedMs`: see latestValidMs). */
export function cleanTime(expr: string, unit: TimeUnit, openedMs: number): string {
	const latest = latestValidMs(openedMs);
	const v = `TRY_CAST(${expr} AS BIGINT)`;
	switch (unit) {
		case 'seconds':
			return `CASE WHEN ${v} >= ${num(EARLIEST_VALID_MS / 1000)} AND ${v} <= ${num(Math.floor(latest / 1000))} THEN epoch_ms(${v} * 1000) END`;
		case 'milliseconds':
			return `CASE WHEN ${v} >= ${num(EARLIEST_VALID_MS)} AND ${v} <= ${num(latest)} THEN epoch_ms(${v}) END`;
		case 'microseconds':
			return `CASE WHEN ${v} >= ${num(EARLIEST_VALID_MS * 1000)} AND ${v} <= ${num(latest * 1000)} THEN epoch_ms(${v} // 1000) END`;
		case 'timestamp':
		case 'text': {
			const t = unit === 'text' ? textToTimestamp(expr) : `CAST(${expr} AS TIMESTAMP)`;
			return `CASE WHEN epoch_ms(${t}) >= ${num(EARLIEST_VALID_MS)} AND epoch_ms(${t}) <= ${num(latest)} THEN ${t} END`;
		}
	}
}
