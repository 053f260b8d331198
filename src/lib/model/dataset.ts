import type { MappingNeed } from './inventory';

/** What the model knows about an opened dataset; returned to the main thread after opening. */

export type SourceFormat = 'duckdb' | 'parquet' | 'csv' | 'sample' | 'url';

export interface TableInfo {
	/** Canonical (Aparavi) table name, e.g. `objects`. */
	name: string;
	rows: number;
	/** Where it came from: file names, for messages. */
	from: string[];
}

/** A fact about cleaning that a person should read ("312 files have no valid modified time"). */
export interface CleaningNote {
	key: string;
	count: number;
	text: string;
}

export type TimeUnit = 'seconds' | 'milliseconds' | 'microseconds' | 'timestamp' | 'text';

/** One table of a `facts` built in parts, and how many rows it holds. */
export interface FactsPart {
	table: string;
	rows: number;
}

export interface DatasetInfo {
	/** Shown in the header: the file or folder name. */
	name: string;
	format: SourceFormat;
	/** 'pack': a summary pack (src/lib/model/pack.ts): summaries, a sample and the largest files only. */
	kind: 'aparavi' | 'inventory' | 'pack';
	tables: TableInfo[];
	/** The instant ages are measured from (epoch ms). */
	asOfMs: number;
	/**
	 * The moment the export was opened (epoch ms): times more than a year after it are junk, whatever
	 * the as-of (docs/MODEL.md, "Times"). Absent for a summary pack and for datasets stored before it.
	 */
	openedMs?: number;
	/** Per time column, the unit the model detected. */
	timeUnits: Record<string, TimeUnit>;
	files: number;
	notes: CleaningNote[];
	warnings: string[];
	openMs: number;
	/**
	 * The dataset's identity across visits (src/lib/cache/fingerprint.ts); absent when it cannot be
	 * recognised again (a column mapping typed by hand, a URL the server says nothing about).
	 */
	fingerprint?: string;
	/** Opened from this browser's stored summaries instead of a full scan. */
	reopened?: boolean;
	/**
	 * The build was reopened in a fresh engine to free its memory (src/lib/model/memory-plan.ts): how
	 * long that took, when it happened within the open (above the two-engine size). Smaller builds are
	 * reopened after the open has answered: EngineStats.freshEngineMs says so.
	 */
	freshEngineMs?: number;
	/** How many DuckDB instances built the facts: 2 when a build helper took half of the slices. */
	builders?: number;
	/**
	 * When two engines built the facts, the tables holding them, in order: `facts` is then a view over
	 * them (docs/MODEL.md, "Two engines at once") and the Explorer reads each by rowid. Absent: `facts`
	 * is one table.
	 */
	factsParts?: FactsPart[];
	/** Set when a generic table's columns could not be guessed: the person maps them. */
	mappingNeeded: MappingNeed | null;
	/** Set for a summary pack: how and from what it was built, and its sample's size. */
	pack?: { builtAt: string; builder: string; source: string; sampleFiles: number };
}
