/**
 * Sorting what the person dropped: which files are a DuckDB export, which are Parquet or CSV parts,
 * and which canonical table each part belongs to. Only names and a few header bytes are read.
 */
import { EngineError } from '../../src/lib/engine/errors';
import type { InputFile } from '../../src/lib/engine/protocol';
import { canonicalTableName } from '../../src/lib/model/shape';
import { groupParts } from '../../src/lib/model/listings/parts';
import { looksLikeNcdu } from './ncdu';

/** json: an ncdu export (`ncdu -o`), the one JSON listing the dashboard reads. */
export type InputFormat = 'duckdb' | 'parquet' | 'csv' | 'json';

export interface TablePart {
	table: string;
	format: InputFormat;
	file: Blob;
	name: string;
}

export interface SortedInput {
	databases: { file: Blob; name: string }[];
	/** Parts grouped by table name (canonical when recognised). */
	tables: Map<string, TablePart[]>;
	ignored: string[];
}

const EXTENSIONS: Record<string, InputFormat> = {
	duckdb: 'duckdb',
	db: 'duckdb',
	ddb: 'duckdb',
	parquet: 'parquet',
	parq: 'parquet',
	pq: 'parquet',
	csv: 'csv',
	tsv: 'csv',
	txt: 'csv',
	psv: 'csv'
};

/** Files a folder drop carries that are never data. */
const NOISE = /(^|\/)(\.DS_Store|Thumbs\.db|desktop\.ini|_SUCCESS|\._.*|\.crc|_committed_.*|_started_.*)$/i;

function extensionOf(name: string): string {
	const dot = name.lastIndexOf('.');
	return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

function stem(name: string): string {
	const dot = name.lastIndexOf('.');
	return dot > 0 ? name.slice(0, dot) : name;
}

/**
 * Sniff the format from the first bytes when the name does not tell: Parquet, DuckDB, an ncdu
 * export, and, for the parts of a split listing (`xaa`, `x.csv.001`), text.
 */
async function sniff(file: Blob, part: boolean): Promise<InputFormat | null> {
	if (file.size < 4) return null;
	const head = new Uint8Array(await file.slice(0, 4096).arrayBuffer());
	const ascii = (bytes: Uint8Array) => String.fromCharCode(...bytes);
	if (ascii(head.subarray(0, 4)) === 'PAR1') return 'parquet';
	if (head.length >= 12 && ascii(head.subarray(8, 12)) === 'DUCK') return 'duckdb';
	const text = new TextDecoder('utf-8').decode(head);
	if (looksLikeNcdu(text)) return 'json';
	// Text without NUL bytes and with lines: a listing's part.
	if (part && !head.includes(0) && /\n/.test(text)) return 'csv';
	return null;
}

/**
 * The table a part belongs to: the first path segment (from the top) naming an Aparavi table, so
 * `objects/part-0.parquet` and `objects/year=2024/part-0.parquet` both go to `objects`; else the
 * file's own stem (a loose `inventory.csv` is table `inventory`).
 */
export function tableForPath(path: string): string {
	const segments = path.split('/').filter(Boolean);
	for (const segment of segments) {
		const known = canonicalTableName(stem(segment));
		if (known) return known;
	}
	const last = segments[segments.length - 1] ?? path;
	const base = stem(last).replace(/[-_.]?part[-_]?\d+$/i, '');
	return canonicalTableName(base) ?? base;
}

/** Whether a path names a table of an Aparavi export (by its own name or a folder's). */
const isAparaviPath = (path: string) => path.split('/').filter(Boolean).some((s) => canonicalTableName(stem(s)) !== undefined);

export async function sortInput(files: InputFile[]): Promise<SortedInput> {
	const sorted: SortedInput = { databases: [], tables: new Map(), ignored: [] };
	const names = files.map(({ file, path }) => path || file.name).filter((n) => !NOISE.test(n));
	// A listing split in parts (listing-00.csv, listing-01.csv, …; xaa, xab, …) is one table, its parts in order.
	const inPart = new Map<string, { table: string; order: number; extension: string }>();
	for (const group of groupParts(names.filter((n) => !isAparaviPath(n)))) group.paths.forEach((p, order) => inPart.set(p, { table: group.table, order, extension: group.extension }));
	const order = new Map<string, number>();
	for (const { file, path } of files) {
		const name = path || file.name;
		if (NOISE.test(name)) continue;
		const part = inPart.get(name);
		// A .json is read only when it is an ncdu export (sniffed): other JSON files next to data are not tables.
		const format = EXTENSIONS[extensionOf(name)] ?? (part ? EXTENSIONS[part.extension] : undefined) ?? (await sniff(file, part !== undefined));
		if (!format) {
			sorted.ignored.push(name);
			continue;
		}
		if (format === 'duckdb') {
			sorted.databases.push({ file, name });
			continue;
		}
		const table = part?.table ?? tableForPath(name);
		const parts = sorted.tables.get(table) ?? [];
		parts.push({ table, format, file, name });
		sorted.tables.set(table, parts);
		order.set(name, part?.order ?? 0);
	}
	for (const parts of sorted.tables.values()) parts.sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
	if (sorted.databases.length === 0 && sorted.tables.size === 0) {
		const what = sorted.ignored.length ? `: ${sorted.ignored.slice(0, 3).join(', ')}` : '';
		throw new EngineError(
			'unsupported-file',
			`Nothing here is an export the dashboard can read${what}.`,
			'Open an Aparavi export as a .duckdb file, or Parquet / CSV files named after their tables (objects.parquet, instances.parquet, ...), or a file listing: CSV or text (find -printf, PowerShell Export-Csv, WizTree, TreeSize, diskover), an ncdu -o export (.json), or Parquet.'
		);
	}
	if (sorted.databases.length > 1) {
		throw new EngineError('unsupported-file', `Several database files were dropped (${sorted.databases.map((d) => d.name).join(', ')}).`, 'Open one .duckdb export at a time.');
	}
	for (const [table, parts] of sorted.tables) {
		const formats = new Set(parts.map((p) => p.format));
		if (formats.size > 1) {
			throw new EngineError('unsupported-file', `Table ${table} is given both as ${[...formats].join(' and ')} files.`, 'Drop one format per table.');
		}
	}
	return sorted;
}
