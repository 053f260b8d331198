/**
 * Column builders: decoded Parquet values in, Arrow `Data` out, writing straight into typed
 * arrays. Rows arrive either dense (NULL = null/undefined in a JS array) or as Parquet page
 * values plus definition levels (a row whose level is below the max is NULL and has no value),
 * which spares a boxed JS array per page.
 */
import {
	Bool,
	DateDay,
	Float64,
	Int64,
	TimestampMicrosecond,
	TimestampMillisecond,
	TimestampNanosecond,
	Utf8,
	type Timestamp,
	makeData,
	type Data,
	type DataType
} from 'apache-arrow';
import type { DecodedArray } from 'hyparquet';
import type { ArrowKind } from './columns';
import { DAY_MS } from '../../src/lib/model/bands';

export interface ColumnBuilder {
	/**
	 * Append rows. Without `levels` every entry of `values` is a row. With `levels` there is one
	 * row per level, and only rows whose level equals `maxLevel` consume a value.
	 */
	append(values: DecodedArray, levels?: ArrayLike<number>, maxLevel?: number): void;
	/** Rows appended so far. */
	readonly length: number;
	finish(): Data;
}

export function arrowType(kind: ArrowKind): DataType {
	switch (kind) {
		case 'int64':
			return new Int64();
		case 'float64':
			return new Float64();
		case 'bool':
			return new Bool();
		case 'utf8':
		case 'text':
			return new Utf8();
		case 'timestamp-ms':
			return new TimestampMillisecond();
		case 'timestamp-us':
			return new TimestampMicrosecond();
		case 'timestamp-ns':
			return new TimestampNanosecond();
		case 'date-day':
			return new DateDay();
	}
}

export function columnBuilder(kind: ArrowKind, rows: number): ColumnBuilder {
	switch (kind) {
		case 'int64':
			return new Int64Builder(new Int64(), rows);
		case 'timestamp-ms':
		case 'timestamp-us':
		case 'timestamp-ns':
			return new Int64Builder(arrowType(kind) as Timestamp, rows);
		case 'float64':
			return new Float64Builder(rows);
		case 'date-day':
			return new DateDayBuilder(rows);
		case 'bool':
			return new BoolBuilder(rows);
		case 'utf8':
		case 'text':
			return new Utf8Builder(rows);
	}
}

/** Validity bitmap plus the row cursor every builder shares. */
abstract class Builder implements ColumnBuilder {
	length = 0;
	protected nulls = 0;
	protected readonly valid: Uint8Array;

	constructor(protected readonly capacity: number) {
		this.valid = new Uint8Array((capacity + 7) >> 3);
	}

	abstract append(values: DecodedArray, levels?: ArrayLike<number>, maxLevel?: number): void;
	abstract finish(): Data;

	protected setValid(row: number): void {
		this.valid[row >> 3] |= 1 << (row & 7);
	}

	protected setValidRange(start: number, count: number): void {
		let row = start;
		const end = start + count;
		for (; row < end && row & 7; row++) this.setValid(row);
		const fullEnd = end & ~7;
		if (row < fullEnd) {
			this.valid.fill(0xff, row >> 3, fullEnd >> 3);
			row = fullEnd;
		}
		for (; row < end; row++) this.setValid(row);
	}

	protected checkRoom(rows: number): void {
		if (this.length + rows > this.capacity) {
			throw new Error(`column has more values than its row group's ${this.capacity} rows`);
		}
	}

	/** Arrow wants no bitmap at all when nothing is NULL. */
	protected bitmap(): Uint8Array | undefined {
		return this.nulls ? this.valid : undefined;
	}

