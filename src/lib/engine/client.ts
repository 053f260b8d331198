/**
 * The main thread's handle on the engine worker: typed requests, ids, progress callbacks,
 * cancellation, and recovery when the worker dies.
 */
import { EngineError } from './errors';
import type { EngineReplies, EngineRequest, FromWorker, Progress, ToWorker } from './protocol';

type ReplyOf<R extends EngineRequest> = EngineReplies[R['type']];

interface Pending {
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

export class EngineClient {
	private worker: Worker | null = null;
	private nextId = 1;
	private pending = new Map<number, Pending>();
	private crashListeners = new Set<(error: EngineError) => void>();
	private logListeners = new Set<QueryLogListener>();

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
		return worker;
	}

	private receive(message: FromWorker): void {
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
		}
	}

	/** The worker is gone: every open request fails with the same error, and a new worker is made on demand. */
	private crashed(error: EngineError): void {
		this.worker?.terminate();
		this.worker = null;
		for (const p of this.pending.values()) p.reject(error);
		this.pending.clear();
		for (const l of this.crashListeners) l(error);
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

	request<R extends EngineRequest>(request: R, options: RequestOptions = {}): Promise<ReplyOf<R>> {
		const id = this.nextId++;
		const worker = this.ensureWorker();
		const started = performance.now();
		const promise = new Promise<ReplyOf<R>>((resolve, reject) => {
			if (options.signal?.aborted) {
				reject(new EngineError('cancelled', 'The request was cancelled.'));
				return;
			}
			this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress: options.onProgress });
			options.signal?.addEventListener('abort', () => {
				const message: ToWorker = { cancel: id };
				this.worker?.postMessage(message);
			});
			const message: ToWorker = { id, request };
			worker.postMessage(message);
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
