/**
 * Streams a Parquet file as Arrow IPC, one row group at a time, for
 * `conn.insertArrowFromIPCStream(bytes, { name, create })`.
 *
 * Memory is bounded by one row group: the generator reads a group only when the consumer asks
 * for the next batch, and keeps nothing from earlier groups.
 */
import { Field, RecordBatch, Schema, Struct, Table, makeData, tableToIPC, type Data } from 'apache-arrow';
import type { AsyncBuffer, ColumnMetaData, FileMetaData } from 'hyparquet';
import { arrowType, columnBuilder, type ColumnBuilder } from './arrow-build';
import { ChunkReader, type ByteRange } from './chunk-reader';
import { planColumns, selectColumns, type ColumnPlan } from './columns';
import { ParquetFileError, abortError, fileLabel, formatBytes } from './errors';
import { readFooter } from './footer';
import { readAssembled } from './read-assembled';
import { decodeFlatChunk, type RowWindow } from './read-flat';
import { blobSource } from './source';

export interface ParquetProgress {
	rowGroups: number;
	totalRowGroups: number;
	rows: number;
	totalRows: number;
}

export interface ParquetBatchOptions {
	/** Columns to read, in this order; names the file lacks are skipped. Default: all. */
	columns?: string[];
	/** Called after each batch has been consumed (and once up front with zeros). */
	onProgress?: (done: ParquetProgress) => void;
	/** Checked between row groups; aborting throws a DOMException named 'AbortError'. */
	signal?: AbortSignal;
	/**
	 * 'pages' (default) decodes flat columns page by page and only nested ones through
	 * parquetRead; 'parquetRead' sends every column through parquetRead. For tests and
	 * benchmarks.
	 */
	decoder?: 'pages' | 'parquetRead';
	/** Only these row groups (0-based), e.g. a sample spread over the file. Default: all. */
	rowGroups?: number[];
}

/**
 * Yields one Arrow IPC stream (schema + one record batch) per non-empty row group. A file with
 * no rows yields a single empty batch so the caller still gets a table with the right columns.
 * Yields nothing when none of the requested columns exist.
 */
export async function* parquetBatches(blob: Blob, opts: ParquetBatchOptions = {}): AsyncGenerator<Uint8Array> {
	const { signal, onProgress } = opts;
	if (signal?.aborted) throw abortError(blob);
	const source = blobSource(blob);
	const metadata = await readFooter(blob, source);
	const plans = selectColumns(planColumns(metadata), opts.columns);
	if (!plans.length) return;

	const byPages = plans.map((p) => (opts.decoder ?? 'pages') === 'pages' && p.flat);
	const only = opts.rowGroups ? new Set(opts.rowGroups) : null;
	const wanted = (g: number) => !only || only.has(g);
	refuseHugeChunks(blob, metadata, plans, wanted);
	const scan: Scan = { blob, source, metadata, plans, byPages, chunks: new ChunkReader(source, plannedRanges(metadata, plans, byPages, wanted)) };
	const schema = new Schema(plans.map((p) => new Field(p.name, arrowType(p.kind), true)));
	const groups = metadata.row_groups;
	const progress: ParquetProgress = { rowGroups: 0, totalRowGroups: groups.length, rows: 0, totalRows: Number(metadata.num_rows) };
	onProgress?.({ ...progress });

	let rowStart = 0;
	for (let g = 0; g < groups.length; g++) {
		if (signal?.aborted) throw abortError(blob);
		const rows = Number(groups[g].num_rows);
		if (rows > 0 && wanted(g)) {
			const columns = await readRowGroup(scan, g, rowStart);
			if (signal?.aborted) throw abortError(blob);
			yield toIPC(schema, columns, rows);
		}
		rowStart += rows;
		progress.rowGroups = g + 1;
		progress.rows = rowStart;
		onProgress?.({ ...progress });
	}
	if (rowStart === 0) {
		yield toIPC(schema, plans.map((p) => columnBuilder(p.kind, 0).finish()), 0);
	}
}

/** Rows of one row group: `rows` rows from row `from` of group `group` (0-based). */
export interface GroupRows {
	group: number;
	from: number;
	rows: number;
}

/**
 * Yields one Arrow IPC stream per window of rows (a few thousand rows of a row group, say), in the
 * order given. Each window costs the pages holding it, not its whole row group: a sample of a large
 * file reads a small part of it.
 */
