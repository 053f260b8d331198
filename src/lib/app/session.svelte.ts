/**
 * The session: which dataset is open, what is loading, and the last error. Pages read it; only the
 * actions here talk to the engine.
 */
import { engine, EngineError, isCancelled, type InputFile, type Progress } from '$lib/engine';
import type { DatasetInfo } from '$lib/model/dataset';
import type { InventoryMapping } from '$lib/model/inventory';
import { openOptionsFromParams, type OpenOptions } from '$lib/model/open-options';
import type { SummaryPreview } from '$lib/model/summary';
import { fingerprintFiles, fingerprintSample, fingerprintUrls, probeSource, sampleUntil } from '$lib/cache/fingerprint';
import { forgetAll, forgetDataset, getRecord, lastRecord, listRecords, recordForUrls, rememberDataset, storeProblem, type DatasetRecord, type StoredSource } from '$lib/cache/store';
import { clearResultCache, datasetKey, seedResult } from '$lib/cache/results';
import { readBoot } from '$lib/cache/boot';
import { viewFromParams } from '$lib/model/filters';
import { prefetchSummary } from '$lib/reports/summary/summary';

export interface Failure {
	message: string;
	hint?: string;
	code: string;
	detail?: string;
}

/** An engine error as the page shows it (a plain object: it is state, and EngineError is an Error). */
const failureOf = (e: EngineError): Failure => ({ code: e.code, message: e.message, hint: e.hint, detail: e.detail });

/** What was opened, so the session can open it again after the engine restarts. */
type Source =
	| { kind: 'files'; files: InputFile[]; label?: string }
	| { kind: 'urls'; urls: string[] }
	| { kind: 'sample'; rows: number }
	| { kind: 'stored'; fingerprint: string };

/** What an open needs besides the request: how to recognise the dataset next time. */
interface Identity {
	fingerprint?: string;
	stored: StoredSource;
	sourceBytes: number;
	/** The cached description, when the caller has already read it. */
	record?: DatasetRecord;
	/** The source could not be reached: what is shown comes from storage and is not remembered anew. */
	unreachable?: boolean;
}

/**
 * A return visit reads what was open last as soon as this module loads, before the page has
 * mounted: from the boot snapshot in localStorage when there is one (synchronous, with the first
 * Summary answers, which go straight into the memory cache), else from IndexedDB.
 */
const boot = typeof window !== 'undefined' ? readBoot() : null;
for (const r of boot?.results ?? []) seedResult(r.datasetKey, r.queryKey, r.value);
const lastAtLoad: Promise<DatasetRecord | undefined> = typeof window === 'undefined' ? Promise.resolve(undefined) : boot ? Promise.resolve(boot.record) : lastRecord();
// ... and reads the Summary that visit cached for this URL's view into memory meanwhile: the page
// finds it there when it mounts, instead of starting a second IndexedDB read after hydration.
void lastAtLoad.then((record) => {
	performance.mark('last-dataset-read');
	if (record) prefetchSummary(datasetKey(record.info, 0), viewFromParams(new URL(window.location.href).searchParams));
});

/** Two frames: what was just put on screen is painted before the engine worker starts competing for the CPU. */
const afterPaint = () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));

/**
 * How long a cached view may take to draw before the engine starts anyway. Booting DuckDB compiles
 * its wasm on the machine's other core(s): started at once, it slowed the cached Summary's drawing
 * on two cores (docs/BENCHMARKS.md, "Notes moved from code comments").
 */
const CACHED_DRAW_WAIT_MS = 1500;

/** Engine options the page's URL carries (`?partitions=`). */
function openOptions(): OpenOptions {
	return typeof window === 'undefined' ? {} : openOptionsFromParams(new URL(window.location.href).searchParams);
}

/** The note under figures reopened from storage because their `?src=` could not be reached. */
function outOfReach(urls: string[], lastOpened: number): string {
	const names = urls.map((u) => decodeURIComponent(new URL(u).pathname.split('/').pop() || u)).join(', ');
	const when = new Date(lastOpened).toISOString().slice(0, 16).replace('T', ' ');
	return `${names} cannot be reached (no network, or its server does not answer): these figures are the ones this browser stored when it was last opened (${when} UTC).`;
}

