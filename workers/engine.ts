/**
 * The engine worker: hosts DuckDB-WASM and answers the main thread's typed requests, one at a time,
 * each cancellable by id. It knows SQL and the model; it knows nothing of the UI.
 */
import { EngineError } from '../src/lib/engine/errors';
import type { EngineRequest, EngineStats, FromWorker, Progress, ToWorker } from '../src/lib/engine/protocol';
import type { DatasetInfo } from '../src/lib/model/dataset';
import { DuckDBHost, duckdbErrorType, duckdbText, translateError } from './engine/duckdb';
import { buildModel, openDataset, reopenStored, resetDataset, type OpenSource, type OpenedSource } from './engine/dataset';
import { forgetStores, listStores, storeOnDisk } from './engine/stored';
import { freshEngineAfterSummary, wantsFreshEngine } from '../src/lib/model/memory-plan';
import { answer, answerAtOnce, type OpenModel } from './engine/queries';
import { generateSample } from './engine/sample';
import { loadCubeMemory } from './engine/cube-memory';
import type { CubeMemory } from '../src/lib/model/cube-answer';
import { Activity, guard } from './engine/watchdog';
import { ALIVE_EVERY_MS, stallLimitMs } from '../src/lib/engine/stall';
import { buildReports, dropReportTables, reportTableRows, storedReports } from './engine/report-build';
import { CUBES } from '../src/lib/model/report-build';
import { ReportMemory } from './engine/report-memory';
import type { ReportTables } from './engine/reports';

const post = (message: FromWorker) => (self as unknown as Worker).postMessage(message);

/** What moved last, for the watchdog: progress reports and DuckDB statements starting or ending. */
const activity = new Activity();
DuckDBHost.onActivity = () => activity.touch();
/** DuckDB is booting: compiling its wasm on a busy machine is not a stalled step. */
let booting = false;

let hostPromise: Promise<DuckDBHost> | null = null;
let bootMs = 0;
let dataset: DatasetInfo | null = null;
let opened: OpenedSource | null = null;
/** The open dataset's summary tables in typed arrays, and which dataset they were loaded (or tried) for. */
let cubes: CubeMemory | null = null;
let cubesFor: DatasetInfo | null = null;
/** The open dataset's report tables, once built or found stored (null before). */
let reports: ReportTables | null = null;
/** The pack whose report tables have been looked for (a pack's parts wait until then). */
let packLooked: DatasetInfo | null = null;

function host(): Promise<DuckDBHost> {
	if (!hostPromise) {
		const started = performance.now();
		booting = true;
		const booted = DuckDBHost.boot().then((h) => {
			bootMs = performance.now() - started;
			return h;
		});
		hostPromise = booted;
		booted.then(
			() => (booting = false),
			() => {
				booting = false;
				if (hostPromise === booted) hostPromise = null;
			}
		);
	}
	return hostPromise;
}

