/**
 * The lifecycle and security reports' SQL, run by native DuckDB on hand-made exports whose answers
 * are known by construction (tests/fixtures/tiny-export.ts; AS_OF 2026-01-15): every statement runs
 * on an export with empty side tables, and the figures are the ones worked out by hand below.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORTS, reportContext } from '$lib/model/reports';
import type { Filters } from '$lib/model/filters';
import type { ExportShape } from '$lib/model/shape';
import { AS_OF_MS, TINY_TABLES, tinyWithEmptyTables } from '../fixtures/tiny-export';
import { buildModelDb, type Rows } from '../fixtures/model-db';
import { messagesState } from '$lib/reports/messages';
import { accessControlsState } from '$lib/reports/access-controls';
import { servicesState } from '$lib/reports/services';

const IDS = ['aging', 'hot-cold', 'growth', 'access', 'access-controls', 'sensitive', 'services', 'messages'];
const DAY = 86_400_000;
const ms = (daysAgo: number) => AS_OF_MS - daysAgo * DAY;

type Db = { rows: Rows; shape: ExportShape; close: () => void };
async function open(tables: { table: string; sql: string }[]): Promise<Db> {
	const { conn, rows, shape } = await buildModelDb(tables, AS_OF_MS);
	return { rows, shape, close: () => conn.closeSync() };
}

/** Every statement of a report, run; null statements stay null, as the engine does. */
async function run(db: Db, id: string, filters: Partial<Filters> = {}): Promise<Record<string, Record<string, unknown>[] | null>> {
	const out: Record<string, Record<string, unknown>[] | null> = {};
	for (const [name, sql] of Object.entries(REPORTS[id].statements(reportContext(db.shape, AS_OF_MS, filters)))) out[name] = sql === null ? null : await db.rows(sql);
	return out;
}

describe('on the tiny export with empty messages, tagSets and classifications', () => {
	let db: Db;
	beforeAll(async () => (db = await open(tinyWithEmptyTables())));
	afterAll(() => db.close());

	it('every statement of every report runs, with and without filters', async () => {
		const filterSets: Partial<Filters>[] = [{}, { extensions: ['pdf'] }, { ageBands: [4] }, { added: { from: '2024-01', to: '2025-12' } }, { modified: { from: '2024-01', to: '2025-12' }, added: { from: '2024-01', to: '2025-12' } }, { modified: { from: '2020-01', to: '2026-01' }, topFolders: ['File System/D:/data/'] }];
		for (const id of IDS) for (const f of filterSets) await expect(run(db, id, f), `${id} ${JSON.stringify(f)}`).resolves.toBeDefined();
	});

	it('System Messages says there are none (an empty table), never an error', async () => {
		const t = await run(db, 'messages');
		expect(t.totals![0].messages).toBe(0);
		expect(messagesState(t as never)).toBe('empty');
	});

	it('Access Controls and Service Interactions have their tables: not "no data"', async () => {
		expect(accessControlsState((await run(db, 'access-controls')) as never)).toBe('data');
		expect(servicesState((await run(db, 'services')) as never)).toBe('data');
	});
});

describe('on the tiny export without side tables', () => {
	let db: Db;
	beforeAll(async () => (db = await open([{ table: 'objects', sql: TINY_TABLES.objects }])));
	afterAll(() => db.close());

	it('messages, permissions and services answer null: the pages say "no data"', async () => {
		for (const id of IDS) await run(db, id);
		const m = await run(db, 'messages');
		expect(Object.values(m).every((v) => v === null)).toBe(true);
		expect(messagesState(m as never)).toBe('absent');
		expect(accessControlsState((await run(db, 'access-controls')) as never)).toBe('absent');
		expect(servicesState((await run(db, 'services')) as never)).toBe('absent');
	});
});

