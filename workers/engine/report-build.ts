/**
 * Running the report build (src/lib/model/report-build.ts) for the open dataset: the per-file codes
 * in slices, the duplicate groups, the cubes summed in one streamed pass, the lists, samples and
 * copies, then a mark in the store so a return visit finds it done. Every statement is one turn of
 * the engine's queue (`turn`), so a page's question waits at most one statement, and the build
 * reports its progress as it goes. Cancelled by opening something else.
 */
import { RecordBatch, Table, tableToIPC, vectorFromArray, Float64, Int32 } from 'apache-arrow';
import { EngineError } from '../../src/lib/engine/errors';
import type { Progress } from '../../src/lib/engine/protocol';
import type { AnyDimension } from '../../src/lib/model/dimensions';
import { CUBES, cubeSql, dictionarySteps, instanceRowsSql, knownDictionaries, knownDictionariesSql, REPORT_BUILD_VERSION, reportBuildSteps, reportTables, type BuildStep, type KnownDictionaries } from '../../src/lib/model/report-build';
import { CubeAccumulator, dimensionRangesSql, fileBatchSql, type CubeRows, type DimensionRanges, type FileBatch } from '../../src/lib/model/cube-accumulate';
import { factsStore } from '../../src/lib/model/explorer';
import type { ExportShape } from '../../src/lib/model/shape';
import type { FactsPart } from '../../src/lib/model/dataset';
import { str } from '../../src/lib/model/sql';
import { SUMMARY_SOURCES } from '../../src/lib/model/sources';
import type { DuckDBHost } from './duckdb';

/** What the report build knows of the open dataset. */
export interface BuildInput {
	shape: ExportShape;
	asOfMs: number;
	files: number;
	factsParts?: FactsPart[];
	/** The store is a file in OPFS: the build is kept for the next visit. */
	persistent: boolean;
}

/** What a finished build leaves: which report tables exist and how many rows each holds. */
export interface BuiltReports {
	version: number;
	tables: Record<string, number>;
	buildMs: number;
	/** Cubes summed in the streamed pass, kept for the answers (no reload from DuckDB). */
	cubes?: CubeRows[];
}

/** One step of the build, run as its own turn of the engine's queue. */
type Turn = <T>(work: () => Promise<T>) => Promise<T>;

interface Step {
	label: string;
	/** Relative cost, for the progress bar. */
	weight: number;
	run: (signal: AbortSignal) => Promise<void>;
}

export async function buildReports(host: DuckDBHost, input: BuildInput, turn: Turn, progress: (p: Progress) => void, signal: AbortSignal): Promise<BuiltReports> {
	const started = performance.now();
	const facts = factsStore(input.factsParts);
	let cubes: CubeRows[] = [];
	let done = 0;
	const toStep = (step: BuildStep): Step =>
		'sql' in step
			? { label: step.label, weight: step.weight, run: (s) => host.exec(step.sql, s) }
			: {
					label: step.label,
					weight: step.weight,
					run: async (s) => {
						cubes = await accumulateCubes(host, (share) => report(step.label, done + step.weight * share), s);
					}
				};
	// The dictionaries first: the plan inlines the small ones.
	const planned = (known: KnownDictionaries, instanceRows: number) => reportBuildSteps({ shape: input.shape, asOfMs: input.asOfMs, files: input.files, facts, instanceRows, known });
	const first = dictionarySteps(input.asOfMs).map(toStep);
	// Weights for the progress bar before the rest is planned (its shape does not depend on the dictionaries).
	const steps: Step[] = [...first, ...planned({}, 0).map(toStep)];
	let planReady = false;
	const plan = async (s: AbortSignal) => {
		const known = knownDictionaries(await host.rows(knownDictionariesSql(), s));
		const countSql = instanceRowsSql(input.shape);
		const instanceRows = countSql ? Number((await host.rows(countSql, s))[0].n) : 0;
		steps.splice(first.length, steps.length - first.length, ...planned(known, instanceRows).map(toStep));
		planReady = true;
	};
	const total = steps.reduce((n, s) => n + s.weight, 0);
	const report = (label: string, at: number) => progress({ label, done: Math.round(at * 1000), total: Math.round(total * 1000), unit: 'percent' });
	for (let i = 0; i < steps.length; i++) {
		if (signal.aborted) throw new EngineError('cancelled', 'Preparing the reports was cancelled.');
		if (i === first.length && !planReady) await turn(() => plan(signal));
		const step = steps[i];
		report(step.label, done);
		await turn(() => step.run(signal));
		done += step.weight;
	}
	const tables = await turn(() => reportTableRows(host));
	const built: BuiltReports = { version: REPORT_BUILD_VERSION, tables, buildMs: performance.now() - started };
	if (input.persistent) {
		await turn(async () => {
			await host.exec(`DELETE FROM ds.main._dataset WHERE key = 'reports'`, signal).catch(() => undefined);
			await host.exec(`INSERT INTO ds.main._dataset VALUES ('reports', ${str(JSON.stringify(built))})`, signal);
			await host.exec('CHECKPOINT ds', signal);
		});
	}
	report('Reports ready', total);
	return { ...built, cubes };
}

