/**
 * Running the report build (src/lib/model/report-build.ts) for the open dataset: the per-file codes
 * in slices, the duplicate groups, the cubes summed in one streamed pass, the lists, samples and
 * copies, then a mark in the store so a return visit finds it done. Every statement is one turn of
 * the engine's queue (`turn`), so a page's question waits at most one statement, and the build
 * reports its progress as it goes. Cancelled by opening something else.
 */
import { makeData, makeVector, RecordBatch, Table, tableToIPC, Float64, Int32, type Vector } from 'apache-arrow';
import { EngineError } from '../../src/lib/engine/errors';
import type { Progress } from '../../src/lib/engine/protocol';
import type { AnyDimension } from '../../src/lib/model/dimensions';
import { CUBES, cubeSql, dictionarySteps, FOLDER_CODES_SQL, folderCodes, instanceRowsSql, knownDictionaries, knownDictionariesSql, REPORT_BUILD_VERSION, reportBuildSteps, reportTables, type BuildStep, type KnownDictionaries } from '../../src/lib/model/report-build';
import { CubeAccumulator, dimensionRanges, dimensionRangesSql, NULL_CODE, type CubeRows, type FileBatch } from '../../src/lib/model/cube-accumulate';
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
	const planned = (known: KnownDictionaries, instanceRows: number, codes: ReturnType<typeof folderCodes>) =>
		reportBuildSteps({ shape: input.shape, asOfMs: input.asOfMs, files: input.files, facts, instanceRows, known, ...codes });
	const first = dictionarySteps(input.asOfMs).map(toStep);
	// Weights for the progress bar before the rest is planned (its shape does not depend on the dictionaries).
	const steps: Step[] = [...first, ...planned({}, 0, { folders: 1 }).map(toStep)];
	let planReady = false;
	const plan = async (s: AbortSignal) => {
		const known = knownDictionaries(await host.rows(knownDictionariesSql(), s));
		const countSql = instanceRowsSql(input.shape);
		const instanceRows = countSql ? Number((await host.rows(countSql, s))[0].n) : 0;
		const [codes] = await host.rows(FOLDER_CODES_SQL, s);
		steps.splice(first.length, steps.length - first.length, ...planned(known, instanceRows, folderCodes(codes)).map(toStep));
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
			await host.exec(`CREATE TABLE IF NOT EXISTS ds.main._dataset (key VARCHAR, value VARCHAR)`, signal);
			await host.exec(`DELETE FROM ds.main._dataset WHERE key = 'reports'`, signal);
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
	// Views first (they read the tables); a name is either, so both are tried.
	for (const t of reportTables()) await host.exec(`DROP VIEW IF EXISTS ${t}`).catch(() => undefined);
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
	const acc = new CubeAccumulator(CUBES, dimensionRanges(r, CUBE_DIMS));
	const [{ files }] = await host.rows('SELECT count(*) AS files FROM r_codes', signal);
	const flags = await duplicateFlags(host, Number(files), signal);
	const reader = new BatchReader(flags);
	let seen = 0;
	for await (const batch of host.stream(CODES_STREAM_SQL, signal)) {
		acc.add(reader.read(batch));
		seen += batch.numRows;
		if (seen % (1 << 20) < batch.numRows) share(seen / Math.max(1, Number(files)));
	}
	const out = acc.result();
	for (const cube of out) await writeCube(host, cube, signal);
	for (const c of acc.tooWide) await host.exec(cubeSql(c), signal);
	return out;
}

/** Dimensions read from r_codes as they are stored (the duplicate flags come from r_dup, by position). */
const STREAMED = CUBE_DIMS.filter((d) => d !== 'redundant' && d !== 'copyBand');
const TIMES = ['size', 'modifiedMs', 'accessedMs', 'addedMs'] as const;

/**
 * The per-file codes as stored, no conversion in SQL (casting every value costs more than reading it
 * in JavaScript): small integers come as their own typed arrays with a validity bitmap.
 */
const CODES_STREAM_SQL = `SELECT CAST(pos AS INTEGER) AS pos, ${STREAMED.join(', ')}, ${TIMES.map((t) => `CAST(${t} AS DOUBLE) AS ${t}`).join(', ')} FROM r_codes`;

/**
 * Per file position, its duplicate group's flags in one byte: -1 in no group, else copy band · 2 +
 * redundant (one array of a byte per file, not two).
 */
