import { describe, expect, test } from 'vitest';
import { tableForPath } from '../../workers/engine/inputs';
import { formatBytes, formatCount } from '$lib/format';
import { unitFromVotes } from '$lib/model/times';

describe('tableForPath', () => {
	test.each([
		['objects.parquet', 'objects'],
		['OBJECTS.csv', 'objects'],
		['export/instances/part-0.parquet', 'instances'],
		['objects/year=2024/part-00001.parquet', 'objects'],
		['parentpaths.csv', 'parentPaths'],
		['my-listing.csv', 'my-listing'],
		['objects_part3.parquet', 'objects']
	])('%s → %s', (path, table) => expect(tableForPath(path)).toBe(table));
});

describe('formatting for people', () => {
	test('counts and bytes', () => {
		expect(formatCount(3456789)).toBe('3,456,789');
		expect(formatBytes(0)).toBe('0 bytes');
		expect(formatBytes(1)).toBe('1 byte');
		expect(formatBytes(1536)).toBe('1.50 KB');
		expect(formatBytes(1.2 * 1024 ** 3)).toBe('1.20 GB');
		expect(formatBytes(null)).toBe('—');
	});
});

describe('time unit majority', () => {
	test('majority wins, ties go to milliseconds', () => {
		expect(unitFromVotes(10, 2, 0)).toBe('seconds');
		expect(unitFromVotes(2, 10, 0)).toBe('milliseconds');
		expect(unitFromVotes(5, 5, 0)).toBe('milliseconds');
		expect(unitFromVotes(0, 0, 3)).toBe('microseconds');
		expect(unitFromVotes(0, 0, 0)).toBe('milliseconds');
	});
});