	/**
	 * The generic route: walk rows, pulling a value for each defined one. Used for JS arrays and
	 * types without a bulk path; `put` returns false when the value itself is NULL.
	 */
	protected eachRow(
		values: DecodedArray,
		levels: ArrayLike<number> | undefined,
		maxLevel: number,
		put: (row: number, value: unknown) => boolean
	): void {
		const rows = levels ? levels.length : values.length;
		this.checkRoom(rows);
		let v = 0;
		for (let i = 0; i < rows; i++) {
			const row = this.length + i;
			const value = levels && levels[i] !== maxLevel ? null : values[v++];
			if (value !== null && value !== undefined && put(row, value)) this.setValid(row);
			else this.nulls++;
		}
		this.length += rows;
	}
}

/** Int64 and Timestamp columns: 64-bit integers in a BigInt64Array. */
class Int64Builder extends Builder {
	private readonly values: BigInt64Array;
	// Copying 64-bit values as two 32-bit words avoids allocating a BigInt per value.
	private readonly words: Int32Array;

	constructor(
		private readonly type: Int64 | Timestamp,
		capacity: number
	) {
		super(capacity);
		this.values = new BigInt64Array(capacity);
		this.words = new Int32Array(this.values.buffer);
	}

	append(values: DecodedArray, levels?: ArrayLike<number>, maxLevel = 0): void {
		if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
			this.scatter(new Int32Array(values.buffer, values.byteOffset, values.length * 2), 2, levels, maxLevel);
		} else if (values instanceof Int32Array) {
			this.scatter(values, 1, levels, maxLevel);
		} else {
			const out = this.values;
			this.eachRow(values, levels, maxLevel, (row, value) => {
				if (typeof value === 'bigint') out[row] = value;
				else if (typeof value === 'number' && Number.isFinite(value)) out[row] = BigInt(Math.trunc(value));
				else if (value instanceof Date) out[row] = BigInt(value.getTime());
				else return false;
				return true;
			});
		}
	}

	/** `stride` 2: source is 64-bit words; 1: signed 32-bit values to widen. */
	private scatter(src: Int32Array, stride: 1 | 2, levels: ArrayLike<number> | undefined, maxLevel: number): void {
		const out = this.words;
		const start = this.length;
		if (!levels) {
			const n = src.length / stride;
			this.checkRoom(n);
			if (stride === 2) out.set(src, start * 2);
			else for (let i = 0; i < n; i++) widen(out, start + i, src[i]);
			this.setValidRange(start, n);
			this.length += n;
			return;
		}
		const n = levels.length;
		this.checkRoom(n);
		let v = 0;
		for (let i = 0; i < n; i++) {
			const row = start + i;
			if (levels[i] !== maxLevel) {
				this.nulls++;
				continue;
			}
			if (stride === 2) {
				out[row * 2] = src[v * 2];
				out[row * 2 + 1] = src[v * 2 + 1];
			} else widen(out, row, src[v]);
			v++;
			this.setValid(row);
		}
		this.length += n;
	}

	finish(): Data {
		const props = { length: this.length, nullCount: this.nulls, nullBitmap: this.bitmap(), data: this.values };
		// Same buffers either way; the branch only satisfies makeData's per-type overloads.
		return this.type instanceof Int64 ? makeData({ type: this.type, ...props }) : makeData({ type: this.type, ...props });
	}
}

function widen(words: Int32Array, row: number, value: number): void {
	words[row * 2] = value;
	words[row * 2 + 1] = value >> 31; // sign extension (little-endian high word)
}

class Float64Builder extends Builder {
	private readonly values: Float64Array;

	constructor(capacity: number) {
		super(capacity);
		this.values = new Float64Array(capacity);
	}

