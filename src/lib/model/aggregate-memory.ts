/**
 * Aggregates answered from summary tables held in typed arrays (src/lib/model/aggregate.ts says
 * what an aggregate is): a report page's filter change costs one pass over a table of thousands of
 * rows in JavaScript, no DuckDB round trip. Same rows, same order as aggregateSql's.
 *
 * A held table has every dimension as Int32 (text dimensions as their `r_dict_<dim>` code, whose
 * order is DuckDB's order of the values; NULL as NULL_CODE) and every measure as Float64 (NaN for
 * NULL). Pure: the worker loads the arrays (workers/engine/report-memory.ts); tests can too.
 */
import { activeDimensions, monthNumber, selectedValues, windowOf, type Dimension, type Filters } from './filters';
import { isTextDimension, type AnyDimension } from './dimensions';
import { NULL_CODE } from './cube-accumulate';
import { MAX_AGGREGATE_ROWS, neededDimensions, type Aggregate } from './aggregate';
import type { AnyMeasure } from './sources';
import { EngineError } from '../engine/errors';

export interface HeldTable {
	rows: number;
	dims: Partial<Record<AnyDimension, Int32Array>>;
	measures: Partial<Record<AnyMeasure, Float64Array>>;
}

/** Per text dimension: the value of each code (index = code; 0 unused) and the code of each value. */
export interface Dictionary {
	values: (string | null)[];
	codes: Map<string, number>;
}

export type Dictionaries = Partial<Record<AnyDimension, Dictionary>>;

export function dictionaryOf(values: (string | null)[]): Dictionary {
	const codes = new Map<string, number>();
	values.forEach((v, code) => {
		if (code > 0 && v !== null) codes.set(v, code);
	});
	return { values, codes };
}

const COMBINE: Record<AnyMeasure, 'sum' | 'min' | 'max'> = {
	files: 'sum',
	bytes: 'sum',
	sized: 'sum',
	dated: 'sum',
	minModified: 'min',
	maxModified: 'max',
	minSize: 'min',
	maxSize: 'max',
	lastModified: 'max',
	lastAccessed: 'max',
	lastAdded: 'max'
};

/** Which values of a filter dimension pass: a predicate over the held Int32 value. */
function passes(f: Filters, dim: Dimension, dicts: Dictionaries): (v: number) => boolean {
	if (dim === 'modifiedMonth' || dim === 'addedMonth') {
		const w = windowOf(f, dim)!;
		const from = monthNumber(w.from);
		const to = monthNumber(w.to);
		return (v) => v !== NULL_CODE && v >= from && v <= to;
	}
	const values = selectedValues(f, dim);
	if (isTextDimension(dim)) {
		const codes = new Set(values.map((v) => dicts[dim]?.codes.get(v)).filter((c): c is number => c !== undefined));
		return (v) => codes.has(v);
	}
	const wanted = new Set(values.map(Number));
	return (v) => v !== NULL_CODE && wanted.has(v);
}

/**
 * The aggregate over a held table under the filters: one row per combination of `by` values that
 * has files (one row of totals when `by` is empty), ordered by the values, NULL last.
 */
export function answerAggregate(table: HeldTable, a: Aggregate, filters: Filters, dicts: Dictionaries): Record<string, string | number | null>[] {
	const filterDims = activeDimensions(filters, a.except);
	for (const d of neededDimensions(a, activeDimensions(filters))) if (!table.dims[d]) throw new Error(`held table lacks ${d}`);
	const tests = filterDims.map((d) => ({ values: table.dims[d]!, pass: passes(filters, d, dicts) }));
	// Each filter dimension has few distinct values: its verdict per value is computed once.
	const verdicts = tests.map(() => new Map<number, boolean>());
	const by = a.by.map((d) => table.dims[d]!);
	const measures = a.measures.map((m) => ({ m, values: table.measures[m]!, combine: COMBINE[m] }));
	const groups = new Map<string | number, number>();
	const keys: number[][] = [];
	const acc: number[][] = [];
	const n = table.rows;
	for (let i = 0; i < n; i++) {
		let ok = true;
		for (let k = 0; k < tests.length; k++) {
			const v = tests[k].values[i];
			let verdict = verdicts[k].get(v);
			if (verdict === undefined) verdicts[k].set(v, (verdict = tests[k].pass(v)));
			if (!verdict) {
				ok = false;
				break;
			}
		}
		if (!ok) continue;
		let key: string | number;
		if (by.length === 0) key = 0;
		else if (by.length === 1) key = by[0][i];
		else {
			key = '';
			for (let k = 0; k < by.length; k++) key += `${by[k][i]},`;
		}
		let g = groups.get(key);
		if (g === undefined) {
			g = keys.length;
			groups.set(key, g);
			keys.push(by.map((col) => col[i]));
			acc.push(measures.map((x) => (x.combine === 'sum' ? 0 : Number.NaN)));
		}
		const row = acc[g];
		for (let k = 0; k < measures.length; k++) {
			const v = measures[k].values[i];
			if (v !== v) continue;
			const c = measures[k].combine;
			if (c === 'sum') row[k] += v;
			else if (c === 'min') row[k] = row[k] <= v ? row[k] : v;
			else row[k] = row[k] >= v ? row[k] : v;
		}
	}
	if (by.length === 0 && keys.length === 0) {
		keys.push([]);
		acc.push(measures.map((x) => (x.combine === 'sum' ? 0 : Number.NaN)));
	}
	if (keys.length > MAX_AGGREGATE_ROWS) {
		throw new EngineError('too-large', `This chart would have ${keys.length.toLocaleString('en-US')} rows; the limit is ${MAX_AGGREGATE_ROWS.toLocaleString('en-US')}.`, 'Narrow the filters.');
	}
	const order = keys.map((_, i) => i);
	order.sort((x, y) => {
		for (let k = 0; k < by.length; k++) {
			const a1 = keys[x][k];
			const b1 = keys[y][k];
			if (a1 === b1) continue;
			if (a1 === NULL_CODE) return 1;
			if (b1 === NULL_CODE) return -1;
			return a1 - b1;
		}
		return 0;
	});
	return order.map((i) => {
		const out: Record<string, string | number | null> = {};
		a.by.forEach((d, k) => {
			const v = keys[i][k];
			out[d] = v === NULL_CODE ? null : isTextDimension(d) ? (dicts[d]?.values[v] ?? null) : v;
		});
		measures.forEach((x, k) => (out[x.m] = Number.isNaN(acc[i][k]) ? null : acc[i][k]));
		return out;
	});
}
