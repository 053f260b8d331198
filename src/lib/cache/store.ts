/**
 * The second level of the cache: IndexedDB (idb-keyval), so a return visit draws before the engine
 * has booted. It holds, per dataset fingerprint, what the page needs to show the dataset (its
 * DatasetInfo and where it came from) and the small query results the views asked for.
 *
 * Every call swallows storage errors: IndexedDB missing (some private modes), blocked, or over
 * quota leaves the app working uncached, and `storeProblem()` says why for the Cached datasets page.
 *
 * Keys: `d/<fingerprint>` a DatasetRecord; `last` the fingerprint opened most recently;
 * `r/<datasetKey>\u0000<queryKey>` one result (datasetKey = fingerprint@asOfMs, see results.ts).
 */
import { createStore, del, delMany, get, keys, set, type UseStore } from 'idb-keyval';
import type { DatasetInfo } from '$lib/model/dataset';
import { bootForget, bootRemember, bootResult } from './boot';
import { whenIdle } from '$lib/idle';
import { sizeOf } from './memory';

/** Results kept per dataset; past it that dataset's results start over (they are cheap to recompute). */
const RESULT_BUDGET_BYTES = 4 * 1024 * 1024;
/** Datasets remembered; the least recently opened beyond this are forgotten. */
const MAX_DATASETS = 4;

export type StoredSource = { kind: 'files'; files: { path: string; size: number }[] } | { kind: 'urls'; urls: string[] } | { kind: 'sample'; rows: number };

export interface DatasetRecord {
	fingerprint: string;
	info: DatasetInfo;
	source: StoredSource;
	/** Bytes of the source files (what the person opened, not what is stored). */
	sourceBytes: number;
	lastOpened: number;
	/** Bytes of cached results (their JSON length). */
	resultBytes: number;
}

let store: UseStore | null | undefined;
let problem: string | null = null;

/** Why the browser cache is not working, in words a person can act on; null when it works. */
export function storeProblem(): string | null {
	return problem;
}

function explain(e: unknown): string {
	const name = e instanceof DOMException || e instanceof Error ? e.name : '';
	if (name === 'QuotaExceededError') return 'The browser refused more storage (quota exceeded). Delete cached datasets below, or allow persistent storage; the app keeps working, uncached.';
	if (name === 'InvalidStateError' || name === 'SecurityError' || name === 'UnknownError')
		return 'This browser does not let the page use IndexedDB here (a private window, or storage disabled for this site). The app works, but nothing is remembered between visits.';
	return `The browser cache failed (${e instanceof Error ? e.message : String(e)}); the app keeps working, uncached.`;
}

function db(): UseStore | null {
	if (store !== undefined) return store;
	try {
		store = typeof indexedDB === 'undefined' ? null : createStore('aparavi-dashboard-cache', 'entries');
		if (!store) problem = 'This browser has no IndexedDB: nothing is remembered between visits.';
	} catch (e) {
		problem = explain(e);
		store = null;
	}
	return store;
}

/** Run a storage operation; any failure is recorded and answered with `fallback`. */
async function safely<T>(fallback: T, op: (s: UseStore) => Promise<T>): Promise<T> {
	const s = db();
	if (!s) return fallback;
	try {
		return await op(s);
	} catch (e) {
		problem = explain(e);
		return fallback;
	}
}

// Writes go one at a time, so a record's resultBytes is never updated from a stale read.
let writes: Promise<unknown> = Promise.resolve();
function serial<T>(task: () => Promise<T>): Promise<T> {
	const next = writes.then(task, task);
	writes = next.catch(() => undefined);
	return next;
}

const recordKey = (fp: string) => `d/${fp}`;
const resultKey = (datasetKey: string, queryKey: string) => `r/${datasetKey}\u0000${queryKey}`;
const fingerprintOf = (datasetKey: string) => datasetKey.split('@')[0];

export function getRecord(fp: string): Promise<DatasetRecord | undefined> {
	return safely(undefined, (s) => get<DatasetRecord>(recordKey(fp), s));
}

export async function lastRecord(): Promise<DatasetRecord | undefined> {
	const fp = await safely(undefined, (s) => get<string>('last', s));
	return fp ? getRecord(fp) : undefined;
}

export function listRecords(): Promise<DatasetRecord[]> {
	return safely([], async (s) => {
		const ks = (await keys<string>(s)).filter((k) => typeof k === 'string' && k.startsWith('d/'));
		const out: DatasetRecord[] = [];
		for (const k of ks) {
			const r = await get<DatasetRecord>(k, s);
			if (r) out.push(r);
		}
		return out.sort((a, b) => b.lastOpened - a.lastOpened);
	});
}