	append(values: DecodedArray, levels?: ArrayLike<number>, maxLevel = 0): void {
		const out = this.values;
		if ((values instanceof Float64Array || values instanceof Float32Array) && !levels) {
			this.checkRoom(values.length);
			out.set(values, this.length);
			this.setValidRange(this.length, values.length);
			this.length += values.length;
		} else if (values instanceof Float64Array || values instanceof Float32Array) {
			this.checkRoom(levels!.length);
			let v = 0;
			for (let i = 0; i < levels!.length; i++) {
				const row = this.length + i;
				if (levels![i] === maxLevel) {
					out[row] = values[v++];
					this.setValid(row);
				} else this.nulls++;
			}
			this.length += levels!.length;
		} else {
			this.eachRow(values, levels, maxLevel, (row, value) => {
				if (typeof value === 'number' || typeof value === 'bigint') out[row] = Number(value);
				else return false;
				return true;
			});
		}
	}

	finish(): Data {
		const { length, nulls } = this;
		return makeData({ type: new Float64(), length, nullCount: nulls, nullBitmap: this.bitmap(), data: this.values });
	}
}

class DateDayBuilder extends Builder {
	private readonly values: Int32Array;

	constructor(capacity: number) {
		super(capacity);
		this.values = new Int32Array(capacity);
	}

	append(values: DecodedArray, levels?: ArrayLike<number>, maxLevel = 0): void {
		const out = this.values;
		this.eachRow(values, levels, maxLevel, (row, value) => {
			if (typeof value === 'number') out[row] = value;
			else if (value instanceof Date) out[row] = Math.floor(value.getTime() / DAY_MS);
			else return false;
			return true;
		});
	}

	finish(): Data {
		const { length, nulls } = this;
		return makeData({ type: new DateDay(), length, nullCount: nulls, nullBitmap: this.bitmap(), data: this.values });
	}
}

class BoolBuilder extends Builder {
	private readonly bits: Uint8Array;

	constructor(capacity: number) {
		super(capacity);
		this.bits = new Uint8Array((capacity + 7) >> 3);
	}

	append(values: DecodedArray, levels?: ArrayLike<number>, maxLevel = 0): void {
		const bits = this.bits;
		this.eachRow(values, levels, maxLevel, (row, value) => {
			if (typeof value !== 'boolean' && typeof value !== 'number') return false;
			if (value) bits[row >> 3] |= 1 << (row & 7);
			return true;
		});
	}

	finish(): Data {
		const { length, nulls } = this;
		return makeData({ type: new Bool(), length, nullCount: nulls, nullBitmap: this.bitmap(), data: this.bits });
	}
}

const encoder = new TextEncoder();
const lenientDecoder = new TextDecoder();

/**
 * Utf8 columns. Parquet strings arrive as raw bytes and are copied as they are (decoding to JS
 * strings and re-encoding would dominate the cost). Bytes that are not valid UTF-8 are
 * repaired at the end the way TextDecoder would (U+FFFD), because DuckDB expects valid text.
 */
class Utf8Builder extends Builder {
	private readonly offsets: Int32Array;
	private bytes: Uint8Array;
	private size = 0;

	constructor(capacity: number) {
		super(capacity);
		this.offsets = new Int32Array(capacity + 1);
		this.bytes = new Uint8Array(Math.max(1024, capacity * 16));
	}

	append(values: DecodedArray, levels?: ArrayLike<number>, maxLevel = 0): void {
		const offsets = this.offsets;
		const rows = levels ? levels.length : values.length;
		this.checkRoom(rows);
		let v = 0;
		for (let i = 0; i < rows; i++) {
			const row = this.length + i;
			const value: unknown = levels && levels[i] !== maxLevel ? null : values[v++];
			if (value instanceof Uint8Array) {
				this.reserve(value.length);
				this.bytes.set(value, this.size);
				this.size += value.length;
				this.setValid(row);
			} else if (value !== null && value !== undefined) {
				this.appendString(toText(value));
				this.setValid(row);
			} else this.nulls++;
			offsets[row + 1] = this.size;
		}
		this.length += rows;
	}

	private appendString(text: string): void {
		this.reserve(text.length * 3);
		this.size += encoder.encodeInto(text, this.bytes.subarray(this.size)).written;
	}

