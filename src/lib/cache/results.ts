/**
 * Report results cached by dataset and query: first in memory (this visit), then in IndexedDB
 * (store.ts: the next visits), then computed by the engine.
 *
 * The dataset key is `fingerprint@asOfMs`: the same export, summarised as of the same instant,
 * gives the same answers to the same question, so a stored result is as good as a fresh one. A
 * dataset without a fingerprint (nothing to recognise it by) is cached in memory only, per open.
 */
import type { DatasetInfo } from '$lib/model/dataset';
import { MemoryLru } from './memory';
import { readResult, writeResult } from './store';

const results = new MemoryLru<unknown>(32 * 1024 * 1024);

/** The key views pass to `cached`: stable across visits for a stored dataset. */
export function datasetKey(dataset: DatasetInfo, generation: number): string {
	return dataset.fingerprint ? `${dataset.fingerprint}@${dataset.asOfMs}` : `${dataset.name}|${dataset.asOfMs}|${generation}`;
}

const persistable = (datasetKey: string) => /^[a-z][0-9a-f]+@\d+$/.test(datasetKey);

export interface CacheOptions<T = unknown> {
	/** Skip both caches: the answer must come from the engine now (it then replaces what is cached). */
	fresh?: boolean;
	/** Whether an answer may be kept (one that is still incomplete, say, is not). Kept when absent. */
	keep?: (value: T) => boolean;
}

/**
 * `datasetKey` from datasetKey(); `queryKey` names the question. `compute` asks the engine; its
 * signal aborts it when the browser's cache answers first.
 */
export async function cached<T>(datasetKey: string, queryKey: string, compute: (signal: AbortSignal) => Promise<T>, options: CacheOptions<T> = {}): Promise<T> {
	const key = `${datasetKey}\u0000${queryKey}`;
	const hit = options.fresh ? undefined : (results.get(key) as T | undefined);
	if (hit !== undefined) return served(hit);
	const keep = persistable(datasetKey);
	const asked = new AbortController();
	// The engine is asked while IndexedDB is read, not after: a miss (most cross-filter clicks)
	// would otherwise wait for the read (tens of ms on a busy page) before the engine starts.
	const computing = compute(asked.signal);
	if (keep && !options.fresh) {
		computing.catch(() => undefined);
		const reading = readResult<T>(datasetKey, queryKey);
		// Whichever answers first. The engine answers a cross-filter click from memory in a few ms,
		// well before the read on a busy page: then the stored copy is not worth waiting for.
		const engineFirst = await Promise.race([reading.then(() => false), computing.then(() => true, () => false)]);
		if (!engineFirst) {
			const stored = await reading;
			if (stored !== undefined) {
				asked.abort();
				results.set(key, stored);
				return served(stored);
			}
		}
	}
	const value = await computing;
	if (options.keep && !options.keep(value)) return value;
	results.set(key, value);
	if (keep) void writeResult(datasetKey, queryKey, value);
	return value;
}

/** Answers a cache gave (this visit's memory or IndexedDB) rather than the engine just now. */
const fromCaches = new WeakSet<object>();

function served<T>(value: T): T {
	if (typeof value === 'object' && value !== null) fromCaches.add(value);
	return value;
}

/** Whether this answer came from a cache: its query timings are then an earlier computation's. */
export function cameFromCache(value: unknown): boolean {
	return typeof value === 'object' && value !== null && fromCaches.has(value);
}

/** Answers known before anything was asked (the boot snapshot of a return visit, boot.ts). */
export function seedResult(datasetKey: string, queryKey: string, value: unknown): void {
	results.set(`${datasetKey}\u0000${queryKey}`, value);
}

/** Reads from IndexedDB under way, so a prefetch and the view that wants the answer share one. */
const reading = new Map<string, Promise<unknown>>();

/**
 * A cached answer without asking the engine (before it is ready): memory, then the browser cache,
 * which then fills memory (a return visit prefetches the Summary this way while the page boots).
 */
export async function peekCached<T>(datasetKey: string, queryKey: string): Promise<T | undefined> {
	const key = `${datasetKey}\u0000${queryKey}`;
	const hit = results.get(key) as T | undefined;
	if (hit !== undefined || !persistable(datasetKey)) return hit;
	let read = reading.get(key) as Promise<T | undefined> | undefined;
	if (!read) {
		read = readResult<T>(datasetKey, queryKey).then((value) => {
			if (value !== undefined) results.set(key, value);
			return value;
		});
		reading.set(key, read);
		void read.finally(() => reading.delete(key));
	}
	return read;
}

export function resultCacheStats() {
	return results.stats();
}

export function clearResultCache(): void {
	results.clear();
}
