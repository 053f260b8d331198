/**
 * Loading: a dropped .duckdb is attached in place (read lazily from the File, never copied);
 * CSV and Parquet parts are streamed into tables of the in-memory `raw` schema.
 */
import { EngineError } from '../../src/lib/engine/errors';
import type { Progress } from '../../src/lib/engine/protocol';
import { ExportShape, MODEL_COLUMNS, canonicalTableName, type ColumnShape } from '../../src/lib/model/shape';
import { METADATA_SAMPLE_COLUMNS, METADATA_SAMPLE_ROWS, METADATA_SAMPLE_TABLE, spreadRowGroups } from '../../src/lib/model/metadata-sample';
import { ident, str } from '../../src/lib/model/sql';
import { formatBytes } from '../../src/lib/format';
import { INPUT_DIR, translateError, type DuckDBHost } from './duckdb';
import type { TablePart } from './inputs';
import { headAt, headOf, refuseForeignDatabase, refuseOutsideViews } from './outside';
import { inspectParquet, type ParquetInfo } from '../parquet/inspect';
import { parquetBatches } from '../parquet/to-arrow';

export type ProgressFn = (p: Progress) => void;

let fileCounter = 0;
/** DuckDB's virtual file names must be unique per instance; the person's names may repeat. */
const virtualName = (name: string) => `${INPUT_DIR}${++fileCounter}-${name.replace(/[^A-Za-z0-9._-]/g, '_')}`;

/** Describe the tables of one schema in one catalog into the shape, under canonical names. */
export async function describe(host: DuckDBHost, shape: ExportShape, catalog: string, schema: string): Promise<void> {
	const rows = await host.rows(
		`SELECT table_name, column_name, upper(data_type) AS data_type FROM information_schema.columns
		 WHERE table_catalog = ${str(catalog)} AND table_schema = ${str(schema)} ORDER BY table_name, ordinal_position`
	);
	const tables = new Map<string, ColumnShape[]>();
	for (const r of rows) {
		const list = tables.get(String(r.table_name)) ?? [];
		list.push({ name: String(r.column_name), type: String(r.data_type) });
		tables.set(String(r.table_name), list);
	}
	for (const [table, columns] of tables) {
		const canonical = canonicalTableName(table) ?? table;
		if (shape.has(canonical)) continue;
		shape.add(canonical, `${ident(catalog)}.${ident(schema)}.${ident(table)}`, columns);
	}
}

export async function attachDuckDB(host: DuckDBHost, file: Blob, name: string): Promise<string> {
	refuseForeignDatabase(await headOf(file), name);
	const vname = virtualName(name);
	await host.registerFile(vname, file);
	try {
		await host.exec(`ATTACH ${str(vname)} AS src (READ_ONLY)`);
	} catch (e) {
		const text = e instanceof Error ? e.message : String(e);
		if (/version|storage/i.test(text) && /newer|older|not.*supported|incompatible/i.test(text)) {
			throw new EngineError('unsupported-file', `${name} was written by a DuckDB version this app cannot read.`, `DuckDB said: ${text}`);
		}
		throw new EngineError('corrupt-file', `${name} could not be opened as a DuckDB database: it looks damaged or is not a DuckDB file.`, `DuckDB said: ${text}`);
	}
	await refuseOutsideViews(host, 'src', name);
	return 'src';
}

/**
 * A database next to the app (`?src=`): read by HTTP range requests, only the blocks queries need.
 * A server that answers a range request with 200 (the whole file) cannot do that: the file is then
 * downloaded once and opened from memory, and the returned warning says so.
 */
export async function attachDuckDBUrl(host: DuckDBHost, url: string, name: string, signal?: AbortSignal): Promise<string[]> {
	if (!(await servesRanges(url, signal))) {
		const blob = await fetchWhole(url, signal);
		await attachDuckDB(host, blob, name);
		return [
			`The server of ${name} does not support range requests (it answered 200 with the whole file), so all ${formatBytes(blob.size)} were downloaded before opening. A server that honours ranges lets the dashboard read only what it needs.`
		];
	}
	refuseForeignDatabase(await headAt(url, signal), name);
	const vname = virtualName(name);
	await host.registerUrl(vname, url);
	try {
		await host.exec(`ATTACH ${str(vname)} AS src (READ_ONLY)`);
	} catch (e) {
		throw new EngineError('corrupt-file', `${name} could not be opened as a DuckDB database.`, e instanceof Error ? e.message : String(e));
	}
	await refuseOutsideViews(host, 'src', name, signal);
	return [];
}