async function handle(id: number, request: EngineRequest, signal: AbortSignal): Promise<unknown> {
	const progress = (p: Progress) => {
		activity.touch(p.label);
		post({ id, kind: 'progress', progress: p });
	};
	const h = await host();
	switch (request.type) {
		case 'boot':
			return { duckdbVersion: h.version, bundle: h.bundle, bootMs };
		case 'open': {
			dataset = null;
			forgetCubes();
			opened = null;
			const source = { files: request.files, urls: request.urls };
			let result = await withStorageFallback((forceMemory) =>
				openDataset(h, source, progress, signal, request.options, { fingerprint: request.fingerprint, forceMemory })
			);
			const info = result.info;
			if (!info.mappingNeeded && !info.reopened && info.fingerprint && wantsFreshEngine(info.files, storeOnDisk(), request.options?.freshAfter)) {
				if (freshEngineAfterSummary(info.files)) {
					freshPending = { info, source };
					// After the first Summary (see the queue below), or soon if the page asks nothing.
					setTimeout(scheduleFreshEngine, FRESH_ENGINE_IDLE_MS);
				} else {
					progress({ label: 'Releasing the memory the build used', done: 0, total: 1, unit: 'steps' });
					result = await reopenInFreshEngine(info, source);
					result.info.openMs += result.info.freshEngineMs ?? 0;
				}
			}
			opened = result.opened;
			openedFrom = source;
			dataset = result.info.mappingNeeded ? null : result.info;
			return result.info;
		}
		case 'map': {
			if (!opened) throw new EngineError('no-dataset', 'Nothing is open to map.', 'Open the file again.');
			forgetCubes();
			// The report tables of the unmapped table are not this model's.
			await dropReportTables(h);
			// A hand-made mapping is not part of the fingerprint: such a model is not reused or cached.
			dataset = { ...(await buildModel(h, opened, progress, signal, request.mapping)), fingerprint: undefined };
			return dataset;
		}
		case 'sample': {
			dataset = null;
			forgetCubes();
			opened = null;
			const result = await withStorageFallback((forceMemory) =>
				generateSample(h, request.rows, progress, signal, request.options, { fingerprint: request.fingerprint, until: request.until, forceMemory })
			);
			opened = result.opened;
			openedFrom = { files: [], urls: [] };
			dataset = result.info;
			return dataset;
		}
		case 'restore': {
			dataset = null;
			forgetCubes();
			opened = null;
			const started = performance.now();
			const { meta } = await resetDataset(h, request.fingerprint);
			if (!meta) {
				// Nothing stored under it: leave an empty store behind, not a stray file.
				await forgetStores(h, request.fingerprint);
				return null;
			}
			const result = await reopenStored(h, meta, { files: [], urls: [] }, started, progress);
			opened = result.opened;
			openedFrom = { files: [], urls: [] };
			dataset = result.info;
			return dataset;
		}
		case 'stored':
			return listStores(h);
		case 'forget': {
			const closed = await forgetStores(h, request.fingerprint);
			if (closed) {
				dataset = null;
				forgetCubes();
				opened = null;
			}
			return { closed };
		}
		case 'query':
			return answer(h, request.query, openModel(), signal, progress);
		case 'stats':
			return stats(h, request.logEntries);
		case 'sql': {
			const started = performance.now();
			const rows = await h.rows(request.sql, signal, 10_000);
			return { rows, ms: performance.now() - started };
		}
	}
}

/**
 * DuckDB-WASM's heap only grows: after a large build it keeps what the build needed. The build is
 * in OPFS, so a fresh DuckDB reopens it at once and what follows starts from a small heap
 * (src/lib/model/memory-plan.ts). Up to the two-engine size it happens after the open has answered
 * and the first Summary has been drawn from the build's engine, so the person does not wait for it;
 * requests that come while it runs wait their turn in the queue (a click the typed arrays answer
 * does not). Larger builds are reopened within the open, before anything else runs.
 */
let freshPending: { info: DatasetInfo; source: OpenSource } | null = null;
/** What the open dataset was opened from: a .duckdb read in place is attached again after a restart. */
let openedFrom: OpenSource = { files: [], urls: [] };
/** How long the last fresh engine took to reopen the build (stats: the Performance panel, tests). */
let lastFreshEngineMs: number | null = null;
/** If the page asks nothing after a large open, the fresh engine starts anyway after this long. */
const FRESH_ENGINE_IDLE_MS = 2_000;

/** Queue the fresh engine behind what is already waiting (a no-op once done or replaced). */
function scheduleFreshEngine(): void {
	if (!freshPending) return;
	queue = queue.then(runFreshEngine);
}

/** Whether a fresh engine is waiting or reopening the build (stats: the benchmark waits for it). */
let freshRunning = false;

async function runFreshEngine(): Promise<void> {
	const pending = freshPending;
	freshPending = null;
	// A dataset opened, restored or forgotten since: that one decides for itself.
	if (!pending || dataset !== pending.info) return;
	freshRunning = true;
	try {
		const result = await reopenInFreshEngine(pending.info, pending.source);
		// The cubes in memory hold the same figures: they stay.
		if (cubesFor === dataset) cubesFor = result.info;
		opened = result.opened;
		dataset = result.info;
	} catch (e) {
		// The build's engine is gone; nothing is open. The page's next question says so and offers to
		// open the export again, which reuses the stored build.
		console.warn('Reopening the build in a fresh engine failed.', e);
		dataset = null;
		opened = null;
		forgetCubes();
	} finally {
		freshRunning = false;
	}
}

