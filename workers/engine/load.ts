/**
 * Loading: a dropped .duckdb is attached in place (read lazily from the File, never copied);
 * CSV and Parquet parts are streamed into tables of the in-memory `raw` schema.
 */
import { EngineError } from '../../src/lib/engine/errors';
import type { Progress } from '../../src/lib/engine/protocol';
import { ExportShape, MODEL_COLUMNS, canonicalTableName, type ColumnShape } from '../../src/lib/model/shape';
import { METADATA_SAMPLE_COLUMNS, METADATA_SAMPLE_ROWS, METADATA_SAMPLE_TABLE, spreadRowGroups } from '../../src/lib/model/metadata-sample';
import { ident, str } from '../../src/lib/model/sql';
import { formatBytes, formatCount } from '../../src/lib/format';
import { duckdbText, INPUT_DIR, translateError, type DuckDBHost } from './duckdb';
import { prepareCsvParts, repairUtf8 } from './csv-text';
import { checkDuckDBFile } from './duckdb-file';
import type { TablePart } from './inputs';
import { headAt, headOf, refuseForeignDatabase, refuseOutsideViews } from './outside';
import { inspectParquet, type ParquetInfo } from '../parquet/inspect';
import { ParquetFileError } from '../parquet/errors';
import { kindOfBytes, textEncoding } from './file-kind';
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

/**
 * Attach a dropped `.duckdb` read-only as `src`. Its headers are checked first
 * (workers/engine/duckdb-file.ts): a cut, encrypted or foreign file is named for what it is. A
 * write-ahead log dropped with it (`export.duckdb.wal`) is registered beside it under DuckDB's own
 * name for it, so the changes not yet checkpointed into the file are read too.
 */
