/**
 * The report cubes summed in one pass over the per-file codes, in plain typed arrays: the engine
 * hands over each file's codes once and every cube gets its rows, instead of one GROUP BY per cube
 * (each a full scan, and in DuckDB-WASM's single thread most of the report build's time). The result is exactly
 * cubeSql's (src/lib/model/report-build.ts): a unit test compares the two.
 *
 * A cube's key is its variant's dimensions and its family's (CUBE_FAMILIES); cubes share both, so
 * each row's variant cell and family cell are numbered once per batch (a small table per variant and
 * per family turns a mixed-radix code into a dense number) and each cube adds the row to the cell
 * keyed by the pair: at a computed place while the pairs are few (DenseSums), through a hash table
 * once they are many (HashedSums). Files come in no useful order, so each file meeting each cube
 * costs a random touch of memory; both kinds keep that to one or two. Pure and synchronous: the
 * worker feeds it record batches.
 *
 * Nothing needs to be known before the first batch: each dimension's range grows with the values
 * seen, so the worker sums each slice of `r_codes` as it is written (while DuckDB writes the next),
 * and the duplicate flags, known only once every file is coded, are set afterwards by `amend`.
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

/** The smallest and largest value each dimension takes (NULL aside) in what was seen so far. */
type DimensionRanges = Partial<Record<AnyDimension, { min: number; max: number }>>;

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
 * each cell's values, so a cube's rows can be written back. A cell keeps its number when the ranges
 * widen (only its mixed-radix code changes), so the cubes' rows never move.
 */
class Cells {
	private lookup: Int32Array | null = null;
	private map: Map<number, number> | null = null;
	/** Per cell, its mixed-radix code. */
	codes: number[] = [];
	/** Per batch row, its cell. */
	ofRow = new Int32Array(0);

	constructor(public axis: Axis) {
		this.index();
	}

	get count(): number {
		return this.codes.length;
	}

	/** Code → cell for the current radices: a typed table while the codes are few, else a Map. */
	private index(): void {
		const space = this.axis.dims.reduce((n, d) => n * d.radix, 1);
		const lookup = space <= LOOKUP_LIMIT ? new Int32Array(space).fill(-1) : null;
		const map = lookup ? null : new Map<number, number>();
		this.codes.forEach((code, cell) => (lookup ? (lookup[code] = cell) : map!.set(code, cell)));
		this.lookup = lookup;
		this.map = map;
	}

