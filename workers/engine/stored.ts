/**
 * Stored datasets: each opened export gets a DuckDB database file of its own in the origin-private
 * file system, `ds-<fingerprint>.duckdb`, attached as catalog `ds`. It holds the imported rows (the
 * `raw` schema, for Parquet and CSV), the `files` view, `facts` and the summary cubes, and, once the
 * build has finished, a one-row `_dataset` table describing it. Opening the same export again
 * attaches the file and skips the scan; forgetting a dataset deletes its file. When two engines
 * built `facts`, the helper's half stays in a file of its own next to it, `ds-<fingerprint>-part2.duckdb`,
 * attached with the store as `part2` and deleted with it.
 */
import type { DatasetInfo, SourceFormat } from '../../src/lib/model/dataset';
import type { StoredFile } from '../../src/lib/engine/protocol';
import { MODEL_VERSION } from '../../src/lib/cache/fingerprint';
import { str } from '../../src/lib/model/sql';
import type { DuckDBHost } from './duckdb';

/** Where an open without a fingerprint builds: rebuilt every time, but still disk-backed. */
const SCRATCH = 'scratch';
const FILE = /^ds-([a-z0-9]+)(-part2)?\.duckdb(\.wal)?$/;

const storeFile = (fingerprint: string | undefined) => `ds-${fingerprint ?? SCRATCH}.duckdb`;

/**
 * The second part of a `facts` built by two engines (docs/MODEL.md, "Two engines at once"): the
 * build helper's own database file, kept next to the store and attached with it as `part2`.
 */
export const partFile = (store: string) => store.replace(/\.duckdb$/, '-part2.duckdb');
export const PART_ALIAS = 'part2';
const withWal = (file: string) => [file, `${file}.wal`];

/** What a finished build leaves in `_dataset`, enough to reopen without the scan. */
export interface StoredMeta {
	model: string;
	info: DatasetInfo;
	format: SourceFormat;
	/** A database the model reads in place (attached as `src`), to attach again on reopen. */
	database: { kind: 'file'; name: string } | { kind: 'url'; url: string; name: string } | null;
}

let attached: string | null = null;

/**
 * Attach the store for `fingerprint`. Returns its metadata when a finished build of this app's model
 * is there (reuse it); otherwise the store is emptied, with a fresh `raw` schema, ready for a build.
 */
export async function openStore(host: DuckDBHost, fingerprint: string | undefined, forceMemory = false): Promise<{ meta: StoredMeta | null; where: 'opfs' | 'memory' }> {
	const file = storeFile(fingerprint);
	let where = await host.attachStore(forceMemory ? null : file);
	attached = where === 'opfs' ? file : null;
	if (fingerprint && where === 'opfs') {
		const meta = await readMeta(host);
		if (meta && meta.model === MODEL_VERSION && (await attachParts(host, file, meta))) return { meta, where };
	}
	const [{ n }] = await host.rows(`SELECT (SELECT count(*) FROM duckdb_tables() WHERE database_name = 'ds') + (SELECT count(*) FROM duckdb_views() WHERE database_name = 'ds' AND NOT internal) AS n`);
	if (Number(n) > 0) {
		// A stale or unfinished build: start from an empty file rather than drop object by object.
		await host.detachStore();
		attached = null;
		if (where === 'opfs') await removeFiles(withWal(file));
		where = await host.attachStore(where === 'opfs' ? file : null);
		attached = where === 'opfs' ? file : null;
	}
	// A second part left by an earlier build of this store belongs to that build.
	if (where === 'opfs') await removeFiles(withWal(partFile(file)));
	await host.exec(`CREATE SCHEMA IF NOT EXISTS raw`);
	return { meta: null, where };
}

/** Attach the second part of a stored `facts` built by two engines; false when it is gone. */
async function attachParts(host: DuckDBHost, file: string, meta: StoredMeta): Promise<boolean> {
	if ((meta.info.factsParts?.length ?? 0) < 2) return true;
	try {
		await host.attachOpfs(partFile(file), PART_ALIAS);
		return true;
	} catch (e) {
		console.warn('The stored build lacks its second part; it is built again.', e);
		return false;
	}
}