/** The dataset last opened from exactly these URLs (`?src=`), in any order; undefined when none is stored. */
export async function recordForUrls(urls: readonly string[]): Promise<DatasetRecord | undefined> {
	const wanted = [...urls].sort().join('\n');
	return (await listRecords()).find((r) => r.source.kind === 'urls' && [...r.source.urls].sort().join('\n') === wanted);
}

/**
 * Remember a dataset as opened now (and as the one to show on the next visit). Returns the
 * fingerprints forgotten to stay within MAX_DATASETS, so their engine stores can go too.
 */
export function rememberDataset(record: Omit<DatasetRecord, 'resultBytes' | 'lastOpened'>): Promise<string[]> {
	return serial(() =>
		safely([] as string[], async (s) => {
			const old = await get<DatasetRecord>(recordKey(record.fingerprint), s);
			// A rebuilt dataset (another asOf) cannot use the old results: they go.
			const sameBuild = old && old.info.asOfMs === record.info.asOfMs;
			if (old && !sameBuild) await deleteResults(s, record.fingerprint);
			const kept = { ...record, lastOpened: Date.now(), resultBytes: sameBuild ? old.resultBytes : 0 } satisfies DatasetRecord;
			await set(recordKey(record.fingerprint), kept, s);
			await set('last', record.fingerprint, s);
			bootRemember(kept);
			const all = await listRecords();
			const evicted = all.slice(MAX_DATASETS).map((r) => r.fingerprint);
			for (const fp of evicted) await forgetIn(s, fp);
			return evicted;
		})
	);
}

export function readResult<T>(datasetKey: string, queryKey: string): Promise<T | undefined> {
	return safely(undefined, async (s) => (await get<{ value: T }>(resultKey(datasetKey, queryKey), s))?.value);
}

export function writeResult(datasetKey: string, queryKey: string, value: unknown): Promise<void> {
	return serial(() =>
		safely(undefined, async (s) => {
			// Stored after the figures are drawn, never on the way of the next answer.
			await whenIdle();
			const fp = fingerprintOf(datasetKey);
			const record = await get<DatasetRecord>(recordKey(fp), s);
			// Only datasets the session remembered get results stored (a forgotten one stays forgotten).
			if (!record) return;
			const bytes = sizeOf(value);
			if (bytes > RESULT_BUDGET_BYTES) return;
			let used = record.resultBytes;
			if (used + bytes > RESULT_BUDGET_BYTES) {
				await deleteResults(s, fp);
				used = 0;
			}
			await set(resultKey(datasetKey, queryKey), { value, bytes, at: Date.now() }, s);
			await set(recordKey(fp), { ...record, resultBytes: used + bytes }, s);
			bootResult(datasetKey, queryKey, value);
		})
	);
}

async function deleteResults(s: UseStore, fp: string): Promise<void> {
	const prefix = `r/${fp}@`;
	const ks = (await keys<string>(s)).filter((k) => typeof k === 'string' && k.startsWith(prefix));
	if (ks.length) await delMany(ks, s);
}

async function forgetIn(s: UseStore, fp: string): Promise<void> {
	bootForget(fp);
	await deleteResults(s, fp);
	await del(recordKey(fp), s);
	if ((await get<string>('last', s)) === fp) await del('last', s);
}

/** Remove every entry of one dataset. */
export function forgetDataset(fp: string): Promise<void> {
	return serial(() => safely(undefined, (s) => forgetIn(s, fp)));
}

/** Remove every entry of every dataset. */
export function forgetAll(): Promise<void> {
	return serial(() =>
		safely(undefined, async (s) => {
			bootForget(null);
			const ks = await keys(s);
			if (ks.length) await delMany(ks, s);
		})
	);
}

/** How many entries (and bytes of results) the browser cache holds per fingerprint, for the Cached page. */
export function countEntries(): Promise<Map<string, number>> {
	return safely(new Map(), async (s) => {
		const counts = new Map<string, number>();
		for (const k of await keys<string>(s)) {
			if (typeof k !== 'string') continue;
			const fp = k.startsWith('d/') ? k.slice(2) : k.startsWith('r/') ? fingerprintOf(k.slice(2)) : null;
			if (fp) counts.set(fp, (counts.get(fp) ?? 0) + 1);
		}
		return counts;
	});
}
