/**
 * The Cleanup (ROT) reports over a hand-made export whose answers are known by construction
 * (tests/fixtures/rot-export.ts): each report answered as the engine answers it (the report build,
 * then workers/engine/reports.ts) by native DuckDB, shaped by the pages' own view functions, against
 * the figures worked out by hand.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { obsoleteYears, TRIVIAL_RULES, type RotClass } from '$lib/model/rot';
import { emptyFilters, type Filters } from '$lib/model/filters';
import { emptyParams, explorerFromParams, explorerParamsList, normaliseView, redundantTableSql, viewWhere } from '$lib/model/explorer';
import { copyBandRows, duplicateTotals, scopeOf } from '$lib/reports/redundant/view';
import { obsoleteCategories, obsoleteFolders, obsoleteTotals, obsoleteYearsRows } from '$lib/reports/obsolete/view';
import { trivialFolders, trivialRuleRows } from '$lib/reports/trivial/view';
import { reclaimableFolders, rotFigures } from '$lib/reports/rot/view';
import type { ReportParams } from '$lib/reports/kit/define';
import { buildModelDb } from '../fixtures/model-db';
import { buildReportDb, type ReportDb } from '../fixtures/report-db';
import { ROT_AS_OF_MS, ROT_EXPECTED, ROT_FILES, ROT_TABLES } from '../fixtures/rot-export';
import { AS_OF_MS as TINY_AS_OF, TINY_TABLES } from '../fixtures/tiny-export';

let db: ReportDb;
const closers: (() => void)[] = [];

async function open(tables: { table: string; sql: string }[], asOf: number): Promise<ReportDb> {
	const built = await buildModelDb(tables, asOf);
	closers.push(() => built.conn.closeSync());
	return buildReportDb(built.conn, built.rows, built.shape, asOf);
}

/** A report's tables as the engine answers it (every phase). */
async function run(id: string, params: ReportParams = {}, filters: Partial<Filters> = {}, on = db) {
	const r = await on.report(id, filters, params);
	expect(r.pending, `${id}: nothing left pending`).toEqual({});
	return r.tables as Record<string, Record<string, unknown>[] | null>;
}

const n = (v: unknown) => Number(v ?? 0);
// The view functions take the typed tables; these tests hand them what the engine answered.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const tables = (t: Record<string, unknown>) => t as any;

beforeAll(async () => {
	db = await open(ROT_TABLES, ROT_AS_OF_MS);
});
afterAll(() => closers.forEach((c) => c()));

describe('fixture', () => {
	test('every file is in the model', async () => {
		const [r] = await db.rows(`SELECT count(*) AS n FROM facts`);
		expect(n(r.n)).toBe(ROT_EXPECTED.files);
		expect(ROT_FILES.length).toBe(ROT_EXPECTED.files);
	});
});

describe('redundant', () => {
	test('groups by name (any case) and size; zero-byte and unknown sizes are never duplicates', async () => {
		const t = tables(await run('redundant'));
		const bands = copyBandRows(t);
		expect(bands.map((r) => ({ band: r.band, groups: r.groups, files: r.files, wasted: r.wasted }))).toEqual(ROT_EXPECTED.redundant.bands);
		const totals = duplicateTotals(bands);
		expect(totals.groups).toBe(ROT_EXPECTED.redundant.groups);
		expect(totals.wasted).toBe(ROT_EXPECTED.redundant.wasted);
		expect(t.groups.length).toBe(ROT_EXPECTED.redundant.groups);
		expect(scopeOf(t).zeroByte).toBe(ROT_EXPECTED.redundant.zeroByte);
		expect(scopeOf(t).unknownSize).toBe(ROT_EXPECTED.redundant.unknownSize);
		const budget = t.groups.find((r: Record<string, unknown>) => r.nameKey === ROT_EXPECTED.redundant.budget.nameKey && n(r.size) === 100);
		expect(budget).toBeDefined();
		expect([n(budget.copies), n(budget.wastedHere), n(budget.folders)]).toEqual([3, 200, 3]);
		expect(t.groups.some((r: Record<string, unknown>) => r.nameKey === 'empty.txt' || r.nameKey === 'notes.doc')).toBe(false);
	});

	test('the copies of a group, the kept (newest) one first', async () => {
		const t = tables(await run('redundant'));
		const budget = t.groups.find((r: Record<string, unknown>) => r.nameKey === 'budget.xlsx' && n(r.size) === 100);
		const copies = (await run('redundant-copies', { groupId: budget.groupId })).copies!;
		expect(copies.length).toBe(3);
		expect(copies.map((r) => r.objectId)).toEqual(['d1', 'd2', 'd3']);
		expect(copies.map((r) => r.kept)).toEqual([true, false, false]);
		// A param that is not a group asks for nothing rather than failing.
		expect((await run('redundant-copies', {})).copies).toEqual([]);
		expect((await run('redundant-copies', { groupId: "1; DROP TABLE facts; --" })).copies).toEqual([]);
	});

	test('the redundant copies are every copy but the newest (ties: the smallest objectId), as the fixture names them', async () => {
		const ids = (await db.rows(`SELECT objectId FROM r_dup WHERE NOT kept ORDER BY objectId`)).map((r) => String(r.objectId));
		const expected = ['d2', 'd3', 'p1', 'xb', 'a2', 'a3', 'a4', 'a5', 'a6', ...Array.from({ length: 10 }, (_, i) => `g${String(i + 2).padStart(2, '0')}`), 'bk2'].sort();
		expect(ids.length).toBe(ROT_EXPECTED.rot.redundant.files);
		expect(ids).toEqual(expected);
	});

	test('under a filter, the copies it keeps are judged against every copy of their group', async () => {
		// File System/D:/data/ holds folders p1 and p2. a.txt: 6 copies, kept a1 (objectId order, all the
		// same day); a1, a3, a4, a6 are there (copy i is in folder p[i % 3]), so 3 redundant copies there.
		const t = tables(await run('redundant', {}, { topFolders: ['File System/D:/data/'] }));
		const a = t.groups.find((r: Record<string, unknown>) => r.nameKey === 'a.txt');
		expect([n(a.copies), n(a.here), n(a.redundantHere), n(a.wastedHere)]).toEqual([6, 4, 3, 21]);
		// Legal's share (p3) holds d3 alone of budget.xlsx: redundant there, though its group's kept copy is elsewhere.
		const legal = tables(await run('redundant', {}, { topFolders: ['Shares/10.1.10.163/data/'] }));
		const budget = legal.groups.find((r: Record<string, unknown>) => r.nameKey === 'budget.xlsx');
		expect([n(budget.here), n(budget.redundantHere), n(budget.wastedHere)]).toEqual([1, 1, 100]);
	});
});