/** Rows of every report table that exists (a missing export table leaves its copy out). */
export async function reportTableRows(host: DuckDBHost): Promise<Record<string, number>> {
	const names = [...reportTables(), ...SUMMARY_SOURCES.map((s) => s.table)];
	const rows = await host.rows(
		`SELECT table_name AS t FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND table_name IN (${names.map(str).join(', ')})
UNION ALL SELECT view_name FROM duckdb_views() WHERE database_name = current_database() AND schema_name = 'main' AND view_name IN (${names.map(str).join(', ')})`
	);
	const out: Record<string, number> = {};
	// Exact counts: the planner picks the smallest table by them (a count reads no rows).
	for (const r of rows) out[String(r.t)] = Number((await host.rows(`SELECT count(*) AS n FROM ${String(r.t)}`))[0].n);
	return out;
}

/** The stored build of this dataset, when it has one of this version. */
export async function storedReports(host: DuckDBHost): Promise<BuiltReports | null> {
	try {
		const rows = await host.rows(`SELECT value FROM ds.main._dataset WHERE key = 'reports'`);
		if (!rows.length) return null;
		const built = JSON.parse(String(rows[0].value)) as BuiltReports;
		if (built.version !== REPORT_BUILD_VERSION) return null;
		// The tables must all be there (a store written by an interrupted build is rebuilt).
		const present = await reportTableRows(host);
		return Object.keys(built.tables).every((t) => t in present) ? { ...built, tables: present } : null;
	} catch {
		return null;
	}
}

/** Drop every report table (a dataset reset, or a build about to start again). */
export async function dropReportTables(host: DuckDBHost): Promise<void> {
	await host.exec(`DROP VIEW IF EXISTS r_files`).catch(() => undefined);
	for (const t of reportTables()) await host.exec(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
}

/* ------------------------------------------------------------------------------------------ */
/* Cubes                                                                                        */

const CUBE_DIMS: AnyDimension[] = [...new Set(CUBES.flatMap((c) => c.dims))];

/**
 * Every cube summed in one streamed read of `r_files` (src/lib/model/cube-accumulate.ts), then
 * written into DuckDB so a return visit and the SQL answers have them. A cube whose keys would
 * not fit a double is built by SQL instead.
 */
async function accumulateCubes(host: DuckDBHost, share: (done: number) => void, signal: AbortSignal): Promise<CubeRows[]> {
	const [r] = await host.rows(dimensionRangesSql(CUBE_DIMS), signal);
	const ranges: DimensionRanges = {};
	for (const d of CUBE_DIMS) {
		const min = r[`${d}_min`];
		const max = r[`${d}_max`];
		if (min !== null && max !== null) ranges[d] = { min: Number(min), max: Number(max) };
	}
	const acc = new CubeAccumulator(CUBES, ranges);
	const [{ files }] = await host.rows('SELECT count(*) AS files FROM r_files', signal);
	let seen = 0;
	for await (const batch of host.stream(fileBatchSql(CUBE_DIMS), signal)) {
		acc.add(toFileBatch(batch));
		seen += batch.numRows;
		if (seen % (1 << 20) < batch.numRows) share(seen / Math.max(1, Number(files)));
	}
	const out = acc.result();
	for (const cube of out) await writeCube(host, cube, signal);
	for (const c of acc.tooWide) await host.exec(cubeSql(c), signal);
	return out;
}

function toFileBatch(batch: RecordBatch): FileBatch {
	const int = (name: string) => batch.getChild(name)!.toArray() as Int32Array;
	const dbl = (name: string) => batch.getChild(name)!.toArray() as Float64Array;
	const dims: FileBatch['dims'] = {};
	for (const d of CUBE_DIMS) dims[d] = int(d);
	return { rows: batch.numRows, dims, size: dbl('size'), modifiedMs: dbl('modifiedMs'), accessedMs: dbl('accessedMs'), addedMs: dbl('addedMs') };
}

/** A cube's columns into a DuckDB table of the same name, through Arrow IPC (DuckDB-WASM's own reader). */
async function writeCube(host: DuckDBHost, cube: CubeRows, signal: AbortSignal): Promise<void> {
	const columns: Record<string, ReturnType<typeof vectorFromArray>> = {};
	for (const [d, values] of Object.entries(cube.dims)) columns[d] = vectorFromArray(values, new Int32());
	for (const [m, values] of Object.entries(cube.measures)) columns[m] = vectorFromArray(values, new Float64());
	const table = new Table(columns);
	await host.exec(`DROP TABLE IF EXISTS ${cube.table}`, signal);
	if (cube.rows === 0) {
		// An empty Arrow stream cannot create a table: the cube's shape comes from its SQL instead.
		const def = CUBES.find((c) => c.table === cube.table)!;
		await host.exec(cubeSql(def).replace('FROM r_files', 'FROM r_files WHERE false'), signal);
		return;
	}
	await host.conn.insertArrowFromIPCStream(tableToIPC(table, 'stream'), { schema: 'main', name: cube.table, create: true });
}

