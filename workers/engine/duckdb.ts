/**
 * The DuckDB-WASM host: boots the self-hosted bundle (never a CDN) and runs SQL with cancellation.
 * This is the only module that talks to DuckDB directly.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { DataType, Table } from 'apache-arrow';
import { EngineError } from '../../src/lib/engine/errors';
import { memoryLimitMb } from '../../src/lib/model/memory-plan';
import { ident, str } from '../../src/lib/model/sql';
import type { QueryLogEntry } from '../../src/lib/engine/protocol';

const BUNDLES: duckdb.DuckDBBundles = {
	mvp: { mainModule: mvpWasm, mainWorker: mvpWorker },
	eh: { mainModule: ehWasm, mainWorker: ehWorker }
};

export type Row = Record<string, unknown>;


/**
 * Where the engine's files live in DuckDB's file system, the only places it may open once it is
 * locked down (lockDown): the person's files (registered under INPUT_DIR), the files it writes for a
 * download (OUTPUT_DIR) and its own stores in the origin-private file system.
 */
export const INPUT_DIR = 'input/';
export const OUTPUT_DIR = 'output/';
const OPFS_DIR = 'opfs://';

/** How many query log entries to keep for the Performance panel. */
const LOG_LIMIT = 500;

export class DuckDBHost {
	private constructor(
		readonly db: duckdb.AsyncDuckDB,
		readonly conn: duckdb.AsyncDuckDBConnection,
		/** A second connection for quick probes (memory figures) that must not wait behind a long query. */
		private readonly probeConn: duckdb.AsyncDuckDBConnection,
		readonly worker: Worker,
		readonly version: string,
		readonly bundle: string,
		/** Where datasets can be stored: database files in OPFS, or memory when OPFS is unavailable. */
		readonly storage: 'opfs' | 'memory'
	) {}

	/** The OPFS files DuckDB holds for the attached dataset store (released when it is detached). */
	private storeFiles: string[] = [];
	/** Further OPFS databases of the dataset attached with attachOpfs, by alias (file name). */
	private readonly parts = new Map<string, string>();

	readonly log: QueryLogEntry[] = [];
	/** The statement running now (the watchdog names it when a step stalls). */
	current: string | null = null;
	/** Called whenever a statement starts or ends: the watchdog's sign that something moves. */
	static onActivity: () => void = () => undefined;
	/** The statement started last by any DuckDB here (the watchdog names it when a step stalls). */
	static lastStarted: string | null = null;
	/** Every DuckDB booted and not yet ended (the engine's, a build helper's): a stuck one is ended with the rest. */
	private static readonly live = new Set<DuckDBHost>();
	/** Names of the person's files registered with DuckDB, so they can be released (and only they). */
	private registered = new Set<string>();
	queries = 0;

	static async boot(): Promise<DuckDBHost> {
		const bundle = await duckdb.selectBundle(BUNDLES);
		const worker = new Worker(new URL(bundle.mainWorker!, self.location.href));
		const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
		await db.instantiate(new URL(bundle.mainModule, self.location.href).href, null);
		const storage = await openStorage(db);
		const conn = await db.connect();
		const probeConn = await db.connect();
		await lockDown(conn);
		const limit = memoryLimitMb(storage, (navigator as Navigator & { deviceMemory?: number }).deviceMemory);
		if (limit !== null) await conn.query(`SET memory_limit = ${str(`${limit}MB`)}`);
		const version = await db.getVersion();
		const host = new DuckDBHost(db, conn, probeConn, worker, version, bundle.mainModule === ehWasm ? 'eh' : 'mvp', storage);
		DuckDBHost.live.add(host);
		return host;
	}

