/**
 * The report cubes summed in one pass over `r_files`, in plain typed arrays: the engine streams the
 * per-file codes once and every cube gets its rows, instead of one GROUP BY per cube (each a full
 * scan, and in DuckDB-WASM's single thread most of the report build's time). The result is exactly
 * cubeSql's (src/lib/model/report-build.ts): a unit test compares the two.
 *
 * A cube's key is its variant's dimensions and its family's (CUBE_FAMILIES); cubes share both, so
 * each row's variant cell and family cell are numbered once per batch (a small table per variant and
 * per family turns a mixed-radix code into a dense number) and each cube adds the row to the cell
 * keyed by the pair. Pure and synchronous: the worker feeds it record batches.
 */
import type { AnyDimension } from './dimensions';
import type { CubeDef, Measure } from './report-build';

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

/**
 * One cube's rows as typed columns, the shape the engine holds tables in (aggregate-memory.ts
 * HeldTable): each dimension as Int32 (NULL_CODE for NULL), each measure as doubles (NaN for NULL).
 * Plain arrays holding nulls would box every double.
 */
export interface CubeRows {
	table: string;
	rows: number;
	dims: Record<string, Int32Array>;
	measures: Record<string, Float64Array>;
}

/** Mixed-radix codes up to this many are numbered through a typed lookup table, larger ones through a Map. */
const LOOKUP_LIMIT = 1 << 22;
/** Cells numbered per variant or family before a cube's pair key would leave 31 bits. */
const CELL_BITS = 15;

interface Axis {
	dims: { dim: AnyDimension; min: number; radix: number }[];
}

/**
 * Numbers the distinct combinations of some dimensions as they are seen: cell 0, 1, 2... and keeps
 * each cell's values, so a cube's rows can be written back.
 */
class Cells {
	private readonly lookup: Int32Array | null;
	private readonly map: Map<number, number> | null;
	/** Per cell, its mixed-radix code. */
	codes: number[] = [];
	/** Per batch row, its cell. */
	ofRow = new Int32Array(0);

	constructor(readonly axis: Axis) {
		const space = axis.dims.reduce((n, d) => n * d.radix, 1);
		this.lookup = space <= LOOKUP_LIMIT ? new Int32Array(space).fill(-1) : null;
		this.map = this.lookup ? null : new Map();
	}

	get count(): number {
		return this.codes.length;
	}

	number(batch: FileBatch): void {
		const NULL = -2147483648;
		const n = batch.rows;
		if (this.ofRow.length < n) this.ofRow = new Int32Array(n);
		const out = this.ofRow;
		const dims = this.axis.dims;
		const values = dims.map((d) => batch.dims[d.dim]!);
		const mins = Float64Array.from(dims, (d) => d.min);
		const radix = Float64Array.from(dims, (d) => d.radix);
		const nd = dims.length;
		const lookup = this.lookup;
		const map = this.map;
		const codes = this.codes;
		for (let i = 0; i < n; i++) {
			let code = 0;
			for (let k = 0; k < nd; k++) {
				const v = values[k][i];
				code = code * radix[k] + (v === NULL ? 0 : v - mins[k] + 1);
			}
			let cell: number;
			if (lookup) {
				cell = lookup[code];
				if (cell < 0) {
					cell = codes.length;
					codes.push(code);
					lookup[code] = cell;
				}
			} else {
				const known = map!.get(code);
				if (known === undefined) {
					cell = codes.length;
					codes.push(code);
					map!.set(code, cell);
				} else cell = known;
			}
			out[i] = cell;
		}
	}

	/** The dimension values of a cell into `out` at `row` (NULL_CODE for NULL), one column per dimension. */
	write(cell: number, out: Int32Array[], row: number): void {
		let code = this.codes[cell];
		for (let k = this.axis.dims.length - 1; k >= 0; k--) {
			const d = this.axis.dims[k];
			const digit = code % d.radix;
			code = (code - digit) / d.radix;
			out[k][row] = digit === 0 ? NULL_CODE : digit - 1 + d.min;
		}
	}
}

