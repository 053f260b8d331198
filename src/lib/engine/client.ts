/**
 * The main thread's handle on the engine worker: typed requests, ids, progress callbacks,
 * cancellation, and recovery when the worker dies or stops answering.
 */
import { EngineError } from './errors';
import type { EngineReplies, EngineRequest, FromWorker, Progress, ToWorker } from './protocol';
import { CANCEL_ANSWER_MS, WORKER_SILENT_MS } from './stall';

type ReplyOf<R extends EngineRequest> = EngineReplies[R['type']];

interface Pending {
	type: EngineRequest['type'];
	resolve: (value: unknown) => void;
	reject: (error: EngineError) => void;
	onProgress?: (p: Progress) => void;
}

export interface RequestOptions {
	onProgress?: (p: Progress) => void;
	signal?: AbortSignal;
}

export interface QueryLogListener {
	(entry: { type: EngineRequest['type']; ms: number; ok: boolean }): void;
}

/** Requests that replace the open dataset: when one is stuck, nothing open is lost by ending the worker. */
const OPENS = new Set<EngineRequest['type']>(['open', 'sample', 'restore', 'map']);

export class EngineClient {
	private worker: Worker | null = null;
	private nextId = 1;
	private pending = new Map<number, Pending>();
	private crashListeners = new Set<(error: EngineError) => void>();
	private logListeners = new Set<QueryLogListener>();
	/** When the worker was last heard from (any message): see watchSilence. */
	private lastHeard = 0;
	private silenceTimer: ReturnType<typeof setInterval> | null = null;

	constructor(private readonly spawn: () => Worker) {}

	private ensureWorker(): Worker {
		if (this.worker) return this.worker;
		const worker = this.spawn();
		worker.addEventListener('message', (e: MessageEvent<FromWorker>) => this.receive(e.data));
		worker.addEventListener('error', (e) => {
			e.preventDefault();
			this.crashed(new EngineError('engine-crashed', `The engine stopped: ${e.message || 'unknown error'}.`, 'It restarts on the next request.'));
		});
		this.worker = worker;
		this.lastHeard = performance.now();
		return worker;
	}

	private receive(message: FromWorker): void {
		this.lastHeard = performance.now();
		if (message.kind === 'alive') return;
		const pending = this.pending.get(message.id);
		if (!pending) return;
		if (message.kind === 'progress') {
			pending.onProgress?.(message.progress);
			return;
		}
		this.pending.delete(message.id);
		if (message.kind === 'result') pending.resolve(message.result);
		else {
			pending.reject(EngineError.from(message.error));
			// Wasm memory never shrinks: after an out-of-memory only a fresh worker is trustworthy.
			if (message.error.code === 'out-of-memory') this.restart('The engine ran out of memory and was restarted.', message.error.detail);
			// A stuck step took the open dataset with it: a fresh worker opens it again (the session does).
			else if (message.error.datasetLost) this.crashed(new EngineError('stalled', message.error.message, undefined, message.error.detail));
		}
	}

	/**
	 * The worker is gone: every open request fails with the same error, and a new worker is made on
	 * demand. `notify`: tell the listeners (the session reopens what was open); not when only an
	 * open was waiting, which is failed and has nothing to reopen.
	 */
	private crashed(error: EngineError, notify = true): void {
		this.worker?.terminate();
		this.worker = null;
		for (const p of this.pending.values()) p.reject(error);
		this.pending.clear();
		this.stopWatching();
		if (notify) for (const l of this.crashListeners) l(error);
	}

	/** Kill the worker (tests use this to simulate a crash; the app uses it to recover from OOM). */
	restart(reason = 'The engine was restarted.', detail?: string): void {
		this.crashed(new EngineError('engine-crashed', reason, undefined, detail));
	}

	onCrash(listener: (error: EngineError) => void): () => void {
		this.crashListeners.add(listener);
		return () => this.crashListeners.delete(listener);
	}

	onLog(listener: QueryLogListener): () => void {
		this.logListeners.add(listener);
		return () => this.logListeners.delete(listener);
	}

	/**
	 * While requests wait, the worker says it is alive every few seconds, even when DuckDB computes
	 * (it runs in a worker of its own). Silence means the worker's own code is stuck: only ending
	 * the worker stops it. The engine's watchdog (workers/engine/watchdog.ts) handles a stuck DuckDB.
	 */
	private watchSilence(): void {
		if (this.silenceTimer) return;
		this.silenceTimer = setInterval(() => {
			if (this.pending.size === 0) return this.stopWatching();
			if (performance.now() - this.lastHeard < WORKER_SILENT_MS) return;
			const opening = [...this.pending.values()].some((p) => OPENS.has(p.type));
			this.crashed(
				new EngineError('stalled', 'The engine stopped answering and was restarted.', opening ? 'Opening the data was stopped: the file may be damaged. Try it again, or open another export.' : 'The data is opened again.'),
				!opening
			);
		}, 1000);
	}

	private stopWatching(): void {
		if (this.silenceTimer) clearInterval(this.silenceTimer);
		this.silenceTimer = null;
	}

	/**
	 * Cancel: the worker stops the request (DuckDB's interrupt, or ending a stuck DuckDB) and answers.
	 * When even that answer does not come, the worker itself is stuck: it is ended, quietly when only
	 * an open was waiting (nothing was open), else like a crash (the session reopens its data).
	 */
	private cancel(id: number): void {
		this.worker?.postMessage({ cancel: id } satisfies ToWorker);
		const worker = this.worker;
		setTimeout(() => {
			if (!this.pending.has(id) || this.worker !== worker) return;
			console.warn(`The engine did not answer the cancellation of a ${this.pending.get(id)!.type} request: it is ended.`);
			const onlyOpens = [...this.pending.values()].every((p) => OPENS.has(p.type));
			this.crashed(new EngineError('cancelled', 'The request was cancelled.'), !onlyOpens);
		}, CANCEL_ANSWER_MS);
	}

	request<R extends EngineRequest>(request: R, options: RequestOptions = {}): Promise<ReplyOf<R>> {
		const id = this.nextId++;
		const worker = this.ensureWorker();
		const started = performance.now();
		const promise = new Promise<ReplyOf<R>>((resolve, reject) => {
			if (options.signal?.aborted) {
				reject(new EngineError('cancelled', 'The request was cancelled.'));
				return;
			}
			this.pending.set(id, { type: request.type, resolve: resolve as (v: unknown) => void, reject, onProgress: options.onProgress });
			options.signal?.addEventListener('abort', () => this.cancel(id));
			const message: ToWorker = { id, request };
			if (this.pending.size === 1) this.lastHeard = performance.now();
			worker.postMessage(message);
			this.watchSilence();
		});
		const log = (ok: boolean) => {
			for (const l of this.logListeners) l({ type: request.type, ms: performance.now() - started, ok });
		};
		promise.then(
			() => log(true),
			() => log(false)
		);
		return promise;
	}
}