describe('figures on the tiny export, by construction', () => {
	let db: Db;
	beforeAll(async () => (db = await open(Object.entries(TINY_TABLES).map(([table, sql]) => ({ table, sql })))));
	afterAll(() => db.close());

	it('Hot/cold: last access per file puts each in its tier', async () => {
		// accessed: o1 5 days ago (current instance 2), o2 50, o3 3, o4 40, o5 none (no instance),
		// o6 junk (-5), o7 2000 days ago.
		const t = await run(db, 'hot-cold');
		const tiers = Object.fromEntries(t.tiers!.map((r) => [r.tier, [r.files, r.bytes]]));
		expect(tiers).toEqual({ 0: [2, 160 + 0], 1: [2, 5000 + 6148], 3: [1, 1], 4: [2, 2097152] });
	});

	it('Document Aging: created and accessed bands and years', async () => {
		const t = await run(db, 'aging');
		// created (seconds): o1 800 days ago, o2 100, o3 10, o4 40, o7 2000; o5 none, o6 junk.
		const created = t.created!.filter((r) => r.band !== null).reduce<Record<string, number>>((a, r) => ({ ...a, [String(r.band)]: (a[String(r.band)] ?? 0) + Number(r.files) }), {});
		expect(created).toEqual({ 0: 1, 1: 1, 2: 1, 4: 1, 5: 1 });
		expect(t.created!.filter((r) => r.band === null).reduce((a, r) => a + Number(r.files), 0)).toBe(2);
		const years = Object.fromEntries(t.modifiedYears!.map((r) => [r.year, r.files]));
		// modified: o1 2024-02-15, o2 2025-10-07, o4 2025-12-06
		expect(years).toEqual({ 2024: 1, 2025: 2 });
		expect(t.modifiedBands!.map((r) => [r.band, r.files])).toEqual([[1, 1], [2, 1], [4, 1]]);
		expect(t.totals![0]).toMatchObject({ files: 7, dated: 3 });
		// accessed 2000 days ago (o7) is the only one in "> 3 years"
		expect(t.accessed!.filter((r) => r.band === 5).map((r) => r.files)).toEqual([1]);
	});

	it('Growth: files added per month and the running total of bytes', async () => {
		// added: o1 2024-12 (160), o2 2025-03 (5000), o3+o4 2025-12 (0 + 6148), o6+o7 2026-01 (NULL + 1); o5 junk
		const t = await run(db, 'growth');
		expect(t.months!.map((r) => [r.month, r.files, r.bytes, r.cumulativeBytes])).toEqual([
			[202412, 1, 160, 160],
			[202503, 1, 5000, 5160],
			[202512, 2, 6148, 11308],
			[202601, 2, 1, 11309]
		]);
		expect(t.totals![0]).toMatchObject({ files: 7, undated: 1 });
		// A window on the added month leaves the chart whole (crossfilter) and narrows the totals.
		const w = await run(db, 'growth', { added: { from: '2025-12', to: '2025-12' } });
		expect(w.months!.length).toBe(4);
		expect(w.totals![0]).toMatchObject({ files: 2, bytes: 6148 });
	});

	it('Access patterns: each access time lands in its weekday and hour (UTC)', async () => {
		const t = await run(db, 'access');
		const expected = new Map<string, number>();
		for (const d of [5, 50, 3, 40, 2000]) {
			const at = new Date(ms(d));
			const key = `${((at.getUTCDay() + 6) % 7) + 1}/${at.getUTCHours()}`;
			expected.set(key, (expected.get(key) ?? 0) + 1);
		}
		expect(new Map(t.cells!.map((r) => [`${r.day}/${r.hour}`, r.files]))).toEqual(expected);
		expect(t.totals![0].files).toBe(7);
	});

	it('Access Controls: sets, principals, broad access and files without a set', async () => {
		// Everyone:R → o1, o2, o6 (160 + 5000 + NULL); CORP\jdoe:F → o3, o4, o5; o7 names a missing set.
		const t = await run(db, 'access-controls');
		expect(t.summary![0]).toMatchObject({ files: 7, broadFiles: 3, broadBytes: 5160, broadWriteFiles: 0, noneFiles: 1, noneBytes: 1, sets: 2, principals: 2 });
		expect(t.principals!.map((r) => [r.principal, r.files, r.rights, r.broad])).toEqual([
			['CORP\\jdoe', 3, 'F', false],
			['Everyone', 3, 'R', true]
		]);
		expect(t.broadFolders!.map((r) => [r.topFolder, r.files])).toEqual([
			['File System/D:/data/', 2],
			['Shares/10.1.10.163/data/', 1]
		]);
	});

	it('Service Interactions: files per service with its type', async () => {
		// instances: o1 → 10, o2 → 10, o4 → 10, o7 → 11; o3, o6 no service; o5 no instance.
		const t = await run(db, 'services');
		expect(t.services!.map((r) => [r.service, r.files, r.bytes])).toEqual([
			[null, 3, 2097152],
			['File System', 3, 160 + 5000 + 6148],
			['SMB share', 1, 1]
		]);
	});
});

describe('figures on hand-made sensitive names and messages', () => {
	let db: Db;
	beforeAll(
		async () =>
			(db = await open([
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
	afterAll(() => db.close());

	it('Sensitive files: each class, the distinct total, and the list', async () => {
		const t = await run(db, 'sensitive');
		const part = (name: string) => t.sensitive!.filter((r) => r.part === name);
		expect(part('classes')[0]).toMatchObject({
			secretsFiles: 2,
			secretsBytes: 80,
			keysFiles: 2,
			keysBytes: 70,
			configFiles: 2,
			configBytes: 70,
			executablesFiles: 1,
			anyFiles: 6,
			anyBytes: 210
		});
		expect(part('file').map((r) => r.name)).toEqual(['server.pem', 'db_password.ini', 'Passwords.xlsx', '.env', 'id_rsa', 'setup.EXE']);
		expect(part('file')[0].path).toBe('Shares/10.1.10.163/data/Legal/server.pem');
		// Per top folder: every sensitive file once, the folder with most first.
		const folders = part('folder');
		expect(folders.reduce((n, r) => n + Number(r.files), 0)).toBe(6);
		expect(folders.map((r) => Number(r.files))).toEqual(folders.map((r) => Number(r.files)).sort((a, b) => b - a));
	});

	it('System Messages: units per value, junk undated, per month, by severity, latest first', async () => {
		const t = await run(db, 'messages');
		expect(t.totals![0]).toMatchObject({ messages: 4, dated: 3, first: Date.UTC(2025, 11, 3), last: Date.UTC(2026, 0, 2) });
		expect(t.months).toEqual([
			{ month: '2025-12', messages: 2 },
			{ month: '2026-01', messages: 1 }
		]);
		expect(t.kinds!.map((r) => [r.kind, r.messages])).toEqual([['warning', 2], ['(none)', 1], ['error', 1]]);
		expect(t.latest!.map((r) => r.id)).toEqual(['3', '2', '1', '4']);
		expect(t.frequent![0]).toMatchObject({ message: 'Timeout while parsing', messages: 2 });
		expect(messagesState(t as never)).toBe('data');
	});
});
