/**
 * How a listing writes its times (docs/MODEL.md, "Generic inventories"): epoch numbers (find's
 * `%T@`, with a fraction), ISO text, or a locale's dates (`1/15/2024 3:04:05 PM` from PowerShell,
 * `15.01.2024 14:05` from a German TreeSize, `2026/05/21 18:00:00` from WizTree). Decided from a
 * sample of the column's values; read in SQL. A date such as 03/04/2024 with nothing to tell day
 * from month is asked, not guessed.
 */
import type { TimeUnit } from '../dataset';
import { cleanTime, EARLIEST_VALID_MS, latestValidMs } from '../times';
import { num, str } from '../sql';
import { epochUnitOf } from './values';

export type EpochUnit = 'seconds' | 'milliseconds' | 'microseconds';

export type TimeRead =
	/** A typed column the model already reads (TIMESTAMP, or integer epochs voted per column). */
	| { kind: 'typed'; unit: TimeUnit }
	/**
	 * Epoch numbers, possibly with a fraction, truncated to the millisecond. `text`: written as text
	 * (find's %T@ has ten decimals), read digit by digit so no rounding can carry 23:59:59.9999999999
	 * into the next second, day or year.
	 */
	| { kind: 'epoch'; unit: EpochUnit; text?: boolean }
	/** ISO 8601 text; with `offsets`, some values carry a zone offset that is applied. */
	| { kind: 'iso'; offsets: boolean }
	/** Dates in a locale's order: strptime formats tried in turn. */
	| { kind: 'pattern'; formats: string[] };

export type DateOrder = 'dmy' | 'mdy';

export interface TimeDecision {
	read: TimeRead | null;
	/** Dates like 03/04/2024 where nothing tells day from month: the person chooses. */
	ambiguousOrder: boolean;
	/** How the values were read, for the note (null when plain: ISO or typed). */
	described: string | null;
	/** A few values as written. */
	examples: string[];
}

const EPOCH = /^[+-]?\d+(\.\d+)?$/;
const ISO = /^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?\s?(Z|[+-]\d{2}:?\d{2})?$/;
const YMD = /^(\d{4})([/.])(\d{1,2})\2(\d{1,2})(.*)$/;
const DMY = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(.*)$/;
const CLOCK = /^(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(\s?[AaPp]\.?[Mm]\.?)?)?$/;

/** strptime formats for the time after a date, as the samples write it. */
function clockFormats(rests: string[]): string[] {
	const seconds = rests.some((r) => /:\d{2}:\d{2}/.test(r));
	const minutes = rests.some((r) => /^\D\d{1,2}:\d{2}(\D|$)/.test(r) && !/:\d{2}:\d{2}/.test(r));
	const ampm = rests.some((r) => /[AaPp]\.?[Mm]/.test(r));
	const out: string[] = [];
	for (const sep of [' ', 'T']) {
		if (!rests.some((r) => r.startsWith(sep))) continue;
		if (ampm) {
			if (seconds) out.push(`${sep}%I:%M:%S %p`, `${sep}%I:%M:%S%p`);
			if (minutes || !seconds) out.push(`${sep}%I:%M %p`, `${sep}%I:%M%p`);
		}
		if (seconds) out.push(`${sep}%H:%M:%S`);
		if (minutes || !seconds) out.push(`${sep}%H:%M`);
	}
	out.push('');
	return out;
}

/**
 * Decide how text times are written from a sample of non-empty values. `order` is the person's
 * answer when a previous decision found the day and month order ambiguous.
 */