export async function* parquetRowWindows(
	blob: Blob,
	windows: readonly GroupRows[],
	opts: Pick<ParquetBatchOptions, 'columns' | 'signal' | 'decoder'> & { metadata?: FileMetaData } = {}
): AsyncGenerator<Uint8Array> {
	const { signal } = opts;
	if (signal?.aborted) throw abortError(blob);
	const source = blobSource(blob);
	// A footer already read is not read again (a large file's takes a while to parse).
	const metadata = opts.metadata ?? (await readFooter(blob, source));
	const plans = selectColumns(planColumns(metadata), opts.columns);
	if (!plans.length) return;
	const byPages = plans.map((p) => (opts.decoder ?? 'pages') === 'pages' && p.flat);
	const groups = new Set(windows.map((w) => w.group));
	refuseHugeChunks(blob, metadata, plans, (g) => groups.has(g));
	// One planned read per window (two windows of one group read its chunks twice: each is handed out once).
	const planned = windows.flatMap((w) => (Number(metadata.row_groups[w.group]?.num_rows ?? 0) > 0 ? plans.flatMap((p, i) => (byPages[i] ? [chunkRange(chunkMeta(metadata, w.group, p.name))] : [])) : []));
	const scan: Scan = { blob, source, metadata, plans, byPages, chunks: new ChunkReader(source, planned) };
	const schema = new Schema(plans.map((p) => new Field(p.name, arrowType(p.kind), true)));
	const firstRow: number[] = [];
	metadata.row_groups.reduce((at, g, i) => ((firstRow[i] = at), at + Number(g.num_rows)), 0);
	for (const w of windows) {
		if (signal?.aborted) throw abortError(blob);
		const groupRows = Number(metadata.row_groups[w.group]?.num_rows ?? 0);
		const take = Math.max(0, Math.min(w.rows, groupRows - w.from));
		if (take === 0) continue;
		const columns = await readRowGroup(scan, w.group, firstRow[w.group], { skip: w.from, take });
		yield toIPC(schema, columns, take);
	}
}

/**
 * One text column of one row group as the bytes of each value (null for null), in row order: for
 * comparing keys by their bytes (DuckDB's text order) without making a string of each.
 */
export async function textColumnBytes(blob: Blob, group: number, column: string, known?: FileMetaData): Promise<(Uint8Array | null)[]> {
	const source = blobSource(blob);
	const metadata = known ?? (await readFooter(blob, source));
	const plan = planColumns(metadata).find((p) => p.name === column);
	if (!plan?.flat || plan.type !== 'string') throw new Error(`column ${column} is not flat text`);
	const meta = chunkMeta(metadata, group, column);
	const rows = Number(metadata.row_groups[group].num_rows);
	const out: (Uint8Array | null)[] = [];
	const collector = {
		get length() {
			return out.length;
		},
		append(values: ArrayLike<unknown>, levels?: ArrayLike<number>, maxLevel = 0) {
			if (!levels) for (let i = 0; i < values.length; i++) out.push(values[i] as Uint8Array);
			else for (let i = 0, v = 0; i < levels.length; i++) out.push(levels[i] === maxLevel ? (values[v++] as Uint8Array) : null);
		},
		finish(): Data {
			throw new Error('not an Arrow column');
		}
	};
	const range = chunkRange(meta);
	decodeFlatChunk(new Uint8Array(await source.slice(range.start, range.end)), meta, plan, rows, collector);
	return out;
}

interface Scan {
	blob: Blob;
	source: AsyncBuffer;
	metadata: FileMetaData;
	plans: ColumnPlan[];
	/** Per plan: decoded page by page (read-flat.ts) rather than through parquetRead. */
	byPages: boolean[];
	chunks: ChunkReader;
}

/** Every column chunk the page decoder will read, over all row groups, so reads can be merged. */
/**
 * A column chunk decompresses into one piece of memory. Past this size it cannot be held (a browser
 * refuses buffers of a few GB; strings stop at half a gigabyte): a few kilobytes that claim more
 * are a decompression bomb (or a file no browser can read), refused before any byte is inflated.
 */
export const MAX_CHUNK_BYTES = 1024 * 1024 * 1024;