describe('obsolete', () => {
	for (const years of [3, 5, 10]) {
		test(`not modified for ${years} years`, async () => {
			const t = tables(await run('obsolete', { years }));
			const totals = obsoleteTotals(t, years);
			expect([totals.obsoleteFiles, totals.obsoleteBytes]).toEqual([ROT_EXPECTED.obsolete[years].files, ROT_EXPECTED.obsolete[years].bytes]);
			expect(t.oldest.length).toBe(ROT_EXPECTED.obsolete[years].files);
			expect(obsoleteFolders(t, years).reduce((a, r) => a + n(r.bytes), 0)).toBe(ROT_EXPECTED.obsolete[years].bytes);
			expect(obsoleteCategories(t, years).reduce((a, r) => a + n(r.files), 0)).toBe(ROT_EXPECTED.obsolete[years].files);
			expect(obsoleteYearsRows(t, years).reduce((a, r) => a + n(r.files), 0)).toBe(ROT_EXPECTED.obsolete[years].files);
		});
	}

	test('the oldest first; unknown modified times counted apart; default 3 years', async () => {
		const t = tables(await run('obsolete', { years: 3 }));
		expect(t.oldest.map((r: Record<string, unknown>) => r.objectId)).toEqual(ROT_EXPECTED.obsolete.oldest);
		const totals = obsoleteTotals(t, 3);
		expect([totals.unknownModified, totals.files]).toEqual([ROT_EXPECTED.obsolete.unknownModified, ROT_EXPECTED.files]);
	});

	test('years from a param or the URL: 1–10, else 3', () => {
		expect([obsoleteYears('5'), obsoleteYears(7), obsoleteYears('0'), obsoleteYears('11'), obsoleteYears('2.5'), obsoleteYears('x'), obsoleteYears(undefined)]).toEqual([5, 7, 3, 3, 3, 3, 3]);
	});
});

describe('trivial', () => {
	test('per rule, each file in its first matching rule; *.log is not trivial', async () => {
		const t = tables(await run('trivial'));
		const rules = trivialRuleRows(t);
		expect(rules.length).toBe(TRIVIAL_RULES.length);
		expect(Object.fromEntries(rules.filter((r) => n(r.files) > 0).map((r) => [String(r.rule), { files: n(r.files), bytes: n(r.bytes) }]))).toEqual(ROT_EXPECTED.trivial.rules);
		expect(t.files.length).toBe(ROT_EXPECTED.trivial.files);
		const sizes = t.files.map((r: Record<string, unknown>) => n(r.size));
		expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
		expect(trivialFolders(t).reduce((a, r) => a + n(r.files), 0)).toBe(ROT_EXPECTED.trivial.files);
		expect(t.files.some((r: Record<string, unknown>) => r.name === 'server.log')).toBe(false);
		expect(n(t.totals[0].files)).toBe(ROT_EXPECTED.files);
	});

	test('the rule each file falls in first, one file at a time', async () => {
		const want: Record<string, string | null> = { e1: 'empty', t1: 'office-owner', t3: 'temporary', t7: 'temporary', t8: 'swap', t10: 'backup', t5: 'system', t6: null, d1: null };
		const got = await db.rows(`SELECT f.objectId, r.trivialRule FROM r_files r JOIN (SELECT rowid AS pos, objectId FROM facts) f USING (pos)`);
		expect(got.length).toBe(ROT_EXPECTED.files);
		const rule = new Map(got.map((r) => [String(r.objectId), r.trivialRule === null ? null : TRIVIAL_RULES[n(r.trivialRule)].id]));
		expect(Object.keys(want).length).toBe(9);
		for (const [id, r] of Object.entries(want)) expect(rule.get(id), id).toBe(r);
	});
});

