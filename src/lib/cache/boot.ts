/**
 * What a return visit reads first: a small snapshot in localStorage of the dataset opened last and
 * the first Summary answers cached for it. localStorage is read synchronously from memory the page
 * already holds; IndexedDB has to be opened first, which on a fresh page of a busy machine is most of
 * the time a return visit has to show the Summary (docs/BENCHMARKS.md).
 *
 * IndexedDB (store.ts) stays the record of what is cached; this mirrors a few kilobytes of it and is
 * written only after IndexedDB took the same data, and cleared with it. Any localStorage failure
 * (disabled, private mode, full) just means no snapshot.
 */
import type { DatasetRecord } from './store';

const KEY = 'aparavi-dashboard:boot';
/** Summary answers are a few kilobytes; past this the snapshot takes no more. */
const MAX_CHARS = 256 * 1024;
const MAX_RESULTS = 4;

export interface BootResult {
	datasetKey: string;
	queryKey: string;
	value: unknown;
}

export interface BootSnapshot {
	record: DatasetRecord;
	results: BootResult[];
}

function storage(): Storage | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null;
	}
}

export function readBoot(): BootSnapshot | null {
	try {
		const text = storage()?.getItem(KEY);
		if (!text) return null;
		const snapshot = JSON.parse(text) as BootSnapshot;
		return snapshot?.record?.fingerprint && Array.isArray(snapshot.results) ? snapshot : null;
	} catch {
		return null;
	}
}

function write(snapshot: BootSnapshot | null): void {
	try {
		const s = storage();
		if (!s) return;
		if (!snapshot) {
			s.removeItem(KEY);
			return;
		}
		const text = JSON.stringify(snapshot);
		if (text.length <= MAX_CHARS) s.setItem(KEY, text);
	} catch {
		// Full or refused: the next visit reads IndexedDB instead.
	}
}

/** The dataset opened last; its answers are kept while it is the same build (same asOf). */
export function bootRemember(record: DatasetRecord): void {
	const old = readBoot();
	const same = old && old.record.fingerprint === record.fingerprint && old.record.info.asOfMs === record.info.asOfMs;
	write({ record, results: same ? old.results : [] });
}

/**
 * One of the first Summary answers of the remembered dataset (the plain view, as a rule: the first
 * question after an open); later ones stay in IndexedDB only.
 */
export function bootResult(datasetKey: string, queryKey: string, value: unknown): void {
	if (!queryKey.startsWith('summary:')) return;
	const snapshot = readBoot();
	if (!snapshot || !datasetKey.startsWith(`${snapshot.record.fingerprint}@`)) return;
	const results = snapshot.results.filter((r) => !(r.datasetKey === datasetKey && r.queryKey === queryKey));
	if (results.length >= MAX_RESULTS) return;
	write({ record: snapshot.record, results: [...results, { datasetKey, queryKey, value }] });
}

/** Forget one dataset (null: everything), its painted Summary too. */
export function bootForget(fingerprint: string | null): void {
	const snapshot = readBoot();
	if (fingerprint === null || snapshot?.record.fingerprint === fingerprint) write(null);
	try {
		const picture = JSON.parse(storage()?.getItem(PICTURE_KEY) ?? 'null') as BootPicture | null;
		if (picture && (fingerprint === null || picture.fingerprint === fingerprint)) storage()?.removeItem(PICTURE_KEY);
	} catch {
		storage()?.removeItem(PICTURE_KEY);
	}
}

/* The painted Summary: static/boot.js reads this key (keep the name in step with it). */
const PICTURE_KEY = 'aparavi-dashboard:snapshot';
/** Several times the HTML of a page of charts; past this it is not kept. */
const MAX_PICTURE_CHARS = 1_500_000;

export interface BootPicture {
	fingerprint: string;
	/** pathname + search of the page it shows: boot.js paints it only at the same address. */
	at: string;
	html: string;
}

export function bootPictureSave(picture: BootPicture): void {
	if (picture.html.length > MAX_PICTURE_CHARS) return;
	try {
		storage()?.setItem(PICTURE_KEY, JSON.stringify(picture));
	} catch {
		// Full or refused: the next visit simply waits for the app.
	}
}
