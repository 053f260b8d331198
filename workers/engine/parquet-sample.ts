/**
 * The cluster sample of a Parquet export, read from its files before their rows are imported
 * (issue #23): the first view of a large Parquet export no longer waits for the import.
 *
 * - `objects`: the same evenly spread windows of rows as a `.duckdb` export's sample
 *   (src/lib/model/cluster-sample.ts), each read from the pages holding it
 *   (workers/parquet/to-arrow.ts, parquetRowWindows), into `raw.<objects table>`, one window after
 *   the other.
 * - `instances`: the row groups whose objectId statistics (min and max in the footer) meet a
 *   cluster's run of objectIds; of each, the objectId column is read first, then only the span of
 *   rows holding the runs' objectIds, into `raw.<instances table>`.
 * - The file rows of the whole `objects`, the estimates' base, from the classId statistics of each
 *   row group; a group whose statistics cannot say is read (that column only).
 *
 * An export the sample cannot read cheaply (objectIds that are not text, no statistics, runs that
 * meet many row groups: keys not stored in order) gets no sample: the first view then waits for the
 * import, as before. The tables are dropped once the first view is drawn; the import fills them.
 */
import type { FileMetaData } from 'hyparquet';
import { INSTANCE_COLUMNS_READ, OBJECT_COLUMNS_READ } from '../../src/lib/model/files-view';
import { clusterWindows } from '../../src/lib/model/cluster-sample';
import type { KeyRange } from '../../src/lib/model/partitions';
import { planColumns } from '../parquet/columns';
import { readFooter } from '../parquet/footer';
import { blobSource } from '../parquet/source';
import { parquetRowWindows, textColumnBytes, type GroupRows } from '../parquet/to-arrow';
import type { DuckDBHost } from './duckdb';
import type { TablePart } from './inputs';

/** The class Aparavi gives files (src/lib/model/files-view.ts, isFileCondition). */
const FILE_CLASS = 'idxobject';
const FILE_CLASS_BYTES = new TextEncoder().encode(FILE_CLASS);

/** A table's Parquet parts with their footers. */
export interface ParquetTable {
	table: string;
	parts: { part: TablePart; metadata: FileMetaData }[];
}

/** The objects' windows as read: where each lies in the sample table (by rowid), and the export's counts. */
export interface ObjectWindows {
	/** Rows of the whole objects table. */
	total: number;
	/** Each window's rows in the sample table, in order: [start, start + rows). */
	windows: { start: number; rows: number }[];
	/** File rows of the whole objects table (classId 'idxobject'; every row without a text classId). */
	fileRows: number;
}

export async function parquetTable(table: string, parts: TablePart[]): Promise<ParquetTable> {
	return { table, parts: await Promise.all(parts.map(async (part) => ({ part, metadata: await readFooter(part.file, blobSource(part.file, { readAhead: 64 * 1024 })) }))) };
}

const rowsOf = (m: FileMetaData) => m.row_groups.map((g) => Number(g.num_rows));

/** The file's top-level column named `name`, case aside, and whether it holds text; undefined when absent. */
function columnNamed(metadata: FileMetaData, name: string): { name: string; text: boolean } | undefined {
	const plan = planColumns(metadata).find((c) => c.name.toLowerCase() === name.toLowerCase());
	return plan && { name: plan.name, text: plan.type === 'string' && plan.flat };
}

/** The file's columns the files view reads (others stay out of the sample: each one read costs a page per window). */
function readColumns(metadata: FileMetaData, read: readonly string[]): string[] {
	return planColumns(metadata)
		.map((c) => c.name)
		.filter((c) => read.some((w) => w.toLowerCase() === c.toLowerCase()));
}

/** Text order as DuckDB compares VARCHAR (by bytes of UTF-8, i.e. by code point). */
export function compareText(a: string, b: string): number {
	if (a === b) return 0;
	const x = [...a];
	const y = [...b];
	for (let i = 0; i < Math.min(x.length, y.length); i++) {
		const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
		if (d !== 0) return d;
	}
	return x.length - y.length;
}