/**
 * The report build starts once the Summary is drawn, never before it; a page that is not the Summary
 * starts it this long after the open instead.
 */
const REPORTS_AFTER_OPEN_MS = 3000;

/** The report build of the open dataset (docs/MODEL.md, "The report build"). */
export interface ReportsState {
	/** Every report table is there: pages answer from them. */
	ready: boolean;
	/** While it runs: what it is doing, and how far it is. */
	progress: Progress | null;
	/** It failed: pages keep what the Summary's tables answer, and say why the rest is missing. */
	error: string | null;
}

class Session {
	dataset = $state<DatasetInfo | null>(null);
	reports = $state<ReportsState>({ ready: false, progress: null, error: null });
	/** The dataset whose report build ran the engine out of memory: not built again until asked. */
	private buildEnded: string | null = null;
	private reportsController: AbortController | null = null;
	private reportsTimer: ReturnType<typeof setTimeout> | null = null;
	/** Bumped on every newly opened dataset so views refetch. */
	generation = $state(0);
	loading = $state<{ what: string; progress: Progress | null; preview: SummaryPreview | null } | null>(null);
	failure = $state<Failure | null>(null);
	/** A generic table whose columns need the person's mapping before the model can be built. */
	mappingNeeded = $state<DatasetInfo['mappingNeeded']>(null);
	/**
	 * Set while `dataset` is shown from the browser's cache and the engine is still opening it: when
	 * it was last opened (epoch ms). Views then draw from cached results only.
	 */
	cachedFrom = $state<number | null>(null);
	/** True from page load until it is known whether a previous visit's dataset comes back. */
	resuming = $state(typeof window !== 'undefined');
	private controller: AbortController | null = null;
	/** The person pressed Cancel on this open: what was open before comes back. */
	private cancelledByPerson: AbortController | null = null;
	private source: Source | null = null;
	/**
	 * Where the dataset on screen comes from (`source` already names the open under way): set when
	 * an open succeeds, or when its cached description is shown while it runs.
	 */
	private shownSource: Source | null = null;
	private mapping: InventoryMapping | null = null;
	private recovering = false;

	constructor() {
		if (typeof window !== 'undefined') engine().onCrash((e) => void this.recover(e));
	}

	/**
	 * The engine died (crash, out of memory, killed): say so, and open the same data again in the
	 * new engine. One attempt only: if that fails too, the message stays and the app waits.
	 */
	private async recover(e: EngineError): Promise<void> {
		const had = this.source;
		this.dataset = null;
		if (!had || this.recovering) {
			this.failure = failureOf(e);
			return;
		}
		this.recovering = true;
		const mapping = this.mapping;
		try {
			await this.openSource(had);
			if (mapping && this.mappingNeeded) await this.map(mapping);
		} finally {
			this.recovering = false;
		}
		const reopened = this.dataset !== null;
		this.failure = { ...failureOf(e), hint: reopened ? 'The engine was restarted and the data opened again.' : e.hint };
	}

	private openSource(source: Source): Promise<void> {
		switch (source.kind) {
			case 'files':
				return this.open(source.files, source.label);
			case 'urls':
				return this.openUrls(source.urls);
			case 'sample':
				return this.sample(source.rows);
			case 'stored':
				return this.reopen(source.fingerprint);
		}
	}

