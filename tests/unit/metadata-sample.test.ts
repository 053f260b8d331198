/** Which row groups of a Parquet instances file are read for Metadata Insights. */
import { describe, expect, it } from 'vitest';
import { spreadRowGroups } from '../../src/lib/model/metadata-sample';

const groups = (sizes: number[]) => sizes.map((rows, i) => ({ i, rows }));

describe('spreadRowGroups', () => {
	it('takes everything when the file holds fewer rows than asked', () => {
		expect(spreadRowGroups(groups([100, 100]), 200).map((g) => g.i)).toEqual([0, 1]);
		expect(spreadRowGroups(groups([114_497]), 150_000).map((g) => g.i)).toEqual([0]);
	});

	it('spreads whole groups evenly: the k-th of n at the middle of the k-th n-th', () => {
		// 10 groups of 100 rows, 300 asked: 3 groups, at 1.67 → 1, 5 → 5, 8.33 → 8.
		expect(spreadRowGroups(groups(Array(10).fill(100)), 300).map((g) => g.i)).toEqual([1, 5, 8]);
		// 82 groups of 122,880 rows (a 10M-row file), 150,000 asked: 2 groups, a quarter and three quarters in.
		expect(spreadRowGroups(groups(Array(82).fill(122_880)), 150_000).map((g) => g.i)).toEqual([20, 61]);
	});

	it('never returns an empty choice for a non-empty file', () => {
		expect(spreadRowGroups(groups([1_000_000]), 10).map((g) => g.i)).toEqual([0]);
	});
});