describe('ROT summary', () => {
	test('per class, overlaps and the total with each file once', async () => {
		const t = tables(await run('rot'));
		const f = rotFigures(t, 3);
		const e = ROT_EXPECTED.rot;
		expect([f.perClass.redundant, f.perClass.obsolete, f.perClass.trivial, f.total, f.overlap]).toEqual([e.redundant, e.obsolete, e.trivial, e.total, e.overlap]);
		// The folders' reclaimable bytes add up to the total: each file counted once.
		const folders = reclaimableFolders(t, 3);
		expect(folders.length).toBe(2);
		expect(folders.reduce((a, r) => a + n(r.bytes), 0)).toBe(e.total.bytes);
		expect(folders.reduce((a, r) => a + n(r.files), 0)).toBe(e.total.files);
	});
});

describe('on the tiny export', () => {
	test('every Cleanup report gives the figures known by construction', async () => {
		const tiny = await open(
			Object.entries(TINY_TABLES).map(([table, sql]) => ({ table, sql })),
			TINY_AS_OF
		);
		// Seven files, every name different: no copies. README (o3) is zero bytes; one size is unknown (o6).
		const redundant = tables(await run('redundant', {}, {}, tiny));
		expect(redundant.groups).toEqual([]);
		expect([scopeOf(redundant).zeroByte, scopeOf(redundant).unknownSize]).toEqual([1, 1]);
		// Over a year old: Report.PDF (o1, 700 days, 160 bytes). Without a valid modified time: o3, o5, o6, o7.
		const obsolete = tables(await run('obsolete', { years: 1 }, {}, tiny));
		const totals = obsoleteTotals(obsolete, 1);
		expect([totals.obsoleteFiles, totals.obsoleteBytes, totals.unknownModified]).toEqual([1, 160, 4]);
		expect(obsolete.oldest.map((r: Record<string, unknown>) => r.objectId)).toEqual(['o1']);
		// .DS_Store (o4) and README's zero bytes (o3) are trivial there.
		const trivial = trivialRuleRows(tables(await run('trivial', {}, {}, tiny)));
		expect(Object.fromEntries(trivial.filter((r) => n(r.files) > 0).map((r) => [r.rule, n(r.files)]))).toEqual({ empty: 1, system: 1 });
		// Each class, and the total with every file once: o1 obsolete, o3 and o4 trivial, no overlap.
		const f = rotFigures(tables(await run('rot', {}, {}, tiny)), 1);
		expect([f.perClass.redundant.files, f.perClass.obsolete.files, f.perClass.trivial.files, f.total.files]).toEqual([0, 1, 2, 3]);
	});
});

describe('the Explorer filtered to one cleanup class', () => {
	/** Files and bytes of the Explorer's rows for a class: its conditions over `facts`, as its fill step runs them. */
	async function explorerRot(rot: RotClass, years = 3, filters: Partial<Filters> = {}) {
		const view = normaliseView({ filters: { ...emptyFilters(), ...filters }, params: { ...emptyParams(), rot, years } });
		if (rot === 'redundant') await db.rows(redundantTableSql(true));
		const [r] = await db.rows(`SELECT count(*) AS files, coalesce(sum(size), 0) AS bytes FROM facts WHERE ${viewWhere(view, ROT_AS_OF_MS)}`);
		return { files: n(r.files), bytes: n(r.bytes) };
	}

	test('each class lists exactly the files the ROT summary counts', async () => {
		expect(await explorerRot('redundant')).toEqual(ROT_EXPECTED.rot.redundant);
		expect(await explorerRot('obsolete')).toEqual(ROT_EXPECTED.rot.obsolete);
		expect(await explorerRot('trivial')).toEqual(ROT_EXPECTED.rot.trivial);
	});

	test('obsolete follows the years chosen; a redundant copy is one wherever its newer copy is', async () => {
		for (const years of [5, 10]) expect(await explorerRot('obsolete', years)).toEqual(ROT_EXPECTED.obsolete[years]);
		// a.txt has 4 copies in File System/D:/data/ (a1 kept, a2, a4, a5 redundant); d2 of budget.xlsx; p1 of plan.pdf; xb of x.tmp; bk2 of backup.bak...
		const there = await explorerRot('redundant', 3, { topFolders: ['File System/D:/data/'] });
		const [r] = await db.rows(`SELECT count(*) AS files FROM r_dup d WHERE NOT kept AND topFolder = 'File System/D:/data/'`);
		expect(n(r.files)).toBeGreaterThan(0);
		expect(there.files).toBe(n(r.files));
		// The same set with the report build's table or worked out from `facts` alone.
		await db.rows(redundantTableSql(false));
		const [fromFacts] = await db.rows(`SELECT count(*) AS n FROM x_redundant`);
		expect(n(fromFacts.n)).toBe(ROT_EXPECTED.rot.redundant.files);
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
