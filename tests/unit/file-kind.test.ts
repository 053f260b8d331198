/**
 * Naming a file by its first bytes (workers/engine/file-kind.ts). Each head is written here from the
 * format's own published signature (or produced by Node: gzip, UTF-16), not from the module's table.
 */
import { describe, expect, test } from 'vitest';
import { gzipSync } from 'node:zlib';
import { kindOfBytes, textEncoding } from '../../workers/engine/file-kind';

const bytes = (...b: number[]) => Uint8Array.from(b);
const ascii = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));
const pad = (head: Uint8Array, n = 64) => Uint8Array.from([...head, ...new Array(n).fill(0x20)]);

describe('kindOfBytes', () => {
	test.each([
		['gzip (RFC 1952: 1f 8b)', gzipSync('objectId\n1\n'), 'gzip'],
		['PNG (89 "PNG" 0d 0a 1a 0a)', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), 'png'],
		['JPEG (ff d8 ff)', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10), 'jpeg'],
		['PDF ("%PDF")', ascii('%PDF-1.7\n'), 'pdf'],
		['ZIP local header ("PK" 03 04)', pad(ascii('PK\x03\x04\x14\x00')), 'zip'],
		['an .xlsx (a ZIP naming xl/)', pad(ascii('PK\x03\x04\x14\x00\x00\x00\x00\x00xl/workbook.xml')), 'xlsx'],
		['an old .xls (OLE2 d0 cf 11 e0)', bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1), 'xls'],
		['SQLite ("SQLite format 3\\0")', ascii('SQLite format 3\0'), 'sqlite'],
		['DuckDB ("DUCK" at offset 8)', pad(ascii('\0\0\0\0\0\0\0\0DUCK')), 'duckdb'],
		['Parquet ("PAR1")', ascii('PAR1\x15\x04'), 'parquet'],
		['Zstandard (28 b5 2f fd)', bytes(0x28, 0xb5, 0x2f, 0xfd, 0x24), 'zstd'],
		['bzip2 ("BZh9")', ascii('BZh91AY&SY'), 'bzip2'],
		['xz (fd "7zXZ" 00)', bytes(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00), 'xz'],
		['7-Zip ("7z" bc af 27 1c)', bytes(0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c), '7z']
	])('%s', (_, head, id) => {
		expect(kindOfBytes(Uint8Array.from(head))?.id).toBe(id);
	});

	test('CSV text, UTF-16 text and an empty head are not a foreign kind', () => {
		expect(kindOfBytes(ascii('objectId,name\no1,a.txt\n'))).toBeNull();
		expect(kindOfBytes(Uint8Array.from(Buffer.from('\ufeffobjectId,name\n', 'utf16le')))).toBeNull();
		expect(kindOfBytes(new Uint8Array(0))).toBeNull();
	});
});

describe('textEncoding', () => {
	const csv = 'objectId,name,primarySize\no1,Bücher.txt,10\no2,b.txt,20\n';
	test('byte order marks', () => {
		expect(textEncoding(Uint8Array.from(Buffer.from('\ufeff' + csv, 'utf8')))).toBe('utf-8-bom');
		expect(textEncoding(Uint8Array.from(Buffer.from('\ufeff' + csv, 'utf16le')))).toBe('utf-16le');
		expect(textEncoding(Uint8Array.from(Buffer.from('\ufeff' + csv, 'utf16le').swap16()))).toBe('utf-16be');
	});
	test('UTF-16 without a BOM, from its NUL bytes', () => {
		expect(textEncoding(Uint8Array.from(Buffer.from(csv, 'utf16le')))).toBe('utf-16le');
		expect(textEncoding(Uint8Array.from(Buffer.from(csv, 'utf16le').swap16()))).toBe('utf-16be');
	});
	test('plain UTF-8 (and Latin-1) text; binary data', () => {
		expect(textEncoding(Uint8Array.from(Buffer.from(csv, 'utf8')))).toBe('utf-8');
		expect(textEncoding(Uint8Array.from(Buffer.from(csv, 'latin1')))).toBe('utf-8');
		// A few NULs inside text are not binary; a head that is mostly control bytes is.
		expect(textEncoding(Uint8Array.from(Buffer.from('a,b\n1,x\u0000y\n2,z\n'.repeat(4))))).toBe('utf-8');
		expect(textEncoding(Uint8Array.from({ length: 512 }, (_, i) => (i * 7) % 32))).toBeNull();
	});
});
