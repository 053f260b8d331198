/**
 * The Cleanup (ROT) reports' SQL, run by native DuckDB over a hand-made export whose answers are
 * known by construction (tests/fixtures/rot-export.ts). The same SQL text runs in DuckDB-WASM.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { REPORTS, reportContext, type ReportParams } from '$lib/model/reports';
import { obsoleteYears, redundantIdsSql, trivialCase, type RotClass } from '$lib/model/rot';
import { emptyFilters, type Filters } from '$lib/model/filters';
import { emptyParams, explorerFromParams, explorerParamsList, normaliseView, redundantTableSql, viewWhere } from '$lib/model/explorer';
import type { ExportShape } from '$lib/model/shape';
import { buildModelDb, type Rows } from '../fixtures/model-db';
import { ROT_AS_OF_MS, ROT_EXPECTED, ROT_FILES, ROT_TABLES } from '../fixtures/rot-export';
import { AS_OF_MS as TINY_AS_OF, TINY_TABLES } from '../fixtures/tiny-export';

let rows: Rows;
let shape: ExportShape;

/** Run every statement of a report; each table's rows by statement name. */
async function run(id: string, params: ReportParams = {}, filters: Partial<Filters> = {}, db = { rows, shape, asOf: ROT_AS_OF_MS }) {
	const statements = REPORTS[id].statements(reportContext(db.shape, db.asOf, filters, params));
	const out: Record<string, Record<string, unknown>[]> = {};
	for (const [name, sql] of Object.entries(statements)) out[name] = sql === null ? [] : await db.rows(sql);
	return out;
}

const n = (v: unknown) => Number(v ?? 0);
const part = (rows: Record<string, unknown>[], name: string) => rows.filter((r) => r.part === name);

beforeAll(async () => {
	({ rows, shape } = await buildModelDb(ROT_TABLES, ROT_AS_OF_MS));
});

describe('fixture', () => {
	test('every file is in the model', async () => {
		const [r] = await rows(`SELECT count(*) AS n FROM facts`);
		expect(n(r.n)).toBe(ROT_EXPECTED.files);
		expect(ROT_FILES.length).toBe(ROT_EXPECTED.files);
	});
});

describe('redundant', () => {
	test('groups by name (any case) and size; zero-byte and unknown sizes are never duplicates', async () => {
		const t = await run('redundant');
		const bands = part(t.duplicates, 'band');
		const groups = part(t.duplicates, 'group');
		expect(bands.map((r) => ({ band: n(r.band), groups: n(r.groups), files: n(r.files), wasted: n(r.wasted) }))).toEqual(ROT_EXPECTED.redundant.bands);
		expect(groups.length).toBe(ROT_EXPECTED.redundant.groups);
		expect(groups.reduce((a, r) => a + n(r.wasted), 0)).toBe(ROT_EXPECTED.redundant.wasted);
		expect(n(t.scope[0].zeroByte)).toBe(ROT_EXPECTED.redundant.zeroByte);
		expect(n(t.scope[0].unknownSize)).toBe(ROT_EXPECTED.redundant.unknownSize);
		const budget = groups.find((r) => r.nameKey === ROT_EXPECTED.redundant.budget.nameKey && n(r.size) === 100)!;
		expect(budget).toBeDefined();
		expect(n(budget.copies)).toBe(3);
		expect(n(budget.wasted)).toBe(200);
		expect(n(budget.folders)).toBe(3);
		expect(groups.some((r) => r.nameKey === 'empty.txt' || r.nameKey === 'notes.doc')).toBe(false);
	});

	test('the copies of a group, the kept (newest) one first', async () => {
		const b = ROT_EXPECTED.redundant.budget;
		const t = await run('redundant-copies', { nameKey: b.nameKey, size: b.size });
		expect(t.copies.map((r) => r.objectId)).toEqual(['d1', 'd2', 'd3']);
		expect(t.copies.map((r) => r.kept)).toEqual([true, false, false]);
		expect(new Set(t.copies.map((r) => r.folder)).size).toBe(3);
		// A param that is not a group asks for nothing rather than failing.
		expect((await run('redundant-copies', {})).copies).toEqual([]);
		expect((await run('redundant-copies', { nameKey: "x'; DROP TABLE facts; --", size: 1 })).copies).toEqual([]);
	});

	test('the redundant copies are every copy but the newest (ties: the smallest objectId), as the fixture names them', async () => {
		const ids = (await rows(`SELECT objectId FROM (${redundantIdsSql('TRUE')}) ORDER BY objectId`)).map((r) => String(r.objectId));
		const expected = ['d2', 'd3', 'p1', 'xb', 'a2', 'a3', 'a4', 'a5', 'a6', ...Array.from({ length: 10 }, (_, i) => `g${String(i + 2).padStart(2, '0')}`), 'bk2'].sort();
		expect(ids.length).toBe(ROT_EXPECTED.rot.redundant.files);
		expect(ids).toEqual(expected);
	});

	test('under a filter, groups form among the files it keeps', async () => {
		// Top folder File System/D:/data/ holds p1 and p2: a.txt has 4 of its 6 copies there (i % 3 ≠ 0 → p1, p2).
		const t = await run('redundant', {}, { topFolders: ['File System/D:/data/'] });
		const a = part(t.duplicates, 'group').find((r) => r.nameKey === 'a.txt')!;
		expect(n(a.copies)).toBe(4);
	});
});