export function decideTextTimes(values: string[], order?: DateOrder | null): TimeDecision {
	const texts = values.map((v) => v.trim()).filter((v) => v !== '');
	const examples = texts.slice(0, 3);
	if (texts.length === 0) return { read: null, ambiguousOrder: false, described: null, examples };
	const count = (re: RegExp) => texts.filter((t) => re.test(t)).length;
	const epochs = count(EPOCH);
	const iso = count(ISO);
	const ymd = count(YMD);
	const dmy = count(DMY);
	const best = Math.max(epochs, iso, ymd, dmy);
	if (best === 0) return { read: null, ambiguousOrder: false, described: null, examples };
	if (best === epochs) {
		const votes = { seconds: 0, milliseconds: 0, microseconds: 0 };
		for (const t of texts) {
			const u = EPOCH.test(t) ? epochUnitOf(Number(t)) : null;
			if (u) votes[u]++;
		}
		const unit = (Object.keys(votes) as EpochUnit[]).reduce((a, b) => (votes[b] > votes[a] ? b : a), 'milliseconds');
		return { read: { kind: 'epoch', unit, text: true }, ambiguousOrder: false, described: `epoch ${unit}`, examples };
	}
	if (best === iso) {
		const offsets = texts.some((t) => /[+-]\d{2}:?\d{2}$/.test(t));
		return { read: { kind: 'iso', offsets }, ambiguousOrder: false, described: null, examples };
	}
	if (best === ymd) {
		const matches = texts.map((t) => YMD.exec(t)).filter((m) => m !== null);
		const sep = matches[0]![2];
		const date = `%Y${sep}%m${sep}%d`;
		return { read: { kind: 'pattern', formats: clockFormats(matches.map((m) => m[5])).map((c) => date + c) }, ambiguousOrder: false, described: `year${sep}month${sep}day`, examples };
	}
	const matches = texts.map((t) => DMY.exec(t)).filter((m) => m !== null);
	const sep = matches[0]![2];
	const firstOver12 = matches.some((m) => Number(m[1]) > 12);
	const secondOver12 = matches.some((m) => Number(m[3]) > 12);
	let chosen: DateOrder | null = order ?? null;
	let ambiguousOrder = false;
	if (!chosen) {
		if (firstOver12 && !secondOver12) chosen = 'dmy';
		else if (secondOver12 && !firstOver12) chosen = 'mdy';
		// Dots and dashes between day, month and year are day-first wherever they are written.
		else if (sep !== '/') chosen = 'dmy';
		else ambiguousOrder = true;
	}
	if (!chosen) return { read: null, ambiguousOrder, described: null, examples };
	const date = chosen === 'dmy' ? `%d${sep}%m${sep}%Y` : `%m${sep}%d${sep}%Y`;
	return {
		read: { kind: 'pattern', formats: clockFormats(matches.map((m) => m[5])).map((c) => date + c) },
		ambiguousOrder: false,
		described: chosen === 'dmy' ? `day${sep}month${sep}year` : `month${sep}day${sep}year`,
		examples
	};
}

/** Epoch numbers of typed numeric values (a Parquet DOUBLE of find's %T@): the unit by majority. */
export function decideEpochNumbers(values: number[]): TimeRead {
	const votes = { seconds: 0, milliseconds: 0, microseconds: 0 };
	for (const v of values) {
		const u = epochUnitOf(v);
		if (u) votes[u]++;
	}
	const unit = (Object.keys(votes) as EpochUnit[]).reduce((a, b) => (votes[b] > votes[a] ? b : a), 'milliseconds');
	return { kind: 'epoch', unit };
}

const MS_PER: Record<EpochUnit, number> = { seconds: 1000, milliseconds: 1, microseconds: 0.001 };

/**
 * Epoch milliseconds of a decimal text, by its digits: the whole part, then the fraction's first
 * digits (none for a sign or anything but digits: NULL). `1703980799.9999999999` s →
 * 1703980799999 ms, where a DOUBLE would round it to the next second.
 */
function epochTextMsSql(expr: string, unit: EpochUnit): string {
	const t = `trim(CAST(${expr} AS VARCHAR))`;
	// String functions and casts only, no regex per row; anything but digits makes a cast NULL.
	const whole = `TRY_CAST(split_part(${t}, '.', 1) AS BIGINT)`;
	switch (unit) {
		case 'seconds':
			return `(${whole} * 1000 + TRY_CAST(substr(split_part(${t}, '.', 2) || '000', 1, 3) AS BIGINT))`;
		case 'milliseconds':
			return whole;
		case 'microseconds':
			return `(${whole} // 1000)`;
	}
}

/**
 * A cleaned TIMESTAMP (junk → NULL, as docs/MODEL.md "Times" says) for a raw column read as `read`.
 * Epochs are truncated to the millisecond, never rounded up into the next second or year.
 */
export function timeReadSql(expr: string, read: TimeRead, asOfMs: number): string {
	switch (read.kind) {
		case 'typed':
			return cleanTime(expr, read.unit, asOfMs);
		case 'epoch': {
			const ms = read.text ? epochTextMsSql(expr, read.unit) : `floor(TRY_CAST(${expr} AS DOUBLE) * ${MS_PER[read.unit]})`;
			return `CASE WHEN ${ms} >= ${num(EARLIEST_VALID_MS)} AND ${ms} <= ${num(latestValidMs(asOfMs))} THEN epoch_ms(CAST(${ms} AS BIGINT)) END`;
		}
		case 'iso': {
			if (!read.offsets) return cleanTime(`trim(CAST(${expr} AS VARCHAR))`, 'text', asOfMs);
			// The offset is applied: the instant in UTC, as every other time of the model.
			const ms = `epoch_ms(TRY_CAST(trim(CAST(${expr} AS VARCHAR)) AS TIMESTAMPTZ))`;
			return `CASE WHEN ${ms} >= ${num(EARLIEST_VALID_MS)} AND ${ms} <= ${num(latestValidMs(asOfMs))} THEN epoch_ms(${ms}) END`;
		}
		case 'pattern': {
			const t = `try_strptime(trim(CAST(${expr} AS VARCHAR)), [${read.formats.map((f) => str(f)).join(', ')}])`;
			return cleanTime(t, 'timestamp', asOfMs);
		}
	}
}
