/**
 * Loading a generic file listing (docs/MODEL.md, "Generic inventories"): a text listing in any of
 * the shapes src/lib/model/listings recognises, possibly split in parts, or an ncdu JSON export,
 * into a table of the in-memory `raw` schema. What was recognised travels with the table
 * (ListingSource) to the planning step (./listing-plan.ts), which maps its columns.
 */
import { Bool, Float64, Int64, Table, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import { EngineError } from '../../src/lib/engine/errors';
import { ident, str } from '../../src/lib/model/sql';
import { isHeader, parseLines, sniffLayout, type ListingLayout } from '../../src/lib/model/listings/layout';
import { listingReadSql, spacedLinesSql, spacedPattern } from '../../src/lib/model/listings/read';
import type { ListingTool } from '../../src/lib/model/listings/tools';
import { formatCount } from '../../src/lib/format';
import type { DuckDBHost } from './duckdb';
import type { TablePart } from './inputs';
import type { ProgressFn } from './load';
import { NcduParseError, NcduReader, type NcduRow } from './ncdu';

/** What loading learnt about a listing, for the planning step and the notes. */
export interface ListingSource {
	/** The file (or `table (n parts)`) the person recognises. */
	label: string;
	/** Lines before the header (WizTree's banner, TreeSize's report lines, PowerShell's #TYPE). */
	preamble: string[];
	/** The listing had no header: its columns are named column0, column1, … and recognised by value. */
	headerless: boolean;
	/** Set when the format itself says which tool wrote it (ncdu). */
	tool?: ListingTool;
	/** What loading had to say (parts left out, lines that did not fit). */
	notes: string[];
}

let fileCounter = 0;
const virtualName = (name: string) => `listing-${++fileCounter}-${name.replace(/[^A-Za-z0-9._-]/g, '_')}`;

/** Bytes read from each part's start to learn its layout (the first part) or its first line (the others). */
const HEAD_BYTES = 256 * 1024;

interface Head {
	text: string;
	/** The head is the whole part. */
	whole: boolean;
	endsWithNewline: boolean;
	/** Bytes of a UTF-8 BOM at the start (skipped when joining). */
	bom: number;
}

async function readHead(file: Blob, bytes = HEAD_BYTES): Promise<Head> {
	const head = new Uint8Array(await file.slice(0, bytes).arrayBuffer());
	const last = file.size > bytes ? new Uint8Array(await file.slice(-1).arrayBuffer())[0] : head[head.length - 1];
	const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
	// A multi-byte character cut by the head's end is dropped, not turned into U+FFFD.
	const text = new TextDecoder('utf-8').decode(head.subarray(bom, file.size > bytes ? lastCharBoundary(head) : head.length));
	return { text, whole: file.size <= bytes, endsWithNewline: last === 0x0a, bom };
}

function lastCharBoundary(bytes: Uint8Array): number {
	let end = bytes.length;
	while (end > 0 && (bytes[end - 1] & 0xc0) === 0x80) end--;
	return end > 0 && bytes[end - 1] >= 0xc0 ? end - 1 : bytes.length;
}

/** Byte length of the first `lines` lines of a text (through their newline). */
function bytesOfLines(text: string, lines: number): number | null {
	let at = 0;
	for (let i = 0; i < lines; i++) {
		const nl = text.indexOf('\n', at);
		if (nl < 0) return null;
		at = nl + 1;
	}
	return new TextEncoder().encode(text.slice(0, at)).length;
}

/** A head's records as the layout splits them, each with the physical line it starts on. */
function recordsOf(head: Head, layout: ListingLayout, max: number): { fields: string[]; line: number }[] {
	if (layout.kind === 'delimited') return parseLines(head.text, layout.delimiter, layout.quote, max, head.whole);
	const lines = head.text.split('\n');
	if (!head.whole) lines.pop();
	return lines
		.slice(0, max)
		.map((l, line) => ({ fields: l.replace(/\r$/, '').split(' '), line }))
		.filter((r) => r.fields.join('').trim() !== '');
}

/**
 * One listing from its parts, in part order. A part that repeats the first part's header (and
 * preamble) loses those lines; a part that starts with rows (GNU split leaves the header in the
 * first part only) is taken whole; a part cut in the middle of a line (split -b) continues the
 * previous one byte for byte. A part whose first line is another header does not fit: it is
 * left out, and the note says so.
 */
function joinParts(parts: TablePart[], heads: Head[], layout: ListingLayout): { blob: Blob; used: number; notes: string[] } {
	const notes: string[] = [];
	const records = recordsOf(heads[0], layout, 60);
	const headerAt = records.findIndex((r) => r.line >= layout.skip);
	const header = layout.header && headerAt >= 0 ? records[headerAt].fields : null;
	const rows = records.slice(headerAt + (header ? 1 : 0)).map((r) => r.fields);
	const width = header?.length ?? rows[0]?.length ?? 0;
	const spaced = layout.kind === 'spaced' ? new RegExp(spacedPattern(layout)) : null;
	const pieces: BlobPart[] = [parts[0].file];
	let used = 1;
	let previousEndsLine = heads[0].endsWithNewline;
	for (let i = 1; i < parts.length; i++) {
		const { file, name } = parts[i];
		const head = heads[i];
		const mine = recordsOf(head, layout, layout.skip + 2);
		// The header again, after the same preamble or alone on the first line: left out.
		const repeat = header ? mine.findIndex((r, k) => sameCells(r.fields, header) && (r.line === layout.skip || k === 0)) : -1;
		if (!previousEndsLine && repeat < 0) {
			// Cut in the middle of a line: the next bytes continue it.
			pieces.push(head.bom ? file.slice(head.bom) : file);
			previousEndsLine = head.endsWithNewline;
			used++;
			continue;
		}
		// A whole part of its own whose last line has no newline: the next part starts a new line.
		if (!previousEndsLine) pieces.push('\n');
		let skipBytes: number | null = null;
		if (repeat >= 0) {
			const next = mine[repeat + 1];
			skipBytes = next ? bytesOfLines(head.text, next.line) : head.whole ? new TextEncoder().encode(head.text).length : null;
		} else {
			const first = mine[0]?.fields ?? null;
			const fits =
				first !== null &&
				(spaced ? spaced.test(first.join(' ')) : first.length <= Math.max(width, 1) && first.length >= Math.min(width, 2)) &&
				!isHeader(first, rows);
			if (fits) skipBytes = 0;
			else {
				const theirs = first ? first.slice(0, 6).join(', ') : 'none readable';
				const ours = header ? header.slice(0, 6).join(', ') : `${width} unnamed columns`;
				notes.push(`${name} was not read with ${parts[0].name}: its first line (${theirs}) does not fit that listing's columns (${ours}). Open it on its own to see its figures.`);
				continue;
			}
		}
		if (skipBytes === null) {
			notes.push(`${name} was not read with ${parts[0].name}: its header could not be told from its rows.`);
			continue;
		}
		pieces.push(file.slice(skipBytes + head.bom));
		previousEndsLine = head.endsWithNewline || file.size <= skipBytes + head.bom;
		used++;
	}
	return { blob: new Blob(pieces), used, notes };
}

const notStrict = (label: string) =>
	`${label} is not strictly valid CSV (rows with more or fewer fields than the header, or stray quotes): such rows were padded with empty values or skipped.`;

const sameCells = (a: string[] | null, b: string[]) => a !== null && a.length === b.length && a.every((v, i) => v.trim() === b[i].trim());

/** A text listing, in one file or in parts, into `raw.<table>`, every column as text. */
export async function loadListingCsv(host: DuckDBHost, table: string, parts: TablePart[], progress: ProgressFn): Promise<{ warnings: string[]; source: ListingSource }> {
	for (const part of parts) {
		if (part.file.size === 0) throw new EngineError('corrupt-file', `${part.name} is empty (0 bytes).`);
	}
	const label = parts.length > 1 ? `${table} (${parts.length} parts)` : parts[0].name;
	progress({ label: `Reading ${label}`, done: 0, total: 1, unit: 'steps' });
	const heads = [await readHead(parts[0].file)];
	for (const part of parts.slice(1)) heads.push(await readHead(part.file, 16 * 1024));
	const layout = sniffLayout(heads[0].text, heads[0].whole);
	const joined = parts.length > 1 ? joinParts(parts, heads, layout) : { blob: parts[0].file, used: 1, notes: [] };
	const vname = virtualName(parts.length > 1 ? `${table}.joined` : parts[0].name);
	await host.registerFile(vname, joined.blob);
	const target = `raw.${ident(table)}`;
	const warnings: string[] = [];
	try {
		await host.exec(listingReadSql(target, [vname], layout, false));
	} catch (strictError) {
		try {
			await host.exec(listingReadSql(target, [vname], layout, true));
			warnings.push(notStrict(label));
		} catch {
			const text = strictError instanceof Error ? strictError.message : String(strictError);
			throw new EngineError('corrupt-file', `${label} could not be read as a file listing.`, `DuckDB said: ${text.split('\n')[0]}`);
		}
	}
	if (layout.kind === 'delimited' && layout.header && !warnings.length) {
		// Rows longer than the header add columns (padded elsewhere): the file is not strictly one table.
		const [{ n }] = await host.rows(`SELECT count(*) AS n FROM information_schema.columns WHERE table_schema = 'raw' AND table_name = ${str(table)}`);
		if (Number(n) > layout.width) warnings.push(notStrict(label));
	}
	const notes = [...joined.notes];
	if (layout.kind === 'spaced') {
		const [{ n: lines }] = await host.rows(spacedLinesSql([vname], layout));
		const [{ n: rows }] = await host.rows(`SELECT count(*) AS n FROM ${target}`);
		const dropped = Number(lines) - Number(rows);
		if (dropped > 0) notes.push(`${formatCount(dropped)} lines of ${label} did not have the fields of its other lines and were left out.`);
	}
	progress({ label: `Read ${label}`, done: 1, total: 1, unit: 'steps' });
	return { warnings, source: { label, preamble: layout.preamble, headerless: !layout.header && (layout.kind !== 'spaced' || layout.names === null), notes } };
}

/** Rows per Arrow batch inserted while an ncdu export streams in. */
const NCDU_BATCH = 50_000;
/** Bytes decoded at a time. */
const NCDU_CHUNK = 4 * 1024 * 1024;

/** `ncdu -o` exports into `raw.<table>`: one row per file (path, size, disk_size, mtime, hard_link). */
export async function loadNcdu(host: DuckDBHost, table: string, parts: TablePart[], progress: ProgressFn, signal?: AbortSignal): Promise<{ warnings: string[]; source: ListingSource }> {
	const total = parts.reduce((n, p) => n + p.file.size, 0);
	let done = 0;
	let created = false;
	let batch: NcduRow[] = [];
	const flush = async () => {
		if (!batch.length) return;
		const rows = batch;
		batch = [];
		const arrow = new Table({
			path: vectorFromArray(rows.map((r) => r.path), new Utf8()),
			size: vectorFromArray(rows.map((r) => BigInt(Math.trunc(r.size))), new Int64()),
			disk_size: vectorFromArray(rows.map((r) => BigInt(Math.trunc(r.diskSize))), new Int64()),
			mtime: vectorFromArray(rows.map((r) => r.mtime), new Float64()),
			hard_link: vectorFromArray(rows.map((r) => r.hardLink), new Bool())
		});
		await host.conn.insertArrowFromIPCStream(tableToIPC(arrow, 'stream'), { schema: 'raw', name: table, create: !created });
		created = true;
	};
	const notes: string[] = [];
	let mtimes = 0;
	for (const part of parts) {
		if (part.file.size === 0) throw new EngineError('corrupt-file', `${part.name} is empty (0 bytes).`);
		const reader = new NcduReader((row) => {
			if (row.mtime !== null) mtimes++;
			batch.push(row);
		});
		const decoder = new TextDecoder('utf-8');
		try {
			for (let at = 0; at < part.file.size; at += NCDU_CHUNK) {
				if (signal?.aborted) throw new EngineError('cancelled', 'Opening was cancelled.');
				const bytes = new Uint8Array(await part.file.slice(at, at + NCDU_CHUNK).arrayBuffer());
				reader.push(decoder.decode(bytes, { stream: at + NCDU_CHUNK < part.file.size }));
				if (batch.length >= NCDU_BATCH) await flush();
				done += bytes.length;
				progress({ label: `Reading ${part.name} (${formatCount(reader.counts.files)} files so far)`, done, total, unit: 'bytes' });
			}
			reader.end();
		} catch (e) {
			if (e instanceof NcduParseError) throw new EngineError('corrupt-file', `${part.name} could not be read as an ncdu export: ${e.message}.`, 'Export it again with ncdu -o (the JSON export), or ncdu -f on the binary one to convert it.');
			throw e;
		}
		await flush();
		const { notRegular, excluded, readErrors, folders } = reader.counts;
		const left = [
			folders ? `${formatCount(folders)} folders` : '',
			notRegular ? `${formatCount(notRegular)} entries that are not regular files (links, devices)` : '',
			excluded ? `${formatCount(excluded)} entries ncdu did not scan (excluded, other file systems)` : ''
		].filter(Boolean);
		if (left.length) notes.push(`${part.name} is an ncdu export: its files were read; ${left.join(', ')} are not counted as files.`);
		if (readErrors) notes.push(`ncdu could not read ${formatCount(readErrors)} folders of ${part.name} entirely: files it could not see are missing.`);
	}
	if (!created) await host.exec(`CREATE OR REPLACE TABLE raw.${ident(table)} (path VARCHAR, size BIGINT, disk_size BIGINT, mtime DOUBLE, hard_link BOOLEAN)`);
	if (mtimes === 0) notes.push(`The ncdu export has no modification times (it was made without -e): file ages and years are unknown. ncdu -e -o keeps them.`);
	const label = parts.length > 1 ? `${table} (${parts.length} parts)` : parts[0].name;
	return { warnings: [], source: { label, preamble: [], headerless: false, tool: 'ncdu', notes } };
}