	/**
	 * One open: `identify` works out the fingerprint (cheap), a cached description of the same
	 * dataset is shown at once, and the engine's answer replaces it.
	 */
	private async run(
		what: string,
		identify: (signal: AbortSignal) => Promise<Identity | null>,
		task: (signal: AbortSignal, onProgress: (p: Progress) => void, identity: Identity | null) => Promise<DatasetInfo | null>
	): Promise<void> {
		this.controller?.abort();
		this.stopReports();
		const controller = new AbortController();
		this.controller = controller;
		// What is on screen now, to bring back if this open is cancelled or fails.
		const previous = this.dataset ? this.shownSource : null;
		this.resuming = false;
		this.failure = null;
		this.mappingNeeded = null;
		this.loading = { what, progress: null, preview: null };
		performance.mark('open-start');
		try {
			const identity = await identify(controller.signal);
			const known = identity?.record ?? (identity?.fingerprint ? await getRecord(identity.fingerprint) : undefined);
			if (this.controller !== controller) return;
			if (known) {
				this.showCached(known);
				this.shownSource = this.source;
				await this.cachedDrawn();
			}
			const info = await task(
				controller.signal,
				(p) => {
					if (this.controller !== controller) return;
					// A preview arrives once; later progress keeps it on screen until the dataset is ready.
					const { preview, ...progress } = p;
					this.loading = { what, progress, preview: preview ?? this.loading?.preview ?? null };
				},
				identity
			);
			if (this.controller !== controller) return;
			if (!info) throw new EngineError('no-dataset', `${this.dataset?.name ?? 'The dataset'} is no longer stored in this browser.`, 'Open its files again.');
			if (info.mappingNeeded) {
				this.mappingNeeded = info.mappingNeeded;
				this.dataset = null;
				this.cachedFrom = null;
				return;
			}
			this.mappingNeeded = null;
			performance.mark('open-done');
			this.shownSource = this.source;
			this.dataset = info;
			this.cachedFrom = null;
			this.generation++;
			if (identity && info.fingerprint && !identity.unreachable) void this.remember(info, identity);
			this.reportsTimer = setTimeout(() => this.prepareReports(), REPORTS_AFTER_OPEN_MS);
		} catch (e) {
			if (this.controller !== controller) return;
			if (isCancelled(e)) {
				if (this.cancelledByPerson === controller) this.restorePrevious(previous);
				return;
			}
			const err = e instanceof EngineError ? e : new EngineError('internal', String(e));
			const failure = failureOf(err);
			this.failure = failure;
			if (previous) {
				// What was open before is gone from the engine (it was reset to open the new one): it
				// comes back from this browser's store, and the message about the failed open stays.
				this.restorePrevious(previous, failure);
			} else {
				this.dataset = null;
				this.cachedFrom = null;
				void this.tidyStores();
			}
		} finally {
			if (this.controller === controller) {
				this.loading = null;
				this.controller = null;
			}
		}
	}

	/** The Summary of the open dataset is on screen: the report build may start. */
	summaryDrawn(): void {
		if (this.dataset && !this.cachedFrom) this.prepareReports();
	}

	/** Build the report tables of the open dataset (the engine reuses a stored build at once). */
	private prepareReports(): void {
		if (this.reportsTimer !== null) clearTimeout(this.reportsTimer);
		this.reportsTimer = null;
		if (!this.dataset || this.reportsController || this.reports.ready) return;
		const key = datasetKey(this.dataset, 0);
		if (this.buildEnded === key) {
			this.reports = { ready: false, progress: null, error: 'the engine ran out of memory while preparing them' };
			return;
		}
		const controller = new AbortController();
		this.reportsController = controller;
		this.reports = { ready: false, progress: null, error: null };
		engine()
			.request({ type: 'buildReports' }, { signal: controller.signal, onProgress: (p) => this.reportsController === controller && (this.reports = { ...this.reports, progress: p }) })
			.then(
				() => {
					if (this.reportsController === controller) this.reports = { ready: true, progress: null, error: null };
				},
				(e) => {
					// The build's own statement ran out of memory (the engine restarts and reopens the
					// data): it is not started again by itself, or the reopen would meet the same end, over
					// and over. Another request's crash ('engine-crashed') leaves the build to start again.
					if (e instanceof EngineError && e.code === 'out-of-memory') this.buildEnded = key;
					if (this.reportsController !== controller || isCancelled(e)) return;
					this.reports = { ready: false, progress: null, error: e instanceof Error ? e.message : String(e) };
				}
			)
			.finally(() => {
				if (this.reportsController === controller) this.reportsController = null;
			});
	}

	/** Prepare the report tables again after the engine stopped during their build (the page's "Try again"). */
	retryReports(): void {
		this.buildEnded = null;
		this.prepareReports();
	}

	private stopReports(): void {
		if (this.reportsTimer !== null) clearTimeout(this.reportsTimer);
		this.reportsTimer = null;
		this.reportsController?.abort();
		this.reportsController = null;
		this.reports = { ready: false, progress: null, error: null };
	}

	private drawnFromCache: (() => void) | null = null;

	/** A view drew what the cache holds for it (or had nothing to draw): the engine may start. */
	cachedViewDrawn(): void {
		this.drawnFromCache?.();
	}

