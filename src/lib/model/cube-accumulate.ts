/**
 * The report cubes summed in one pass over `r_files`, in plain typed arrays: the engine streams the
 * per-file codes once and every cube gets its rows, instead of one GROUP BY per cube (each a full
 * scan, and in DuckDB-WASM's single thread most of the report build's time). The result is exactly
 * cubeSql's (src/lib/model/report-build.ts): a unit test compares the two.
 *
 * Pure and synchronous: the worker feeds it record batches (workers/engine/report-build.ts).
 */
import type { AnyDimension } from './dimensions';
import { MEASURE_COMBINE, type CubeDef, type Measure } from './report-build';

/** How a batch carries a NULL dimension value (every dimension is a small integer or a code). */
export const NULL_CODE = -2147483648;

/** One batch of `r_files` rows: every dimension as Int32 (NULL_CODE for NULL), sizes and times as doubles (NaN for NULL). */
export interface FileBatch {
	rows: number;
	dims: Partial<Record<AnyDimension, Int32Array>>;
	size: Float64Array;
	modifiedMs: Float64Array;
	accessedMs: Float64Array;
	addedMs: Float64Array;
}

/** The smallest and largest value each dimension takes (NULL aside); from one SQL query over `r_files`. */
export type DimensionRanges = Partial<Record<AnyDimension, { min: number; max: number }>>;

/** One cube's rows: its dimensions (null for NULL) and measures, as columns. */
export interface CubeRows {
	table: string;
	rows: number;
	dims: Record<string, (number | null)[]>;
	measures: Record<string, (number | null)[]>;
}

/** A cube whose key space is at most this many cells is summed in dense arrays; larger ones in a hash table. */
const DENSE_CELLS = 1 << 20;

interface Slot {
	/** Per dimension: min value and radix (values + one for NULL). */
	dims: { dim: AnyDimension; min: number; radix: number }[];
	measures: readonly Measure[];
	table: string;
}

/** Open addressing over integer keys held as doubles (exact below 2^53). */
class KeyTable {
	keys: Float64Array;
	/** Slot → row index, -1 when empty. */
	private index: Int32Array;
	rows = 0;
	private mask: number;

	constructor(capacity = 1 << 12) {
		this.keys = new Float64Array(capacity >> 1);
		this.index = new Int32Array(capacity).fill(-1);
		this.mask = capacity - 1;
	}

	/** The row of `key`, made when new; `grow` is called when rows must be reallocated. */
	rowOf(key: number, grow: (rows: number) => void): number {
		let h = hashKey(key) & this.mask;
		for (;;) {
			const r = this.index[h];
			if (r < 0) break;
			if (this.keys[r] === key) return r;
			h = (h + 1) & this.mask;
		}
		const row = this.rows++;
		if (row >= this.keys.length) {
			const keys = new Float64Array(this.keys.length * 2);
			keys.set(this.keys);
			this.keys = keys;
			grow(keys.length);
		}
		this.keys[row] = key;
		this.index[h] = row;
		if (this.rows * 2 > this.index.length) this.rehash();
		return row;
	}

	private rehash(): void {
		const capacity = this.index.length * 2;
		this.index = new Int32Array(capacity).fill(-1);
		this.mask = capacity - 1;
		for (let r = 0; r < this.rows; r++) {
			let h = hashKey(this.keys[r]) & this.mask;
			while (this.index[h] >= 0) h = (h + 1) & this.mask;
			this.index[h] = r;
		}
	}
}

function hashKey(key: number): number {
	const lo = key >>> 0;
	const hi = (key / 4294967296) >>> 0;
	return Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b) ^ (lo >>> 15);
}