/** Byte order of UTF-8 text: DuckDB's VARCHAR order. */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
	const n = Math.min(a.length, b.length);
	for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
	return a.length - b.length;
}

const statText = (v: unknown): string | undefined => (typeof v === 'string' ? v : v instanceof Uint8Array ? new TextDecoder().decode(v) : undefined);

/** A chunk's min and max as text, when the footer holds them. */
function textStats(metadata: FileMetaData, group: number, column: string): { min: string; max: string; nulls: number | undefined } | undefined {
	const chunk = metadata.row_groups[group].columns.find((c) => c.meta_data?.path_in_schema.length === 1 && c.meta_data.path_in_schema[0] === column);
	const st = chunk?.meta_data?.statistics;
	const min = statText(st?.min_value ?? st?.min);
	const max = statText(st?.max_value ?? st?.max);
	if (min === undefined || max === undefined) return undefined;
	return { min, max, nulls: st?.null_count === undefined ? undefined : Number(st.null_count) };
}

/** Append one window of rows to `raw.<table>` (creating it when not yet `created`); how many rows it held. */
async function insertWindow(
	host: DuckDBHost,
	table: string,
	{ part, metadata }: { part: TablePart; metadata: FileMetaData },
	window: GroupRows,
	columns: string[],
	created: boolean,
	signal?: AbortSignal
): Promise<{ created: boolean; rows: number }> {
	let rows = 0;
	for await (const ipc of parquetRowWindows(part.file, [window], { columns, signal, metadata })) {
		await host.conn.insertArrowFromIPCStream(ipc, { schema: 'raw', name: table, create: !created });
		created = true;
		rows += Math.max(0, Math.min(window.rows, Number(metadata.row_groups[window.group].num_rows) - window.from));
	}
	return { created, rows };
}

/**
 * Read the clusters' windows of `objects` into `raw.<table>`, and count the whole table's file rows.
 * null when the export's objectIds are not text (a run of keys is a text range) or nothing was read.
 */
export async function readObjectWindows(
	host: DuckDBHost,
	objects: ParquetTable,
	signal?: AbortSignal,
	/** Windows (or pieces of one in two row groups) read so far of all. */
	onWindow: (done: number, total: number) => void = () => {}
): Promise<ObjectWindows | null> {
	const first = objects.parts[0].metadata;
	if (!columnNamed(first, 'objectId')?.text) return null;
	const groupRows = objects.parts.map((p) => rowsOf(p.metadata));
	const total = groupRows.flat().reduce((a, b) => a + b, 0);
	const columns = readColumns(first, OBJECT_COLUMNS_READ);
	// Each window as pieces of row groups (a window may straddle two groups, or two files), each read from the pages holding it.
	const windows = clusterWindows(total);
	const pieces: { part: number; group: GroupRows; window: number }[] = [];
	windows.forEach((w, window) => {
		let at = 0;
		groupRows.forEach((groups, part) =>
			groups.forEach((n, group) => {
				const from = Math.max(w.start, at);
				const to = Math.min(w.start + w.rows, at + n);
				if (to > from) pieces.push({ part, group: { group, from: from - at, rows: to - from }, window });
				at += n;
			})
		);
	});
	let created = false;
	const got = new Array<number>(windows.length).fill(0);
	for (const [done, piece] of pieces.entries()) {
		onWindow(done, pieces.length);
		const read = await insertWindow(host, objects.table, objects.parts[piece.part], piece.group, columns, created, signal);
		created = read.created;
		got[piece.window] += read.rows;
	}
	if (!created) return null;
	let start = 0;
	const placed = got.map((rows) => ({ start: (start += rows) - rows, rows }));
	return { total, windows: placed, fileRows: await countFileRows(objects, signal) };
}

