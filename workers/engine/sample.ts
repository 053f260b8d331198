/**
 * "Try with sample data": the same Aparavi-shaped export the test generator writes
 * (src/lib/sample/aparavi-sql.js), generated inside DuckDB-WASM, then opened like any export.
 * A sample with the same parameters (and fingerprint) is reopened from its store, not regenerated.
 */
import { EngineError } from '../../src/lib/engine/errors';
import type { DatasetInfo } from '../../src/lib/model/dataset';
import { ExportShape } from '../../src/lib/model/shape';
import { aparaviExportSql } from '../../src/lib/sample/aparavi-sql.js';
import { sampleUntil } from '../../src/lib/cache/fingerprint';
import type { OpenOptions } from '../../src/lib/model/open-options';
import type { DuckDBHost } from './duckdb';
import { buildModel, reopenStored, resetDataset, type OpenedSource, type StoreOptions } from './dataset';
import { describe, type ProgressFn } from './load';
import { saveMeta } from './stored';

export async function generateSample(
	host: DuckDBHost,
	rows: number,
	progress: ProgressFn,
	signal?: AbortSignal,
	options: OpenOptions = {},
	store: StoreOptions & { until?: number } = {}
): Promise<{ opened: OpenedSource; info: DatasetInfo }> {
	const started = performance.now();
	const { meta } = await resetDataset(host, store.fingerprint, store.forceMemory);
	if (meta) return reopenStored(host, meta, { files: [], urls: [] }, started, progress);
	// Times end at the start of today, so the sample's ages look like a live estate's.
	const until = store.until ?? sampleUntil();
	const statements = aparaviExportSql({ rows, seed: 42, schema: 'raw', until });
	for (let i = 0; i < statements.length; i++) {
		if (signal?.aborted) throw new EngineError('cancelled', 'Generating the sample was cancelled.');
		progress({ label: `Generating ${statements[i].table}`, done: i, total: statements.length, unit: 'steps' });
		await host.exec(statements[i].sql, signal);
	}
	const shape = new ExportShape();
	const [{ db }] = await host.rows(`SELECT current_database() AS db`);
	await describe(host, shape, String(db), 'raw');
	const name = `Sample export (${rows.toLocaleString('en-US')} files)`;
	const opened: OpenedSource = { shape, source: { name, format: 'sample', started } };
	const built = await buildModel(host, opened, progress, signal, undefined, options);
	if (!store.fingerprint) return { opened, info: built };
	const info: DatasetInfo = { ...built, fingerprint: store.fingerprint };
	await saveMeta(host, { info, format: 'sample', database: null });
	return { opened, info };
}