	/** Run one statement; resolves to its Arrow table. An aborted signal cancels it in DuckDB. */
	async run(sql: string, signal?: AbortSignal): Promise<Table> {
		if (signal?.aborted) throw new EngineError('cancelled', 'The query was cancelled.');
		const onAbort = () => void this.conn.cancelSent();
		signal?.addEventListener('abort', onAbort);
		try {
			return await this.tracked(
				sql,
				async () => {
					const reader = await this.conn.send(sql, true);
					const batches = [];
					for await (const batch of reader) {
						if (signal?.aborted) break;
						batches.push(batch);
					}
					if (signal?.aborted) throw new EngineError('cancelled', 'The query was cancelled.');
					return batches.length ? new Table(batches) : new Table();
				},
				signal
			);
		} finally {
			signal?.removeEventListener('abort', onAbort);
		}
	}

	/**
	 * A statement's whole result in one message from DuckDB's worker, not a round trip per chunk of
	 * 2,048 rows: for a large result wanted at once (DuckDB holds it whole meanwhile). It cannot be
	 * cancelled midway.
	 */
	async all(sql: string): Promise<Table> {
		return this.tracked(sql, () => this.conn.query(sql));
	}

	/**
	 * What every statement goes through, however its result is fetched: named as the one running
	 * (the watchdog's sign of life), logged with its rows or its error, DuckDB's errors translated.
	 * A cancelled statement is not logged.
	 */
	private async tracked(sql: string, work: () => Promise<Table>, signal?: AbortSignal): Promise<Table> {
		const started = performance.now();
		this.current = sql;
		DuckDBHost.lastStarted = sql;
		DuckDBHost.onActivity();
		try {
			const table = await work();
			this.record(sql, started, table.numRows);
			return table;
		} catch (e) {
			if (signal?.aborted) throw new EngineError('cancelled', 'The query was cancelled.');
			this.record(sql, started, 0, e);
			throw translateError(e, sql);
		} finally {
			this.current = null;
			DuckDBHost.onActivity();
		}
	}

	/** Run a statement and return plain rows (BigInt → number), capped so a reply stays small. */
	async rows(sql: string, signal?: AbortSignal, cap = 100_000): Promise<Row[]> {
		const table = await this.run(sql, signal);
		if (table.numRows > cap) {
			throw new EngineError('too-large', `A query returned ${table.numRows.toLocaleString('en-US')} rows; the limit is ${cap.toLocaleString('en-US')}.`);
		}
		return toRows(table);
	}