/** Ask for the first byte: 206 means ranges work; 200 means the server sends everything. */
export async function servesRanges(url: string, signal?: AbortSignal): Promise<boolean> {
	const controller = new AbortController();
	const abort = () => controller.abort();
	signal?.addEventListener('abort', abort);
	try {
		const r = await fetch(url, { headers: { Range: 'bytes=0-0' }, signal: controller.signal, credentials: 'same-origin', cache: 'no-store' });
		if (r.status === 206) return true;
		if (!r.ok) throw new EngineError('network', `Fetching ${url} answered ${r.status} ${r.statusText}.`);
		return false;
	} catch (e) {
		if (e instanceof EngineError) throw e;
		if (signal?.aborted) throw new EngineError('cancelled', 'Opening was cancelled.');
		throw new EngineError('network', `Could not fetch ${url}.`, 'Check the address, and that the server allows this page to read it (CORS).');
	} finally {
		// A server ignoring the range starts sending the whole file: stop it, it is fetched again whole.
		controller.abort();
		signal?.removeEventListener('abort', abort);
	}
}

async function fetchWhole(url: string, signal?: AbortSignal): Promise<Blob> {
	try {
		const r = await fetch(url, { signal, credentials: 'same-origin' });
		if (!r.ok) throw new EngineError('network', `Fetching ${url} answered ${r.status} ${r.statusText}.`);
		return await r.blob();
	} catch (e) {
		if (e instanceof EngineError) throw e;
		if (signal?.aborted) throw new EngineError('cancelled', 'Opening was cancelled.');
		throw new EngineError('network', `Could not fetch ${url}.`, 'Check the address, and that the server allows this page to read it (CORS).');
	}
}

/**
 * CSV: DuckDB's reader, strict first. Files from spreadsheets (BOM, `;`, quoted newlines, ragged
 * rows) get a second, lenient attempt that pads or skips the rows that do not fit, and says so.
 * Returns warnings for the person.
 */
export async function loadCsv(host: DuckDBHost, table: string, parts: TablePart[], progress: ProgressFn): Promise<string[]> {
	for (const part of parts) {
		if (part.file.size === 0) throw new EngineError('corrupt-file', `${part.name} is empty (0 bytes).`);
	}
	const label = parts[0].name + (parts.length > 1 ? ` and ${parts.length - 1} more` : '');
	progress({ label: `Reading ${label}`, done: 0, total: 1, unit: 'steps' });
	const names: string[] = [];
	const joined = await joinSameHeader(parts);
	for (const part of joined) {
		const vname = virtualName(part.name);
		await host.registerFile(vname, part.file);
		names.push(vname);
	}
	const list = `[${names.map(str).join(', ')}]`;
	const read = (options: string) =>
		host.exec(`CREATE OR REPLACE TABLE raw.${ident(table)} AS SELECT * FROM read_csv(${list}, header = true, union_by_name = true, sample_size = 20480, ${options})`);
	const warnings: string[] = [];
	try {
		await read(`quote = '"', escape = '"'`);
		if (await misSniffed(host, table)) throw new Error('the strict reader found one column whose name holds separators');
	} catch (strictError) {
		try {
			await read(`strict_mode = false, null_padding = true, ignore_errors = true`);
			warnings.push(`${label} is not strictly valid CSV (rows with more or fewer fields than the header, or stray quotes): such rows were padded with empty values or skipped.`);
		} catch {
			const text = strictError instanceof Error ? strictError.message : String(strictError);
			throw new EngineError('corrupt-file', `${label} could not be read as CSV.`, `DuckDB said: ${text.split('\n')[0]}`);
		}
	}
	progress({ label: `Read ${table}`, done: 1, total: 1, unit: 'steps' });
	return warnings;
}

/** Bytes of each part's head read to find its header line; a longer header is not joined. */
const HEAD_BYTES = 4096;