	private cachedDrawn(): Promise<void> {
		return new Promise<void>((resolve) => {
			const done = () => {
				clearTimeout(timer);
				this.drawnFromCache = null;
				// Painted first, then the engine.
				void afterPaint().then(resolve);
			};
			const timer = setTimeout(done, CACHED_DRAW_WAIT_MS);
			this.drawnFromCache = done;
		});
	}

	private showCached(record: DatasetRecord): void {
		performance.mark('cached-dataset-shown');
		this.dataset = record.info;
		this.cachedFrom = record.lastOpened;
	}

	/** Keep the description for the next visit; forget the engine stores of datasets no longer remembered. */
	private async remember(info: DatasetInfo, identity: Identity): Promise<void> {
		await rememberDataset({ fingerprint: info.fingerprint!, info, source: identity.stored, sourceBytes: identity.sourceBytes });
		await this.tidyStores(info.fingerprint);
	}

	/**
	 * Forget the engine stores no dataset description names: what an open that was cancelled or
	 * failed left half-built (the Cached datasets page would list it as "unknown"). Never while the
	 * browser's IndexedDB is unusable (then no store has a description), never the store in use.
	 */
	async tidyStores(keep?: string): Promise<void> {
		try {
			if (storeProblem()) return;
			const kept = new Set((await listRecords()).map((r) => r.fingerprint));
			if (keep) kept.add(keep);
			if (this.dataset?.fingerprint) kept.add(this.dataset.fingerprint);
			for (const s of await engine().request({ type: 'stored' })) {
				if (!kept.has(s.fingerprint) && (!s.open || !this.dataset)) await engine().request({ type: 'forget', fingerprint: s.fingerprint });
			}
		} catch (e) {
			console.warn('Tidying the stored datasets failed', e);
		}
	}

	/** Open dropped or chosen files; none at all (an empty folder, named by `label`) gets a message. */
	open(files: InputFile[], label?: string): Promise<void> {
		if (files.length === 0) {
			this.nothingToOpen(label);
			return Promise.resolve();
		}
		this.source = { kind: 'files', files, label };
		this.mapping = null;
		const what = label ?? (files.length === 1 ? files[0].path : `${files.length.toLocaleString('en-US')} files`);
		return this.run(
			`Opening ${what}`,
			async () => ({
				fingerprint: await fingerprintFiles(files),
				stored: { kind: 'files', files: files.map((f) => ({ path: f.path || f.file.name, size: f.file.size })) },
				sourceBytes: files.reduce((n, f) => n + f.file.size, 0)
			}),
			(signal, onProgress, id) => engine().request({ type: 'open', files, urls: [], options: openOptions(), fingerprint: id?.fingerprint }, { signal, onProgress })
		);
	}

	openUrls(urls: string[]): Promise<void> {
		this.source = { kind: 'urls', urls };
		this.mapping = null;
		const what = urls.length === 1 ? urls[0].split('/').pop() : `${urls.length} files`;
		return this.run(
			`Opening ${what}`,
			async (signal) => {
				const facts = await Promise.all(urls.map((u) => probeSource(u, signal)));
				if (facts.includes('unreachable')) {
					// No network, or the server is down: the summaries stored for these URLs, if any.
					const record = await recordForUrls(urls);
					if (record) return { fingerprint: record.fingerprint, stored: record.source, sourceBytes: record.sourceBytes, record, unreachable: true };
				}
				const known = facts.filter((f) => f !== null && f !== 'unreachable');
				return {
					// A URL the server says nothing about cannot be recognised again: opened uncached.
					fingerprint: known.length === urls.length ? fingerprintUrls(known) : undefined,
					stored: { kind: 'urls', urls },
					sourceBytes: known.reduce((n, f) => n + (f.size ?? 0), 0)
				};
			},
			async (signal, onProgress, id) => {
				if (!id?.unreachable || !id.record) return engine().request({ type: 'open', files: [], urls, options: openOptions(), fingerprint: id?.fingerprint }, { signal, onProgress });
				const info = await engine().request({ type: 'restore', fingerprint: id.record.fingerprint }, { signal, onProgress });
				return info && { ...info, warnings: [outOfReach(urls, id.record.lastOpened), ...info.warnings] };
			}
		);
	}