/** Accumulators of one cube: per row, each measure. */
class CubeSums {
	readonly slot: Slot;
	private readonly dense: boolean;
	private readonly table: KeyTable | null;
	/** Dense: which cells were seen. */
	private seen: Uint8Array | null;
	files: Float64Array;
	bytes: Float64Array;
	sized: Float64Array;
	minSize: Float64Array;
	maxSize: Float64Array;
	lastModified: Float64Array;
	lastAccessed: Float64Array;
	lastAdded: Float64Array;
	private readonly has: Record<Measure, boolean>;

	constructor(slot: Slot) {
		this.slot = slot;
		const cells = slot.dims.reduce((n, d) => n * d.radix, 1);
		this.dense = cells <= DENSE_CELLS;
		this.table = this.dense ? null : new KeyTable();
		const n = this.dense ? cells : 1 << 11;
		this.seen = this.dense ? new Uint8Array(cells) : null;
		this.has = Object.fromEntries((Object.keys(MEASURE_COMBINE) as Measure[]).map((m) => [m, slot.measures.includes(m)])) as Record<Measure, boolean>;
		const make = (m: Measure, fill: number) => (this.has[m] ? new Float64Array(n).fill(fill) : new Float64Array(0));
		this.files = make('files', 0);
		this.bytes = make('bytes', 0);
		this.sized = make('sized', 0);
		this.minSize = make('minSize', Number.NaN);
		this.maxSize = make('maxSize', Number.NaN);
		this.lastModified = make('lastModified', Number.NaN);
		this.lastAccessed = make('lastAccessed', Number.NaN);
		this.lastAdded = make('lastAdded', Number.NaN);
	}

	private grow = (rows: number): void => {
		const grow = (a: Float64Array, fill: number) => {
			if (a.length === 0) return a;
			const b = new Float64Array(rows).fill(fill);
			b.set(a);
			return b;
		};
		this.files = grow(this.files, 0);
		this.bytes = grow(this.bytes, 0);
		this.sized = grow(this.sized, 0);
		this.minSize = grow(this.minSize, Number.NaN);
		this.maxSize = grow(this.maxSize, Number.NaN);
		this.lastModified = grow(this.lastModified, Number.NaN);
		this.lastAccessed = grow(this.lastAccessed, Number.NaN);
		this.lastAdded = grow(this.lastAdded, Number.NaN);
	};

	add(batch: FileBatch): void {
		// Locals only in the loop: a module constant or an object property per row costs more than the sum itself.
		const NULL = -2147483648;
		const nd = this.slot.dims.length;
		const values = this.slot.dims.map((d) => batch.dims[d.dim]!);
		const mins = Int32Array.from(this.slot.dims, (d) => d.min);
		const radix = Float64Array.from(this.slot.dims, (d) => d.radix);
		const { size, modifiedMs, accessedMs, addedMs } = batch;
		const hasFiles = this.has.files;
		const hasBytes = this.has.bytes;
		const hasSized = this.has.sized;
		const hasMin = this.has.minSize;
		const hasMax = this.has.maxSize;
		const hasMod = this.has.lastModified;
		const hasAcc = this.has.lastAccessed;
		const hasAdd = this.has.lastAdded;
		const dense = this.dense;
		const seen = this.seen;
		const table = this.table;
		const rows = batch.rows;
		for (let i = 0; i < rows; i++) {
			let key = 0;
			for (let k = 0; k < nd; k++) {
				const v = values[k][i];
				key = key * radix[k] + (v === NULL ? 0 : v - mins[k] + 1);
			}
			let r: number;
			if (dense) {
				r = key;
				seen![r] = 1;
			} else r = table!.rowOf(key, this.grow);
			const s = size[i];
			if (hasFiles) this.files[r] += 1;
			if (s === s) {
				if (hasBytes) this.bytes[r] += s;
				if (hasSized) this.sized[r] += 1;
				if (hasMin && !(this.minSize[r] <= s)) this.minSize[r] = s;
				if (hasMax && !(this.maxSize[r] >= s)) this.maxSize[r] = s;
			}
			if (hasMod) {
				const t = modifiedMs[i];
				if (t === t && !(this.lastModified[r] >= t)) this.lastModified[r] = t;
			}
			if (hasAcc) {
				const t = accessedMs[i];
				if (t === t && !(this.lastAccessed[r] >= t)) this.lastAccessed[r] = t;
			}
			if (hasAdd) {
				const t = addedMs[i];
				if (t === t && !(this.lastAdded[r] >= t)) this.lastAdded[r] = t;
			}
		}
	}