async function reopenInFreshEngine(built: DatasetInfo, source: OpenSource): Promise<{ opened: OpenedSource; info: DatasetInfo }> {
	const started = performance.now();
	const old = await host();
	await old.detachStore();
	await old.detachSource();
	hostPromise = null;
	await old.terminate();
	const h = await host();
	// The build's query log goes on in the new engine: the Performance panel shows the whole open.
	h.adoptLog(old.log);
	const { meta } = await resetDataset(h, built.fingerprint);
	if (!meta) throw new EngineError('internal', 'The finished build could not be reopened after restarting the engine.', 'Open the export again: the stored part is reused.');
	const reopened = await reopenStored(h, meta, source, started, () => undefined);
	const freshEngineMs = (lastFreshEngineMs = performance.now() - started);
	return { opened: reopened.opened, info: { ...built, warnings: reopened.info.warnings, freshEngineMs } };
}

/**
 * Whether the browser is about to refuse more disk space to this site: DuckDB reports a refused
 * write into OPFS as an I/O error like any other, so the storage estimate tells which it was.
 */
async function storageNearlyFull(): Promise<boolean> {
	try {
		const { usage = 0, quota = Infinity } = await navigator.storage.estimate();
		return quota - usage < Math.max(256 * 1024 * 1024, quota * 0.02);
	} catch {
		return false;
	}
}

/**
 * Build in OPFS; when the browser refuses the space, build again in memory and say so. The app
 * keeps working, the dataset is only not stored for the next visit.
 */
async function withStorageFallback(open: (forceMemory: boolean) => Promise<DatasetInfo>): Promise<DatasetInfo>;
async function withStorageFallback<T extends { info: DatasetInfo }>(open: (forceMemory: boolean) => Promise<T>): Promise<T>;
async function withStorageFallback(open: (forceMemory: boolean) => Promise<DatasetInfo | { info: DatasetInfo }>) {
	try {
		return await open(false);
	} catch (e) {
		const refused = e instanceof EngineError && e.code === 'engine-error' && duckdbErrorType(e.cause) === 'IO' && (await storageNearlyFull());
		if (!refused) throw e;
		const result = await open(true);
		const note = `This browser refused the disk space to store the dataset (${duckdbText(e.cause).split('\n')[0]}), so it was opened in memory and will be read again on the next visit. Deleting cached datasets frees space.`;
		if ('info' in result) result.info.warnings.push(note);
		else result.warnings.push(note);
		return result;
	}
}

function openModel(): OpenModel | null {
	return dataset && opened
		? { shape: opened.shape, asOfMs: dataset.asOfMs, openedMs: dataset.openedMs, pack: dataset.kind === 'pack', cubes: cubesFor === dataset ? cubes : null, factsParts: dataset.factsParts, reports, packReportsPending: dataset.kind === 'pack' && packLooked !== dataset }
		: null;
}

function forgetCubes(): void {
	cubes = null;
	cubesFor = null;
	reports = null;
}

/**
 * Load the open dataset's cubes into memory once, after its first Summary has been answered, so
 * opening is not slowed and every later click skips DuckDB. A failure only leaves the SQL path.
 */
async function ensureCubes(): Promise<void> {
	const target = dataset;
	if (!target || !opened || cubesFor === target) return;
	cubesFor = target;
	cubes = null;
	try {
		const loaded = await loadCubeMemory(await host());
		if (cubesFor === target) cubes = loaded;
	} catch (e) {
		console.warn('Holding the summary cubes in memory failed; the Summary keeps answering with SQL.', e);
	}
}