	sample(rows: number): Promise<void> {
		this.source = { kind: 'sample', rows };
		this.mapping = null;
		const until = sampleUntil();
		return this.run(
			`Generating ${rows.toLocaleString('en-US')} sample files`,
			async () => ({ fingerprint: fingerprintSample(rows, until), stored: { kind: 'sample', rows }, sourceBytes: 0 }),
			(signal, onProgress, id) => engine().request({ type: 'sample', rows, until, options: openOptions(), fingerprint: id?.fingerprint }, { signal, onProgress })
		);
	}

	/** Open a dataset stored in this browser, without its files (a return visit, the Cached datasets page). */
	reopen(fingerprint: string, known?: DatasetRecord): Promise<void> {
		this.source = { kind: 'stored', fingerprint };
		this.mapping = null;
		return this.run(
			'Reopening the stored dataset',
			async () => {
				const record = known ?? (await getRecord(fingerprint));
				return record ? { fingerprint, stored: record.source, sourceBytes: record.sourceBytes, record } : { fingerprint, stored: { kind: 'files', files: [] }, sourceBytes: 0 };
			},
			(signal, onProgress) => engine().request({ type: 'restore', fingerprint }, { signal, onProgress })
		);
	}

	/**
	 * A return visit: show the dataset opened last, from the browser's cache at once, while the
	 * engine reopens its stored summaries. Does nothing when nothing is remembered or the person
	 * has already started something else.
	 */
	async resumeLast(): Promise<void> {
		const record = await lastAtLoad;
		this.resuming = false;
		if (!record || this.dataset || this.loading || this.failure) return;
		await this.reopen(record.fingerprint, record);
	}

	map(mapping: InventoryMapping): Promise<void> {
		this.mapping = mapping;
		return this.run(
			`Reading ${mapping.table} with your column mapping`,
			async () => null,
			(signal, onProgress) => engine().request({ type: 'map', mapping }, { signal, onProgress })
		);
	}

	/** Delete everything stored for one dataset (engine store, cached description and results). */
	async forget(fingerprint: string): Promise<void> {
		const { closed } = await engine().request({ type: 'forget', fingerprint });
		await forgetDataset(fingerprint);
		clearResultCache();
		if (closed || this.dataset?.fingerprint === fingerprint) this.closeDataset();
	}

	/** Delete everything this site stores in the browser. */
	async forgetEverything(): Promise<void> {
		await engine().request({ type: 'forget', fingerprint: null });
		await forgetAll();
		clearResultCache();
		this.closeDataset();
	}

	private closeDataset(): void {
		this.controller?.abort();
		this.stopReports();
		this.dataset = null;
		this.cachedFrom = null;
		this.source = null;
		this.shownSource = null;
		this.generation++;
	}

	/**
	 * Cancel the open under way. The engine stops it for real (DuckDB's interrupt, or ending a DuckDB
	 * stuck inside one call: workers/engine/watchdog.ts), and what was open before comes back from
	 * this browser's store; with nothing before, the welcome page.
	 */
	cancel(): void {
		this.cancelledByPerson = this.controller;
		this.controller?.abort();
	}

	/**
	 * After a cancelled or failed open: open again what was shown before it (its stored build is
	 * reused). The figures on screen stay while it reopens; `failure`, when given, is shown after.
	 */
	private restorePrevious(previous: Source | null, failure?: Failure): void {
		this.cancelledByPerson = null;
		this.source = previous;
		if (!previous) {
			this.dataset = null;
			this.cachedFrom = null;
			void this.tidyStores();
			return;
		}
		// Reopened once: if that fails too, nothing is brought back a second time.
		this.shownSource = null;
		// Queued after this open's `finally` has cleared the loading state.
		queueMicrotask(
			() =>
				void this.openSource(previous).then(() => {
					if (failure && !this.failure) this.failure = failure;
				})
		);
	}

	/** A folder with nothing in it was chosen or dropped: say so (nothing reaches the engine). */
	nothingToOpen(folder?: string): void {
		this.failure = {
			code: 'empty-input',
			message: folder ? `The folder ${folder} is empty.` : 'The folder you chose is empty.',
			hint: 'Choose the folder that holds the export files (a .duckdb file, or Parquet / CSV files named after their tables).'
		};
	}

	dismissFailure(): void {
		this.failure = null;
	}
}

export const session = new Session();
