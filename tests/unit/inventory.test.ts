/** Generic inventories: column guessing, and the files view over a listing with known answers. */
import { describe, expect, test } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { guessMapping, inventoryFilesViewSql, mappingComplete } from '$lib/model/inventory';

const col = (name: string, type = 'VARCHAR') => ({ name, type });

describe('guessMapping', () => {
	test('PowerShell Get-ChildItem | Export-Csv', () => {
		const m = guessMapping('listing', [col('FullName'), col('Name'), col('DirectoryName'), col('Length', 'BIGINT'), col('LastWriteTime'), col('CreationTime'), col('Extension')]);
		expect(m).toMatchObject({ path: 'FullName', size: 'Length', modified: 'LastWriteTime', created: 'CreationTime', extension: 'Extension' });
		expect(mappingComplete(m)).toBe(true);
	});

	test('find -printf with unknown headers cannot be guessed', () => {
		const m = guessMapping('listing', [col('a'), col('b', 'BIGINT'), col('c', 'BIGINT')]);
		expect(mappingComplete(m)).toBe(false);
	});
});

test('a Windows listing becomes files with folders, names, extensions and clean times', async () => {
	const db = await DuckDBInstance.create(':memory:');
	const conn = await db.connect();
	await conn.run(`CREATE TABLE listing AS SELECT * FROM (VALUES
		('D:\\data\\HR\\Plan.DOCX', 2048, '2024-03-01 10:00:00'),
		('D:\\data\\HR\\notes', 10, '1970-01-01 00:00:00'),
		('D:\\data\\IT\\a.tar.gz', NULL, 'not a date')
	) AS t(FullName, Length, LastWriteTime)`);
	const asOf = Date.UTC(2025, 0, 1);
	const m = guessMapping('listing', [col('FullName'), col('Length', 'INTEGER'), col('LastWriteTime')]);
	await conn.run(inventoryFilesViewSql({ ref: 'listing', columns: [] }, m, { modified: 'text' }, asOf));
	const reader = await conn.runAndReadAll(`SELECT folder, name, extension, size, epoch_ms(modified) AS modified FROM files ORDER BY name`);
	expect(reader.getRowObjectsJS()).toEqual([
		{ folder: 'D:/data/HR/', name: 'Plan.DOCX', extension: 'docx', size: 2048n, modified: BigInt(Date.UTC(2024, 2, 1, 10)) },
		{ folder: 'D:/data/IT/', name: 'a.tar.gz', extension: 'gz', size: null, modified: null },
		{ folder: 'D:/data/HR/', name: 'notes', extension: '', size: 10n, modified: null }
	]);
});
