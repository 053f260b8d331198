/**
 * What an export may not make the engine do: read anything but the files the person opened. The
 * engine itself refuses (workers/engine/duckdb.ts, lockDown: no extension, no file outside its own
 * directories, no URL); this module turns those refusals into messages that name the file and the
 * table, before DuckDB's own words would surface half-way through a build.
 */
import { EngineError } from '../../src/lib/engine/errors';
import { ident, str } from '../../src/lib/model/sql';
import type { DuckDBHost } from './duckdb';

/** The first bytes of an SQLite 3 database file. */
const SQLITE_MAGIC = 'SQLite format 3\u0000';

/** What the first bytes of a database file say it is. */
export function databaseKind(head: Uint8Array): 'duckdb' | 'sqlite' | 'unknown' {
	const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
	if (head.length >= 12 && ascii(8, 12) === 'DUCK') return 'duckdb';
	if (head.length >= 16 && ascii(0, 16) === SQLITE_MAGIC) return 'sqlite';
	return 'unknown';
}

/**
 * A SQLite database (often named `.db`) is not read: DuckDB would need its sqlite extension, which
 * it would fetch from DuckDB's extension site. Say what the file is and what to do with it.
 */
export function refuseForeignDatabase(head: Uint8Array, name: string): void {
	if (databaseKind(head) === 'sqlite') {
		throw new EngineError(
			'unsupported-file',
			`${name} is a SQLite database, not a DuckDB export.`,
			'Export it to DuckDB, Parquet or CSV first (for example with the sqlite3 tool: .mode csv, then one SELECT per table), and open that.'
		);
	}
}

/** The first 16 bytes of a dropped file. */
export async function headOf(file: Blob): Promise<Uint8Array> {
	return new Uint8Array(await file.slice(0, 16).arrayBuffer());
}

/** The first 16 bytes of a database the person asked for by URL (`?src=`), by a range request. */
export async function headAt(url: string, signal?: AbortSignal): Promise<Uint8Array> {
	try {
		const r = await fetch(url, { headers: { Range: 'bytes=0-15' }, signal, credentials: 'same-origin', cache: 'no-store' });
		return new Uint8Array((await r.arrayBuffer()).slice(0, 16));
	} catch {
		// Unreadable here: ATTACH says what is wrong with it.
		return new Uint8Array();
	}
}

/** DuckDB's words when the lock-down stopped a read: a file or URL outside the allowed ones, or an extension. */
const REFUSED = /file system operations are disabled by configuration|Loading external extensions is disabled|Missing Extension|but it exists in the \w+ extension|extension .* is not loaded|requires the .* extension/i;

/** An address or path a view's SQL reads, as written there (`read_csv('https://…')`). */
function targetIn(sql: string, error: string): string | null {
	const file = /Cannot access file "([^"]+)"/.exec(error)?.[1];
	if (file) return file;
	return /'([a-z][a-z0-9+.-]*:\/\/[^']*)'/i.exec(sql)?.[1] ?? null;
}

/**
 * Every view of the attached database `catalog` is bound once (`LIMIT 0` reads no rows). A view
 * over `read_csv('https://…')`, `read_parquet('http://…')` or a local path is refused by the engine
 * without any request; here it ends the open with a message naming the table and what it reads.
 * Other failures (a view over a missing table) are left to the steps that read the table.
 */
export async function refuseOutsideViews(host: DuckDBHost, catalog: string, name: string, signal?: AbortSignal): Promise<void> {
	const views = await host.rows(
		`SELECT schema_name, view_name, sql FROM duckdb_views() WHERE database_name = ${str(catalog)} AND NOT internal ORDER BY schema_name, view_name`,
		signal
	);
	for (const v of views) {
		const schema = String(v.schema_name);
		const view = String(v.view_name);
		try {
			await host.exec(`SELECT * FROM ${ident(catalog)}.${ident(schema)}.${ident(view)} LIMIT 0`, signal);
		} catch (e) {
			const text = e instanceof Error ? e.message : String(e);
			if (!REFUSED.test(text)) continue;
			const target = targetIn(String(v.sql ?? ''), text);
			const table = schema === 'main' ? view : `${schema}.${view}`;
			throw new EngineError(
				'unsupported-file',
				`Table ${table} in ${name} is a view that reads ${target ? target : 'through a DuckDB extension'}, outside the files you opened.`,
				'The dashboard never fetches anything but the files you open. Store the rows in the database (CREATE TABLE … AS SELECT …) or export them to Parquet or CSV, and open that.',
				`DuckDB said: ${text.split('\n')[0]}`
			);
		}
	}
}
