/**
 * Summary packs: the summary tables of an export too large for a browser tab (100M–1B files),
 * built outside it by `npm run pack` with native DuckDB (or, per docs/SCALE.md, a distributed SQL
 * engine), from the very definitions the browser uses (src/lib/model/summary.ts), plus a uniform
 * sample of files, the largest files and a manifest. The app opens a pack like an export: every
 * figure the summary tables answer is exact; what needs every file's row says so.
 */
import { SUMMARY_DEFINITIONS_VERSION } from './summary';
import { str } from './sql';

export const PACK_FORMAT = 'aparavi-summary-pack';
/** The layout of a pack file; the app refuses a pack of another layout. */
export const PACK_VERSION = 1;

/** The summary tables a pack carries, built by summaryBuildSql after `facts`. */
export const PACK_SUMMARY_TABLES = ['s_cube', 's_added', 's_months', 's_base', 's_folder', 's_stats'] as const;
/** What a pack adds for pages that would otherwise read the rows. */
export const PACK_EXTRA_TABLES = ['p_sample', 'p_top_files'] as const;
export const PACK_TABLES = [...PACK_SUMMARY_TABLES, ...PACK_EXTRA_TABLES, 'pack_manifest'] as const;

/**
 * Report tables a pack leaves out: the per-file codes (one row per file, the size of the export) and
 * the build's scratch. What a report would read from them (a combination no cube holds) says so.
 */
export const PACK_WITHOUT = ['r_files', 'r_codes', 'r_dupkeys', 'r_picked', 'r_pick_largest', 'r_pick_oldest', 'r_pick_trivial', 'r_pick_sensitive', 'r_pick_points', 'r_meta_src', 'r_bysize', 'r_folder_sets'] as const;

/** The report build's tables a pack carries (src/lib/model/report-build.ts), from the tables and views that exist (a view is copied as a table). */
export function packReportTables(existing: readonly string[]): string[] {
	return existing.filter((t) => t.startsWith('r_') && !(PACK_WITHOUT as readonly string[]).includes(t));
}

export const DEFAULT_PACK_SAMPLE = 100_000;
export const PACK_TOP_FILES = 1000;

/** The sample and the largest files, from `facts` (same columns, so the same filters apply). */
export function packExtrasSql(sampleRows: number): { table: string; sql: string }[] {
	const n = Math.max(1, Math.floor(sampleRows));
	return [
		{ table: 'p_sample', sql: `SELECT * FROM facts USING SAMPLE reservoir(${n} ROWS) REPEATABLE (42)` },
		{ table: 'p_top_files', sql: `SELECT * FROM facts WHERE size IS NOT NULL ORDER BY size DESC, objectId LIMIT ${PACK_TOP_FILES}` }
	];
}

export interface PackManifest {
	format: typeof PACK_FORMAT;
	packVersion: number;
	/** SUMMARY_DEFINITIONS_VERSION of the builder: the app checks it equals its own. */
	definitionsVersion: number;
	/** The instant age bands were measured from (epoch ms): baked into the cubes. */
	asOfMs: number;
	builtAt: string;
	builder: string;
	/** File names, sizes and modification times of the inputs, as the builder saw them. */
	source: string;
	files: number;
	bytes: number;
	sampleFiles: number;
	/** Rows per pack table. */
	rows: Record<string, number>;
	buildMs: number;
	/** The report build's tables the pack carries and the build's version (absent in older packs). */
	reportTables?: { version: number; tables: string[] };
}

/** The manifest as rows of a two-column table, readable by any SQL engine: two statements, run in order. */
export function manifestSql(table: string, m: PackManifest): string[] {
	const pairs = Object.entries(m).map(([k, v]) => `(${str(k)}, ${str(typeof v === 'string' ? v : JSON.stringify(v))})`);
	return [`CREATE OR REPLACE TABLE ${table} (key VARCHAR, value VARCHAR)`, `INSERT INTO ${table} VALUES ${pairs.join(', ')}`];
}

export class PackError extends Error {}

/** Read and check a manifest from its key/value rows. */
export function parseManifest(rows: { key: unknown; value: unknown }[]): PackManifest {
	const kv = new Map(rows.map((r) => [String(r.key), String(r.value)]));
	const json = (k: string) => {
		const v = kv.get(k);
		if (v === undefined) throw new PackError(`the pack's manifest has no "${k}"`);
		try {
			return JSON.parse(v);
		} catch {
			throw new PackError(`the pack's manifest has an unreadable "${k}"`);
		}
	};
	if (kv.get('format') !== PACK_FORMAT) throw new PackError('this database is not an Aparavi summary pack');
	const m: PackManifest = {
		format: PACK_FORMAT,
		packVersion: json('packVersion'),
		definitionsVersion: json('definitionsVersion'),
		asOfMs: json('asOfMs'),
		builtAt: kv.get('builtAt') ?? '',
		builder: kv.get('builder') ?? '',
		source: kv.get('source') ?? '',
		files: json('files'),
		bytes: json('bytes'),
		sampleFiles: json('sampleFiles'),
		rows: json('rows'),
		buildMs: json('buildMs'),
		reportTables: kv.has('reportTables') ? json('reportTables') : undefined
	};
	if (m.packVersion !== PACK_VERSION) throw new PackError(`the pack has layout version ${m.packVersion}; this app reads version ${PACK_VERSION}`);
	if (m.definitionsVersion !== SUMMARY_DEFINITIONS_VERSION) {
		throw new PackError(`the pack was built with summary definitions v${m.definitionsVersion}; this app uses v${SUMMARY_DEFINITIONS_VERSION}`);
	}
	return m;
}