	/** Room for the values in `seen`: every dimension's range grown to hold them, the cells' codes rewritten. */
	widen(seen: DimensionRanges): void {
		const old = this.axis.dims;
		const next = old.map((d) => {
			const s = seen[d.dim];
			if (!s) return d;
			// radix 1: no value yet, only the NULL slot.
			const min = d.radix > 1 ? Math.min(d.min, s.min) : s.min;
			const max = d.radix > 1 ? Math.max(d.min + d.radix - 2, s.max) : s.max;
			return { dim: d.dim, min, radix: max - min + 2 };
		});
		if (next.every((d, k) => d.min === old[k].min && d.radix === old[k].radix)) return;
		const digits = new Array<number>(old.length);
		this.codes = this.codes.map((code) => {
			for (let k = old.length - 1; k >= 0; k--) {
				const digit = code % old[k].radix;
				code = (code - digit) / old[k].radix;
				digits[k] = digit === 0 ? 0 : digit - 1 + old[k].min - next[k].min + 1;
			}
			return digits.reduce((c, digit, k) => c * next[k].radix + digit, 0);
		});
		this.axis = { dims: next };
		this.index();
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

const MEASURES: readonly Measure[] = ['files', 'bytes', 'sized', 'minSize', 'maxSize', 'lastModified', 'lastAccessed', 'lastAdded'];
const START: Record<Measure, number> = { files: 0, bytes: 0, sized: 0, minSize: Number.NaN, maxSize: Number.NaN, lastModified: Number.NaN, lastAccessed: Number.NaN, lastAdded: Number.NaN };

/**
 * A cube's measures in the order they are stored per row: `files` first when the cube counts files
 * (a dense table's row with no file is an unused one).
 */
const storedMeasures = (cube: CubeDef): Measure[] => MEASURES.filter((m) => cube.measures.includes(m));

/** `rows` rows of measures, each at its starting value. */
function blankRows(measures: readonly Measure[], rows: number): Float64Array {
	const w = measures.length;
	const a = new Float64Array(rows * w);
	measures.forEach((m, j) => {
		if (START[m] !== 0) for (let r = 0; r < rows; r++) a[r * w + j] = START[m];
	});
	return a;
}

/** Measures a file can be taken out of again (amend): counts and sums, not a min or max. */
const ADDITIVE: ReadonlySet<Measure> = new Set(['files', 'bytes', 'sized']);

/**
 * Adds a batch's files to the rows they belong to (file i's row begins at `a[place[i]]`), or with
 * `sign` -1 takes them out of the counts and sums they were added to.
 */
function addMeasures(a: Float64Array, place: Int32Array, measures: readonly Measure[], batch: FileBatch, sign: 1 | -1): void {
	const n = batch.rows;
	const { size, modifiedMs, accessedMs, addedMs } = batch;
	for (let j = 0; j < measures.length; j++) {
		const m = measures[j];
		if (sign < 0 && !ADDITIVE.has(m)) throw new Error(`a file cannot be taken out of ${m}`);
		switch (m) {
			case 'files':
				for (let i = 0; i < n; i++) a[place[i] + j] += sign;
				break;
			case 'bytes':
				for (let i = 0; i < n; i++) {
					const s = size[i];
					if (s === s) a[place[i] + j] += sign * s;
				}
				break;
			case 'sized':
				for (let i = 0; i < n; i++) if (size[i] === size[i]) a[place[i] + j] += sign;
				break;
			case 'minSize':
				for (let i = 0; i < n; i++) {
					const s = size[i];
					const r = place[i] + j;
					if (s === s && !(a[r] <= s)) a[r] = s;
				}
				break;
			default: {
				const t = m === 'maxSize' ? size : m === 'lastModified' ? modifiedMs : m === 'lastAccessed' ? accessedMs : addedMs;
				for (let i = 0; i < n; i++) {
					const x = t[i];
					const r = place[i] + j;
					if (x === x && !(a[r] >= x)) a[r] = x;
				}
			}
		}
	}
}

/** How a cube's rows are held while summing (a test checks that both ran). */
export type SumsKind = 'dense' | 'hashed';

/** One cube's rows while summing, whichever way they are held: its axes and measures, stored in order. */
abstract class Sums {
	abstract readonly kind: SumsKind;
	readonly measures: readonly Measure[];
	/** Doubles per row: one per measure. */
	protected readonly w: number;

	constructor(
		readonly cube: CubeDef,
		readonly variant: Cells,
		readonly family: Cells
	) {
		this.measures = storedMeasures(cube);
		this.w = this.measures.length;
	}

	/** Add a batch (or take it out: sign -1); false when a dense table would outgrow DENSE_LIMIT (nothing added: the caller moves the rows to a hashed table). */
	abstract add(batch: FileBatch, place: Int32Array, sign: 1 | -1): boolean;
	/** Every used row: its pair key and where its measures begin in `sums`. */
	abstract each(visit: (key: number, sums: Float64Array, at: number) => void): void;
	abstract readonly used: number;

	/** Whether the pair keys still fit: past CELL_BITS cells on either side they would collide. */
	fits(): boolean {
		return this.variant.count <= 1 << (31 - CELL_BITS) && this.family.count <= 1 << CELL_BITS;
	}
}

/** Doubles a dense table may hold before its cube moves to a hashed one. */
const DENSE_LIMIT = 1 << 21;

/**
 * A cube whose variant cells × family cells stay few: every pair has its row at a computed place
 * (variant cell · family capacity + family cell), no probing. Most families have a few dozen cells
 * (a band and a year, a service), so most cubes are this kind, and adding a file is one touch of memory.
 */
class DenseSums extends Sums {
	readonly kind = 'dense';
	private familyBits = 3;
	private variantCap = 256;
	private sums = blankRows(this.measures, this.variantCap << this.familyBits);

	get used(): number {
		let n = 0;
		this.each(() => n++);
		return n;
	}

	/** Room for every cell seen so far, the rows moved to their new places; false past DENSE_LIMIT. */
	private fit(): boolean {
		let bits = this.familyBits;
		let cap = this.variantCap;
		while (1 << bits < this.family.count) bits++;
		while (cap < this.variant.count) cap *= 2;
		if (bits === this.familyBits && cap === this.variantCap) return true;
		if ((cap << bits) * this.w > DENSE_LIMIT) return false;
		const next = blankRows(this.measures, cap << bits);
		const w = this.w;
		for (let v = 0; v < this.variantCap; v++)
			for (let f = 0; f < 1 << this.familyBits; f++) {
				const from = ((v << this.familyBits) | f) * w;
				next.set(this.sums.subarray(from, from + w), ((v << bits) | f) * w);
			}
		this.sums = next;
		this.familyBits = bits;
		this.variantCap = cap;
		return true;
	}

	add(batch: FileBatch, place: Int32Array, sign: 1 | -1): boolean {
		if (!this.fit()) return false;
		const v = this.variant.ofRow;
		const f = this.family.ofRow;
		const bits = this.familyBits;
		const w = this.w;
		for (let i = 0; i < batch.rows; i++) place[i] = ((v[i] << bits) | f[i]) * w;
		addMeasures(this.sums, place, this.measures, batch, sign);
		return true;
	}

	each(visit: (key: number, sums: Float64Array, at: number) => void): void {
		const w = this.w;
		// Cells seen in a batch not added yet (one that did not fit) have no row.
		const variants = Math.min(this.variant.count, this.variantCap);
		const families = Math.min(this.family.count, 1 << this.familyBits);
		for (let v = 0; v < variants; v++)
			for (let f = 0; f < families; f++) {
				const at = ((v << this.familyBits) | f) * w;
				if (this.sums[at] > 0) visit((v << CELL_BITS) | f, this.sums, at);
			}
	}
}

/**
 * A cube with many pairs (the Cleanup flags, the size buckets): open addressing over the pair keys,
 * each slot its key and its row side by side (one cache line per probe), the rows' measures apart.
 */
class HashedSums extends Sums {
	readonly kind = 'hashed';
	/** Slot i: key at 2i (-1 when empty), row at 2i + 1. */
	private slots = new Int32Array(2 << 12).fill(-1);
	private mask = (1 << 12) - 1;
	private rows = 0;
	/** Per row, its key. */
	private keyOfRow = new Int32Array(1024);
	private sums = blankRows(this.measures, this.keyOfRow.length);

	get used(): number {
		let n = 0;
		this.each(() => n++);
		return n;
	}

	/** A new row for `key`, whose probe ended at empty slot `h`. */
	private insert(key: number, h: number): number {
		const row = this.rows++;
		if (row >= this.keyOfRow.length) {
			const keys = new Int32Array(this.keyOfRow.length * 2);
			keys.set(this.keyOfRow);
			this.keyOfRow = keys;
			const sums = blankRows(this.measures, keys.length);
			sums.set(this.sums);
			this.sums = sums;
		}
		this.keyOfRow[row] = key;
		this.slots[h << 1] = key;
		this.slots[(h << 1) + 1] = row;
		if (this.rows * 2 > this.mask + 1) this.rehash();
		return row;
	}

	private rehash(): void {
		const capacity = (this.mask + 1) * 2;
		const slots = new Int32Array(capacity * 2).fill(-1);
		const mask = capacity - 1;
		for (let r = 0; r < this.rows; r++) {
			const key = this.keyOfRow[r];
			let h = slotOf(key, mask);
			while (slots[h << 1] !== -1) h = (h + 1) & mask;
			slots[h << 1] = key;
			slots[(h << 1) + 1] = r;
		}
		this.slots = slots;
		this.mask = mask;
	}

	/** The row of `key`, made when new. */
	private rowOf(key: number): number {
		let h = slotOf(key, this.mask);
		for (;;) {
			const k = this.slots[h << 1];
			if (k === key) return this.slots[(h << 1) + 1];
			if (k === -1) return this.insert(key, h);
			h = (h + 1) & this.mask;
		}
	}

	/** A row moved in from a dense table (its key not here yet). */
	absorb(key: number, sums: Float64Array, at: number): void {
		const row = this.rowOf(key);
		this.sums.set(sums.subarray(at, at + this.w), row * this.w);
	}

	add(batch: FileBatch, place: Int32Array, sign: 1 | -1): boolean {
		const n = batch.rows;
		const v = this.variant.ofRow;
		const f = this.family.ofRow;
		const w = this.w;
		// The probe inlined (this loop runs for every file and cube); a new key goes through insert.
		let slots = this.slots;
		let mask = this.mask;
		for (let i = 0; i < n; i++) {
			const key = (v[i] << CELL_BITS) | f[i];
			let h = slotOf(key, mask);
			for (;;) {
				const k = slots[h << 1];
				if (k === key) {
					place[i] = slots[(h << 1) + 1] * w;
					break;
				}
				if (k === -1) {
					place[i] = this.insert(key, h) * w;
					slots = this.slots;
					mask = this.mask;
					break;
				}
				h = (h + 1) & mask;
			}
		}
		addMeasures(this.sums, place, this.measures, batch, sign);
		return true;
	}

	each(visit: (key: number, sums: Float64Array, at: number) => void): void {
		// A row whose files were all taken out again (amend) is no row of the cube.
		const counted = this.measures[0] === 'files';
		for (let r = 0; r < this.rows; r++) if (!counted || this.sums[r * this.w] > 0) visit(this.keyOfRow[r], this.sums, r * this.w);
	}
}

/** The first slot probed for a key in a table of mask + 1 slots. */
function slotOf(key: number, mask: number): number {
	const h = Math.imul(key, 0x9e3779b1) >>> 0;
	return (h ^ (h >>> 16)) & mask;
}

/** A cube's rows as typed columns, from its sums. */
function cubeRows(s: Sums): CubeRows {
	const { variant, family, measures } = s;
	const n = s.used;
	const vCols = variant.axis.dims.map(() => new Int32Array(n));
	const fCols = family.axis.dims.map(() => new Int32Array(n));
	const mCols = measures.map(() => new Float64Array(n));
	const cellMask = (1 << CELL_BITS) - 1;
	let r = 0;
	s.each((key, sums, at) => {
		variant.write(key >>> CELL_BITS, vCols, r);
		family.write(key & cellMask, fCols, r);
		// The sums as they are (NaN already stands for NULL).
		for (let j = 0; j < mCols.length; j++) mCols[j][r] = sums[at + j];
		r++;
	});
	const dims: Record<string, Int32Array> = {};
	variant.axis.dims.forEach((d, k) => (dims[d.dim] = vCols[k]));
	family.axis.dims.forEach((d, k) => (dims[d.dim] = fCols[k]));
	const out: Record<string, Float64Array> = {};
	for (const m of s.cube.measures) out[m] = mCols[measures.indexOf(m)];
	return { table: s.cube.table, rows: n, dims, measures: out };
}

/** Sums every cube given over the batches fed to it. */
export class CubeAccumulator {
	/** Cubes whose cells outgrew the pair keys: left to SQL (cubeSql). */
	tooWide: CubeDef[] = [];
	private readonly cells = new Map<string, Cells>();
	private summing: Sums[];
	private place = new Int32Array(0);
	/** Cubes that began dense and moved to a hashed table with rows in them. */
	private readonly moved = new Set<string>();

	constructor(cubes: readonly CubeDef[]) {
		const axisOf = (dims: readonly AnyDimension[]): Cells => {
			const key = dims.join(',');
			let c = this.cells.get(key);
			if (!c) {
				// No value seen yet: only the NULL slot (widen makes room as values come).
				c = new Cells({ dims: dims.map((dim) => ({ dim, min: 0, radix: 1 })) });
				this.cells.set(key, c);
			}
			return c;
		};
		this.summing = cubes.map((cube) => {
			const variant = axisOf(cube.variant.dims);
			const family = axisOf(cube.family.dims);
			// A dense table tells a used row by its file count: a cube without one is hashed from the start.
			return cube.measures.includes('files') ? new DenseSums(cube, variant, family) : new HashedSums(cube, variant, family);
		});
	}

	add(batch: FileBatch): void {
		this.sum(() => true, batch, 1);
	}

	/**
	 * Files added with some dimensions' values that turned out otherwise (the duplicate flags, known
	 * once every file is coded): in each cube keyed by one of `changed`, each file is taken out of
	 * the row it was added to (its values in `before`) and added to its own. Such cubes may only
	 * count and sum.
	 */
	amend(batch: FileBatch, changed: readonly AnyDimension[], before: FileBatch['dims']): void {
		const touched = (cube: CubeDef) => changed.some((d) => cube.dims.includes(d));
		this.sum(touched, { ...batch, dims: { ...batch.dims, ...before } }, -1);
		this.sum(touched, batch, 1);
	}

	/** Add a batch to the cubes `which` picks, or take it out of them (sign -1). */
	private sum(which: (cube: CubeDef) => boolean, batch: FileBatch, sign: 1 | -1): void {
		const cubes = this.summing.filter((s) => which(s.cube));
		const axes = [...new Set(cubes.flatMap((s) => [s.variant, s.family]))];
		const seen = rangesOf(batch, [...new Set(axes.flatMap((c) => c.axis.dims.map((d) => d.dim)))]);
		for (const c of axes) {
			c.widen(seen);
			c.number(batch);
		}
		if (this.place.length < batch.rows) this.place = new Int32Array(batch.rows);
		const next: Sums[] = [];
		for (const s of this.summing) {
			if (!which(s.cube)) next.push(s);
			else if (!s.fits()) this.tooWide.push(s.cube);
			else if (s.add(batch, this.place, sign)) next.push(s);
			else {
				// Too many pairs for a dense table: its rows move to a hashed one, which takes the batch.
				const hashed = new HashedSums(s.cube, s.variant, s.family);
				s.each((key, sums, at) => hashed.absorb(key, sums, at));
				if (hashed.used > 0) this.moved.add(hashed.cube.table);
				hashed.add(batch, this.place, sign);
				next.push(hashed);
			}
		}
		this.summing = next;
	}

	/** How each cube's rows are held, by table ('moved': dense at first, then hashed). */
	kinds(): Record<string, SumsKind | 'moved'> {
		return Object.fromEntries(this.summing.map((s) => [s.cube.table, this.moved.has(s.cube.table) ? 'moved' : s.kind]));
	}

	/** Every cube's rows (those left to SQL excepted). */
	result(): CubeRows[] {
		return this.summing.map(cubeRows);
	}
}

/** Each dimension's smallest and largest value in a batch (NULL aside; none when every value is NULL). */
function rangesOf(batch: FileBatch, dims: readonly AnyDimension[]): DimensionRanges {
	const out: DimensionRanges = {};
	for (const d of dims) {
		const values = batch.dims[d];
		if (!values) continue;
		let min = Infinity;
		let max = -Infinity;
		for (let i = 0; i < batch.rows; i++) {
			const v = values[i];
			if (v === NULL_CODE) continue;
			if (v < min) min = v;
			if (v > max) max = v;
		}
		if (min <= max) out[d] = { min, max };
	}
	return out;
}
