/**
 * A hyparquet AsyncBuffer over a Blob or File of any size (including > 2 GB: only the slices
 * asked for are ever in memory).
 *
 * Small reads are widened to a read-ahead block that is kept for a while: the footer, and
 * hyparquet's reads for nested columns, come as many small neighbouring ranges, and each Blob
 * read has a fixed cost. Larger reads go straight to the Blob and are not kept, so this layer
 * holds at most `readAhead * maxBlocks` bytes. (Flat column chunks are planned and merged by
 * chunk-reader.ts, which knows which bytes will be wanted.)
 */
import type { AsyncBuffer } from 'hyparquet';
import { ParquetFileError, fileLabel } from './errors';

export interface SourceOptions {
	/** Reads shorter than this are widened to this many bytes (default 256 KiB). */
	readAhead?: number;
	/** How many read-ahead blocks to keep (default 4). */
	maxBlocks?: number;
}

interface Block {
	start: number;
	end: number;
	data: Promise<ArrayBuffer>;
}

export function blobSource(blob: Blob, options: SourceOptions = {}): AsyncBuffer {
	const { readAhead = 256 << 10, maxBlocks = 4 } = options;
	const size = blob.size;
	// Most recently used last.
	const blocks: Block[] = [];

	function read(start: number, end: number): Promise<ArrayBuffer> {
		return blob
			.slice(start, end)
			.arrayBuffer()
			.catch((e: unknown) => {
				// A File whose bytes changed or vanished since it was picked fails here.
				throw new ParquetFileError(
					'unreadable',
					`${fileLabel(blob)} could not be read any more; it may have been moved, changed or deleted since it was opened`,
					{ cause: e }
				);
			});
	}

	function forget(block: Block): void {
		const i = blocks.indexOf(block);
		if (i >= 0) blocks.splice(i, 1);
	}

	function fromBlock(block: Block, start: number, end: number): Promise<ArrayBuffer> {
		// Copy out: hyparquet wraps the result in a DataView starting at 0.
		return block.data.then((buf) => buf.slice(start - block.start, end - block.start));
	}

	return {
		byteLength: size,
		slice(start: number, end: number = size): Promise<ArrayBuffer> {
			if (start < 0) start = Math.max(0, size + start);
			end = Math.min(end, size);
			if (end <= start) return Promise.resolve(new ArrayBuffer(0));

			const hit = blocks.find((b) => b.start <= start && end <= b.end);
			if (hit) {
				forget(hit);
				blocks.push(hit);
				return fromBlock(hit, start, end);
			}
			if (end - start >= readAhead) return read(start, end);

			const blockEnd = Math.min(size, start + readAhead);
			const block: Block = { start, end: blockEnd, data: read(start, blockEnd) };
			// A failed read must not be served from the cache later.
			block.data.catch(() => forget(block));
			blocks.push(block);
			if (blocks.length > maxBlocks) blocks.shift();
			return fromBlock(block, start, end);
		}
	};
}
