/**
 * The tables and views of a dropped database that can be read at all. A view is stored as its SQL
 * and bound only when read: a view over a table that is gone, or over a column dropped since,
 * fails at the first query, deep inside the build, in DuckDB's words. Each is bound once here
 * (no rows read), so the person reads which table of which file cannot be read.
 */
import { EngineError } from '../../src/lib/engine/errors';
import { canonicalTableName, type ExportShape } from '../../src/lib/model/shape';
import { ident, str } from '../../src/lib/model/sql';
import { duckdbText, type DuckDBHost } from './duckdb';

/**
 * Bind every table of `shape` that lives in `catalog`. One the model needs (an Aparavi table) that
 * cannot be bound is an error naming it; any other is left out of the shape, with a note.
 */
export async function checkReadable(host: DuckDBHost, shape: ExportShape, catalog: string, file: string, signal?: AbortSignal): Promise<string[]> {
	const kinds = new Map(
		(await host.rows(`SELECT table_schema, table_name, table_type FROM information_schema.tables WHERE table_catalog = ${str(catalog)}`, signal)).map((r) => [
			`${ident(catalog)}.${ident(String(r.table_schema))}.${ident(String(r.table_name))}`,
			String(r.table_type) === 'VIEW' ? 'view' : 'table'
		])
	);
	const notes: string[] = [];
	for (const [name, table] of [...shape.tables.entries()]) {
		const kind = kinds.get(table.ref);
		if (!kind) continue;
		try {
			await host.exec(`SELECT * FROM ${table.ref} LIMIT 0`, signal);
		} catch (e) {
			if (e instanceof EngineError && e.code === 'cancelled') throw e;
			const words = duckdbText(e instanceof EngineError && e.cause !== undefined ? e.cause : e);
			if (canonicalTableName(name)) {
				throw new EngineError(
					'broken-view',
					`The ${kind} ${name} in ${file} cannot be read: it refers to a table or column that is not in the file.`,
					'The export looks incomplete: export it again. DuckDB’s own words below name what is missing.',
					words,
					{ cause: e, file }
				);
			}
			shape.tables.delete(name);
			notes.push(`The ${kind} ${name} in ${file} was left out: it refers to a table or column that is not in the file.`);
		}
	}
	return notes;
}
