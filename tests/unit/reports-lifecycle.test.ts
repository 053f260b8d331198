/**
 * The lifecycle and security reports, answered by the engine's own code (workers/engine/reports.ts)
 * over native DuckDB after the report build, on hand-made exports whose answers are known by
 * construction (tests/fixtures/tiny-export.ts; AS_OF 2026-01-15): every report answers on an export
 * with empty side tables and on one without them, and the figures the pages show (shaped by each
 * report's view.ts) are the ones worked out by hand below.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Filters } from '$lib/model/filters';
import type { ReportParams, ReportResult, ResultOfReport } from '$lib/reports/kit/define';
import type { report as agingReport } from '$lib/reports/aging/report';
import type { report as hotColdReport } from '$lib/reports/hot-cold/report';
import type { report as growthReport } from '$lib/reports/growth/report';
import type { report as accessReport } from '$lib/reports/access/report';
import type { report as accessControlsReport } from '$lib/reports/access-controls/report';
import type { report as sensitiveReport } from '$lib/reports/sensitive/report';
import type { report as servicesReport } from '$lib/reports/services/report';
import type { report as messagesReport } from '$lib/reports/messages/report';
import { ageFigures } from '$lib/reports/aging/view';
import { tierRows } from '$lib/reports/hot-cold/view';
import { growthRows, growthTotals } from '$lib/reports/growth/view';
import { accessFigures } from '$lib/reports/access/view';
import { accessSummary, broadFolderRows, principalRows, setRows } from '$lib/reports/access-controls/view';
import { fileRows, folderRows, sensitiveFigures } from '$lib/reports/sensitive/view';
import { idleServices, serviceRows } from '$lib/reports/services/view';
import { messagesState } from '$lib/reports/messages/view';
import { AS_OF_MS, TINY_TABLES, tinyWithEmptyTables } from '../fixtures/tiny-export';
import { buildModelDb } from '../fixtures/model-db';
import { buildReportDb, type ReportDb } from '../fixtures/report-db';

const IDS = ['aging', 'hot-cold', 'growth', 'access', 'access-controls', 'sensitive', 'services', 'messages'];
const DAY = 86_400_000;
const ms = (daysAgo: number) => AS_OF_MS - daysAgo * DAY;

type Db = { db: ReportDb; close: () => void };
async function open(tables: { table: string; sql: string }[]): Promise<Db> {
	const { conn, rows, shape } = await buildModelDb(tables, AS_OF_MS);
	return { db: await buildReportDb(conn, rows, shape, AS_OF_MS), close: () => conn.closeSync() };
}

/** A report answered as the engine answers it; every part is there (no part is left pending). */
async function run<R>(d: Db, id: string, filters: Partial<Filters> = {}, params: ReportParams = {}): Promise<NonNullable<ResultOfReport<R>['tables']>> {
	const result: ReportResult = await d.db.report(id, filters, params);
	expect(result.pending, id).toEqual({});
	return result.tables as NonNullable<ResultOfReport<R>['tables']>;
}

describe('on the tiny export with empty messages, tagSets and classifications', () => {
	let d: Db;
	beforeAll(async () => (d = await open(tinyWithEmptyTables())));
	afterAll(() => d.close());

	it('every part of every report answers, with and without filters', async () => {
		const filterSets: Partial<Filters>[] = [
			{},
			{ extensions: ['pdf'] },
			{ ageBands: [4] },
			{ added: { from: '2024-01', to: '2025-12' } },
			{ modified: { from: '2024-01', to: '2025-12' }, added: { from: '2024-01', to: '2025-12' } },
			{ modified: { from: '2020-01', to: '2026-01' }, topFolders: ['File System/D:/data/'] }
		];
		for (const id of IDS)
			for (const f of filterSets) {
				const result = await d.db.report(id, f);
				expect(result.pending, `${id} ${JSON.stringify(f)}`).toEqual({});
				expect(Object.keys(result.tables).length, `${id} ${JSON.stringify(f)}`).toBeGreaterThan(0);
			}
	});

	it('System Messages says there are none (an empty table), never an error', async () => {
		const t = await run<typeof messagesReport>(d, 'messages');
		expect(t.totals!.length).toBe(1);
		expect(t.totals![0].messages).toBe(0);
		expect(messagesState(t)).toBe('empty');
	});

	it('Access Controls and Service Interactions have their tables: not "no data"', async () => {
		const ac = await run<typeof accessControlsReport>(d, 'access-controls');
		expect(ac.principals).not.toBeNull();
		const sv = await run<typeof servicesReport>(d, 'services');
		expect(sv.catalogue).not.toBeNull();
	});
});

