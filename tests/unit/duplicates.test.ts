/**
 * Duplicate objectIds (docs/MODEL.md, "Duplicate objectIds"): an objectId that appears more than
 * once in `objects` is one file, its newest row by createdAt. Native DuckDB runs the model's SQL over
 * a hand-made export whose answers are worked out below.
 */
import { beforeAll, expect, test } from 'vitest';
import { buildModelDb, type Rows } from '../fixtures/model-db';
import { ExportShape } from '$lib/model/shape';
import { duplicatedObjectIdsSql, extraObjectRowsSql, filesViewSql } from '$lib/model/files-view';
import { slicesFor } from '$lib/model/partitions';
import { cleaningNotes } from '$lib/model/notes';
import { AS_OF_MS, EXPECTED, TINY_TABLES } from '../fixtures/tiny-export';

const DAY = 86_400_000;
const ms = (daysAgo: number) => AS_OF_MS - daysAgo * DAY;

const OBJECTS = `CREATE TABLE objects AS SELECT * FROM (VALUES
	('d1', 'p1', 'idxobject', 'new.txt', 10, ${ms(10)}),      -- kept: newest createdAt
	('d1', 'p1', 'idxobject', 'old.doc', 20, ${ms(100)}),
	('d1', 'p2', 'idxobject', 'junk.pdf', 40, 0),              -- createdAt junk: sorts last, even though 0
	('d2', 'p1', 'idxobject', 'b.csv', 7, ${ms(5)}),
	('d2', 'p1', 'idxobject', 'a.csv', 5, ${ms(5)}),           -- kept: same createdAt, first by name
	('d3', 'p2', 'idxobject', 'c.txt', 100, ${ms(50)}),        -- kept: once as a file
	('d3', 'p2', 'idxcontainer', 'c-folder', NULL, ${ms(1)}),  -- a folder row with the same id never hides the file
	('k1', 'p0', 'idxcontainer', 'HR', NULL, ${ms(500)}),      -- folders repeating an id are not files: not counted
	('k1', 'p0', 'idxcontainer', 'HR', NULL, ${ms(500)}),
	(NULL, 'p1', 'idxobject', 'n1.txt', 1, ${ms(3)}),         -- no objectId: each row is its own file
	(NULL, 'p1', 'idxobject', 'n2.txt', 2, ${ms(3)})
) AS t(objectId, parentId, classId, name, primarySize, createdAt)`;
const PARENTS = `CREATE TABLE parentPaths AS SELECT * FROM (VALUES ('p1', 'Shares/h/data/a/'), ('p2', 'Shares/h/data/b/')) AS t(parentId, parentPath)`;

let rows: Rows;
beforeAll(async () => {
	({ rows } = await buildModelDb(
		[
			{ table: 'objects', sql: OBJECTS },
			{ table: 'parentPaths', sql: PARENTS }
		],
		AS_OF_MS
	));
});

test('the cheap check counts repeated rows among files only, and which ids repeat', async () => {
	const shape = new ExportShape();
	shape.add('objects', 'objects', ['objectId', 'classId'].map((name) => ({ name, type: 'VARCHAR' })));
	// d1 three times and d2 twice: 3 extra rows, 2 objectIds (k1 is a folder, NULL is no id).
	expect(Number((await rows(extraObjectRowsSql(shape)))[0].extra)).toBe(3);
	expect(Number((await rows(duplicatedObjectIdsSql(shape)))[0].ids)).toBe(2);
	expect(cleaningNotes({ undatedModified: 0, unsized: 0, duplicateIds: 2, extraRows: 3 })[0].text).toBe(
		'2 objectIds appear more than once in objects (3 extra rows): each file is counted once, as its newest row.'
	);
});

test('counted slice by slice (as a sliced open does), the repeats add up to the same, and each slice keeps the same rows', async () => {
	const shape = new ExportShape();
	shape.add('objects', 'objects', ['objectId', 'classId'].map((name) => ({ name, type: 'VARCHAR' })));
	for (const bounds of [[], ['d2'], ['d1', 'd2', 'd3'], ['a', 'd1x', 'z']]) {
		const slices = slicesFor(3, bounds);
		let extra = 0;
		let ids = 0;
		for (const slice of slices) {
			extra += Number((await rows(extraObjectRowsSql(shape, slice)))[0].extra);
			ids += Number((await rows(duplicatedObjectIdsSql(shape, slice)))[0].ids);
		}
		expect({ bounds, extra, ids }).toEqual({ bounds, extra: 3, ids: 2 });
	}
	// The files of every slice, each de-duplicated on its own, are the files of the whole export.
	const whole = await rows(`SELECT objectId, name FROM files ORDER BY ALL`);
	const full = await rows(`SELECT table_name, column_name, upper(data_type) AS t FROM information_schema.columns WHERE table_name IN ('objects', 'parentPaths') ORDER BY table_name, ordinal_position`);
	const shapeAll = new ExportShape();
	for (const t of ['objects', 'parentPaths']) shapeAll.add(t, `"${t}"`, full.filter((c) => c.table_name === t).map((c) => ({ name: String(c.column_name), type: String(c.t) })));
	const parts: Record<string, unknown>[] = [];
	for (const slice of slicesFor(3, ['d2'])) {
		const view = filesViewSql(shapeAll, { 'objects.createdAt': 'milliseconds' }, AS_OF_MS, slice, { dedupe: true }).replace('CREATE OR REPLACE VIEW files', 'CREATE OR REPLACE VIEW files_slice');
		await rows(view);
		parts.push(...(await rows(`SELECT objectId, name FROM files_slice`)));
	}
	const key = (r: Record<string, unknown>) => `${r.objectId}|${r.name}`;
	expect(parts.map(key).sort()).toEqual(whole.map(key).sort());
});

test('each objectId is one file, its newest row', async () => {
	const r = await rows(`SELECT objectId, name, size, folder FROM files ORDER BY objectId NULLS LAST, name`);
	expect(r).toEqual([
		{ objectId: 'd1', name: 'new.txt', size: 10, folder: 'Shares/h/data/a/' },
		{ objectId: 'd2', name: 'a.csv', size: 5, folder: 'Shares/h/data/a/' },
		{ objectId: 'd3', name: 'c.txt', size: 100, folder: 'Shares/h/data/b/' },
		{ objectId: null, name: 'n1.txt', size: 1, folder: 'Shares/h/data/a/' },
		{ objectId: null, name: 'n2.txt', size: 2, folder: 'Shares/h/data/a/' }
	]);
});

test('the summary tables count each file once', async () => {
	const [k] = await rows(`SELECT sum(files) AS files, sum(bytes) AS bytes FROM s_cube`);
	expect(k).toEqual({ files: 5, bytes: 10 + 5 + 100 + 1 + 2 });
	const ext = await rows(`SELECT extension, sum(files) AS files FROM s_cube GROUP BY 1 ORDER BY 1`);
	expect(ext).toEqual([
		{ extension: 'csv', files: 1 },
		{ extension: 'txt', files: 4 }
	]);
});

test('an export without repeats is unchanged: the tiny export still has its known figures', async () => {
	const tiny = await buildModelDb(Object.entries(TINY_TABLES).map(([table, sql]) => ({ table, sql })), AS_OF_MS);
	const [k] = await tiny.rows(`SELECT count(*) AS files, sum(size) AS bytes FROM files`);
	expect(k).toEqual({ files: EXPECTED.files, bytes: EXPECTED.bytes });
});