	private reserve(extra: number): void {
		const need = this.size + extra;
		if (need <= this.bytes.length) return;
		if (need > 0x7fffffff) {
			// Plain Error: the row-group reader adds the file, column and row group.
			throw new Error('more than 2 GB of text in one row group is not supported; write the file with smaller row groups');
		}
		const grown = new Uint8Array(Math.min(0x7fffffff, Math.max(need, this.bytes.length * 2)));
		grown.set(this.bytes.subarray(0, this.size));
		this.bytes = grown;
	}

	finish(): Data {
		if (!this.allValid()) this.repair();
		const { length, nulls } = this;
		return makeData({
			type: new Utf8(),
			length,
			nullCount: nulls,
			nullBitmap: this.bitmap(),
			valueOffsets: this.offsets.subarray(0, length + 1),
			data: this.bytes.subarray(0, this.size)
		});
	}

	// Checked value by value: a broken sequence at the end of one value could otherwise be
	// "completed" by the bytes of the next.
	private allValid(): boolean {
		const { bytes, offsets } = this;
		for (let row = 0; row < this.length; row++) {
			if (!isValidUtf8(bytes, offsets[row], offsets[row + 1])) return false;
		}
		return true;
	}

	/** Rare: re-encode the values that are not valid UTF-8, value by value. */
	private repair(): void {
		const old = this.bytes;
		const oldOffsets = this.offsets.slice(0, this.length + 1);
		this.bytes = new Uint8Array(old.length);
		this.size = 0;
		for (let row = 0; row < this.length; row++) {
			const start = oldOffsets[row];
			const end = oldOffsets[row + 1];
			if (isValidUtf8(old, start, end)) {
				this.reserve(end - start);
				this.bytes.set(old.subarray(start, end), this.size);
				this.size += end - start;
			} else this.appendString(lenientDecoder.decode(old.subarray(start, end)));
			this.offsets[row + 1] = this.size;
		}
	}
}

/** Values with no direct Arrow equivalent, as readable text. */
function toText(value: unknown): string {
	if (typeof value === 'string') return value;
	if (value instanceof Uint8Array) return lenientDecoder.decode(value);
	if (value instanceof Date) return value.toISOString();
	if (typeof value === 'object') return JSON.stringify(value, jsonValue);
	return String(value);
}

function jsonValue(_key: string, value: unknown): unknown {
	if (typeof value === 'bigint') {
		return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
	}
	if (value instanceof Uint8Array) return lenientDecoder.decode(value);
	return value;
}

/**
 * Strict UTF-8 check (no overlongs, no surrogates, nothing above U+10FFFF). A plain loop with an
 * ASCII fast path: TextDecoder's fatal mode would allocate a string as large as the column.
 */
export function isValidUtf8(b: Uint8Array, start: number, end: number): boolean {
	let i = start;
	while (i < end) {
		const c = b[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			if (i + 1 >= end || (b[i + 1] & 0xc0) !== 0x80) return false;
			i += 2;
		} else if (c >= 0xe0 && c <= 0xef) {
			if (i + 2 >= end) return false;
			const c1 = b[i + 1];
			if ((c1 & 0xc0) !== 0x80 || (b[i + 2] & 0xc0) !== 0x80) return false;
			if (c === 0xe0 && c1 < 0xa0) return false; // overlong
			if (c === 0xed && c1 > 0x9f) return false; // surrogate
			i += 3;
		} else if (c >= 0xf0 && c <= 0xf4) {
			if (i + 3 >= end) return false;
			const c1 = b[i + 1];
			if ((c1 & 0xc0) !== 0x80 || (b[i + 2] & 0xc0) !== 0x80 || (b[i + 3] & 0xc0) !== 0x80) return false;
			if (c === 0xf0 && c1 < 0x90) return false; // overlong
			if (c === 0xf4 && c1 > 0x8f) return false; // above U+10FFFF
			i += 4;
		} else return false;
	}
	return true;
}
