/**
 * How long a step may go without progress before the engine stops it (docs/ROBUSTNESS.md, "Hangs").
 * A step shows progress by reporting it (rows read, a step done) or by finishing a statement; a
 * damaged file or a view that never ends shows none. Large exports get longer: one statement over
 * millions of rows legitimately runs for a while without a word.
 */

/** The budget of a step over a small input. */
export const STALL_BASE_MS = 15_000;
/** A step may take one more second per this many bytes of input... */
const BYTES_PER_SECOND = 20 * 1024 * 1024;
/** ...or per this many files of the open dataset, whichever is more. */
const FILES_PER_SECOND = 100_000;

/** After Cancel (or the watchdog's own stop), how long DuckDB gets to stop before its worker is ended. */
export const STOP_GRACE_MS = 3_000;

/**
 * The page's own guard on the engine worker: it reports that it is alive every few seconds while it
 * works, even while DuckDB computes (DuckDB runs in a worker of its own). Silence this long means
 * the worker's own code is stuck, and only ending the worker stops it.
 */
export const ALIVE_EVERY_MS = 2_000;
export const WORKER_SILENT_MS = 60_000;
/** After Cancel, how long the page waits for the engine worker's answer before ending the worker. */
export const CANCEL_ANSWER_MS = 10_000;

export function stallLimitMs(input: { bytes?: number; files?: number }): number {
	const bySize = (input.bytes ?? 0) / BYTES_PER_SECOND;
	const byFiles = (input.files ?? 0) / FILES_PER_SECOND;
	return STALL_BASE_MS + 1000 * Math.max(bySize, byFiles);
}