/** File rows of the whole `objects`: from each row group's classId statistics, or its classId column when they cannot say. */
async function countFileRows(objects: ParquetTable, signal?: AbortSignal): Promise<number> {
	let files = 0;
	for (const file of objects.parts) {
		const { metadata } = file;
		const classId = columnNamed(metadata, 'classId');
		const rows = rowsOf(metadata);
		// No text classId: every row counts as a file (isFileCondition is then null).
		if (!classId?.text) {
			files += rows.reduce((a, b) => a + b, 0);
			continue;
		}
		for (let g = 0; g < rows.length; g++) {
			const st = textStats(metadata, g, classId.name);
			if (st && st.min === FILE_CLASS && st.max === FILE_CLASS && st.nulls !== undefined) files += rows[g] - st.nulls;
			else if (st && (compareText(st.max, FILE_CLASS) < 0 || compareText(st.min, FILE_CLASS) > 0)) continue;
			else {
				if (signal?.aborted) throw new DOMException('Aborted', 'AbortError');
				files += (await textColumnBytes(file.part.file, g, classId.name, metadata)).filter((v) => v !== null && compareBytes(v, FILE_CLASS_BYTES) === 0).length;
			}
		}
	}
	return files;
}

/**
 * A sample whose runs meet more than three row groups of instances each and more than this share of
 * all is refused: the keys are not stored in order, and the sample would read most of the file.
 */
const MAX_GROUP_SHARE = 0.25;

/**
 * Read the instances of the clusters' runs of objectIds into `raw.<table>`: of every row group whose
 * objectId statistics meet a run, the span of rows holding the runs' objectIds. false when the
 * footer cannot say which groups hold them, or when too many do.
 */
export async function readRunInstances(
	host: DuckDBHost,
	instances: ParquetTable,
	runs: readonly KeyRange[],
	signal?: AbortSignal,
	/** Row groups read so far of those to read. */
	onGroup: (done: number, total: number) => void = () => {}
): Promise<boolean> {
	const id = columnNamed(instances.parts[0].metadata, 'objectId');
	if (!id?.text || runs.length === 0) return false;
	const ranges = runs.map((r) => ({ lo: String(r.lo), hi: String(r.hi) }));
	const utf8 = new TextEncoder();
	const byteRanges = ranges.map((r) => ({ lo: utf8.encode(r.lo), hi: utf8.encode(r.hi) }));
	const within = (v: Uint8Array) => byteRanges.some((r) => compareBytes(v, r.lo) >= 0 && compareBytes(v, r.hi) <= 0);
	const picked: { part: number; group: number }[] = [];
	let groups = 0;
	for (let p = 0; p < instances.parts.length; p++) {
		const { metadata } = instances.parts[p];
		const rows = rowsOf(metadata);
		groups += rows.length;
		for (let g = 0; g < rows.length; g++) {
			if (rows[g] === 0) continue;
			const st = textStats(metadata, g, id.name);
			if (!st) return false;
			if (ranges.some((r) => compareText(st.min, r.hi) <= 0 && compareText(st.max, r.lo) >= 0)) picked.push({ part: p, group: g });
		}
	}
	if (picked.length > Math.max(runs.length * 3, 8) && picked.length > MAX_GROUP_SHARE * groups) return false;
	const columns = readColumns(instances.parts[0].metadata, INSTANCE_COLUMNS_READ);
	let created = false;
	for (const [done, { part, group }] of picked.entries()) {
		onGroup(done, picked.length);
		if (signal?.aborted) throw new DOMException('Aborted', 'AbortError');
		const ids = await textColumnBytes(instances.parts[part].part.file, group, id.name, instances.parts[part].metadata);
		let first = -1;
		let last = -1;
		ids.forEach((v, i) => {
			if (v !== null && within(v)) {
				if (first < 0) first = i;
				last = i;
			}
		});
		if (first < 0) continue;
		({ created } = await insertWindow(host, instances.table, instances.parts[part], { group, from: first, rows: last - first + 1 }, columns, created, signal));
	}
	return created;
}
