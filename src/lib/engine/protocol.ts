/**
 * The engine's wire protocol: what the main thread may ask the engine worker, and what comes back.
 * Both sides import these types; nothing else crosses the boundary.
 */
import type { ModelQuery, QueryResult } from '$lib/model/queries';
import type { DatasetInfo } from '$lib/model/dataset';
import type { InventoryMapping } from '$lib/model/inventory';
import type { OpenOptions } from '$lib/model/open-options';
import type { SummaryPreview } from '$lib/model/summary';

/** One file the person handed us, with its path inside a dropped folder ('' for a loose file). */
export interface InputFile {
	file: File;
	/** Relative path such as `objects/part-0.parquet`; equals file.name for a loose file. */
	path: string;
}

export type EngineRequest =
	| { type: 'boot' }
	/** `fingerprint` (src/lib/cache/fingerprint.ts) lets the engine reuse a stored build of the same export. */
	| { type: 'open'; files: InputFile[]; urls: string[]; options?: OpenOptions; fingerprint?: string }
	| { type: 'sample'; rows: number; options?: OpenOptions; until?: number; fingerprint?: string }
	/** Reopen a stored dataset without its files (a return visit); null when it is not stored. */
	| { type: 'restore'; fingerprint: string }
	/** The dataset stores on disk. */
	| { type: 'stored' }
	/** Delete one dataset's store, or (null) every file the engine keeps. */
	| { type: 'forget'; fingerprint: string | null }
	| { type: 'map'; mapping: InventoryMapping }
	| { type: 'query'; query: ModelQuery }
	/**
	 * Build the report tables of the open dataset (src/lib/model/report-build.ts), or find them stored
	 * with it. Progress as it goes; cancelled by aborting, or by opening something else.
	 */
	| { type: 'buildReports' }
	/** The engine's figures and the newest `logEntries` of its query log (100 unless asked). */
	| { type: 'stats'; logEntries?: number }
	/** Raw SQL for the benchmark's "naive" reference and debugging; results are capped like any other. */
	| { type: 'sql'; sql: string };

/** What each request resolves to. */
export interface EngineReplies {
	boot: EngineInfo;
	open: DatasetInfo;
	sample: DatasetInfo;
	map: DatasetInfo;
	restore: DatasetInfo | null;
	stored: StoredFile[];
	forget: { closed: boolean };
	query: QueryResult;
	buildReports: { buildMs: number; reused: boolean; tables: number };
	stats: EngineStats;
	sql: { rows: Record<string, unknown>[]; ms: number };
}

/** One dataset's database file(s) in the origin-private file system. */
export interface StoredFile {
	fingerprint: string;
	bytes: number;
	files: string[];
	/** Attached right now (the open dataset). */
	open: boolean;
}

export interface EngineInfo {
	duckdbVersion: string;
	bundle: string;
	bootMs: number;
}

export interface EngineStats {
	queries: number;
	/** Bytes DuckDB's buffer manager holds now. */
	memoryBytes: number | null;
	/** DuckDB's memory_limit setting, as it prints it ("3.1 GiB"). */
	memoryLimit: string | null;
	/** The most recent engine queries, newest last. */
	log: QueryLogEntry[];
	/** How long the last fresh engine took to reopen a large build after its open (null: none yet). */
	freshEngineMs?: number | null;
	/** A fresh engine is waiting to reopen the build, or reopening it. */
	freshEnginePending?: boolean;
}

export interface QueryLogEntry {
	sql: string;
	ms: number;
	rows: number;
	at: number;
	error?: string;
}

export interface Progress {
	/** A short phrase a person reads: "Reading instances.parquet". */
	label: string;
	done: number;
	total: number;
	/** What done/total count: rows, row groups, steps. */
	unit: 'rows' | 'row groups' | 'steps' | 'bytes' | 'percent';
	/** A first look at a large export while it loads: the first view's estimates, or the Summary of its first slice. */
	preview?: SummaryPreview;
}

/**
 * Every failure class the engine tells apart. The code is decided where the failure happens (the
 * step that knows which file, table and column it was reading), never by reading an error's text.
 */
export type ErrorCode =
	| 'cancelled'
	/** A step stopped making progress and was stopped by the watchdog (workers/engine/watchdog.ts). */
	| 'stalled'
	/** Nothing to open: an empty folder, a folder of system files only. */
	| 'empty-input'
	| 'unsupported-file'
	/** The bytes are another kind of file than the name says (gzip, ZIP, an image, UTF-16 text...). */
	| 'wrong-format'
	| 'corrupt-file'
	/** A file cut short: its own header or footer says it is longer. */
	| 'truncated'
	/** A .duckdb written by a DuckDB version this engine cannot read. */
	| 'unsupported-version'
	| 'encrypted'
	/** Parts of one table that do not share their columns. */
	| 'mismatched-parts'
	/** A view (or table) of a database that cannot be read: it refers to something missing. */
	| 'broken-view'
	| 'missing-table'
	| 'missing-column'
	| 'no-dataset'
	| 'out-of-memory'
	| 'too-large'
	| 'not-in-pack'
	| 'network'
	| 'engine-crashed'
	/** DuckDB refused a statement in a way no step above recognised; its words are in `detail`. */
	| 'engine-error'
	| 'internal';

export interface EngineErrorShape {
	code: ErrorCode;
	message: string;
	/** What the person can do about it. */
	hint?: string;
	/** The engine's own message, shown folded under the person's one. */
	detail?: string;
	/** The file the failure is about, when one is known. */
	file?: string;
	/** The step that was running (a progress label), when the failure happened during an open. */
	step?: string;
	/** The engine was ended (a stuck step) and the open dataset could not be brought back. */
	datasetLost?: boolean;
}

export type ToWorker = { id: number; request: EngineRequest } | { cancel: number };

export type FromWorker =
	/** The worker's event loop is free (sent every few seconds while a request runs): see EngineClient. */
	| { id: 0; kind: 'alive' }
	| { id: number; kind: 'progress'; progress: Progress }
	| { id: number; kind: 'result'; result: unknown; ms: number }
	| { id: number; kind: 'error'; error: EngineErrorShape };
