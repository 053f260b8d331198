/**
 * Reading a `.duckdb` file's own headers before DuckDB opens it, so that a file cut short, written
 * by another DuckDB version, encrypted or not a DuckDB database at all is named for what it is.
 * DuckDB itself can read a cut file for ever (the blocks past the end never arrive), and its error
 * texts for the rest are not meant for people.
 *
 * Layout (DuckDB's storage format): three 4 KiB header blocks, then the data blocks. The main
 * header: an 8-byte checksum, "DUCK", the storage format number, flags (bit 0: encrypted). Two
 * database headers follow, written alternately by checkpoints; the newer valid one describes the
 * file: its iteration, block count and block size. Every header block is checksummed.
 */
import { EngineError } from '../../src/lib/engine/errors';
import { formatBytes, formatCount } from '../../src/lib/format';
import { kindOfBytes } from './file-kind';

const HEADER_BLOCK = 4096;
const HEADERS = 3 * HEADER_BLOCK;
const DEFAULT_BLOCK = 262_144;
/**
 * The storage formats the browser's DuckDB reads: 64 (DuckDB 0.10–1.1) to 67 (1.4), the version of
 * @duckdb/duckdb-wasm this app ships. Raise the upper bound with the engine.
 */
export const READABLE_STORAGE = { min: 64, max: 67 } as const;

const CHECKSUM_SEED = 5381n;
const CHECKSUM_MULTIPLIER = 0xbf58476d1ce4e5b9n;
const U64 = (1n << 64n) - 1n;

/** DuckDB's checksum of a header block: XOR of every 8-byte word times a constant, from a seed. */
function checksum(view: DataView, start: number, length: number): bigint {
	let sum = CHECKSUM_SEED;
	for (let at = start; at + 8 <= start + length; at += 8) sum ^= (view.getBigUint64(at, true) * CHECKSUM_MULTIPLIER) & U64;
	return sum;
}

const validBlock = (view: DataView, at: number) => view.getBigUint64(at, true) === checksum(view, at + 8, HEADER_BLOCK - 8);

export interface DuckDBFileFacts {
	storageVersion: number;
	/** The size its newest database header implies: headers plus every block. */
	expectedBytes: number;
}

/**
 * Throws an EngineError naming `name` when the file cannot be a readable DuckDB database for this
 * engine; otherwise returns what its headers say.
 */
export async function checkDuckDBFile(file: Blob, name: string): Promise<DuckDBFileFacts> {
	const head = new Uint8Array(await file.slice(0, HEADERS).arrayBuffer());
	const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
	const magic = head.length >= 12 && String.fromCharCode(...head.subarray(8, 12)) === 'DUCK';
	if (!magic) {
		const kind = kindOfBytes(head);
		if (file.size === 0) throw new EngineError('corrupt-file', `${name} is empty (0 bytes).`, undefined, undefined, { file: name });
		throw new EngineError(
			kind ? 'wrong-format' : 'corrupt-file',
			`${name} could not be opened as a DuckDB database: ${kind ? `it is ${kind.what}, not a DuckDB file` : 'it looks damaged or is not a DuckDB file'}.`,
			kind?.todo ?? 'Open the .duckdb file the export wrote, unchanged.',
			undefined,
			{ file: name }
		);
	}
	if (head.length < HEADERS) {
		throw new EngineError('truncated', `${name} looks truncated: it is only ${formatBytes(file.size)}, less than a DuckDB database's own headers.`, TRUNCATED_HINT, undefined, { file: name });
	}
	const storageVersion = Number(view.getBigUint64(12, true));
	const flags = view.getBigUint64(20, true);
	if (flags & 1n) {
		throw new EngineError('encrypted', `${name} is an encrypted DuckDB database.`, 'This app cannot read it without its key: export it again without encryption.', undefined, { file: name });
	}
	if (storageVersion < READABLE_STORAGE.min || storageVersion > READABLE_STORAGE.max) {
		const newer = storageVersion > READABLE_STORAGE.max;
		throw new EngineError(
			'unsupported-version',
			`${name} was written by a DuckDB version this app cannot read.`,
			newer
				? 'It was written by a newer DuckDB than this app’s (storage format ' + storageVersion + '). Export it with DuckDB 1.4 or older, or as Parquet.'
				: 'It was written by DuckDB 0.9 or older (storage format ' + storageVersion + '). Open it once with a newer DuckDB (which converts it), or export it as Parquet.',
			`Storage format ${storageVersion}; this app reads ${READABLE_STORAGE.min} to ${READABLE_STORAGE.max}.`,
			{ file: name }
		);
	}
	if (!validBlock(view, 0)) throw damaged(name, 'its main header does not match its checksum');
	const databases = [HEADER_BLOCK, 2 * HEADER_BLOCK].filter((at) => validBlock(view, at));
	if (!databases.length) throw damaged(name, 'neither of its database headers matches its checksum');
	const newest = databases.reduce((a, b) => (view.getBigUint64(b + 8, true) > view.getBigUint64(a + 8, true) ? b : a));
	const blocks = view.getBigUint64(newest + 32, true);
	const blockSize = view.getBigUint64(newest + 40, true);
	const size = blockSize >= 4096n && blockSize <= 1n << 30n ? blockSize : BigInt(DEFAULT_BLOCK);
	const expected = BigInt(HEADERS) + blocks * size;
	if (expected > BigInt(file.size)) {
		const share = Number((BigInt(file.size) * 1000n) / expected) / 10;
		throw new EngineError(
			'truncated',
			`${name} looks truncated: its header says it holds ${formatCount(Number(blocks))} blocks (${formatBytes(Number(expected))}), but the file has ${formatBytes(file.size)} (${share} %).`,
			TRUNCATED_HINT,
			undefined,
			{ file: name }
		);
	}
	return { storageVersion, expectedBytes: Number(expected) };
}

const TRUNCATED_HINT = 'The copy or download may be incomplete: copy the file again and open the new copy.';

function damaged(name: string, why: string): EngineError {
	return new EngineError('corrupt-file', `${name} could not be opened as a DuckDB database: it looks damaged (${why}).`, 'Copy the file again, or export it again.', undefined, { file: name });
}
