/**
 * Opening a summary pack (src/lib/model/pack.ts): check its manifest, copy its summary tables
 * into the engine's database (they are small) and describe what it can answer. The cubes were built
 * with the pack's own "as of" instant, so the dataset's ages are measured from it.
 */
import { EngineError } from '../../src/lib/engine/errors';
import type { DatasetInfo, SourceFormat } from '../../src/lib/model/dataset';
import { PACK_EXTRA_TABLES, PACK_SUMMARY_TABLES, PackError, parseManifest } from '../../src/lib/model/pack';
import type { ExportShape } from '../../src/lib/model/shape';
import { pairedSummarySql } from '../../src/lib/model/summary';
import { REPORT_BUILD_VERSION } from '../../src/lib/model/report-build';
import type { DuckDBHost } from './duckdb';
import type { ProgressFn } from './load';

export function isPack(shape: ExportShape): boolean {
	return shape.has('pack_manifest');
}

export async function openPack(host: DuckDBHost, shape: ExportShape, source: { name: string; format: SourceFormat; started: number }, progress: ProgressFn, signal?: AbortSignal): Promise<DatasetInfo> {
	const manifestRef = shape.table('pack_manifest')!.ref;
	let manifest;
	try {
		manifest = parseManifest((await host.rows(`SELECT key, value FROM ${manifestRef}`, signal)) as { key: unknown; value: unknown }[]);
	} catch (e) {
		if (e instanceof PackError) throw new EngineError('unsupported-file', `${source.name} cannot be read as a summary pack: ${e.message}.`, 'Rebuild it with this version: npm run pack -- <export> --out <pack>.');
		throw new EngineError('corrupt-file', `${source.name} has an unreadable pack manifest.`, 'Rebuild the pack with npm run pack.');
	}
	const tables = [...PACK_SUMMARY_TABLES, ...PACK_EXTRA_TABLES];
	const missing = tables.filter((t) => !shape.has(t));
	if (missing.length) throw new EngineError('corrupt-file', `${source.name} is an incomplete summary pack: ${missing.join(', ')} missing.`, 'Rebuild the pack with npm run pack.');
	for (let i = 0; i < tables.length; i++) {
		progress({ label: `Reading the pack's ${tables[i]}`, done: i, total: tables.length, unit: 'steps' });
		await host.exec(`CREATE OR REPLACE TABLE ${tables[i]} AS SELECT * FROM ${shape.table(tables[i])!.ref}`, signal);
	}
	// The report build's tables, when the pack was built with this app's definitions of them.
	const reports = manifest.reportTables?.version === REPORT_BUILD_VERSION ? manifest.reportTables.tables.filter((t) => shape.has(t)) : [];
	for (const t of reports) {
		progress({ label: `Reading the pack's report tables`, done: reports.indexOf(t), total: reports.length, unit: 'steps' });
		await host.exec(`CREATE OR REPLACE TABLE ${t} AS SELECT * FROM ${shape.table(t)!.ref}`, signal);
	}
	// The small tables a cross-filter click reads, summed from the pack's cubes.
	for (const sql of pairedSummarySql()) await host.exec(sql, signal);
	const builtAt = manifest.builtAt.slice(0, 16).replace('T', ' ');
	return {
		name: source.name,
		format: source.format,
		kind: 'pack',
		tables: tables.map((t) => ({ name: t, rows: manifest.rows[t] ?? 0, from: [source.name] })),
		asOfMs: manifest.asOfMs,
		timeUnits: {},
		files: manifest.files,
		notes: [],
		warnings: [
			`This is a summary pack built ${builtAt} UTC (${manifest.builder}). Every figure the summaries answer is exact; pages that need each file's row use its uniform sample of ${manifest.sampleFiles.toLocaleString('en-US')} files or its ${manifest.rows.p_top_files?.toLocaleString('en-US') ?? 'top'} largest files, and say so.`
		],
		openMs: performance.now() - source.started,
		mappingNeeded: null,
		pack: { builtAt: manifest.builtAt, builder: manifest.builder, source: manifest.source, sampleFiles: manifest.sampleFiles }
	};
}
