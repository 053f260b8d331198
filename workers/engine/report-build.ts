/**
 * Running the report build (src/lib/model/report-build.ts) for the open dataset: the per-file codes
 * in slices, each summed into the cubes while DuckDB writes the next, the duplicate groups (their
 * files then moved to their flags in the cubes), the lists, samples and copies, then a mark in the
 * store so a return visit finds it done. Every statement is one turn of
 * the engine's queue (`turn`), so a page's question waits at most one statement, and the build
 * reports its progress as it goes. Cancelled by opening something else.
 */
import { makeData, makeVector, RecordBatch, Table, tableToIPC, Float64, Int32, type Vector } from 'apache-arrow';
import { EngineError } from '../../src/lib/engine/errors';
import type { Progress } from '../../src/lib/engine/protocol';
import type { AnyDimension } from '../../src/lib/model/dimensions';
import {
	CUBES,
	cubeSql,
	dictionarySteps,
	DUPLICATE_DIMENSIONS,
	FOLDER_CODES_SQL,
	folderCodes,
	instanceRowsSql,
	knownDictionaries,
	knownDictionariesSql,
	REPORT_BUILD_VERSION,
	reportBuildSteps,
	reportTables,
	type BuildStep,
	type KnownDictionaries
} from '../../src/lib/model/report-build';
import { CubeAccumulator, NULL_CODE, type CubeRows, type FileBatch } from '../../src/lib/model/cube-accumulate';
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
	/** The positions of `r_codes` it writes (summed into the cubes once written). */
	codes?: { from: number; to: number };
}