describe('obsolete', () => {
	for (const years of [3, 5, 10]) {
		test(`not modified for ${years} years`, async () => {
			const t = await run('obsolete', { years });
			expect(n(t.totals[0].obsoleteFiles)).toBe(ROT_EXPECTED.obsolete[years].files);
			expect(n(t.totals[0].obsoleteBytes)).toBe(ROT_EXPECTED.obsolete[years].bytes);
			expect(t.oldest.length).toBe(ROT_EXPECTED.obsolete[years].files);
			expect(t.folders.reduce((a, r) => a + n(r.bytes), 0)).toBe(ROT_EXPECTED.obsolete[years].bytes);
			expect(t.categories.reduce((a, r) => a + n(r.files), 0)).toBe(ROT_EXPECTED.obsolete[years].files);
			expect(t.years.reduce((a, r) => a + n(r.files), 0)).toBe(ROT_EXPECTED.obsolete[years].files);
		});
	}

	test('the oldest first; unknown modified times counted apart; default 3 years', async () => {
		const t = await run('obsolete');
		expect(t.oldest.map((r) => r.objectId)).toEqual(ROT_EXPECTED.obsolete.oldest);
		expect(n(t.totals[0].unknownModified)).toBe(ROT_EXPECTED.obsolete.unknownModified);
		expect(n(t.totals[0].files)).toBe(ROT_EXPECTED.files);
	});

	test('years from a param or the URL: 1–10, else 3', () => {
		expect([obsoleteYears('5'), obsoleteYears(7), obsoleteYears('0'), obsoleteYears('11'), obsoleteYears('2.5'), obsoleteYears('x'), obsoleteYears(undefined)]).toEqual([5, 7, 3, 3, 3, 3, 3]);
	});
});

describe('trivial', () => {
	test('per rule, each file in its first matching rule; *.log is not trivial', async () => {
		const t = await run('trivial');
		const got = Object.fromEntries(part(t.trivial, 'rule').map((r) => [String(r.rule), { files: n(r.files), bytes: n(r.bytes) }]));
		expect(got).toEqual(ROT_EXPECTED.trivial.rules);
		const files = part(t.trivial, 'file');
		expect(files.length).toBe(ROT_EXPECTED.trivial.files);
		expect(files.map((r) => n(r.size))).toEqual(files.map((r) => n(r.size)).sort((a, b) => b - a));
		expect(part(t.trivial, 'folder').reduce((a, r) => a + n(r.files), 0)).toBe(ROT_EXPECTED.trivial.files);
		expect(files.some((r) => r.name === 'server.log')).toBe(false);
		expect(n(t.totals[0].files)).toBe(ROT_EXPECTED.files);
	});

	test('the rule each file falls in first, one file at a time', async () => {
		const ids = ['e1', 't1', 't3', 't7', 't8', 't10', 't5', 't6', 'd1'];
		const files = ids.map((id) => ROT_FILES.find((x) => x.id === id)!);
		const values = files.map((x) => `('${x.id}', '${x.name.replaceAll("'", "''")}', ${x.size ?? 'NULL'})`).join(', ');
		const got = await rows(`SELECT id, ${trivialCase()} AS rule FROM (VALUES ${values}) AS t(id, name, size) ORDER BY list_position([${ids.map((i) => `'${i}'`).join(', ')}], id)`);
		expect(got.length).toBe(ids.length);
		expect(got.map((r) => r.rule)).toEqual(['empty', 'office-owner', 'temporary', 'temporary', 'swap', 'backup', 'system', null, null]);
	});
});

describe('ROT summary', () => {
	test('per class, overlaps and the total with each file once', async () => {
		const t = await run('rot', { years: 3 });
		const combos = t.classes.filter((r) => r.part === 'classes');
		const sum = (pick: (r: Record<string, unknown>) => boolean) => {
			const rs = combos.filter(pick);
			return { files: rs.reduce((a, r) => a + n(r.files), 0), bytes: rs.reduce((a, r) => a + n(r.bytes), 0) };
		};
		const e = ROT_EXPECTED.rot;
		expect(sum((r) => r.redundant === true)).toEqual(e.redundant);
		expect(sum((r) => r.obsolete === true)).toEqual(e.obsolete);
		expect(sum((r) => r.trivial === true)).toEqual(e.trivial);
		expect(sum(() => true)).toEqual(e.total);
		expect(sum((r) => [r.redundant, r.obsolete, r.trivial].filter((x) => x === true).length > 1)).toEqual(e.overlap);
		// The folders' reclaimable bytes add up to the total: each file counted once.
		const folders = t.classes.filter((r) => r.part === 'folder');
		expect(folders.reduce((a, r) => a + n(r.bytes), 0)).toBe(e.total.bytes);
		expect(folders.reduce((a, r) => a + n(r.files), 0)).toBe(e.total.files);
	});
});

