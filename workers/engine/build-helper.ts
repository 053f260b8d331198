/**
 * A second DuckDB-WASM for the facts build. DuckDB-WASM runs on one thread here (its threaded build
 * needs cross-origin isolation and cannot read a dropped File), so on a machine with two cores the
 * open used one of them. The facts are built in objectId slices (src/lib/model/partitions.ts) that
 * do not depend on each other: a helper instance, in its own DuckDB worker, reads the same dropped
 * `.duckdb` File and builds some of the slices into a database file of its own in OPFS while the
 * engine builds the others. At the end the engine attaches that file and keeps it: `facts` becomes
 * a view over the engine's rows and the helper's (copying them into one table cost more than
 * building them: docs/MODEL.md, "Two engines at once").
 *
 * Only for an export read in place from a dropped `.duckdb` File: Parquet and CSV rows are imported
 * into the engine's own store, which one DuckDB holds exclusively.
 */
import { DuckDBHost } from './duckdb';
import { attachDuckDB } from './load';
import { removeFiles } from './stored';

export class BuildHelper {
	private constructor(
		readonly host: DuckDBHost,
		/** Its database in OPFS: the second part of the dataset's store (stored.ts, partFile). */
		readonly store: string
	) {}

	/** Boot a DuckDB, give it its own store and the export (attached as `src`, like the engine's). */
	static async start(file: Blob, name: string, store: string): Promise<BuildHelper> {
		await removeFiles([store, `${store}.wal`]);
		const host = await DuckDBHost.boot();
		try {
			const where = await host.attachStore(store);
			// In memory its slices would count against the tab's memory twice: better not to help.
			if (where !== 'opfs') throw new Error('the helper could not store its part in OPFS');
			await attachDuckDB(host, file, name);
			return new BuildHelper(host, store);
		} catch (e) {
			await host.terminate().catch(() => undefined);
			throw e;
		}
	}

	/** Write its part through to the file and close: the engine then attaches the file and keeps it. */
	async finish(): Promise<void> {
		try {
			await this.host.exec(`CHECKPOINT ds`);
			await this.host.detachStore();
			await this.host.detachSource();
		} finally {
			await this.host.terminate();
		}
	}

	/** Stop it (cancelled, failed, or nothing left to do) and delete its part. */
	async abandon(): Promise<void> {
		await this.host.terminate().catch(() => undefined);
		await removeFiles([this.store, `${this.store}.wal`]).catch((e) => console.warn('Could not delete the build helper store', e));
	}
}