async function stats(h: DuckDBHost, logEntries = 100): Promise<EngineStats> {
	// Read the figures before the stats queries themselves land in the log.
	const queries = h.queries;
	const log = h.log.slice(-Math.max(0, logEntries));
	const [mem] = await h.probe(`SELECT sum(memory_usage_bytes)::BIGINT AS used FROM duckdb_memory()`).catch(() => [{ used: null }]);
	const [limit] = await h.probe(`SELECT current_setting('memory_limit') AS l`).catch(() => [{ l: null }]);
	return { queries, log, memoryBytes: mem.used === null ? null : Number(mem.used), memoryLimit: limit.l === null ? null : String(limit.l), freshEngineMs: lastFreshEngineMs, freshEnginePending: freshPending !== null || freshRunning };
}

/**
 * The report build (workers/engine/report-build.ts) for the open dataset: reused when the store has
 * it, else built statement by statement, each a turn of the queue, so the pages' questions are
 * answered between its statements. Abandoned when the dataset changes or the request is cancelled.
 */
async function prepareReports(id: number): Promise<void> {
	const started = performance.now();
	const controller = new AbortController();
	controllers.set(id, controller);
	busy++;
	// A fresh engine still to come would end the engine the build runs in: it comes first.
	scheduleFreshEngine();
	const target = await queued(() => Promise.resolve(dataset));
	const progress = (p: Progress) => {
		activity.touch(p.label);
		post({ id, kind: 'progress', progress: p });
	};
	const request: EngineRequest = { type: 'buildReports' };
	/** One step as a turn of the queue, under the watchdog; the dataset must still be the one being prepared. */
	const turn = <T>(work: () => Promise<T>): Promise<T> =>
		queued(async () => {
			if (controller.signal.aborted || !sameDataset(dataset, target)) throw new EngineError('cancelled', 'Preparing the reports was cancelled.');
			activity.reset();
			const limitMs = stallLimitMs(budgetOf(request));
			return guard(work(), { activity, controller, limitMs, paused: () => booting, kill: () => endStuckEngine(request), stalled: () => stalledError(request, limitMs) });
		});
	try {
		if (!target || !opened || target.mappingNeeded) throw new EngineError('no-dataset', 'No dataset is open yet.');
		if (target.kind === 'pack') {
			// A pack brings what its builder made; nothing to build here.
			const h = await host();
			const rows = await turn(() => reportTableRows(h));
			const complete = CUBES.every((c) => c.table in rows);
			if (complete) reports = { rows, memory: await turn(() => ReportMemory.load(h)) };
			packLooked = target;
			return post({ id, kind: 'result', result: { buildMs: 0, reused: true, tables: complete ? Object.keys(rows).length : 0 }, ms: performance.now() - started });
		}
		if (reports && target === dataset) return post({ id, kind: 'result', result: { buildMs: 0, reused: true, tables: Object.keys(reports.rows).length }, ms: 0 });
		const h = await host();
		const stored = await turn(() => storedReports(h));
		let reused = true;
		let built = stored;
		if (!built) {
			reused = false;
			const shape = opened.shape;
			built = await buildReports(h, { shape, asOfMs: target.asOfMs, files: target.files, factsParts: target.factsParts, persistent: storeOnDisk() }, turn, progress, controller.signal);
		}
		const memory = await turn(async () => ReportMemory.load(await host(), built!.cubes));
		if (sameDataset(dataset, target)) reports = { rows: built.tables, memory };
		post({ id, kind: 'result', result: { buildMs: built.buildMs, reused, tables: Object.keys(built.tables).length }, ms: performance.now() - started });
	} catch (e) {
		const stalled = e instanceof EngineError && e.code === 'stalled';
		const error = controller.signal.aborted && !stalled ? new EngineError('cancelled', 'Preparing the reports was cancelled.') : inContext(translateError(e), request);
		if (error.code !== 'cancelled') console.warn('The report build failed.', error.toJSON().detail ?? e);
		post({ id, kind: 'error', error: error.toJSON() });
	} finally {
		controllers.delete(id);
		busy--;
	}
}

/** The same dataset, though a fresh engine may have reopened it since (a new description object). */
function sameDataset(a: DatasetInfo | null, b: DatasetInfo | null): boolean {
	return a !== null && b !== null && (a === b || (a.fingerprint !== undefined && a.fingerprint === b.fingerprint && a.asOfMs === b.asOfMs));
}

