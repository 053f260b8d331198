/** The result cache weighs a result about as its JSON length, without stringifying it. */
import { describe, expect, test } from 'vitest';
import { MemoryLru, sizeOf } from '../../src/lib/cache/memory';

describe('sizeOf', () => {
	test('small values: exactly their JSON length', () => {
		for (const v of [null, 0, 12.5, 'pdf', true, false, [], {}, [1, 'a', null], { a: 1, b: [2, 3], c: { d: 'x' } }]) {
			expect(sizeOf(v)).toBe(JSON.stringify(v).length);
		}
	});
	test('a long array of rows: within a few percent of its JSON length', () => {
		const rows = Array.from({ length: 50_000 }, (_, i) => ({ size: (i * 7919) % 1_000_003, modified: 1_600_000_000_000 + i * 13, extension: ['pdf', 'docx', 'jpeg'][i % 3] }));
		const exact = JSON.stringify({ tables: { points: rows } }).length;
		expect(Math.abs(sizeOf({ tables: { points: rows } }) - exact) / exact).toBeLessThan(0.05);
	});
});

describe('MemoryLru', () => {
	test('evicts the least recently used entry over its budget', () => {
		const lru = new MemoryLru<string>(30);
		lru.set('a', 'x'.repeat(10));
		lru.set('b', 'y'.repeat(10));
		expect(lru.get('a')).toBe('x'.repeat(10));
		lru.set('c', 'z'.repeat(10));
		expect(lru.get('b')).toBeUndefined();
		expect(lru.get('a')).toBeDefined();
		expect(lru.get('c')).toBeDefined();
	});
});