describe('on the tiny export', () => {
	test('every Cleanup report gives the figures known by construction', async () => {
		const tiny = await buildModelDb(Object.entries(TINY_TABLES).map(([table, sql]) => ({ table, sql })), TINY_AS_OF);
		const db = { rows: tiny.rows, shape: tiny.shape, asOf: TINY_AS_OF };
		// Seven files, every name different: no copies. README (o3) is zero bytes; one size is unknown (o6).
		const redundant = await run('redundant', { years: 1 }, {}, db);
		expect(part(redundant.duplicates, 'group')).toEqual([]);
		expect(redundant.scope.length).toBe(1);
		expect([n(redundant.scope[0].zeroByte), n(redundant.scope[0].unknownSize)]).toEqual([1, 1]);
		// Asked for by name and size, the copies of a "group" of one are that file, kept.
		const copies = (await run('redundant-copies', { nameKey: 'report.pdf', size: 160 }, {}, db)).copies;
		expect(copies.map((r) => [r.objectId, r.kept])).toEqual([['o1', true]]);
		// Over a year old: Report.PDF (o1, 700 days, 160 bytes). Without a valid modified time: o3, o5, o6, o7.
		const obsolete = await run('obsolete', { years: 1 }, {}, db);
		expect(obsolete.totals.length).toBe(1);
		expect([n(obsolete.totals[0].obsoleteFiles), n(obsolete.totals[0].obsoleteBytes), n(obsolete.totals[0].unknownModified)]).toEqual([1, 160, 4]);
		expect(obsolete.oldest.map((r) => r.objectId)).toEqual(['o1']);
		// .DS_Store (o4) and README's zero bytes (o3) are trivial there.
		const t = await run('trivial', {}, {}, db);
		expect(Object.fromEntries(part(t.trivial, 'rule').map((r) => [r.rule, n(r.files)]))).toEqual({ empty: 1, system: 1 });
		// Each class, and the total with every file once: o1 obsolete, o3 and o4 trivial, no overlap.
		const rot = await run('rot', { years: 1 }, {}, db);
		const combos = rot.classes.filter((r) => r.part === 'classes');
		expect(combos.length).toBeGreaterThan(0);
		const count = (pick: (r: Record<string, unknown>) => boolean) => combos.filter(pick).reduce((a, r) => a + n(r.files), 0);
		expect([count((r) => r.redundant === true), count((r) => r.obsolete === true), count((r) => r.trivial === true), count(() => true)]).toEqual([0, 1, 2, 3]);
	});
});

describe('the Explorer filtered to one cleanup class', () => {
	/** Files and bytes of the Explorer's rows for a class: its conditions over `facts`, as its fill step runs them. */
	async function explorerRot(rot: RotClass, years = 3, filters: Partial<Filters> = {}) {
		const view = normaliseView({ filters: { ...emptyFilters(), ...filters }, params: { ...emptyParams(), rot, years } });
		if (rot === 'redundant') await rows(redundantTableSql(view.filters));
		const [r] = await rows(`SELECT count(*) AS files, coalesce(sum(size), 0) AS bytes FROM facts WHERE ${viewWhere(view, ROT_AS_OF_MS)}`);
		return { files: n(r.files), bytes: n(r.bytes) };
	}

	test('each class lists exactly the files the ROT summary counts', async () => {
		expect(await explorerRot('redundant')).toEqual(ROT_EXPECTED.rot.redundant);
		expect(await explorerRot('obsolete')).toEqual(ROT_EXPECTED.rot.obsolete);
		expect(await explorerRot('trivial')).toEqual(ROT_EXPECTED.rot.trivial);
	});

	test('obsolete follows the years chosen; redundant copies form among the files the shared filters keep', async () => {
		for (const years of [5, 10]) expect(await explorerRot('obsolete', years)).toEqual(ROT_EXPECTED.obsolete[years]);
		// a.txt: 6 copies, 4 of them in File System/D:/data/: 3 redundant there.
		const [r] = await rows(`SELECT count(*) AS n FROM facts WHERE topFolder = 'File System/D:/data/' AND lower(name) = 'a.txt'`);
		expect(n(r.n)).toBe(4);
		await rows(redundantTableSql({ ...emptyFilters(), topFolders: ['File System/D:/data/'] }));
		const [a] = await rows(`SELECT count(*) AS n FROM facts WHERE objectId IN (SELECT objectId FROM x_redundant) AND lower(name) = 'a.txt'`);
		expect(n(a.n)).toBe(3);
	});

	test('the class and its years round-trip through the URL; years only count for obsolete', () => {
		const { params } = explorerFromParams(new URLSearchParams('rot=obsolete&years=5'));
		expect([params.rot, params.years]).toEqual(['obsolete', 5]);
		expect(explorerParamsList(params, { column: null, descending: false })).toEqual([
			['rot', 'obsolete'],
			['years', '5']
		]);
		expect(explorerFromParams(new URLSearchParams('rot=trivial&years=5')).params).toMatchObject({ rot: 'trivial', years: 3 });
		expect(explorerFromParams(new URLSearchParams('rot=everything')).params.rot).toBeNull();
	});
});