/** The file the second part of the `facts` being built goes to (null: the store is in memory). */
export const currentPartFile = (): string | null => (attached ? partFile(attached) : null);

/** Whether the open dataset's store is a file in OPFS (not memory): a fresh engine can reopen it. */
export const storeOnDisk = (): boolean => attached !== null;

async function readMeta(host: DuckDBHost): Promise<StoredMeta | null> {
	try {
		const rows = await host.rows(`SELECT value FROM ds.main._dataset WHERE key = 'meta'`);
		return rows.length ? (JSON.parse(String(rows[0].value)) as StoredMeta) : null;
	} catch {
		return null;
	}
}

/** Mark the build finished and write it through to the file, so the next visit can reuse it. */
export async function saveMeta(host: DuckDBHost, meta: Omit<StoredMeta, 'model'>): Promise<void> {
	const full: StoredMeta = { ...meta, model: MODEL_VERSION };
	await host.exec(`CREATE OR REPLACE TABLE ds.main._dataset AS SELECT 'meta' AS key, ${str(JSON.stringify(full))} AS value`);
	if (attached) await host.exec(`CHECKPOINT ds`);
}

async function opfsRoot(): Promise<FileSystemDirectoryHandle | null> {
	try {
		return typeof navigator !== 'undefined' && navigator.storage?.getDirectory ? await navigator.storage.getDirectory() : null;
	} catch {
		return null;
	}
}

export async function removeFiles(names: string[]): Promise<void> {
	const root = await opfsRoot();
	if (!root) return;
	for (const name of names) {
		await root.removeEntry(name).catch((e: unknown) => {
			if (!(e instanceof DOMException && e.name === 'NotFoundError')) throw e;
		});
	}
}

type Entries = AsyncIterable<[string, FileSystemHandle]>;

/** The stores in OPFS with their size on disk (database file plus write-ahead log). */
export async function listStores(host: DuckDBHost): Promise<StoredFile[]> {
	const root = await opfsRoot();
	if (!root) return [];
	const byFp = new Map<string, StoredFile>();
	for await (const [name, handle] of (root as unknown as { entries(): Entries }).entries()) {
		const m = FILE.exec(name);
		if (!m || handle.kind !== 'file') continue;
		const entry = byFp.get(m[1]) ?? { fingerprint: m[1], bytes: 0, files: [], open: attached === `ds-${m[1]}.duckdb` };
		let size = 0;
		try {
			size = (await (handle as FileSystemFileHandle).getFile()).size;
		} catch {
			// The attached store may be locked by DuckDB: ask DuckDB instead.
			if (!m[3]) size = await attachedSize(host, m[2] ? PART_ALIAS : 'ds');
		}
		entry.bytes += size;
		entry.files.push(name);
		byFp.set(m[1], entry);
	}
	return [...byFp.values()];
}

async function attachedSize(host: DuckDBHost, database: string): Promise<number> {
	try {
		const [r] = await host.probe(`SELECT total_blocks * block_size AS bytes FROM pragma_database_size() WHERE database_name = ${str(database)}`);
		return Number(r?.bytes ?? 0);
	} catch {
		return 0;
	}
}

/**
 * Delete the store of one dataset, or every file in this site's OPFS (`null`). Returns whether the
 * attached dataset was among them (the worker then has nothing open).
 */
export async function forgetStores(host: DuckDBHost, fingerprint: string | null): Promise<boolean> {
	const target = fingerprint === null ? null : storeFile(fingerprint);
	const closesCurrent = attached !== null && (target === null || attached === target);
	if (closesCurrent || fingerprint === null) {
		await host.detachSource();
		await host.detachStore();
		attached = null;
	}
	if (target) {
		await removeFiles([...withWal(target), ...withWal(partFile(target))]);
		return closesCurrent;
	}
	const root = await opfsRoot();
	if (root) {
		const names: string[] = [];
		for await (const [name] of (root as unknown as { entries(): Entries }).entries()) names.push(name);
		for (const name of names) await root.removeEntry(name, { recursive: true }).catch((e) => console.warn(`Could not delete ${name}`, e));
	}
	return closesCurrent || fingerprint === null;
}
