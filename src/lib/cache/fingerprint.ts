/**
 * A dataset's identity across visits, worked out from cheap facts about its files: names, sizes,
 * modification times and a hash of a small slice at each end (a Parquet footer, a DuckDB header:
 * where a changed file almost always differs). A file is never read whole. The same fingerprint
 * means "the same export opened again", so its stored summaries and cached results may be reused.
 *
 * The hash is cyrb53 (fast, 53 bits, in plain JS): it tells files apart, it guards nothing, and
 * it works where crypto.subtle does not (a page served over plain http from a LAN address).
 */
import type { InputFile } from '$lib/engine/protocol';
import { summaryBuildSql } from '$lib/model/summary';
import { aparaviExportSql } from '$lib/sample/aparavi-sql.js';

/** Bump when the stored tables change shape in a way the summary SQL does not show (raw import, files view). */
const STORAGE_REVISION = 1;

/** How much of each end of a file goes into the fingerprint. */
export const SLICE_BYTES = 64 * 1024;

function cyrb53(data: Uint8Array, seed: number): number {
	let h1 = 0xdeadbeef ^ seed;
	let h2 = 0x41c6ce57 ^ seed;
	for (let i = 0; i < data.length; i++) {
		const c = data[i];
		h1 = Math.imul(h1 ^ c, 2654435761);
		h2 = Math.imul(h2 ^ c, 1597334677);
	}
	h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
	h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
	return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** 26 hex digits: two independently seeded cyrb53 hashes. */
export function hashBytes(data: Uint8Array): string {
	return cyrb53(data, 1).toString(16).padStart(14, '0') + cyrb53(data, 2).toString(16).padStart(14, '0');
}

function hashText(text: string): string {
	return hashBytes(new TextEncoder().encode(text));
}

/** Changes whenever a build of the app would make different summary tables: old stores are then ignored. */
export const MODEL_VERSION = hashText(`${STORAGE_REVISION}\n${summaryBuildSql(0).map((b) => b.sql).join('\n')}`);

/** The slices of a file that go into its fingerprint: its head, and its tail when it is longer. */
function slices(file: Blob): Blob[] {
	// A file that fits in one slice is read as itself: slicing each of thousands costs the blob store more.
	return file.size > SLICE_BYTES ? [file.slice(0, SLICE_BYTES), file.slice(Math.max(SLICE_BYTES, file.size - SLICE_BYTES))] : [file];
}

/** Files whose slices are read in one go (see sliceHashes). */
const BATCH = 500;

/**
 * The slice hash of each file. Slices are read as one composite Blob per batch: every Blob read is
 * a round trip to the browser's blob store, which for thousands of tiny parts read one by one made
 * the fingerprint the longest step of the open.
 */
async function sliceHashes(files: Blob[]): Promise<string[]> {
	const out: string[] = [];
	for (let from = 0; from < files.length; from += BATCH) {
		const batch = files.slice(from, from + BATCH).map(slices);
		const bytes = new Uint8Array(await new Blob(batch.flat()).arrayBuffer());
		let at = 0;
		for (const parts of batch) {
			const [head, tail] = parts.map((p) => bytes.subarray(at, (at += p.size)));
			out.push(hashBytes(head) + hashBytes(tail ?? new Uint8Array()));
		}
	}
	return out;
}

/**
 * Fingerprint of dropped or picked files. Order does not matter (a folder may list in any order);
 * paths do (objects.parquet and instances.parquet are different tables).
 */
export async function fingerprintFiles(files: InputFile[]): Promise<string> {
	const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
	const hashes = await sliceHashes(sorted.map((f) => f.file));
	const lines = sorted.map(({ file, path }, i) => `${path || file.name}\t${file.size}\t${file.lastModified}\t${hashes[i]}`);
	return 'f' + hashText(`${MODEL_VERSION}\n${lines.join('\n')}`);
}

/** The sample is fully described by the generator's parameters and its own SQL. */
export function fingerprintSample(rows: number, until: number, seed = 42): string {
	const sql = aparaviExportSql({ rows, seed, schema: 'raw', until })
		.map((s: { sql: string }) => s.sql)
		.join('\n');
	return 's' + hashText(`${MODEL_VERSION}\n${rows}\n${seed}\n${until}\n${sql}`);
}

/** What a server says about a file without sending it. */
export interface UrlFacts {
	url: string;
	size: number | null;
	etag: string | null;
	lastModified: string | null;
}

/** URLs are identified by address plus what the server says about the file (size, ETag, Last-Modified). */
export function fingerprintUrls(facts: UrlFacts[]): string {
	const lines = facts.map((f) => `${f.url}\t${f.size ?? ''}\t${f.etag ?? ''}\t${f.lastModified ?? ''}`).sort();
	return 'u' + hashText(`${MODEL_VERSION}\n${lines.join('\n')}`);
}

/**
 * Ask the server about a URL with a HEAD request. Null when it cannot say (no validators at all, an
 * error status, CORS): such a source is opened uncached rather than risk showing another file's
 * figures. 'unreachable' when no answer came at all (no network, the server down).
 */
export async function probeSource(url: string, signal?: AbortSignal): Promise<UrlFacts | null | 'unreachable'> {
	let r: Response;
	try {
		r = await fetch(url, { method: 'HEAD', signal, credentials: 'same-origin', cache: 'no-store' });
	} catch {
		return signal?.aborted ? null : 'unreachable';
	}
	if (!r.ok) return null;
	const length = r.headers.get('content-length');
	const facts = { url, size: length === null ? null : Number(length), etag: r.headers.get('etag'), lastModified: r.headers.get('last-modified') };
	return facts.size === null && facts.etag === null && facts.lastModified === null ? null : facts;
}

/** The UTC midnight a sample generated now ends at (the worker's generator uses the same instant). */
export function sampleUntil(now = new Date()): number {
	return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
}