/** Open addressing over non-negative int32 keys: the row of each (variant cell, family cell) pair. */
class PairTable {
	private keys: Int32Array;
	private rowsOf: Int32Array;
	private mask: number;
	rows = 0;
	/** Per row, its key. */
	keyOfRow: Int32Array = new Int32Array(1024);

	constructor() {
		this.keys = new Int32Array(1 << 12).fill(-1);
		this.rowsOf = new Int32Array(1 << 12);
		this.mask = (1 << 12) - 1;
	}

	/** The row of `key`; `grow` is told the new capacity when rows must be reallocated. */
	rowOf(key: number, grow: (capacity: number) => void): number {
		let h = Math.imul(key, 0x9e3779b1) >>> 0;
		h = (h ^ (h >>> 16)) & this.mask;
		for (;;) {
			const k = this.keys[h];
			if (k === key) return this.rowsOf[h];
			if (k === -1) break;
			h = (h + 1) & this.mask;
		}
		const row = this.rows++;
		if (row >= this.keyOfRow.length) {
			const next = new Int32Array(this.keyOfRow.length * 2);
			next.set(this.keyOfRow);
			this.keyOfRow = next;
			grow(next.length);
		}
		this.keyOfRow[row] = key;
		this.keys[h] = key;
		this.rowsOf[h] = row;
		if (this.rows * 2 > this.keys.length) this.rehash();
		return row;
	}

	private rehash(): void {
		const capacity = this.keys.length * 2;
		this.keys = new Int32Array(capacity).fill(-1);
		this.rowsOf = new Int32Array(capacity);
		this.mask = capacity - 1;
		for (let r = 0; r < this.rows; r++) {
			const key = this.keyOfRow[r];
			let h = Math.imul(key, 0x9e3779b1) >>> 0;
			h = (h ^ (h >>> 16)) & this.mask;
			while (this.keys[h] !== -1) h = (h + 1) & this.mask;
			this.keys[h] = key;
			this.rowsOf[h] = r;
		}
	}
}

const MEASURES: readonly Measure[] = ['files', 'bytes', 'sized', 'minSize', 'maxSize', 'lastModified', 'lastAccessed', 'lastAdded'];
const START: Record<Measure, number> = { files: 0, bytes: 0, sized: 0, minSize: Number.NaN, maxSize: Number.NaN, lastModified: Number.NaN, lastAccessed: Number.NaN, lastAdded: Number.NaN };

/** Accumulators of one cube: per row of the pair table, each measure. */
class CubeSums {
	private readonly pairs = new PairTable();
	private readonly sums: Partial<Record<Measure, Float64Array>> = {};

	constructor(
		readonly cube: CubeDef,
		readonly variant: Cells,
		readonly family: Cells
	) {
		for (const m of cube.measures) this.sums[m] = new Float64Array(1024).fill(START[m]);
	}

	private grow = (capacity: number): void => {
		for (const m of this.cube.measures) {
			const next = new Float64Array(capacity).fill(START[m]);
			next.set(this.sums[m]!);
			this.sums[m] = next;
		}
	};

	add(batch: FileBatch, rowsOfBatch: Int32Array): void {
		const n = batch.rows;
		const v = this.variant.ofRow;
		const f = this.family.ofRow;
		const pairs = this.pairs;
		const grow = this.grow;
		// First the row of each file (growing the arrays as needed), then each measure in its own loop.
		for (let i = 0; i < n; i++) rowsOfBatch[i] = pairs.rowOf((v[i] << CELL_BITS) | f[i], grow);
		const { size, modifiedMs, accessedMs, addedMs } = batch;
		for (const m of this.cube.measures) {
			const a = this.sums[m]!;
			switch (m) {
				case 'files':
					for (let i = 0; i < n; i++) a[rowsOfBatch[i]] += 1;
					break;
				case 'bytes':
					for (let i = 0; i < n; i++) {
						const s = size[i];
						if (s === s) a[rowsOfBatch[i]] += s;
					}
					break;
				case 'sized':
					for (let i = 0; i < n; i++) if (size[i] === size[i]) a[rowsOfBatch[i]] += 1;
					break;
				case 'minSize':
					for (let i = 0; i < n; i++) {
						const s = size[i];
						const r = rowsOfBatch[i];
						if (s === s && !(a[r] <= s)) a[r] = s;
					}
					break;
				default: {
					const t = m === 'maxSize' ? size : m === 'lastModified' ? modifiedMs : m === 'lastAccessed' ? accessedMs : addedMs;
					for (let i = 0; i < n; i++) {
						const x = t[i];
						const r = rowsOfBatch[i];
						if (x === x && !(a[r] >= x)) a[r] = x;
					}
				}
			}
		}
	}