export async function attachDuckDB(host: DuckDBHost, file: Blob, name: string, wal?: Blob): Promise<string> {
	// An SQLite file first: it gets its own words (workers/engine/outside.ts).
	refuseForeignDatabase(await headOf(file), name);
	await checkDuckDBFile(file, name);
	const vname = virtualName(name);
	await host.registerFile(vname, file);
	if (wal) await host.registerFile(`${vname}.wal`, wal);
	try {
		await host.exec(`ATTACH ${str(vname)} AS src (READ_ONLY)`);
	} catch (e) {
		// The headers were sound: the damage is further in (a block, the catalog).
		throw new EngineError(
			'corrupt-file',
			`${name} could not be opened as a DuckDB database: it looks damaged.`,
			'Copy the file again, or export it again.',
			`DuckDB said: ${duckdbText(e)}`,
			{ cause: e, file: name }
		);
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
 * CSV: DuckDB's reader, strict first. When that fails: a part that is not valid UTF-8 is read again
 * with replacement characters; then every column is read as text (a value that does not fit the
 * type DuckDB sniffed from its first rows would otherwise fail the read, or, read leniently, lose its
 * row: the model reads text columns as numbers and times itself and counts what does not cast);
 * last, files from spreadsheets (ragged rows, stray quotes) get a lenient read that pads or skips
 * the rows that do not fit, and says how many. Returns warnings for the person.
 */
export async function loadCsv(host: DuckDBHost, table: string, parts: TablePart[], progress: ProgressFn): Promise<string[]> {
	for (const part of parts) {
		if (part.file.size === 0) throw new EngineError('corrupt-file', `${part.name} is empty (0 bytes).`, undefined, undefined, { file: part.name });
	}
	const label = parts[0].name + (parts.length > 1 ? ` and ${parts.length - 1} more` : '');
	progress({ label: `Reading ${label}`, done: 0, total: 1, unit: 'steps' });
	const heads = await readHeads(parts.map((p) => p.file));
	const prepared = await prepareCsvParts(parts, heads.map((h) => h.head));
	const warnings = [...prepared.notes];
	let current = prepared.parts;
	/** The parts as DuckDB's reader is given them: one list of files, by name when there are several. */
	const register = async (list: TablePart[]) => {
		const names: string[] = [];
		// The heads already read serve as long as no part was converted (only then is one replaced).
		const unchanged = list.length === parts.length && list.every((p, i) => p === parts[i]);
		for (const part of await joinSameHeader(list, unchanged ? heads : undefined)) {
			const vname = virtualName(part.name);
			await host.registerFile(vname, part.file);
			names.push(vname);
		}
		return `[${names.map(str).join(', ')}]${names.length > 1 ? ', union_by_name = true' : ''}`;
	};
	let files = await register(current);
	const read = async (options: string) => {
		await host.exec(`CREATE OR REPLACE TABLE raw.${ident(table)} AS SELECT * FROM read_csv(${files}, header = true, sample_size = 20480, ${options})`);
		if (await misSniffed(host, table)) throw new Error('the reader found one column whose name holds separators');
	};
	const strict = `quote = '"', escape = '"'`;
	try {
		await read(strict);
	} catch (strictError) {
		const repaired = await repairUtf8(current);
		if (repaired) {
			current = repaired.parts;
			warnings.push(...repaired.notes);
			files = await register(current);
		}
		try {
			await read(`${strict}, all_varchar = true`);
		} catch {
			try {
				warnings.push(await readLeniently(host, table, files, label));
			} catch (lenientError) {
				throw new EngineError(
					'corrupt-file',
					`${label} could not be read as CSV.`,
					'Check that it is a CSV file with a header line (saved as UTF-8 from a spreadsheet, for example).',
					`DuckDB said: ${duckdbText(strictError).split('\n')[0]} / ${duckdbText(lenientError).split('\n')[0]}`,
					{ cause: strictError, file: parts[0].name }
				);
			}
		}
	}
	progress({ label: `Read ${table}`, done: 1, total: 1, unit: 'steps' });
	return warnings;
}

/** The lenient read (every column as text), and a note counting the rows it had to skip. */
async function readLeniently(host: DuckDBHost, table: string, files: string, label: string): Promise<string> {
	// Lines up to 16 MB (DuckDB stops at 2 MB by default: one absurd file name would refuse the file).
	const lenient = `strict_mode = false, null_padding = true, ignore_errors = true, all_varchar = true, max_line_size = 16777216`;
	const target = `raw.${ident(table)}`;
	let skipped: { n: number; first: number | null } | null = null;
	try {
		await host.exec(`CREATE OR REPLACE TABLE ${target} AS SELECT * FROM read_csv(${files}, header = true, sample_size = 20480, ${lenient}, store_rejects = true)`);
		const [r] = await host.rows(`SELECT count(DISTINCT line) AS n, min(line) AS first FROM reject_errors`);
		skipped = { n: Number(r.n), first: r.first === null ? null : Number(r.first) };
	} catch {
		// Rejected rows cannot be recorded for every input (several files by name): read without counting.
		await host.exec(`CREATE OR REPLACE TABLE ${target} AS SELECT * FROM read_csv(${files}, header = true, sample_size = 20480, ${lenient})`);
	} finally {
		await host.exec(`DROP TABLE IF EXISTS reject_errors`).catch(() => undefined);
		await host.exec(`DROP TABLE IF EXISTS reject_scans`).catch(() => undefined);
	}
	const what = !skipped
		? 'such rows were padded with empty values or skipped'
		: skipped.n > 0
			? `${formatCount(skipped.n)} ${skipped.n === 1 ? 'row' : 'rows'} could not be read and ${skipped.n === 1 ? 'was' : 'were'} skipped${skipped.first !== null ? ` (the first on line ${formatCount(skipped.first)})` : ''}; rows with fewer fields than the header were padded with empty values`
			: 'it was read leniently and every row was kept (rows with fewer fields than the header were padded with empty values)';
	return `${label} is not strictly valid CSV (rows with more or fewer fields than the header, stray quotes or very long lines): ${what}.`;
}

/** Bytes of each part's head read to find its header line; a longer header is not joined. */
const HEAD_BYTES = 4096;

interface PartHead {
	/** The first bytes of the part (up to HEAD_BYTES): what it is (workers/engine/csv-text.ts). */
	head: Uint8Array;
	/** The first line with its line ending; null when it is not plainly one line. */
	header: string | null;
	endsWithNewline: boolean;
	/** The whole part, when it fits in the head: the join then uses these bytes, not the Blob. */
	whole: Uint8Array | null;
}

/**
 * Each part's head, and its last byte when the head is not the whole part. Read as one composite
 * Blob per thousand parts: every Blob read is a round trip to the browser's blob store, which for
 * thousands of tiny parts read one by one was most of the open, and again when DuckDB read them.
 * Tiny parts are read once, here, and joined from memory.
 */
export async function readHeads(files: Blob[]): Promise<PartHead[]> {
	const out: PartHead[] = [];
	const decoder = new TextDecoder();
	for (let from = 0; from < files.length; from += 1000) {
		const batch = files.slice(from, from + 1000);
		// A part that fits in the head is read as itself: a slice of each costs the blob store more.
		const heads = batch.map((f) => (f.size <= HEAD_BYTES ? f : f.slice(0, HEAD_BYTES)));
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
			out.push({ head, header: line === null || line.includes('"') ? null : line, endsWithNewline: last === 0x0a, whole });
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
export async function joinSameHeader(parts: TablePart[], known?: PartHead[]): Promise<TablePart[]> {
	if (parts.length < 2) return parts;
	const heads = known ?? (await readHeads(parts.map((p) => p.file)));
	const header = heads[0].header;
	if (header === null || heads.some((h) => h.header !== header)) return parts;
	const headerBytes = new TextEncoder().encode(header).length;
	const pieces: BlobPart[] = [];
	// Consecutive tiny parts are copied into one buffer: a Blob of thousands of pieces is itself
	// slow to build and to hand over.
	let run: Uint8Array[] = [];
	const endRun = () => {
		if (run.length) pieces.push(concatBytes(run));
		run = [];
	};
	parts.forEach((part, i) => {
		const { whole, endsWithNewline } = heads[i];
		const skip = i === 0 ? 0 : headerBytes;
		if (whole) run.push(whole.subarray(skip));
		else {
			endRun();
			pieces.push(part.file.slice(skip));
		}
		if (part.file.size > skip && !endsWithNewline) run.push(NEWLINE);
	});
	endRun();
	return [{ ...parts[0], name: `${parts[0].name}+${parts.length - 1}`, file: new Blob(pieces) }];
}

const NEWLINE = new Uint8Array([0x0a]);

function concatBytes(list: Uint8Array[]): Uint8Array<ArrayBuffer> {
	const out = new Uint8Array(list.reduce((n, b) => n + b.length, 0));
	let at = 0;
	for (const b of list) {
		out.set(b, at);
		at += b.length;
	}
	return out;
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
		if (part.file.size === 0) throw new EngineError('corrupt-file', `${part.name} is empty (0 bytes).`, undefined, undefined, { file: part.name });
		try {
			infos.push(await inspectParquet(part.file));
		} catch (e) {
			throw await parquetError(part, e);
		}
	}
	const wanted = MODEL_COLUMNS[canonicalTableName(table) as keyof typeof MODEL_COLUMNS];
	checkPartsAgree(table, parts, infos, wanted);
	const totalRows = infos.reduce((n, i) => n + i.rows, 0);
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
			throw await parquetError(parts[p], e);
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
 * The Parquet reader's refusal as the person reads it: its own words name the file and the fault
 * (workers/parquet/errors.ts); a file that is not Parquet at all is named for what it is.
 */
async function parquetError(part: TablePart, e: unknown): Promise<EngineError> {
	if (e instanceof EngineError) return e;
	const context = { cause: e, file: part.name };
	if (e instanceof ParquetFileError) {
		if (e.kind === 'not-parquet') {
			const kind = kindOfBytes(new Uint8Array(await part.file.slice(0, 1024).arrayBuffer()));
			if (kind?.id === 'parquet' || !kind) {
				const text = textEncoding(new Uint8Array(await part.file.slice(0, 1024).arrayBuffer()));
				if (text && !kind) return new EngineError('wrong-format', `${part.name} is text (a CSV file?), not a Parquet file.`, 'If it is CSV, give it the .csv extension and open it again.', undefined, context);
			} else return new EngineError('wrong-format', `${part.name} is ${kind.what}, not a Parquet file.`, kind.todo, undefined, context);
		}
		const code = e.kind === 'truncated' ? 'truncated' : e.kind === 'unsupported' ? 'unsupported-file' : 'corrupt-file';
		const hint = e.kind === 'truncated' ? 'The copy or download may be incomplete: copy the file again.' : e.kind === 'corrupt' ? 'The file may be damaged: copy or export it again.' : undefined;
		return new EngineError(code, `${e.message}.`.replace(/\.\.$/, '.'), hint, e.cause === undefined ? undefined : duckdbText(e.cause), context);
	}
	return new EngineError('corrupt-file', `${part.name} could not be read as Parquet.`, 'The file may be damaged: copy or export it again.', duckdbText(e), context);
}

/**
 * Parts of one table must share their columns (the ones the model reads, for the two big tables):
 * rows are appended part after part into one table. The part that differs from most is named, with
 * what differs; two parts that differ name the second.
 */
function checkPartsAgree(table: string, parts: TablePart[], infos: ParquetInfo[], wanted: readonly string[] | undefined): void {
	if (parts.length < 2) return;
	const columnsOf = (info: ParquetInfo) =>
		info.columns.filter((c) => !wanted || wanted.some((w) => w.toLowerCase() === c.name.toLowerCase())).map((c) => ({ name: c.name.toLowerCase(), shown: c.name, type: c.type === 'other' ? `${c.physical}/${c.logical ?? ''}` : c.type }));
	const signature = (info: ParquetInfo) => JSON.stringify(columnsOf(info).map((c) => [c.name, c.type]).sort());
	const counts = new Map<string, number>();
	for (const info of infos) counts.set(signature(info), (counts.get(signature(info)) ?? 0) + 1);
	if (counts.size < 2) return;
	// The usual shape: the most common; on a tie, that of the part first by name (part-0 before part-1).
	const first = parts.reduce((best, p, i) => (p.name < parts[best].name ? i : best), 0);
	const usual = [...counts.entries()].reduce((a, b) => (b[1] > a[1] || (b[1] === a[1] && b[0] === signature(infos[first])) ? b : a))[0];
	const model = infos.findIndex((i) => signature(i) === usual);
	const odd = infos.findIndex((i) => signature(i) !== usual);
	const have = new Map(columnsOf(infos[model]).map((c) => [c.name, c]));
	const its = new Map(columnsOf(infos[odd]).map((c) => [c.name, c]));
	const missing = [...have.values()].filter((c) => !its.has(c.name)).map((c) => c.shown);
	const extra = [...its.values()].filter((c) => !have.has(c.name)).map((c) => c.shown);
	const retyped = [...its.values()].filter((c) => have.has(c.name) && have.get(c.name)!.type !== c.type).map((c) => `${c.shown} is ${typeWord(c.type)} there, ${typeWord(have.get(c.name)!.type)} in the others`);
	const what = [missing.length ? `it lacks ${missing.join(', ')}` : '', extra.length ? `it has ${extra.join(', ')} besides` : '', ...retyped].filter(Boolean).join('; ');
	throw new EngineError(
		'mismatched-parts',
		`${parts[odd].name} does not have the same columns as the other parts of ${table || 'its table'} (${parts[model].name}): ${what}.`,
		'Parts of one table must come from the same export. Leave out the odd part, or export the table again.',
		undefined,
		{ file: parts[odd].name }
	);
}

const typeWord = (t: string) => ({ bigint: 'a number', double: 'a number', boolean: 'true/false', string: 'text', timestamp: 'a time' })[t] ?? `of type ${t}`;

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
