/**
 * Dataset fingerprints: the same files give the same fingerprint whatever their order; any change a
 * re-export makes (size, time, bytes at either end, name) gives another; and only the two end slices
 * are read, never the whole file.
 */
import { describe, expect, it } from 'vitest';
import { fingerprintFiles, fingerprintSample, fingerprintUrls, hashBytes, SLICE_BYTES } from '../../src/lib/cache/fingerprint';
import type { InputFile } from '../../src/lib/engine/protocol';

function file(path: string, bytes: Uint8Array, lastModified = 1_700_000_000_000): InputFile {
	return { file: new File([bytes as BlobPart], path.split('/').pop()!, { lastModified }), path };
}

const big = (size: number, fill = 7) => new Uint8Array(size).fill(fill);

describe('fingerprintFiles', () => {
	const a = file('objects.parquet', big(300_000));
	const b = file('instances.parquet', big(200_000, 3));

	it('is stable and ignores the order files come in', async () => {
		expect(await fingerprintFiles([a, b])).toBe(await fingerprintFiles([b, a]));
		expect(await fingerprintFiles([a, b])).toMatch(/^f[0-9a-f]{28}$/);
	});

	it('changes with a file’s size, time, name, or the bytes at either end', async () => {
		const base = await fingerprintFiles([a, b]);
		const head = big(300_000);
		head[10] = 1;
		const tail = big(300_000);
		tail[300_000 - 10] = 1;
		expect(await fingerprintFiles([file('objects.parquet', head), b])).not.toBe(base);
		expect(await fingerprintFiles([file('objects.parquet', tail), b])).not.toBe(base);
		expect(await fingerprintFiles([file('objects.parquet', big(300_001)), b])).not.toBe(base);
		expect(await fingerprintFiles([file('objects.parquet', big(300_000), 1_700_000_000_001), b])).not.toBe(base);
		expect(await fingerprintFiles([file('other/objects.parquet', big(300_000)), b])).not.toBe(base);
	});

	it('tells thousands of small parts apart, read in batches: any one part’s bytes count, and which part holds them', async () => {
		const text = (i: number) => new TextEncoder().encode(`objectId,name\no${i},f${i}.txt\n`);
		const parts = Array.from({ length: 1_201 }, (_, i) => file(`objects-part-${String(i).padStart(5, '0')}.csv`, text(i)));
		const base = await fingerprintFiles(parts);
		expect(await fingerprintFiles([...parts].reverse())).toBe(base);
		// A byte changed in the last batch's part, and two same-sized parts' contents swapped across batches.
		const changed = [...parts];
		changed[1_100] = file('objects-part-01100.csv', text(1_109));
		expect(await fingerprintFiles(changed)).not.toBe(base);
		const swapped = [...parts];
		swapped[100] = file('objects-part-00100.csv', text(1_100));
		swapped[1_100] = file('objects-part-01100.csv', text(100));
		expect(await fingerprintFiles(swapped)).not.toBe(base);
	});

	it('reads only the two end slices', async () => {
		const size = 50 * 1024 * 1024;
		const sliced: [number, number][] = [];
		const blob = new File([big(1) as BlobPart], 'export.duckdb');
		// A File whose slices are recorded; its size claims 50 MB that are never materialised.
		const spy = Object.create(blob, {
			size: { value: size },
			lastModified: { value: 1 },
			name: { value: 'export.duckdb' },
			slice: { value: (start: number, end?: number) => (sliced.push([start, end ?? size]), new Blob([big(Math.min(end ?? size, size) - start) as BlobPart])) }
		}) as File;
		await fingerprintFiles([{ file: spy, path: 'export.duckdb' }]);
		expect(sliced).toEqual([
			[0, SLICE_BYTES],
			[size - SLICE_BYTES, size]
		]);
	});
});

describe('other sources', () => {
	it('a sample is identified by its parameters', () => {
		expect(fingerprintSample(1000, 0)).toBe(fingerprintSample(1000, 0));
		expect(fingerprintSample(1000, 0)).not.toBe(fingerprintSample(1001, 0));
		expect(fingerprintSample(1000, 0)).not.toBe(fingerprintSample(1000, 86_400_000));
	});

	it('a URL by its address and what the server says about the file', () => {
		const f = { url: 'https://h/x.duckdb', size: 10, etag: '"a"', lastModified: null };
		expect(fingerprintUrls([f])).toBe(fingerprintUrls([{ ...f }]));
		expect(fingerprintUrls([f])).not.toBe(fingerprintUrls([{ ...f, etag: '"b"' }]));
		expect(fingerprintUrls([f])).not.toBe(fingerprintUrls([{ ...f, size: 11 }]));
	});

	it('hashes tell near-identical inputs apart', () => {
		const x = big(1000);
		const y = big(1000);
		y[999] = 8;
		expect(hashBytes(x)).not.toBe(hashBytes(y));
		expect(hashBytes(x)).toHaveLength(28);
	});
});