export async function buildReports(host: DuckDBHost, input: BuildInput, turn: Turn, progress: (p: Progress) => void, signal: AbortSignal): Promise<BuiltReports> {
	const started = performance.now();
	const facts = factsStore(input.factsParts);
	const summer = new CubeSummer(host, signal);
	let cubes: CubeRows[] = [];
	let done = 0;
	const toStep = (step: BuildStep): Step =>
		'sql' in step
			? { label: step.label, weight: step.weight, run: (s) => (step.codes ? summer.write(step.sql) : host.exec(step.sql, s)), codes: step.codes }
			: { label: step.label, weight: step.weight, run: async (s) => void (cubes = await summer.finish(s)) };
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
		if (step.codes) {
			// The slice before is summed while DuckDB writes this one; the one before that must be done (two slices' codes in memory at most).
			const waiting = performance.now();
			await summer.allButLast();
			const waited = performance.now() - waiting;
			if (waited >= 1) host.adoptLog([{ sql: `${BESIDE} waited for the cubes' summing before writing positions ${step.codes.from}–${step.codes.to}`, ms: waited, rows: 0, at: Date.now() }]);
		}
		await turn(() => step.run(signal));
		if (step.codes) summer.sumInBackground();
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
/** Marks the engine log's entries for work done in this worker while DuckDB runs, not by DuckDB. */
const BESIDE = '/* JavaScript, beside DuckDB */';
/** Dimensions read from r_codes as they are stored (the duplicate flags come from r_dup). */
const STREAMED = CUBE_DIMS.filter((d) => !(DUPLICATE_DIMENSIONS as readonly string[]).includes(d));
const TIMES = ['size', 'modifiedMs', 'accessedMs', 'addedMs'] as const;

/**
 * The per-file codes as stored, no conversion in SQL (casting every value costs more than reading it
 * in JavaScript): small integers come as their own typed arrays with a validity bitmap.
 */
const codesColumns = (dims: readonly AnyDimension[], times: readonly string[], alias = '') => [...dims.map((d) => `${alias}${d}`), ...times.map((t) => `CAST(${alias}${t} AS DOUBLE) AS ${t}`)].join(', ');

/** The cubes' dimensions that depend on the duplicate flags, read again for the files in groups. */
const AMENDED = CUBES.filter((c) => DUPLICATE_DIMENSIONS.some((d) => c.dims.includes(d)));
const AMENDED_DIMS = STREAMED.filter((d) => AMENDED.some((c) => c.dims.includes(d)));

/**
 * The cubes summed in JavaScript (src/lib/model/cube-accumulate.ts) slice by slice as `r_codes` is
 * written: DuckDB writes one slice while this worker sums the one before, on the other core. Every
 * file is summed as in no duplicate group; once the groups are known, their files are moved to
 * their flags (`amend`). The cubes are then written into DuckDB so a return visit and the SQL
 * answers have them; a cube whose keys would not fit is built by SQL instead.
 */
class CubeSummer {
	private readonly acc = new CubeAccumulator(CUBES);
	private readonly reader = new BatchReader();
	/** The last slice read, not summed yet. */
	private pending: RecordBatch[] = [];
	private running: Promise<void> = Promise.resolve();
	/** The summing before the last one started. */
	private before: Promise<void> = Promise.resolve();

	constructor(
		private readonly host: DuckDBHost,
		private readonly signal: AbortSignal
	) {}

	/**
	 * Write a slice of `r_codes` (an INSERT) and keep the codes it wrote, returned by the same
	 * statement in one piece: reading the slice again after it was written cost DuckDB more.
	 */
	async write(insert: string): Promise<void> {
		this.pending = (await this.host.all(`${insert}\nRETURNING ${codesColumns(STREAMED, TIMES)}`)).batches;
	}

	/** Sum what was read while the engine goes on, yielding now and then so requests are answered. */
	sumInBackground(): void {
		const batches = this.pending;
		this.pending = [];
		const running = this.running.then(async () => {
			let since = performance.now();
			let busy = 0;
			let rows = 0;
			for (const b of batches) {
				if (this.signal.aborted) throw new EngineError('cancelled', 'Preparing the reports was cancelled.');
				this.acc.add(this.reader.read(b, false));
				rows += b.numRows;
				if (performance.now() - since > 30) {
					busy += performance.now() - since;
					await new Promise((resolve) => setTimeout(resolve, 0));
					since = performance.now();
				}
			}
			busy += performance.now() - since;
			// In the engine's log for the Performance panel and the benchmark, marked as not DuckDB's time.
			this.host.adoptLog([{ sql: `${BESIDE} summing the report cubes over ${rows} files`, ms: busy, rows, at: Date.now() }]);
		});
		// Awaited by allButLast() and finish(); a build cancelled meanwhile must not leave it unhandled.
		running.catch(() => undefined);
		this.before = this.running;
		this.running = running;
	}

	/** Every slice but the last summed (rethrows what stopped the summing). */
	allButLast(): Promise<void> {
		return this.before;
	}

	/** Move the files in duplicate groups to their flags, then write every cube into DuckDB. */
	async finish(signal: AbortSignal): Promise<CubeRows[]> {
		await this.running;
		const sql = `SELECT ${codesColumns(AMENDED_DIMS, ['size'], 'c.')}, CAST(NOT d.kept AS TINYINT) AS redundant, CAST(d.copyBand AS TINYINT) AS copyBand
FROM r_codes c JOIN r_dup d ON d.pos = c.pos`;
		for (const b of (await this.host.all(sql)).batches) {
			if (signal.aborted) throw new EngineError('cancelled', 'Preparing the reports was cancelled.');
			const batch = this.reader.read(b, true);
			const before = { redundant: new Int32Array(batch.rows), copyBand: new Int32Array(batch.rows).fill(NULL_CODE) };
			this.acc.amend(batch, DUPLICATE_DIMENSIONS, before);
		}
		const out = this.acc.result();
		for (const cube of out) await writeCube(this.host, cube, signal);
		for (const c of this.acc.tooWide) await this.host.exec(cubeSql(c), signal);
		return out;
	}
}

/**
 * Record batches of the code stream into FileBatch columns (NULL as NULL_CODE or NaN), buffers
 * reused: whichever dimensions and times the batch holds. Without the duplicate flags, every file
 * is read as in no group.
 */
class BatchReader {
	private dims: Partial<Record<AnyDimension, Int32Array>> = {};
	private doubles: Record<string, Float64Array> = {};
	private readonly none = new Float64Array(0);

	read(batch: RecordBatch, flags: boolean): FileBatch {
		const n = batch.numRows;
		const int = (d: AnyDimension) => {
			let out = this.dims[d];
			if (!out || out.length < n) this.dims[d] = out = new Int32Array(n);
			return out;
		};
		const dims: Partial<Record<AnyDimension, Int32Array>> = {};
		const times: Record<string, Float64Array> = {};
		for (const field of batch.schema.fields) {
			const data = batch.getChild(field.name)!.data[0];
			const offset = data.offset;
			const bitmap = data.nullCount > 0 ? data.nullBitmap : null;
			if ((TIMES as readonly string[]).includes(field.name)) {
				const values = data.values as Float64Array;
				if (!this.doubles[field.name] || this.doubles[field.name].length < n) this.doubles[field.name] = new Float64Array(n);
				const out = (times[field.name] = this.doubles[field.name]);
				for (let i = 0; i < n; i++) {
					const j = offset + i;
					out[i] = !bitmap || (bitmap[j >> 3] >> (j & 7)) & 1 ? values[j] : Number.NaN;
				}
				continue;
			}
			const d = field.name as AnyDimension;
			const values = data.values as ArrayLike<number>;
			const out = (dims[d] = int(d));
			if (!bitmap) for (let i = 0; i < n; i++) out[i] = values[offset + i];
			else
				for (let i = 0; i < n; i++) {
					const j = offset + i;
					out[i] = (bitmap[j >> 3] >> (j & 7)) & 1 ? values[j] : NULL_CODE;
				}
		}
		if (!flags) {
			dims.redundant = int('redundant').fill(0, 0, n);
			dims.copyBand = int('copyBand').fill(NULL_CODE, 0, n);
		}
		return { rows: n, dims, size: times.size ?? this.none, modifiedMs: times.modifiedMs ?? this.none, accessedMs: times.accessedMs ?? this.none, addedMs: times.addedMs ?? this.none };
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