	rows(): CubeRows {
		const n = this.pairs.rows;
		const vCols = this.variant.axis.dims.map(() => new Int32Array(n));
		const fCols = this.family.axis.dims.map(() => new Int32Array(n));
		const mask = (1 << CELL_BITS) - 1;
		for (let r = 0; r < n; r++) {
			const key = this.pairs.keyOfRow[r];
			this.variant.write(key >>> CELL_BITS, vCols, r);
			this.family.write(key & mask, fCols, r);
		}
		const dims: Record<string, Int32Array> = {};
		this.variant.axis.dims.forEach((d, k) => (dims[d.dim] = vCols[k]));
		this.family.axis.dims.forEach((d, k) => (dims[d.dim] = fCols[k]));
		// The sums as they are (NaN already stands for NULL), trimmed to the rows used.
		const measures: Record<string, Float64Array> = {};
		for (const m of this.cube.measures) measures[m] = this.sums[m]!.slice(0, n);
		return { table: this.cube.table, rows: n, dims, measures };
	}

	/** Whether the pair keys still fit: past CELL_BITS cells on either side they would collide. */
	fits(): boolean {
		return this.variant.count <= 1 << (31 - CELL_BITS) && this.family.count <= 1 << CELL_BITS;
	}
}

/** Sums every cube given over the batches fed to it. */
export class CubeAccumulator {
	/** Cubes whose cells outgrew the pair keys: left to SQL (cubeSql). */
	tooWide: CubeDef[] = [];
	private readonly cells = new Map<string, Cells>();
	private sums: CubeSums[];
	private rowsOfBatch = new Int32Array(0);

	constructor(cubes: readonly CubeDef[], ranges: DimensionRanges) {
		const axisOf = (dims: readonly AnyDimension[]): Cells => {
			const key = dims.join(',');
			let c = this.cells.get(key);
			if (!c) {
				c = new Cells({
					dims: dims.map((dim) => {
						const r = ranges[dim];
						// A dimension with no value at all (every file NULL) still has its NULL slot.
						return r ? { dim, min: r.min, radix: r.max - r.min + 2 } : { dim, min: 0, radix: 1 };
					})
				});
				this.cells.set(key, c);
			}
			return c;
		};
		this.sums = cubes.map((cube) => new CubeSums(cube, axisOf(cube.variant.dims), axisOf(cube.family.dims)));
	}

	add(batch: FileBatch): void {
		for (const c of this.cells.values()) c.number(batch);
		if (this.rowsOfBatch.length < batch.rows) this.rowsOfBatch = new Int32Array(batch.rows);
		const keep: CubeSums[] = [];
		for (const s of this.sums) {
			if (!s.fits()) {
				this.tooWide.push(s.cube);
				continue;
			}
			s.add(batch, this.rowsOfBatch);
			keep.push(s);
		}
		this.sums = keep;
	}

	/** Every cube's rows (those left to SQL excepted). */
	result(): CubeRows[] {
		return this.sums.map((s) => s.rows());
	}
}

/** The range of each dimension over `r_files`. */
export function dimensionRangesSql(dims: readonly AnyDimension[]): string {
	return `SELECT ${dims.map((d) => `min(${d})::INTEGER AS "${d}_min", max(${d})::INTEGER AS "${d}_max"`).join(', ')} FROM r_files`;
}