async function duplicateFlags(host: DuckDBHost, files: number, signal: AbortSignal): Promise<Int8Array> {
	const flags = new Int8Array(files).fill(-1);
	for await (const b of host.stream(`SELECT CAST(pos AS INTEGER) AS pos, CAST(NOT kept AS UTINYINT) AS r, CAST(copyBand AS TINYINT) AS c FROM r_dup`, signal)) {
		const pos = b.getChild('pos')!.toArray() as Int32Array;
		const r = b.getChild('r')!.toArray() as Uint8Array;
		const c = b.getChild('c')!.toArray() as Int8Array;
		for (let i = 0; i < b.numRows; i++) flags[pos[i]] = c[i] * 2 + r[i];
	}
	return flags;
}

/** Record batches of the code stream into FileBatch columns (NULL as NULL_CODE or NaN), buffers reused. */
class BatchReader {
	private dims: Partial<Record<AnyDimension, Int32Array>> = {};
	private doubles: Record<(typeof TIMES)[number], Float64Array> = { size: new Float64Array(0), modifiedMs: new Float64Array(0), accessedMs: new Float64Array(0), addedMs: new Float64Array(0) };

	constructor(private readonly flags: Int8Array) {}

	read(batch: RecordBatch): FileBatch {
		const n = batch.numRows;
		const int = (d: AnyDimension) => {
			let out = this.dims[d];
			if (!out || out.length < n) this.dims[d] = out = new Int32Array(n);
			return out;
		};
		for (const d of STREAMED) {
			const data = batch.getChild(d)!.data[0];
			const values = data.values as ArrayLike<number>;
			const offset = data.offset;
			const bitmap = data.nullCount > 0 ? data.nullBitmap : null;
			const out = int(d);
			if (!bitmap) for (let i = 0; i < n; i++) out[i] = values[offset + i];
			else
				for (let i = 0; i < n; i++) {
					const j = offset + i;
					out[i] = (bitmap[j >> 3] >> (j & 7)) & 1 ? values[j] : NULL_CODE;
				}
		}
		for (const t of TIMES) {
			const data = batch.getChild(t)!.data[0];
			const values = data.values as Float64Array;
			const offset = data.offset;
			const bitmap = data.nullCount > 0 ? data.nullBitmap : null;
			if (this.doubles[t].length < n) this.doubles[t] = new Float64Array(n);
			const out = this.doubles[t];
			for (let i = 0; i < n; i++) {
				const j = offset + i;
				out[i] = !bitmap || (bitmap[j >> 3] >> (j & 7)) & 1 ? values[j] : Number.NaN;
			}
		}
		const pos = batch.getChild('pos')!.toArray() as Int32Array;
		const redundant = int('redundant');
		const copyBand = int('copyBand');
		const flags = this.flags;
		for (let i = 0; i < n; i++) {
			const f = flags[pos[i]];
			redundant[i] = f < 0 ? 0 : f & 1;
			copyBand[i] = f < 0 ? NULL_CODE : f >> 1;
		}
		return { rows: n, dims: this.dims, size: this.doubles.size, modifiedMs: this.doubles.modifiedMs, accessedMs: this.doubles.accessedMs, addedMs: this.doubles.addedMs };
	}
}

/** Which of `n` values are set, as Arrow's validity bitmap (null when none is NULL). */
function validity(n: number, isNull: (i: number) => boolean): { nullCount: number; nullBitmap: Uint8Array | null } {
	let nullCount = 0;
	const valid = new Uint8Array((n + 7) >> 3);
	for (let i = 0; i < n; i++) {
		if (isNull(i)) nullCount++;
		else valid[i >> 3] |= 1 << (i & 7);
	}
	return { nullCount, nullBitmap: nullCount ? valid : null };
}

/** A cube's columns into a DuckDB table of the same name, through Arrow IPC (DuckDB-WASM's own reader). */
async function writeCube(host: DuckDBHost, cube: CubeRows, signal: AbortSignal): Promise<void> {
	const columns: Record<string, Vector> = {};
	// Arrow vectors over the same typed arrays: no copy of the values.
	for (const [d, data] of Object.entries(cube.dims)) columns[d] = makeVector(makeData({ type: new Int32(), length: cube.rows, data, ...validity(cube.rows, (i) => data[i] === NULL_CODE) }));
	for (const [m, data] of Object.entries(cube.measures)) columns[m] = makeVector(makeData({ type: new Float64(), length: cube.rows, data, ...validity(cube.rows, (i) => Number.isNaN(data[i])) }));
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

