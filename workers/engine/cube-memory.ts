/**
 * Loading the summary tables the Summary's fast phase reads into typed arrays
 * (src/lib/model/cube-answer.ts), so a cross-filter click is answered without DuckDB. Null when
 * holding them would not pay or would not be exact: the SQL path answers then.
 */
import type { Table } from 'apache-arrow';
import { DIMENSIONS, type Dimension } from '../../src/lib/model/filters';
import {
	dictionarySql,
	dictionaryTable,
	EXACT_LIMIT,
	hasKpiMeasures,
	MAX_MEMORY_ROWS,
	MEMORY_SOURCES,
	memoryCheckSql,
	tableLoadSql,
	type CubeColumns,
	type CubeMemory
} from '../../src/lib/model/cube-answer';
import type { DuckDBHost } from './duckdb';

/** A column of a result as the typed array it must be (Arrow gives exactly these for non-null columns). */
function column<T extends Int32Array | Uint32Array | Float64Array>(table: Table, name: string, type: { new (n: number): T }): T {
	if (table.numRows === 0) return new type(0);
	const values = table.getChild(name)?.toArray();
	if (!(values instanceof type)) throw new Error(`cube memory: ${name} is not a ${type.name}`);
	return values;
}

export async function loadCubeMemory(host: DuckDBHost, signal?: AbortSignal): Promise<CubeMemory | null> {
	const [check] = await host.rows(memoryCheckSql(), signal);
	if (Number(check.rows) > MAX_MEMORY_ROWS || Number(check.bytes) >= EXACT_LIMIT) return null;
	const dims = DIMENSIONS.filter((d) => MEMORY_SOURCES.some((s) => s.dims.includes(d)));
	const dictionaries = {} as Record<Dimension, (string | number | null)[]>;
	try {
		for (const d of dims) {
			await host.exec(dictionarySql(d), signal);
			const values = await host.rows(`SELECT v FROM ${dictionaryTable(d)} ORDER BY c`, signal, MAX_MEMORY_ROWS);
			dictionaries[d] = [null, ...values.map((r) => r.v as string | number)];
		}
		const tables: Record<string, CubeColumns> = {};
		for (const source of MEMORY_SOURCES) {
			const t = await host.run(tableLoadSql(source), signal);
			const columns: CubeColumns = {
				rows: t.numRows,
				dims: Object.fromEntries(source.dims.map((d) => [d, column(t, d, Int32Array)])),
				files: column(t, 'files', Uint32Array),
				bytes: column(t, 'bytes', Float64Array)
			};
			if (hasKpiMeasures(source)) {
				columns.sized = column(t, 'sized', Uint32Array);
				columns.dated = column(t, 'dated', Uint32Array);
				columns.minMs = column(t, 'minMs', Float64Array);
				columns.maxMs = column(t, 'maxMs', Float64Array);
			}
			tables[source.table] = columns;
		}
		return { dictionaries, tables, folders: Number(check.folders), medianSize: check.medianSize === null || check.medianSize === undefined ? null : Number(check.medianSize) };
	} finally {
		for (const d of dims) await host.exec(`DROP TABLE IF EXISTS ${dictionaryTable(d)}`).catch(() => {});
	}
}
