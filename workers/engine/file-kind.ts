/**
 * What a file's first bytes say it is. People drop a gzip archive, a spreadsheet, a photo or a
 * UTF-16 text under a `.csv` or `.parquet` name; the readers then fail with words about CSV
 * dialects or Parquet footers. The first kilobyte names the real kind and what to do about it.
 */

export interface FileKind {
	id: string;
	/** "a gzip archive", "UTF-16 text": reads after "it is". */
	what: string;
	/** What the person can do. */
	todo: string;
}

const KINDS: { id: string; what: string; todo: string; test: (h: Uint8Array) => boolean }[] = [
	{ id: 'parquet', what: 'a Parquet file', todo: 'Give it the .parquet extension and open it again.', test: (h) => ascii(h, 0, 'PAR1') },
	{ id: 'duckdb', what: 'a DuckDB database', todo: 'Give it the .duckdb extension and open it again.', test: (h) => ascii(h, 8, 'DUCK') },
	{ id: 'sqlite', what: 'an SQLite database', todo: 'Export its tables as Parquet or CSV (sqlite3 can write CSV), then open those.', test: (h) => ascii(h, 0, 'SQLite format 3\0') },
	{ id: 'gzip', what: 'a gzip archive', todo: 'Decompress it first (gunzip, 7-Zip), then open what it holds.', test: (h) => starts(h, 0x1f, 0x8b) },
	{ id: 'xlsx', what: 'an Excel workbook (.xlsx)', todo: 'Save it as CSV (UTF-8) from Excel, then open the CSV.', test: (h) => starts(h, 0x50, 0x4b, 0x03, 0x04) && contains(h, 'xl/') },
	{ id: 'docx', what: 'a Word or OpenDocument file', todo: 'Open the export files themselves, not a document about them.', test: (h) => starts(h, 0x50, 0x4b, 0x03, 0x04) && (contains(h, 'word/') || contains(h, 'mimetype')) },
	{ id: 'zip', what: 'a ZIP archive', todo: 'Unzip it first, then open the files it holds (or the folder).', test: (h) => starts(h, 0x50, 0x4b, 0x03, 0x04) || starts(h, 0x50, 0x4b, 0x05, 0x06) },
	{ id: 'xls', what: 'an old Excel workbook (.xls)', todo: 'Save it as CSV (UTF-8) from Excel, then open the CSV.', test: (h) => starts(h, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1) },
	{ id: 'bzip2', what: 'a bzip2 archive', todo: 'Decompress it first, then open what it holds.', test: (h) => ascii(h, 0, 'BZh') && h[3] >= 0x31 && h[3] <= 0x39 },
	{ id: 'xz', what: 'an xz archive', todo: 'Decompress it first, then open what it holds.', test: (h) => starts(h, 0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00) },
	{ id: 'zstd', what: 'a Zstandard archive', todo: 'Decompress it first (zstd -d), then open what it holds.', test: (h) => starts(h, 0x28, 0xb5, 0x2f, 0xfd) },
	{ id: '7z', what: 'a 7-Zip archive', todo: 'Extract it first, then open the files it holds.', test: (h) => starts(h, 0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c) },
	{ id: 'rar', what: 'a RAR archive', todo: 'Extract it first, then open the files it holds.', test: (h) => ascii(h, 0, 'Rar!') },
	{ id: 'pdf', what: 'a PDF document', todo: 'Open the export files themselves, not a document about them.', test: (h) => ascii(h, 0, '%PDF') },
	{ id: 'png', what: 'a PNG image', todo: 'Open the export files themselves.', test: (h) => starts(h, 0x89, 0x50, 0x4e, 0x47) },
	{ id: 'jpeg', what: 'a JPEG image', todo: 'Open the export files themselves.', test: (h) => starts(h, 0xff, 0xd8, 0xff) },
	{ id: 'gif', what: 'a GIF image', todo: 'Open the export files themselves.', test: (h) => ascii(h, 0, 'GIF8') },
	{ id: 'exe', what: 'a program (Windows executable)', todo: 'Open the export files themselves.', test: (h) => ascii(h, 0, 'MZ') && h.length > 64 },
	{ id: 'elf', what: 'a program (ELF executable)', todo: 'Open the export files themselves.', test: (h) => starts(h, 0x7f, 0x45, 0x4c, 0x46) },
	{ id: 'utf-32', what: 'UTF-32 text', todo: 'Save it as UTF-8 text, then open it again.', test: (h) => starts(h, 0xff, 0xfe, 0, 0) || starts(h, 0, 0, 0xfe, 0xff) }
];

function starts(h: Uint8Array, ...bytes: number[]): boolean {
	return h.length >= bytes.length && bytes.every((b, i) => h[i] === b);
}

function ascii(h: Uint8Array, at: number, text: string): boolean {
	return h.length >= at + text.length && [...text].every((c, i) => h[at + i] === c.charCodeAt(0));
}

function contains(h: Uint8Array, text: string): boolean {
	const bytes = [...text].map((c) => c.charCodeAt(0));
	outer: for (let i = 0; i + bytes.length <= h.length; i++) {
		for (let j = 0; j < bytes.length; j++) if (h[i + j] !== bytes[j]) continue outer;
		return true;
	}
	return false;
}

/** A binary or foreign kind recognised by its signature; null for anything else (text included). */
export function kindOfBytes(head: Uint8Array): FileKind | null {
	const k = KINDS.find((kind) => kind.test(head));
	return k ? { id: k.id, what: k.what, todo: k.todo } : null;
}

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be';

/**
 * How a text file is encoded, from its first bytes: a byte order mark, or (UTF-16 without one) the
 * zero bytes every ASCII character carries in one half of its two bytes. Null: not text (binary).
 */
export function textEncoding(head: Uint8Array): TextEncoding | null {
	if (starts(head, 0xef, 0xbb, 0xbf)) return 'utf-8-bom';
	if (starts(head, 0xff, 0xfe)) return 'utf-16le';
	if (starts(head, 0xfe, 0xff)) return 'utf-16be';
	const n = Math.min(head.length, 1024) & ~1;
	if (n >= 4) {
		let evenZeros = 0;
		let oddZeros = 0;
		for (let i = 0; i < n; i += 2) {
			if (head[i] === 0) evenZeros++;
			if (head[i + 1] === 0) oddZeros++;
		}
		const pairs = n / 2;
		if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return 'utf-16le';
		if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return 'utf-16be';
	}
	return looksBinary(head) ? null : 'utf-8';
}

/**
 * Text has few control characters: a head where more than one byte in ten is a control character
 * other than tab, CR and LF (NUL included) is binary data.
 */
function looksBinary(head: Uint8Array): boolean {
	const n = Math.min(head.length, 1024);
	if (n === 0) return false;
	let control = 0;
	for (let i = 0; i < n; i++) {
		const b = head[i];
		if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
	}
	return control > n / 10;
}