interface PartHead {
	/** The first line with its line ending; null when it is not plainly one line. */
	header: string | null;
	endsWithNewline: boolean;
	/** The whole part, when it fits in the head: the join then uses these bytes, not the Blob. */
	whole: Uint8Array | null;
}

/**
 * Each part's head, and its last byte when the head is not the whole part. Read as one composite
 * Blob per thousand parts: every Blob read is a round trip to the browser's blob store (about 2 ms
 * here), which for 10,000 tiny parts read one by one took most of a minute, and again when DuckDB
 * read them. Tiny parts are read once, here, and joined from memory.
 */
async function readHeads(files: Blob[]): Promise<PartHead[]> {
	const out: PartHead[] = [];
	const decoder = new TextDecoder();
	for (let from = 0; from < files.length; from += 1000) {
		const batch = files.slice(from, from + 1000);
		const heads = batch.map((f) => f.slice(0, HEAD_BYTES));
		const tails = batch.filter((f) => f.size > HEAD_BYTES).map((f) => f.slice(-1));
		const blob = new Blob([...heads, ...tails]);
		const bytes = new Uint8Array(typeof FileReaderSync === 'function' ? new FileReaderSync().readAsArrayBuffer(blob) : await blob.arrayBuffer());
		let at = 0;
		let tailAt = heads.reduce((n, h) => n + h.size, 0);
		for (let i = 0; i < batch.length; i++) {
			const head = bytes.subarray(at, at + heads[i].size);
			at += heads[i].size;
			const whole = batch[i].size <= HEAD_BYTES ? head : null;
			const last = whole ? head[head.length - 1] : bytes[tailAt++];
			const nl = head.indexOf(0x0a);
			const line = nl < 0 ? null : decoder.decode(head.subarray(0, nl + 1));
			out.push({ header: line === null || line.includes('"') ? null : line, endsWithNewline: last === 0x0a, whole });
		}
	}
	return out;
}

/**
 * Parts that share one header (an export split into many files) become one Blob: the first part
 * whole, then every other part without its header line. Large parts are joined as Blob slices
 * (lazy, nothing copied), tiny ones from the bytes already read; DuckDB then reads one file instead
 * of sniffing thousands. Parts with different headers are left to DuckDB's union_by_name.
 */
export async function joinSameHeader(parts: TablePart[]): Promise<TablePart[]> {
	if (parts.length < 2) return parts;
	const heads = await readHeads(parts.map((p) => p.file));
	const header = heads[0].header;
	if (header === null || heads.some((h) => h.header !== header)) return parts;
	const headerBytes = new TextEncoder().encode(header).length;
	const pieces: BlobPart[] = [];
	parts.forEach((part, i) => {
		const { whole, endsWithNewline } = heads[i];
		const skip = i === 0 ? 0 : headerBytes;
		const body: BlobPart = whole ? (whole.subarray(skip) as Uint8Array<ArrayBuffer>) : part.file.slice(skip);
		pieces.push(body);
		if (part.file.size > skip && !endsWithNewline) pieces.push('\n');
	});
	return [{ ...parts[0], name: `${parts[0].name}+${parts.length - 1}`, file: new Blob(pieces) }];
}

/**
 * A ragged row can make the strict sniffer give up on the separator and read each line as one
 * column (`objectId;parentId;name`): then the lenient reader, which finds the `;`, must try.
 */