	rows(): CubeRows {
		const keysOf: number[] = [];
		const rowsOf: number[] = [];
		if (this.dense) {
			const seen = this.seen!;
			for (let k = 0; k < seen.length; k++) if (seen[k]) (keysOf.push(k), rowsOf.push(k));
		} else {
			const t = this.table!;
			for (let r = 0; r < t.rows; r++) (keysOf.push(t.keys[r]), rowsOf.push(r));
		}
		const dims: Record<string, (number | null)[]> = {};
		for (const d of this.slot.dims) dims[d.dim] = new Array(keysOf.length);
		for (let i = 0; i < keysOf.length; i++) {
			let key = keysOf[i];
			for (let k = this.slot.dims.length - 1; k >= 0; k--) {
				const d = this.slot.dims[k];
				const digit = key % d.radix;
				key = (key - digit) / d.radix;
				dims[d.dim][i] = digit === 0 ? null : digit - 1 + d.min;
			}
		}
		const measures: Record<string, (number | null)[]> = {};
		for (const m of this.slot.measures) {
			const a = this[m];
			measures[m] = rowsOf.map((r) => (Number.isNaN(a[r]) ? null : a[r]));
		}
		return { table: this.slot.table, rows: keysOf.length, dims, measures };
	}
}

/** Sums every cube given over the batches fed to it. */
export class CubeAccumulator {
	private readonly sums: CubeSums[];

	/** Cubes whose keys would not fit a double exactly: left to SQL (cubeSql). */
	readonly tooWide: CubeDef[] = [];

	constructor(cubes: readonly CubeDef[], ranges: DimensionRanges) {
		const fits = (c: CubeDef) => c.dims.reduce((n, d) => n * (ranges[d] ? ranges[d]!.max - ranges[d]!.min + 2 : 1), 1) < Number.MAX_SAFE_INTEGER;
		for (const c of cubes) if (!fits(c)) this.tooWide.push(c);
		this.sums = cubes.filter(fits).map((c) => {
			const dims = c.dims.map((dim) => {
				const r = ranges[dim];
				// A dimension with no value at all (every file NULL) still has its NULL slot.
				return r ? { dim, min: r.min, radix: r.max - r.min + 2 } : { dim, min: 0, radix: 1 };
			});
			return new CubeSums({ dims, measures: c.measures, table: c.table });
		});
	}

	add(batch: FileBatch): void {
		for (const s of this.sums) s.add(batch);
	}

	/** Every cube's rows. */
	result(): CubeRows[] {
		return this.sums.map((s) => s.rows());
	}
}

/** The SQL that reads `r_files` as FileBatch columns expect them (NULL as NULL_CODE or NaN). */
export function fileBatchSql(dims: readonly AnyDimension[]): string {
	const d = dims.map((x) => `coalesce(CAST(${x} AS INTEGER), ${NULL_CODE}) AS ${x}`);
	const t = ['size', 'modifiedMs', 'accessedMs', 'addedMs'].map((x) => `coalesce(CAST(${x} AS DOUBLE), 'nan'::DOUBLE) AS ${x}`);
	return `SELECT ${[...d, ...t].join(', ')} FROM r_files`;
}

/** The range of each dimension over `r_files`. */
export function dimensionRangesSql(dims: readonly AnyDimension[]): string {
	return `SELECT ${dims.map((d) => `min(${d})::INTEGER AS "${d}_min", max(${d})::INTEGER AS "${d}_max"`).join(', ')} FROM r_files`;
}
