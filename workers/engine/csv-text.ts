/**
 * Making CSV parts readable text before DuckDB sees them: a part that is really an archive, an
 * image or another binary is refused with its real name; UTF-16 (with or without a byte order
 * mark) is converted to UTF-8; text that is not valid UTF-8 is read with replacement characters.
 * Each conversion leaves a note for the person. A UTF-8 byte order mark needs nothing: DuckDB
 * skips it.
 */
import { EngineError } from '../../src/lib/engine/errors';
import { formatCount } from '../../src/lib/format';
import { kindOfBytes, textEncoding } from './file-kind';
import type { TablePart } from './inputs';

/** Conversions read this much at a time (a Blob slice each): large files stay out of memory until joined. */
const CHUNK = 8 * 1024 * 1024;

/**
 * Check each part's head (the bytes already read) and convert UTF-16 parts; throws for binary data.
 * Returns the parts to read, with the notes their conversions call for.
 */
export async function prepareCsvParts(parts: TablePart[], heads: Uint8Array[]): Promise<{ parts: TablePart[]; notes: string[] }> {
	const notes: string[] = [];
	const out: TablePart[] = [];
	for (let i = 0; i < parts.length; i++) {
		const part = parts[i];
		const head = heads[i];
		const kind = kindOfBytes(head);
		if (kind) throw new EngineError('wrong-format', `${part.name} is ${kind.what}, not a CSV file.`, kind.todo, undefined, { file: part.name });
		const encoding = textEncoding(head);
		if (encoding === null) {
			throw new EngineError('wrong-format', `${part.name} is not a text file: it holds binary data, not CSV.`, 'Open the export files themselves (CSV is plain text).', undefined, { file: part.name });
		}
		if (encoding === 'utf-16le' || encoding === 'utf-16be') {
			out.push({ ...part, file: await transcode(part.file, encoding) });
			notes.push(`${part.name} is UTF-16 text (${encoding === 'utf-16le' ? 'little' : 'big'}-endian, as Windows tools write it): it was converted to UTF-8 to be read.`);
		} else out.push(part);
	}
	return { parts: out, notes };
}

/** Decode `file` chunk by chunk in `encoding` and encode it again as UTF-8. */
async function transcode(file: Blob, encoding: string, fatal = false): Promise<Blob> {
	const decoder = new TextDecoder(encoding, { fatal });
	const encoder = new TextEncoder();
	const pieces: BlobPart[] = [];
	for (let at = 0; at < file.size; at += CHUNK) {
		const bytes = new Uint8Array(await file.slice(at, at + CHUNK).arrayBuffer());
		pieces.push(encoder.encode(decoder.decode(bytes, { stream: at + CHUNK < file.size })) as Uint8Array<ArrayBuffer>);
	}
	pieces.push(encoder.encode(decoder.decode()) as Uint8Array<ArrayBuffer>);
	return new Blob(pieces, { type: 'text/csv' });
}

/** Where a part stops being valid UTF-8: the 1-based line of the first bad byte, or null when it is valid. */
async function firstInvalidLine(file: Blob): Promise<number | null> {
	const decoder = new TextDecoder('utf-8', { fatal: true });
	let lines = 1;
	for (let at = 0; at < file.size; at += CHUNK) {
		const bytes = new Uint8Array(await file.slice(at, at + CHUNK).arrayBuffer());
		try {
			decoder.decode(bytes, { stream: at + CHUNK < file.size });
		} catch {
			// Find the line within this chunk: decode it leniently up to the first replacement.
			const text = new TextDecoder('utf-8').decode(bytes);
			const bad = text.indexOf('\ufffd');
			for (let i = 0; i < (bad < 0 ? text.length : bad); i++) if (text.charCodeAt(i) === 10) lines++;
			return lines;
		}
		for (const b of bytes) if (b === 0x0a) lines++;
	}
	try {
		decoder.decode();
	} catch {
		return lines;
	}
	return null;
}

/**
 * Parts that are not valid UTF-8 (a Latin-1 export, a damaged copy), read again with each bad byte
 * sequence replaced by U+FFFD. Null when every part is valid UTF-8 (the failure was something else).
 */
export async function repairUtf8(parts: TablePart[]): Promise<{ parts: TablePart[]; notes: string[] } | null> {
	const notes: string[] = [];
	let repaired = false;
	const out: TablePart[] = [];
	for (const part of parts) {
		const line = await firstInvalidLine(part.file);
		if (line === null) {
			out.push(part);
			continue;
		}
		repaired = true;
		const file = await transcode(part.file, 'utf-8');
		const replaced = await countReplacements(file);
		out.push({ ...part, file });
		notes.push(
			`${part.name} is not valid UTF-8 text (from line ${formatCount(line)} on, ${formatCount(replaced)} ${replaced === 1 ? 'character' : 'characters'} could not be decoded): such characters were read as “\ufffd”. Saving the file as UTF-8 keeps them.`
		);
	}
	return repaired ? { parts: out, notes } : null;
}

async function countReplacements(file: Blob): Promise<number> {
	let n = 0;
	const decoder = new TextDecoder('utf-8');
	for (let at = 0; at < file.size; at += CHUNK) {
		const text = decoder.decode(new Uint8Array(await file.slice(at, at + CHUNK).arrayBuffer()), { stream: at + CHUNK < file.size });
		for (let i = text.indexOf('\ufffd'); i >= 0; i = text.indexOf('\ufffd', i + 1)) n++;
	}
	return n;
}