describe('on the tiny export without side tables', () => {
	let d: Db;
	beforeAll(async () => (d = await open([{ table: 'objects', sql: TINY_TABLES.objects }])));
	afterAll(() => d.close());

	it('messages, permissions and services answer null: the pages say "no data"', async () => {
		for (const id of IDS) await run(d, id);
		const m = await run<typeof messagesReport>(d, 'messages');
		expect(Object.values(m).every((v) => v === null)).toBe(true);
		expect(messagesState(m)).toBe('absent');
		expect((await run<typeof accessControlsReport>(d, 'access-controls')).principals).toBeNull();
		expect((await run<typeof servicesReport>(d, 'services')).catalogue).toBeNull();
	});
});

describe('figures on the tiny export, by construction', () => {
	let d: Db;
	beforeAll(async () => (d = await open(Object.entries(TINY_TABLES).map(([table, sql]) => ({ table, sql })))));
	afterAll(() => d.close());

	it('Hot/cold: last access per file puts each in its tier', async () => {
		// accessed: o1 5 days ago (current instance 2), o2 50, o3 3, o4 40, o5 none (no instance),
		// o6 junk (-5), o7 2000 days ago.
		const tiers = tierRows((await run<typeof hotColdReport>(d, 'hot-cold')).tiers!);
		expect(tiers.length).toBe(5);
		expect(tiers.map((t) => [t.files, t.bytes])).toEqual([
			[2, 160 + 0],
			[2, 5000 + 6148],
			[0, 0],
			[1, 1],
			[2, 2097152]
		]);
	});

	it('Document Aging: bands and years of each time', async () => {
		const t = await run<typeof agingReport>(d, 'aging');
		const all = ageFigures(t);
		// created (seconds): o1 800 days ago, o2 100, o3 10, o4 40, o7 2000; o5 none, o6 junk.
		expect(all.created.bands!.map((b) => b.files)).toEqual([1, 1, 1, 0, 1, 1]);
		expect(all.created.unknown).toBe(2);
		// modified: o1 2024-02-15 (700 days), o2 2025-10-07 (100), o4 2025-12-06 (40); four without a valid time.
		expect(all.modified.years!.map((y) => [y.year, y.files])).toEqual([
			[2024, 1],
			[2025, 2]
		]);
		expect(all.modified.bands!.map((b) => b.files)).toEqual([0, 1, 1, 0, 1, 0]);
		expect(all.modified.bands![4].bytes).toBe(160);
		expect(all.modified.unknown).toBe(4);
		expect(t.totals!.length).toBe(1);
		expect(t.totals![0]).toMatchObject({ files: 7, dated: 3 });
		// accessed 2000 days ago (o7) is the only one in "> 3 years"; o5 and o6 have none.
		expect(all.accessed.bands!.map((b) => b.files)).toEqual([2, 2, 0, 0, 0, 1]);
		expect(all.accessed.unknown).toBe(2);
		// A band of "last modified" chosen: its chart keeps every band, the other times follow.
		const f = ageFigures(await run<typeof agingReport>(d, 'aging', { ageBands: [4] }));
		expect(f.modified.bands!.map((b) => b.files)).toEqual([0, 1, 1, 0, 1, 0]);
		expect(f.created.bands!.map((b) => b.files)).toEqual([0, 0, 0, 0, 1, 0]);
		expect(f.accessed.years!.map((y) => [y.year, y.files])).toEqual([[2026, 1]]);
	});

	it('Growth: files added per month and the running total of bytes', async () => {
		// added: o1 2024-12 (160), o2 2025-03 (5000), o3+o4 2025-12 (0 + 6148), o6+o7 2026-01 (NULL + 1); o5 junk
		const t = await run<typeof growthReport>(d, 'growth');
		const months = growthRows(t.months)!;
		expect(months.length).toBe(4);
		expect(months.map((r) => [r.month, r.files, r.bytes, r.cumulativeBytes])).toEqual([
			['2024-12', 1, 160, 160],
			['2025-03', 1, 5000, 5160],
			['2025-12', 2, 6148, 11308],
			['2026-01', 2, 1, 11309]
		]);
		expect(growthTotals(t.totals)).toEqual({ files: 7, bytes: 160 + 5000 + 6148 + 2097152 + 1, undated: 1 });
		// A window on the added month leaves the chart whole (crossfilter) and narrows the totals.
		const w = await run<typeof growthReport>(d, 'growth', { added: { from: '2025-12', to: '2025-12' } });
		expect(growthRows(w.months)!.length).toBe(4);
		expect(growthTotals(w.totals)).toEqual({ files: 2, bytes: 6148, undated: 0 });
	});

	it('Access patterns: each access time lands in its weekday and hour (UTC)', async () => {
		const f = accessFigures((await run<typeof accessReport>(d, 'access')).cells!);
		const expected = new Map<string, number>();
		for (const days of [5, 50, 3, 40, 2000]) {
			const at = new Date(ms(days));
			const key = `${((at.getUTCDay() + 6) % 7) + 1}/${at.getUTCHours()}`;
			expected.set(key, (expected.get(key) ?? 0) + 1);
		}
		expect(f.cells.length).toBe(7 * 24);
		expect(new Map(f.cells.filter((c) => c.files > 0).map((c) => [`${c.day}/${c.hour}`, c.files]))).toEqual(expected);
		expect(f.files).toBe(7);
		expect(f.withAccess).toBe(5);
	});

	it('Access Controls: sets, principals, broad access and files without a set', async () => {
		// Everyone:R → o1, o2, o6 (160 + 5000 + NULL); CORP\jdoe:F → o3, o4, o5; o7 names a missing set.
		const t = await run<typeof accessControlsReport>(d, 'access-controls');
		expect(t.principals!.length).toBe(2);
		expect(accessSummary(t.sets!, t.principals!)).toEqual({
			files: 7,
			bytes: 2108461,
			broadFiles: 3,
			broadBytes: 5160,
			broadWriteFiles: 0,
			broadWriteBytes: 0,
			noneFiles: 1,
			noneBytes: 1,
			sets: 2,
			principals: 2
		});
		const principals = principalRows(t.sets!, t.principals!);
		expect(principals.length).toBe(2);
		expect(principals.map((r) => [r.principal, r.files, r.rights, r.broad])).toEqual([
			['CORP\\jdoe', 3, 'F', false],
			['Everyone', 3, 'R', true]
		]);
		const sets = setRows(t.sets!, t.principals!);
		expect(sets.length).toBe(3);
		expect(sets.map((r) => [r.permissionSet, r.files, r.principals, r.broad, r.broadWrite])).toEqual([
			['CORP\\jdoe:F', 3, 1, false, false],
			['Everyone:R', 3, 1, true, false],
			[null, 1, 0, false, false]
		]);
		const folders = broadFolderRows(t.folders!, t.principals!);
		expect(folders.length).toBe(2);
		expect(folders.map((r) => [r.topFolder, r.files])).toEqual([
			['File System/D:/data/', 2],
			['Shares/10.1.10.163/data/', 1]
		]);
		// A top folder chosen: only its files count, the principals of the sets it holds.
		const f = await run<typeof accessControlsReport>(d, 'access-controls', { topFolders: ['Shares/10.1.10.163/data/'] });
		expect(accessSummary(f.sets!, f.principals!)).toMatchObject({ files: 2, broadFiles: 1, noneFiles: 1, sets: 1, principals: 1 });
	});

	it('Service Interactions: files per service with its type', async () => {
		// instances: o1 → 10, o2 → 10, o4 → 10, o7 → 11; o3, o6 no service; o5 no instance.
		const t = await run<typeof servicesReport>(d, 'services');
		const rows = serviceRows(t.services!, t.catalogue!);
		expect(rows.length).toBe(3);
		expect(rows.map((r) => [r.service, r.files, r.bytes])).toEqual([
			[null, 3, 2097152],
			['File System', 3, 160 + 5000 + 6148],
			['SMB share', 1, 1]
		]);
		// The newest modified among File System's files: o4, 40 days ago.
		expect(rows[1].lastModified).toBe(ms(40));
		// Under a filter that keeps only File System's pdf, SMB share holds no file.
		const f = await run<typeof servicesReport>(d, 'services', { extensions: ['pdf'] });
		expect(idleServices(f.services!, f.catalogue!).map((r) => r.service)).toEqual(['SMB share']);
	});
});

