/**
 * The cube accumulator on a few files whose cubes are known by hand: the dimensions' ranges are not
 * known in advance (they widen as batches bring new values), and files summed before their
 * duplicate flags were known are moved to them afterwards (amend).
 */
import { describe, expect, it } from 'vitest';
import { CubeAccumulator, NULL_CODE, type CubeRows, type FileBatch } from '$lib/model/cube-accumulate';
import type { CubeDef, CubeFamily, CubeVariant } from '$lib/model/report-build';
import type { AnyDimension } from '$lib/model/dimensions';

const N = NULL_CODE;
const variant: CubeVariant = { id: 'ext', dims: ['extension'] };
const family: CubeFamily = { id: 't', dims: ['sizeBand', 'redundant'], measures: ['files', 'bytes'], variants: [variant] };
const cube: CubeDef = { table: 'r_t_ext', family, variant, dims: ['extension', 'sizeBand', 'redundant'], measures: ['files', 'bytes'] };
const latest: CubeDef = {
	table: 'r_l_ext',
	family: { id: 'l', dims: ['sizeBand'], measures: ['lastModified'], variants: [variant] },
	variant,
	dims: ['extension', 'sizeBand'],
	measures: ['lastModified']
};

function batch(dims: Partial<Record<AnyDimension, number[]>>, size: number[], modified: number[] = size.map(() => Number.NaN)): FileBatch {
	const none = new Float64Array(0);
	return {
		rows: size.length,
		dims: Object.fromEntries(Object.entries(dims).map(([d, v]) => [d, Int32Array.from(v)])),
		size: Float64Array.from(size),
		modifiedMs: Float64Array.from(modified),
		accessedMs: none,
		addedMs: none
	};
}

/** A cube's rows as "dims → measures" strings, sorted. */
function rowsOf(c: CubeRows): string[] {
	const out: string[] = [];
	for (let i = 0; i < c.rows; i++) {
		const key = Object.values(c.dims).map((col) => (col[i] === N ? 'null' : String(col[i])));
		const m = Object.values(c.measures).map((col) => String(col[i]));
		out.push(`${key.join(',')} → ${m.join(',')}`);
	}
	return out.sort();
}

describe('the cube accumulator', () => {
	it('widens the ranges as new values come, and moves amended files to their flags', () => {
		const acc = new CubeAccumulator([cube]);
		acc.add(batch({ extension: [1, 1, 2], sizeBand: [0, 0, 1], redundant: [0, 0, 0] }, [10, 20, 30]));
		// New values on both sides of the ranges seen (extension 5, NULL; size band 3, and -1 below 0).
		acc.add(batch({ extension: [5, N, 1], sizeBand: [3, 0, -1], redundant: [0, 0, 0] }, [40, Number.NaN, 7]));
		// The file of 20 bytes turns out to be a redundant copy; the file of 7 bytes too.
		acc.amend(batch({ extension: [1, 1], sizeBand: [0, -1], redundant: [1, 1] }, [20, 7]), ['redundant'], { redundant: Int32Array.from([0, 0]) });
		const [out] = acc.result();
		expect(out.table).toBe('r_t_ext');
		// extension, sizeBand, redundant → files, bytes (the row emptied by the move is gone).
		expect(rowsOf(out)).toEqual(['1,-1,1 → 1,7', '1,0,0 → 1,10', '1,0,1 → 1,20', '2,1,0 → 1,30', '5,3,0 → 1,40', 'null,0,0 → 1,0'].sort());
	});

	it('keeps the latest time per cell, and refuses to take a file out of a maximum', () => {
		const acc = new CubeAccumulator([latest]);
		acc.add(batch({ extension: [3, 3, 9], sizeBand: [2, 2, 2] }, [1, 1, 1], [100, 300, 200]));
		expect(rowsOf(acc.result()[0])).toEqual(['3,2 → 300', '9,2 → 200']);
		expect(() => acc.amend(batch({ extension: [3], sizeBand: [2] }, [1], [300]), ['sizeBand'], { sizeBand: Int32Array.from([1]) })).toThrow(/cannot be taken out/);
	});
});