function refuseHugeChunks(blob: Blob, metadata: FileMetaData, plans: ColumnPlan[], wanted: (g: number) => boolean): void {
	const read = new Set(plans.map((p) => p.name));
	metadata.row_groups.forEach((group, g) => {
		if (!wanted(g)) return;
		for (const chunk of group.columns) {
			const meta = chunk.meta_data;
			if (!meta || !read.has(meta.path_in_schema[0]) || Number(meta.total_uncompressed_size) <= MAX_CHUNK_BYTES) continue;
			throw new ParquetFileError(
				'unsupported',
				`${fileLabel(blob)} cannot be read here: column "${meta.path_in_schema.join('.')}" of row group ${g + 1} holds ${formatBytes(Number(meta.total_uncompressed_size))} once decompressed (from ${formatBytes(Number(meta.total_compressed_size))}), more than a browser can hold in one piece`
			);
		}
	});
}

function plannedRanges(metadata: FileMetaData, plans: ColumnPlan[], byPages: boolean[], wanted: (g: number) => boolean): ByteRange[] {
	return metadata.row_groups.flatMap((group, g) =>
		Number(group.num_rows) > 0 && wanted(g) ? plans.flatMap((p, i) => (byPages[i] ? [chunkRange(chunkMeta(metadata, g, p.name))] : [])) : []
	);
}

async function readRowGroup({ blob, source, metadata, plans, byPages, chunks }: Scan, g: number, groupStart: number, window?: RowWindow): Promise<Data[]> {
	const groupRows = Number(metadata.row_groups[g].num_rows);
	const rows = window ? window.take : groupRows;
	const rowStart = groupStart + (window?.skip ?? 0);
	const builders = plans.map((p) => columnBuilder(p.kind, rows));
	const assembled = new Map<string, ColumnBuilder>();
	plans.forEach((p, i) => byPages[i] || assembled.set(p.name, builders[i]));

	let column = plans[0].name;
	try {
		// Start every read before decoding any, so the reads overlap.
		const reads = plans.map((p, i) => {
			if (!byPages[i]) return undefined;
			const meta = chunkMeta(metadata, g, p.name);
			return { meta, bytes: observed(chunks.read(chunkRange(meta))) };
		});
		const nested = assembled.size ? observed(readAssembled(source, metadata, rowStart, rows, assembled)) : undefined;
		for (let i = 0; i < plans.length; i++) {
			const read = reads[i];
			if (!read) continue;
			column = plans[i].name;
			decodeFlatChunk(await read.bytes, read.meta, plans[i], groupRows, builders[i], window);
		}
		column = [...assembled.keys()].join('", "');
		await nested;
		return builders.map((b, i) => {
			column = plans[i].name;
			if (b.length !== rows) throw new Error(`got ${b.length} values for ${rows} rows`);
			return b.finish();
		});
	} catch (e) {
		if (e instanceof ParquetFileError) throw e;
		const why = e instanceof Error ? e.message : String(e);
		const where = `column "${column}" in row group ${g + 1} of ${metadata.row_groups.length}`;
		if (/unsupported|not supported/i.test(why)) {
			throw new ParquetFileError('unsupported', `${fileLabel(blob)} uses a Parquet feature that cannot be read here: ${where} (${why})`, { cause: e });
		}
		// The decoder's own words (a JavaScript error) stay in the cause: they mean nothing to a person.
		throw new ParquetFileError('corrupt', `${fileLabel(blob)} looks damaged: ${where} could not be decoded`, { cause: e });
	}
}

/**
 * Marks a promise as handled, so that if decoding stops early on another column, a later
 * failure of this one is not reported as an unhandled rejection. Awaiting it still throws.
 */
function observed<T>(value: T | Promise<T>): Promise<T> {
	const promise = Promise.resolve(value);
	promise.catch(() => {});
	return promise;
}

function chunkRange(meta: ColumnMetaData): ByteRange {
	const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
	return { start, end: start + Number(meta.total_compressed_size) };
}

function chunkMeta(metadata: FileMetaData, g: number, name: string): ColumnMetaData {
	const chunk = metadata.row_groups[g].columns.find((c) => c.meta_data?.path_in_schema.length === 1 && c.meta_data.path_in_schema[0] === name);
	if (!chunk?.meta_data) throw new Error('the column is missing from this row group');
	return chunk.meta_data;
}

function toIPC(schema: Schema, columns: Data[], rows: number): Uint8Array {
	const data = makeData({ type: new Struct(schema.fields), length: rows, nullCount: 0, children: columns });
	return tableToIPC(new Table([new RecordBatch(schema, data)]), 'stream');
}
