/**
 * DuckDB's memory_limit in the browser. DuckDB-WASM's heap tops out near 4 GiB (its default limit
 * is 3.1 GiB) and cannot spill intermediate results anywhere (no temp directory in 1.32). With a
 * database file in OPFS, table blocks can be evicted to that file, so a lower limit bounds the tab's
 * memory without failing queries: what must stay resident is one slice's aggregation
 * (src/lib/model/partitions.ts) and the small summaries. Without OPFS everything is resident, so
 * the limit stays DuckDB's own.
 *
 * The tab needs more than the limit: the wasm heap keeps every page it ever touched, DuckDB
 * allocates outside its buffer pool, and the page and workers have their own JavaScript heaps.
 * Measured at 25M files (docs/BENCHMARKS.md, docs/MODEL.md "Memory"): the renderer's peak during the
 * open moved about one for one with the limit, and the Summary, cross-filtering and the Explorer add
 * to it after the open, hence the cap.
 */
const MIN_LIMIT_MB = 384;
const MAX_LIMIT_MB = 512;

/**
 * The limit in MB, or null to keep DuckDB's default. `deviceMemoryGb` is navigator.deviceMemory
 * (rounded down by the browser and capped at 8): a quarter of it, within the bounds above.
 */
export function memoryLimitMb(storage: 'opfs' | 'memory', deviceMemoryGb: number | undefined): number | null {
	if (storage !== 'opfs') return null;
	const device = deviceMemoryGb && Number.isFinite(deviceMemoryGb) ? deviceMemoryGb : 4;
	return Math.max(MIN_LIMIT_MB, Math.min(MAX_LIMIT_MB, Math.round((device * 1024) / 4)));
}

/**
 * After building an export of at least this many files, the engine starts a fresh DuckDB and
 * reopens the build from OPFS. The wasm heap keeps every page the build
 * touched; the steps after the open (the exact scans of a filtered Summary, reports, the Explorer's
 * sort index) then start from a small heap instead of adding to the build's. Below this size the
 * heap stays small and the restart would cost more than it frees (EngineStats.freshEngineMs says
 * what it costs; docs/BENCHMARKS.md).
 */
const FRESH_ENGINE_AFTER_FILES = 5_000_000;

/**
 * Whether the fresh engine may wait until the first Summary has been drawn from the build's engine
 * (workers/engine.ts), so the person does not wait for it. Above the two-engine size the memory
 * budget is tight: there the build's heap is let go before anything else runs, the cubes included.
 */
export function freshEngineAfterSummary(files: number): boolean {
	return files <= HELPER_MAX_FILES;
}

/** Whether a finished build should be reopened in a fresh engine (`threshold`: `?fresh-after=`, tests). */
export function wantsFreshEngine(files: number, storedOnDisk: boolean, threshold = FRESH_ENGINE_AFTER_FILES): boolean {
	return storedOnDisk && files >= threshold;
}

/**
 * Up to this many files a second DuckDB-WASM builds half of the facts' slices in parallel
 * (workers/engine/build-helper.ts). Each instance keeps its own heap through the build: measured
 * (docs/BENCHMARKS.md), the two stay within the tab's memory budget together at 10M files, while at
 * 25M the engine's heap alone comes near it, so larger exports are built by the engine alone.
 */
export const HELPER_MAX_FILES = 12_000_000;

/**
 * Whether the facts build takes a helper: more than one slice, a store on disk for its part, a
 * second core, and not more files than above. `forced` is `?builders=1|2` (tests and measurements).
 */
export function wantsBuildHelper(files: number, slices: number, storedOnDisk: boolean, cores: number | undefined, forced?: number): boolean {
	if (slices < 2 || !storedOnDisk) return false;
	if (forced !== undefined) return forced >= 2;
	return (cores ?? 1) >= 2 && files <= HELPER_MAX_FILES;
}
