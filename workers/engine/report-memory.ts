/**
 * The report tables held in typed arrays (src/lib/model/aggregate-memory.ts answers from them): the
 * cubes the report build just summed are kept as they come; any other table is read from DuckDB the
 * first time a question needs it, when it is small enough. A page's filter change then costs a pass
 * over the arrays, no DuckDB at all.
 */
import type { Table } from 'apache-arrow';
import { isTextDimension } from '../../src/lib/model/dimensions';
import { NULL_CODE, type CubeRows } from '../../src/lib/model/cube-accumulate';
import { dictionaryOf, type Dictionaries, type HeldTable } from '../../src/lib/model/aggregate-memory';
import { dictTable, TEXT_CODED } from '../../src/lib/model/report-build';
import type { Source } from '../../src/lib/model/sources';
import type { DuckDBHost, Row } from './duckdb';

/** Rows a table may have to be held: a pass over more costs more than the SQL path saves. */
export const MAX_HELD_ROWS = 1_500_000;
/** Rows held over all tables (about 40 bytes a row): past it the least recently used go. */
const HELD_BUDGET_ROWS = 4_000_000;

/** Statement answers kept (small ones only): a page asks its parts that ignore the filters again at every filter change. */
const ANSWERS_KEPT = 200;
const ANSWER_ROWS_KEPT = 2_000;

export class ReportMemory {
	private readonly held = new Map<string, HeldTable>();
	private used = 0;
	private readonly answers = new Map<string, Row[]>();

	private constructor(readonly dicts: Dictionaries) {}

	static async load(host: DuckDBHost, built?: CubeRows[]): Promise<ReportMemory> {
		const dicts: Dictionaries = {};
		for (const d of TEXT_CODED) {
			const rows = await host.rows(`SELECT code, value FROM ${dictTable(d)} ORDER BY code`, undefined, 10_000_000);
			const values: (string | null)[] = [null];
			for (const r of rows) values[Number(r.code)] = r.value === null ? null : String(r.value);
			dicts[d] = dictionaryOf(values);
		}
		const memory = new ReportMemory(dicts);
		for (const cube of built ?? []) if (cube.rows <= MAX_HELD_ROWS) memory.keep(cube.table, fromCubeRows(cube));
		return memory;
	}

	private keep(table: string, t: HeldTable): void {
		this.held.set(table, t);
		this.used += t.rows;
		for (const [name, old] of this.held) {
			if (this.used <= HELD_BUDGET_ROWS || name === table) break;
			this.held.delete(name);
			this.used -= old.rows;
		}
	}

	/**
	 * A statement's rows, read once: the tables a report statement reads are fixed for the life of
	 * the build (a new build makes a new ReportMemory), so the same text gives the same rows. A part
	 * that does not depend on the filters (an export table's list, the cost per service) is then
	 * answered at once on every filter change after the first.
	 */
	async answer(statement: string, read: () => Promise<Row[]>): Promise<Row[]> {
		const have = this.answers.get(statement);
		if (have) {
			this.answers.delete(statement);
			this.answers.set(statement, have);
			return have;
		}
		const rows = await read();
		if (rows.length <= ANSWER_ROWS_KEPT) {
			this.answers.set(statement, rows);
			if (this.answers.size > ANSWERS_KEPT) this.answers.delete(this.answers.keys().next().value!);
		}
		return rows;
	}

	/** The table in arrays, read now if needed; null when it is too large to hold. */
	async table(host: DuckDBHost, source: Source, rows: number | undefined, signal?: AbortSignal): Promise<HeldTable | null> {
		const have = this.held.get(source.table);
		if (have) {
			// Most recently used last.
			this.held.delete(source.table);
			this.held.set(source.table, have);
			return have;
		}
		if (source.scan || rows === undefined || rows > MAX_HELD_ROWS) return null;
		const t = fromArrow(await host.run(loadSql(source), signal), source);
		this.keep(source.table, t);
		return t;
	}
}

/** A summed cube is already in the held shape: its columns are kept, not copied. */
const fromCubeRows = (cube: CubeRows): HeldTable => ({ rows: cube.rows, dims: cube.dims, measures: cube.measures });

/** A table as the arrays expect it: dimensions as Int32 codes or values, measures as doubles. */
function loadSql(source: Source): string {
	const dims = source.dims.map((d) => {
		if (!isTextDimension(d) || source.coded) return `coalesce(CAST(t.${d} AS INTEGER), ${NULL_CODE}) AS ${d}`;
		return `coalesce(j_${d}.code, ${NULL_CODE}) AS ${d}`;
	});
	const measures = source.measures.map((m) => {
		const col = m === 'minModified' || m === 'maxModified' ? `epoch_ms(t.${m})` : `t.${m}`;
		return `coalesce(CAST(${col} AS DOUBLE), 'nan'::DOUBLE) AS ${m}`;
	});
	const joins = source.coded ? [] : source.dims.filter(isTextDimension).map((d) => `LEFT JOIN ${dictTable(d)} j_${d} ON j_${d}.value = t.${d}`);
	return `SELECT ${[...dims, ...measures].join(', ')} FROM ${source.table} t ${joins.join(' ')}`;
}

function fromArrow(t: Table, source: Source): HeldTable {
	const dims: HeldTable['dims'] = {};
	for (const d of source.dims) dims[d] = (t.getChild(d)?.toArray() as Int32Array | undefined) ?? new Int32Array(0);
	const measures: HeldTable['measures'] = {};
	for (const m of source.measures) measures[m] = (t.getChild(m)?.toArray() as Float64Array | undefined) ?? new Float64Array(0);
	return { rows: t.numRows, dims, measures };
}
