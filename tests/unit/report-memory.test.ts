/**
 * The engine's memory of a report build's answers: a statement's rows are read once for the life of
 * the build (its tables never change), small answers only, the least recently asked dropped first.
 */
import { expect, test } from 'vitest';
import { ReportMemory } from '../../workers/engine/report-memory';
import type { DuckDBHost } from '../../workers/engine/duckdb';

/** A host with empty dictionaries (all ReportMemory.load reads). */
const host = { rows: async () => [] } as unknown as DuckDBHost;

test('a statement is read once; another text is read again', async () => {
	const memory = await ReportMemory.load(host);
	let reads = 0;
	const read = async () => (reads++, [{ service: 'File System', storeCost: 0.02 }]);
	expect(await memory.answer('SELECT 1', read)).toEqual([{ service: 'File System', storeCost: 0.02 }]);
	expect(await memory.answer('SELECT 1', read)).toEqual([{ service: 'File System', storeCost: 0.02 }]);
	expect(reads).toBe(1);
	await memory.answer('SELECT 2', read);
	expect(reads).toBe(2);
});

test('a large answer is not kept, and the oldest of many is dropped', async () => {
	const memory = await ReportMemory.load(host);
	let reads = 0;
	const large = async () => (reads++, Array.from({ length: 2001 }, (_, i) => ({ i })));
	await memory.answer('large', large);
	await memory.answer('large', large);
	expect(reads).toBe(2);
	const small = async () => (reads++, [{ i: 0 }]);
	for (let i = 0; i < 201; i++) await memory.answer(`q${i}`, small);
	reads = 0;
	await memory.answer('q200', small);
	await memory.answer('q1', small);
	expect(reads).toBe(0);
	await memory.answer('q0', small);
	expect(reads).toBe(1);
});