	async registerFile(name: string, file: Blob): Promise<void> {
		await this.db.registerFileHandle(name, file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
		this.registered.add(name);
	}

	async registerUrl(name: string, url: string): Promise<void> {
		await this.db.registerFileURL(name, url, duckdb.DuckDBDataProtocol.HTTP, false);
		this.registered.add(name);
	}

	/** Let go of every file of the person's that DuckDB was given (never the engine's own database). */
	async releaseFiles(): Promise<void> {
		if (this.registered.size) await this.db.dropFiles([...this.registered]);
		this.registered.clear();
	}

	/**
	 * Attach the dataset store `file` (a name in OPFS) as catalog `ds` and make it the default, so
	 * the model's unqualified tables (facts, s_cube, the files view) are created and read there.
	 * When OPFS refuses (another tab holds the file, no OPFS, quota) it is attached in memory.
	 */
	async attachStore(file: string | null): Promise<'opfs' | 'memory'> {
		await this.detachStore();
		let where: 'opfs' | 'memory' = 'memory';
		if (file && this.storage === 'opfs') {
			const path = `opfs://${file}`;
			// Right after a reload or an engine restart the previous worker may still hold the file
			// for a moment (longer on a busy machine, or after a stuck DuckDB's worker was ended): wait for
			// it (up to ~10 s) before settling for memory.
			for (let attempt = 0; ; attempt++) {
				try {
					this.storeFiles = [path, `${path}.wal`];
					await this.db.registerOPFSFileName(path);
					await this.db.registerOPFSFileName(`${path}.wal`);
					await this.exec(`ATTACH ${str(path)} AS ds`);
					where = 'opfs';
					break;
				} catch (e) {
					await this.releaseStoreFiles();
					if (isLocked(e) && attempt < LOCK_WAITS) {
						await new Promise((r) => setTimeout(r, LOCK_WAIT_MS));
						continue;
					}
					console.warn(`Could not store the dataset in ${file}; it is kept in memory.`, e);
					break;
				}
			}
		}
		if (where === 'memory') await this.exec(`ATTACH ':memory:' AS ds`);
		await this.exec(`USE ds`);
		// The lower limit of the memory plan holds only when blocks can be evicted to an OPFS file.
		const limit = memoryLimitMb(where, (navigator as Navigator & { deviceMemory?: number }).deviceMemory);
		await this.exec(limit === null ? `RESET memory_limit` : `SET memory_limit = ${str(`${limit}MB`)}`);
		return where;
	}

	/**
	 * Attach another of the engine's own OPFS databases read-only as `alias`: the second part of a
	 * `facts` built by two engines (workers/engine/build-helper.ts). It belongs to the dataset store:
	 * detaching the store detaches it too.
	 */
	async attachOpfs(file: string, alias: string): Promise<void> {
		// DuckDB looks for the write-ahead log even when reading: both names must be registered.
		const paths = [`opfs://${file}`, `opfs://${file}.wal`];
		// Like the store (attachStore): a worker that just let go of the file may hold it a moment longer.
		for (let attempt = 0; ; attempt++) {
			try {
				for (const path of paths) await this.db.registerOPFSFileName(path);
				await this.exec(`ATTACH ${str(paths[0])} AS ${ident(alias)} (READ_ONLY)`);
				this.parts.set(alias, file);
				return;
			} catch (e) {
				await this.db.dropFiles(paths).catch(() => undefined);
				if (isLocked(e) && attempt < LOCK_WAITS) {
					await new Promise((r) => setTimeout(r, LOCK_WAIT_MS));
					continue;
				}
				throw e;
			}
		}
	}

	async detachOpfs(alias: string): Promise<void> {
		const file = this.parts.get(alias);
		await this.exec(`DETACH DATABASE IF EXISTS ${alias}`);
		this.parts.delete(alias);
		if (file) await this.db.dropFiles([`opfs://${file}`, `opfs://${file}.wal`]).catch((e) => console.warn(`Releasing ${file} failed`, e));
	}

	/** Detach a database the model read in place and release the person's files. */
	async detachSource(): Promise<void> {
		const [{ n }] = toRows(await this.conn.query(`SELECT count(*)::INTEGER AS n FROM duckdb_databases() WHERE database_name = 'src'`));
		if (Number(n) > 0) await this.exec(`DETACH src`);
		await this.releaseFiles();
	}

	/** Detach the dataset store (written through first) and let go of its files. */
	async detachStore(): Promise<void> {
		for (const alias of [...this.parts.keys()]) await this.detachOpfs(alias);
		const [{ n }] = toRows(await this.conn.query(`SELECT count(*)::INTEGER AS n FROM duckdb_databases() WHERE database_name = 'ds'`));
		if (Number(n) > 0) {
			await this.exec(`USE memory`);
			await this.exec(`DETACH ds`);
		}
		await this.releaseStoreFiles();
	}

	private async releaseStoreFiles(): Promise<void> {
		if (!this.storeFiles.length) return;
		const files = this.storeFiles;
		this.storeFiles = [];
		await this.db.dropFiles(files).catch((e) => console.warn('Releasing the dataset store failed', e));
	}

	/** Rows of a small query on the probe connection; not logged, never queued. */
	async probe(sql: string): Promise<Row[]> {
		return toRows(await this.probeConn.query(sql));
	}

	async exec(sql: string, signal?: AbortSignal): Promise<void> {
		await this.run(sql, signal);
	}

	private record(sql: string, started: number, rows: number, error?: unknown): void {
		this.queries++;
		this.log.push({ sql: sql.slice(0, 2000), ms: performance.now() - started, rows, at: Date.now(), error: error ? String(error) : undefined });
		if (this.log.length > LOG_LIMIT) this.log.shift();
	}

	/** Take in another instance's query log (a build helper's, a replaced engine's), in time order. */
	adoptLog(entries: readonly QueryLogEntry[], label?: string): void {
		this.log.push(...entries.map((q) => (label ? { ...q, sql: `/* ${label} */ ${q.sql}` } : q)));
		this.log.sort((a, b) => a.at - b.at);
		if (this.log.length > LOG_LIMIT) this.log.splice(0, this.log.length - LOG_LIMIT);
	}

	async terminate(): Promise<void> {
		DuckDBHost.live.delete(this);
		await this.db.terminate();
	}

	/**
	 * End every DuckDB at once: one is stuck inside a call that never returns (workers/engine/
	 * watchdog.ts). Their pending calls never settle; whoever awaited them has been answered already.
	 */
	static async terminateAll(): Promise<void> {
		const hosts = [...DuckDBHost.live];
		DuckDBHost.live.clear();
		await Promise.all(hosts.map((h) => h.db.terminate().catch((e) => console.warn('Ending a DuckDB failed', e))));
	}
}

/** How often, and how long each time, an OPFS file another worker still holds is waited for. */
const LOCK_WAITS = 40;
const LOCK_WAIT_MS = 250;

/**
 * Nothing an export holds can make the engine reach out. A .duckdb may hold a view over
 * `read_csv('https://…')`, a `.db` may be SQLite (whose reader is an extension DuckDB would fetch):
 * DuckDB-WASM reads any URL it is given with XMLHttpRequest from its worker, where the page's CSP
 * does not reach, so the guarantee is DuckDB's own. With external access off, DuckDB opens no file
 * outside the allowed directories (a URL included) and loads no extension, installed or not; both
 * settings are one-way (DuckDB refuses to turn external access back on or to widen the directories
 * while it is off), so no later statement can undo them. `lock_configuration` is not used: the
 * memory plan sets memory_limit for every dataset.
 */
async function lockDown(conn: duckdb.AsyncDuckDBConnection): Promise<void> {
	await conn.query(`SET autoinstall_known_extensions = false`);
	await conn.query(`SET autoload_known_extensions = false`);
	await conn.query(`SET allow_community_extensions = false`);
	await conn.query(`SET allowed_directories = [${[INPUT_DIR, OUTPUT_DIR, OPFS_DIR].map(str).join(', ')}]`);
	await conn.query(`SET enable_external_access = false`);
	const [locked] = toRows(await conn.query(`SELECT current_setting('enable_external_access') AS external, current_setting('autoload_known_extensions') AS autoload`));
	if (locked.external !== false || locked.autoload !== false) throw new EngineError('internal', 'The engine could not be locked down, so it was not started.');
}

/** The browser's refusal while another worker still holds an OPFS file's access handle. */
const isLocked = (e: unknown) => /another open Access Handle|NoModificationAllowed|modifications are not allowed/i.test(duckdbText(e instanceof EngineError && e.cause !== undefined ? e.cause : e));

/** Before datasets had a database file each, everything lived in this one; it is deleted at boot. */
const LEGACY_DATABASE = 'aparavi-dashboard.duckdb';

/**
 * Open the engine's own database in memory: it holds nothing. Each dataset lives in a database file
 * of its own in the origin-private file system, attached as `ds` (workers/engine/stored.ts), so a
 * 10M-row Parquet import is disk-backed and buffer-managed, it survives a reload, and forgetting
 * one dataset deletes exactly its bytes.
 */
async function openStorage(db: duckdb.AsyncDuckDB): Promise<'opfs' | 'memory'> {
	await db.open({
		query: { castBigIntToDouble: false },
		// Never reach for DuckDB's extension site: the app runs offline and on air-gapped networks.
		allowUnsignedExtensions: false,
		// What duckdb-wasm sets itself when the main database is an OPFS file. Without it, a database
		// ATTACHed from OPFS is written through a buffering layer and reads back as "not a valid
		// DuckDB database file" on the next visit.
		useDirectIO: true
	} as duckdb.DuckDBConfig);
	const hasOpfs = typeof navigator !== 'undefined' && typeof navigator.storage?.getDirectory === 'function';
	if (!hasOpfs) return 'memory';
	try {
		const root = await navigator.storage.getDirectory();
		for (const name of [LEGACY_DATABASE, `${LEGACY_DATABASE}.wal`]) await root.removeEntry(name).catch(() => undefined);
	} catch {
		// No access to OPFS (some private modes): datasets are attached in memory instead.
		return 'memory';
	}
	return 'opfs';
}

/** Arrow rows to plain objects a structured clone can carry. */
function toRows(table: Table): Row[] {
	const out: Row[] = [];
	const fields = table.schema.fields;
	const columns = fields.map((_, i) => table.getChildAt(i));
	// HUGEINT and DECIMAL arrive as Arrow big numbers: scale them into plain numbers here, once.
	const scales = fields.map((f) => (DataType.isDecimal(f.type) ? 10 ** f.type.scale : null));
	for (let r = 0; r < table.numRows; r++) {
		const row: Row = {};
		for (let c = 0; c < fields.length; c++) {
			const v = columns[c]?.get(r);
			const scale = scales[c];
			row[fields[c].name] = scale !== null && v !== null && v !== undefined ? Number(bigNumberText(v)) / scale : plain(v);
		}
		out.push(row);
	}
	return out;
}

/** Arrow's big number objects print as a quoted integer through toJSON; their toString is the digits. */
function bigNumberText(v: unknown): string {
	return String(v).replace(/"/g, '');
}

function plain(v: unknown): unknown {
	if (typeof v === 'bigint') return Number(v);
	if (ArrayBuffer.isView(v)) return Number(bigNumberText(v));
	if (v instanceof Date) return v.getTime();
	if (v !== null && typeof v === 'object' && 'toJSON' in v && typeof v.toJSON === 'function') return v.toJSON();
	return v;
}

/** How much of the failing statement an error keeps: enough to tell which step of a build it was. */
const STATEMENT_IN_DETAIL = 240;

/**
 * The kind DuckDB gives its own errors ("Catalog", "Conversion", "Out of Memory", "INTERRUPT"...):
 * every DuckDB exception is thrown as `<type> Error: <message>`, so this reads DuckDB's
 * classification, not its prose. Null for anything that is not a DuckDB exception.
 */
export function duckdbErrorType(e: unknown): string | null {
	const text = e instanceof Error ? e.message : typeof e === 'string' ? e : '';
	const m = /^(?:Error: )?([A-Za-z][A-Za-z _-]{0,40}?) Error: /.exec(text);
	return m ? m[1] : null;
}

/** DuckDB's own words without the JavaScript prefix. */
export function duckdbText(e: unknown): string {
	return (e instanceof Error ? e.message : String(e)).replace(/^Error:\s*/, '');
}

/**
 * A failure of the engine as an EngineError: out of memory (DuckDB's "Out of Memory" exception, or
 * the wasm heap refusing to grow, a RangeError), an interrupted statement (cancelled), or a DuckDB
 * error no step recognised. DuckDB's own words (and the statement, when known) stay in `detail`:
 * the steps of an open add the file and table they were reading (workers/engine/steps.ts).
 */
export function translateError(e: unknown, sql?: string): EngineError {
	if (e instanceof EngineError) return e;
	const text = duckdbText(e);
	const type = duckdbErrorType(e);
	const statement = sql ? ` While running: ${sql.replace(/\s+/g, ' ').slice(0, STATEMENT_IN_DETAIL)}` : '';
	if (type === 'Out of Memory' || e instanceof RangeError) {
		const detail = `${text}${statement}`;
		// The worker is restarted after this, and its query log with it: the console keeps the trace.
		console.warn(`[engine] out of memory: ${detail}`);
		return new EngineError(
			'out-of-memory',
			'The engine ran out of memory.',
			'Close other tabs, or open a smaller export; the engine restarts automatically.',
			detail,
			{ cause: e }
		);
	}
	if (type === 'INTERRUPT') return new EngineError('cancelled', 'The query was cancelled.', undefined, undefined, { cause: e });
	return new EngineError('engine-error', 'The engine could not run a step.', undefined, `${text}${statement}`, { cause: e });
}
