/**
 * Many CSV parts with one header are read as one file (workers/engine/load.ts): the join must give
 * exactly the rows of every part, once, whatever their sizes and line endings.
 */
import { expect, test } from 'vitest';
import { joinSameHeader } from '../../workers/engine/load';
import type { TablePart } from '../../workers/engine/inputs';

const part = (name: string, text: string): TablePart => ({ table: 'objects', format: 'csv', name, file: new File([text], name) });

test('parts with one header join into one CSV: tiny and large parts, with and without a final newline, CRLF', async () => {
	const header = 'objectId,size\r\n';
	const big = Array.from({ length: 1000 }, (_, i) => `b${i},${i}`).join('\r\n'); // > 4 KB, no final newline
	const parts = [part('a.csv', `${header}a1,1\r\n`), part('b.csv', `${header}${big}`), part('c.csv', `${header}c1,3`), part('d.csv', header)];
	const [joined] = await joinSameHeader(parts);
	const text = await joined.file.text();
	const lines = text.split(/\r?\n/).filter((l) => l !== '');
	expect(lines[0]).toBe('objectId,size');
	expect(lines.slice(1)).toEqual(['a1,1', ...big.split('\r\n'), 'c1,3']);
	expect(lines.filter((l) => l === 'objectId,size')).toHaveLength(1);
});

test('parts whose headers differ (or hold quotes) are left apart for DuckDB to union by name', async () => {
	const differ = [part('a.csv', 'objectId,size\na,1\n'), part('b.csv', 'objectId,name\nb,x\n')];
	expect(await joinSameHeader(differ)).toBe(differ);
	const quoted = [part('a.csv', '"objectId",size\na,1\n'), part('b.csv', '"objectId",size\nb,2\n')];
	expect(await joinSameHeader(quoted)).toBe(quoted);
});