describe('figures on hand-made sensitive names and messages', () => {
	let d: Db;
	beforeAll(
		async () =>
			(d = await open([
				...Object.entries(TINY_TABLES).map(([table, sql]) => ({ table, sql })),
				{
					table: 'objects',
					sql: `INSERT INTO objects VALUES
						('s1', 'p1', 'idxobject', 'id_rsa', NULL, 10, ${ms(5)}, 1),            -- key
						('s2', 'p1', 'idxobject', '.env', NULL, 20, ${ms(5)}, 1),              -- config
						('s3', 'p2', 'idxobject', 'Passwords.xlsx', NULL, 30, ${ms(5)}, 1),    -- secret-like
						('s4', 'p2', 'idxobject', 'setup.EXE', NULL, 40, ${ms(5)}, 1),         -- executable
						('s5', 'p3', 'idxobject', 'db_password.ini', NULL, 50, ${ms(5)}, 1),   -- secret-like and config: once in the total
						('s6', 'p3', 'idxobject', 'server.pem', NULL, 60, ${ms(5)}, 1),        -- key
						('s7', 'p3', 'idxobject', 'keyboard.txt', NULL, 70, ${ms(5)}, 1)       -- nothing`
				},
				{
					table: 'messages',
					sql: `CREATE TABLE messages AS SELECT * FROM (VALUES
						(1, 'g1', ${Math.floor(Date.UTC(2025, 11, 3) / 1000)}, 'Timeout while parsing', 'warning'),   -- seconds
						(2, 'g2', ${Date.UTC(2025, 11, 20)}, 'Timeout while parsing', 'warning'),                     -- milliseconds
						(3, 'g3', ${Date.UTC(2026, 0, 2) * 1000}, 'Access denied', 'error'),                          -- microseconds
						(4, 'g4', 0, 'Unsupported format', NULL)                                                      -- junk time
					) AS t(messageId, messageGuid, messageTime, message, severity)`
				}
			]))
	);
	afterAll(() => d.close());

	it('Sensitive files: each class, the distinct total, and the list', async () => {
		const t = await run<typeof sensitiveReport>(d, 'sensitive');
		const f = sensitiveFigures(t.classes!);
		expect(f.classes.length).toBe(4);
		expect(Object.fromEntries(f.classes.map((c) => [c.id, [c.files, c.bytes]]))).toEqual({ secrets: [2, 80], keys: [2, 70], config: [2, 70], executables: [1, 40] });
		expect([f.anyFiles, f.anyBytes]).toEqual([6, 210]);
		const files = fileRows(t.files!);
		expect(files.length).toBe(6);
		expect(files.map((r) => r.name)).toEqual(['server.pem', 'db_password.ini', 'Passwords.xlsx', '.env', 'id_rsa', 'setup.EXE']);
		expect(files[0].path).toBe('Shares/10.1.10.163/data/Legal/server.pem');
		expect(files[1].classes).toBe('Secret-like names, Environment and config files');
		// Per top folder: every sensitive file once, the folder with most first.
		const folders = folderRows(t.folders!);
		expect(folders.length).toBe(2);
		expect(folders.map((r) => [r.topFolder, r.files, r.secretFiles])).toEqual([
			['File System/D:/data/', 4, 3],
			['Shares/10.1.10.163/data/', 2, 2]
		]);
	});

	it('System Messages: units per value, junk undated, per month, by severity, latest first', async () => {
		const t = await run<typeof messagesReport>(d, 'messages');
		expect(t.totals!.length).toBe(1);
		expect(t.totals![0]).toMatchObject({ messages: 4, dated: 3, first: Date.UTC(2025, 11, 3), last: Date.UTC(2026, 0, 2) });
		expect(t.months).toEqual([
			{ month: '2025-12', messages: 2 },
			{ month: '2026-01', messages: 1 }
		]);
		expect(t.kinds!.length).toBe(3);
		expect(t.kinds!.map((r) => [r.kind, r.messages])).toEqual([
			['warning', 2],
			['(none)', 1],
			['error', 1]
		]);
		expect(t.latest!.length).toBe(4);
		expect(t.latest!.map((r) => r.id)).toEqual(['3', '2', '1', '4']);
		expect(t.frequent!.length).toBe(3);
		expect(t.frequent![0]).toMatchObject({ message: 'Timeout while parsing', messages: 2 });
		expect(messagesState(t)).toBe('data');
		// Messages are not files: a file filter changes nothing here.
		expect((await run<typeof messagesReport>(d, 'messages', { extensions: ['pdf'] })).totals![0].messages).toBe(4);
	});
});