/** Run `work` in its turn of the queue; resolves with its result. */
function queued<T>(work: () => Promise<T>): Promise<T> {
	const run = queue.then(work);
	queue = run.catch(() => undefined);
	return run;
}

// One request runs at a time against the single connection; later ones wait their turn.
const controllers = new Map<number, AbortController>();
/** Requests queued or running that replace or drop the open dataset (open, map, sample, restore, forget). */
let changing = 0;
let queue: Promise<unknown> = Promise.resolve();

self.addEventListener('message', (event: MessageEvent<ToWorker>) => {
	const message = event.data;
	if ('cancel' in message) {
		const controller = controllers.get(message.cancel);
		if (!controller) return;
		controller.abort();
		// Answered now, not when the request's turn comes or its statement stops: a request waiting
		// behind a long step (the report build's pass over every file) would otherwise be answered
		// too late, and the page would end this worker as stuck. Its own later answer is ignored.
		post({ id: message.cancel, kind: 'error', error: new EngineError('cancelled', 'The request was cancelled.').toJSON() });
		return;
	}
	const { id, request } = message;
	if (request.type === 'stats' && hostPromise) {
		// Stats skip the queue: the Performance panel samples memory while a long load runs.
		void hostPromise.then((h) => stats(h, request.logEntries)).then(
			(result) => post({ id, kind: 'result', result, ms: 0 }),
			(e) => post({ id, kind: 'error', error: translateError(e).toJSON() })
		);
		return;
	}
	if (request.type === 'buildReports') {
		void prepareReports(id);
		return;
	}
	const started = performance.now();
	// A click's figures from the typed arrays need no DuckDB: answered now, not behind the queue
	// (where the previous view's scan may still be cancelling). Not while the dataset is changing.
	if (request.type === 'query' && changing === 0) {
		try {
			const result = answerAtOnce(request.query, openModel());
			if (result) return post({ id, kind: 'result', result, ms: performance.now() - started });
		} catch (e) {
			return post({ id, kind: 'error', error: translateError(e).toJSON() });
		}
	}
	const controller = new AbortController();
	controllers.set(id, controller);
	const changes = !['query', 'stats', 'sql', 'boot', 'stored'].includes(request.type);
	if (changes) changing++;
	busy++;
	queue = queue.then(async () => {
		try {
			if (controller.signal.aborted) throw new EngineError('cancelled', 'The request was cancelled.');
			activity.reset();
			const limitMs = stallLimitMs(budgetOf(request));
			const result = await guard(handle(id, request, controller.signal), {
				activity,
				controller,
				limitMs,
				paused: () => booting,
				kill: () => endStuckEngine(request),
				stalled: () => stalledError(request, limitMs)
			});
			post({ id, kind: 'result', result, ms: performance.now() - started });
			if (request.type === 'query' && request.query.kind === 'summary') {
				await ensureCubes();
				scheduleFreshEngine();
			}
		} catch (e) {
			post({ id, kind: 'error', error: inContext(translateError(e), request).toJSON() });
		} finally {
			controllers.delete(id);
			if (changes) changing--;
			busy--;
		}
	});
});

/* ------------------------------------------------------------------------------------------ */
/* Hangs (workers/engine/watchdog.ts)                                                           */

/** Requests queued or running: while there are any, the page hears that the worker is alive. */
let busy = 0;
setInterval(() => {
	if (busy > 0) post({ id: 0, kind: 'alive' });
}, ALIVE_EVERY_MS);

const OPENS = new Set<EngineRequest['type']>(['open', 'sample', 'restore', 'map']);

/** The size a request's steps are measured against: the files dropped, or the open dataset. */
function budgetOf(request: EngineRequest): { bytes?: number; files?: number } {
	if (request.type === 'open') return { bytes: request.files.reduce((n, f) => n + f.file.size, 0) };
	if (request.type === 'sample') return { files: request.rows };
	const files = dataset?.files ?? 0;
	const bytes = openedFrom.files.reduce((n, f) => n + f.file.size, 0);
	return { bytes, files };
}