async function misSniffed(host: DuckDBHost, table: string): Promise<boolean> {
	const columns = await host.rows(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'raw' AND table_name = ${str(table)}`);
	return columns.length === 1 && /[;\t|,]/.test(String(columns[0].column_name));
}

/** Stream Parquet row groups into `raw.<table>`, projecting only the model's columns. */
export async function loadParquet(host: DuckDBHost, table: string, parts: TablePart[], progress: ProgressFn, signal?: AbortSignal): Promise<void> {
	const infos = [];
	for (const part of parts) {
		if (part.file.size === 0) throw new EngineError('corrupt-file', `${part.name} is empty (0 bytes).`);
		try {
			infos.push(await inspectParquet(part.file));
		} catch (e) {
			throw new EngineError('corrupt-file', e instanceof Error ? e.message : String(e));
		}
	}
	const totalRows = infos.reduce((n, i) => n + i.rows, 0);
	const wanted = MODEL_COLUMNS[canonicalTableName(table) as keyof typeof MODEL_COLUMNS];
	let created = false;
	let doneRows = 0;
	for (let p = 0; p < parts.length; p++) {
		const present = infos[p].columns.map((c) => c.name);
		const columns = wanted ? present.filter((c) => wanted.some((w) => w.toLowerCase() === c.toLowerCase())) : present;
		const label = `Reading ${parts[p].name}`;
		progress({ label, done: doneRows, total: totalRows, unit: 'rows' });
		const base = doneRows;
		try {
			for await (const ipc of parquetBatches(parts[p].file, {
				columns,
				signal,
				onProgress: (d) => progress({ label, done: base + d.rows, total: totalRows, unit: 'rows' })
			})) {
				await host.conn.insertArrowFromIPCStream(ipc, { schema: 'raw', name: table, create: !created });
				created = true;
			}
		} catch (e) {
			if (e instanceof EngineError) throw e;
			if (signal?.aborted) throw new EngineError('cancelled', 'Opening was cancelled.');
			// Running out of memory while storing the rows is not the file's fault: say which it was.
			const engineError = translateError(e, `insert Parquet row groups into raw.${table}`);
			if (engineError.code === 'out-of-memory') throw engineError;
			throw new EngineError('corrupt-file', `${parts[p].name} could not be read: ${e instanceof Error ? e.message : String(e)}`);
		}
		doneRows += infos[p].rows;
	}
	if (created && canonicalTableName(table) === 'instances') await loadMetadataSample(host, parts, infos, progress, signal);
	if (!created) {
		// A Parquet file with zero rows still defines the table: make it empty but present.
		const cols = infos[0].columns.map((c) => `${ident(c.name)} ${c.type === 'bigint' ? 'BIGINT' : c.type === 'double' ? 'DOUBLE' : c.type === 'boolean' ? 'BOOLEAN' : 'VARCHAR'}`);
		await host.exec(`CREATE TABLE raw.${ident(table)} (${cols.join(', ') || 'dummy VARCHAR'})`);
	}
}

/**
 * `instances.metadata` (Tika fields as JSON text) is most of an instances file's bytes and only the
 * Metadata Insights page reads it, on a sample: so from Parquet only whole row groups spread evenly
 * over the file(s) are read for it, about METADATA_SAMPLE_ROWS rows, into METADATA_SAMPLE_TABLE
 * (src/lib/model/reports/metadata.ts says on the page which part of the file that is).
 */
async function loadMetadataSample(host: DuckDBHost, parts: TablePart[], infos: ParquetInfo[], progress: ProgressFn, signal?: AbortSignal): Promise<void> {
	const groups = infos.flatMap((info, p) => info.rowGroups.map((g, i) => ({ part: p, index: i, rows: g.rows }))).filter((g) => g.rows > 0);
	const withMetadata = (p: number) => infos[p].columns.some((c) => c.name.toLowerCase() === 'metadata');
	const candidates = groups.filter((g) => withMetadata(g.part));
	if (!candidates.length) return;
	const chosen = spreadRowGroups(candidates, METADATA_SAMPLE_ROWS);
	const total = chosen.reduce((n, g) => n + g.rows, 0);
	let done = 0;
	let created = false;
	for (let p = 0; p < parts.length; p++) {
		const mine = chosen.filter((g) => g.part === p);
		if (!mine.length) continue;
		const columns = infos[p].columns.map((c) => c.name).filter((c) => METADATA_SAMPLE_COLUMNS.includes(c.toLowerCase()));
		const label = `Reading file metadata from ${parts[p].name} (a sample of its row groups)`;
		// One batch per chosen row group, in file order: progress counts each group's own rows.
		let next = 0;
		for await (const ipc of parquetBatches(parts[p].file, { columns, rowGroups: mine.map((g) => g.index), signal })) {
			await host.conn.insertArrowFromIPCStream(ipc, { schema: 'raw', name: METADATA_SAMPLE_TABLE, create: !created });
			created = true;
			done += mine[next++]?.rows ?? 0;
			progress({ label, done, total, unit: 'rows' });
		}
	}
}
