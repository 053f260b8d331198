/**
 * Reads the column chunks a scan will need with few Blob reads: neighbouring chunks (also
 * across row groups) are merged into spans of at most `maxSpan` bytes, skipping gaps of up to
 * `maxGap` unwanted bytes. Each span is read when first needed and dropped once every chunk in
 * it has been handed out, so memory stays around one row group's projected chunks.
 */
import type { AsyncBuffer } from 'hyparquet';

export interface ByteRange {
	start: number;
	end: number;
}

interface Span extends ByteRange {
	/** Planned ranges in this span not yet read. */
	pending: number;
	data?: Promise<ArrayBuffer>;
}

export class ChunkReader {
	private readonly spans: Span[] = [];

	constructor(
		private readonly source: AsyncBuffer,
		planned: ByteRange[],
		{ maxGap = 64 << 10, maxSpan = 4 << 20 } = {}
	) {
		for (const r of [...planned].sort((a, b) => a.start - b.start)) {
			const last = this.spans[this.spans.length - 1];
			if (last && r.start <= last.end + maxGap && Math.max(last.end, r.end) - last.start <= maxSpan) {
				last.end = Math.max(last.end, r.end);
				last.pending++;
			} else this.spans.push({ start: r.start, end: r.end, pending: 1 });
		}
	}

	/** The bytes of a planned range. Read each planned range once: that is what frees spans. */
	async read({ start, end }: ByteRange): Promise<Uint8Array> {
		const span = this.find(start, end);
		if (!span) return new Uint8Array(await this.source.slice(start, end));
		const data = (span.data ??= Promise.resolve(this.source.slice(span.start, span.end)));
		if (--span.pending === 0) span.data = undefined;
		return new Uint8Array(await data, start - span.start, end - start);
	}

	private find(start: number, end: number): Span | undefined {
		let lo = 0;
		let hi = this.spans.length - 1;
		while (lo <= hi) {
			const mid = (lo + hi) >> 1;
			const span = this.spans[mid];
			if (start < span.start) hi = mid - 1;
			else if (start >= span.end) lo = mid + 1;
			else return end <= span.end ? span : undefined;
		}
		return undefined;
	}
}