/** The name a person knows an open by: the one file, the dropped folder, or how many files. */
function sourceName(request: EngineRequest): string {
	if (request.type === 'open') {
		const paths = [...request.files.map((f) => f.path || f.file.name), ...request.urls.map((u) => decodeURIComponent(new URL(u).pathname.split('/').pop() ?? u))];
		if (paths.length === 1) return paths[0];
		const folders = new Set(paths.map((p) => (p.includes('/') ? p.split('/')[0] : '')));
		if (folders.size === 1 && !folders.has('')) return [...folders][0];
		return `${paths[0]} and ${paths.length - 1} more`;
	}
	if (request.type === 'sample') return 'the sample data';
	return dataset?.name ?? 'the dataset';
}

function stalledError(request: EngineRequest, limitMs: number): EngineError {
	const name = sourceName(request);
	const step = activity.step ?? undefined;
	const seconds = Math.round(limitMs / 1000);
	const opening = OPENS.has(request.type);
	const what = opening ? `Opening ${name}` : `A question about ${name}`;
	const statement = DuckDBHost.lastStarted;
	return new EngineError(
		'stalled',
		`${what} stopped making progress${step ? ` at “${step}”` : ''}: nothing moved for ${seconds} seconds, so it was stopped.`,
		opening
			? 'The file may be damaged (cut short while it was copied?) or hold a view that never ends. Check it and open it again, or open another export; datasets opened before are still under Cached datasets.'
			: 'The export may hold a view that never ends, or a part that cannot be read. The data was opened again; other pages still work.',
		statement ? `The engine was running: ${statement.replace(/\s+/g, ' ').slice(0, 400)}` : undefined,
		{ file: name, step }
	);
}


/**
 * DuckDB did not stop: end it (and a build helper with it). An open has nothing to keep; after a
 * question about an open dataset the stored build is attached again in a fresh DuckDB, so the
 * pages keep working; when that is impossible (kept in memory only), the page is told to reopen.
 */
async function endStuckEngine(request: EngineRequest): Promise<void> {
	const previous = OPENS.has(request.type) ? null : dataset;
	const source = openedFrom;
	hostPromise = null;
	dataset = null;
	opened = null;
	freshPending = null;
	forgetCubes();
	await DuckDBHost.terminateAll();
	if (!previous?.fingerprint) {
		if (previous) lostDataset = true;
		// Boot the next DuckDB now, not when the next request comes: booting takes seconds.
		host().catch((e) => console.warn('Booting a fresh engine failed', e));
		return;
	}
	try {
		const h = await host();
		const { meta } = await resetDataset(h, previous.fingerprint);
		if (!meta) throw new Error('the build is not stored');
		const result = await reopenStored(h, meta, source, performance.now(), () => undefined);
		opened = result.opened;
		dataset = { ...previous, warnings: result.info.warnings };
	} catch (e) {
		console.warn('Reopening the dataset after ending a stuck engine failed', e);
		lostDataset = true;
	}
}

/** Set when a stuck engine took the open dataset with it: the next error tells the page to reopen. */
let lostDataset = false;

/** An error as the page reads it: the step and file it happened at, when the step did not say. */
function inContext(error: EngineError, request: EngineRequest): EngineError {
	let out = error;
	if (error.code === 'engine-error' && !error.file && OPENS.has(request.type)) {
		const name = sourceName(request);
		const step = activity.step ?? undefined;
		out = new EngineError(
			'engine-error',
			`Opening ${name} failed${step ? ` at “${step}”` : ''}: the engine could not read it.`,
			'The file may be damaged, or hold tables of a shape this app does not expect. The engine’s own message is below.',
			error.detail,
			{ cause: error, file: name, step }
		);
	}
	if (lostDataset && !OPENS.has(request.type)) {
		lostDataset = false;
		return new EngineError(out.code, out.message, out.hint, out.detail, { cause: out.cause, file: out.file, step: out.step, datasetLost: true });
	}
	return out;
}
