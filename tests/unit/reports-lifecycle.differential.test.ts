/**
 * Differential: the Lifecycle and Security & governance reports answered the fast way (the engine's
 * own code over the report build: Summary tables, report cubes, ranked lists; tests/fixtures/
 * report-db.ts) equal a plain scan of `facts` written here, part for part, under many filter
 * combinations; each aggregate part also equals the same table held in typed arrays. This compares
 * the app's paths with each other (the figures' correctness is checked against independent oracles
 * in tests/e2e and by construction in reports-lifecycle.test.ts). The per-file bands, years, days
 * and hours are written out here; only the sensitive-name rules come from the model.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aparaviExportSql } from '$lib/sample/aparavi-sql.js';
import { emptyFilters, type Filters } from '$lib/model/filters';
import type { Aggregate } from '$lib/model/aggregate';
import type { AnyDimension } from '$lib/model/dimensions';
import type { AnyMeasure } from '$lib/model/sources';
import { SECRET_BEARING_MASK, sensitiveMaskExpr } from '$lib/model/security';
import { REPORTS } from '$lib/reports/registry';
import type { ListRow, Part, ReportResult } from '$lib/reports/kit/define';
import { accessSummary, broadFolderRows, principalRows, setRows } from '$lib/reports/access-controls/view';
import type { PrincipalRow } from '$lib/reports/access-controls/report';
import { buildModelDb } from '../fixtures/model-db';
import { buildReportDb, type ReportDb } from '../fixtures/report-db';

const AS_OF = Date.UTC(2026, 9, 15);
const DAY = 86_400_000;
const IDS = ['aging', 'hot-cold', 'growth', 'access', 'access-controls', 'sensitive', 'services', 'messages'];

let db: ReportDb;
let close: () => void;

beforeAll(async () => {
	const built = await buildModelDb(aparaviExportSql({ rows: 20_000, seed: 7 }), AS_OF);
	db = await buildReportDb(built.conn, built.rows, built.shape, AS_OF);
	close = () => built.conn.closeSync();
});
afterAll(() => close?.());

const FS = 'File System/D:/data/';
const SH = 'Shares/10.1.10.163/data/';

/** None; each value filter; each window; windows with values; both windows; several at once. */
const FILTERS: Partial<Filters>[] = [
	{},
	{ extensions: ['pdf', 'docx'] },
	{ extensions: ['exe', 'pem', 'env', 'ini'] },
	{ sizeBands: [2] },
	{ ageBands: [4, 5] },
	{ topFolders: [FS] },
	{ modified: { from: '2020-01', to: '2023-12' } },
	{ added: { from: '2025-01', to: '2026-06' } },
	{ extensions: ['pdf'], modified: { from: '2015-01', to: '2025-12' } },
	{ topFolders: [SH], added: { from: '2024-01', to: '2026-12' } },
	{ sizeBands: [0, 1], ageBands: [5] },
	{ extensions: ['jpg'], ageBands: [5], topFolders: [SH] },
	{ modified: { from: '2019-01', to: '2024-12' }, added: { from: '2024-01', to: '2026-12' } },
	{ extensions: ['docx', 'xlsx'], sizeBands: [1], modified: { from: '2018-01', to: '2026-12' }, added: { from: '2023-01', to: '2026-12' } }
];

/* ------------------------------------------------------------------------------------------ */
/* The scan, written here                                                                       */

const quote = (v: string) => `'${v.replace(/'/g, "''")}'`;
const monthOf = (m: string) => Number(m.slice(0, 4)) * 100 + Number(m.slice(5, 7));

/** The filters over `facts`' own columns (a chart's own dimension left out). */
function scanWhere(f: Filters, except?: string): string {
	const c: string[] = [];
	if (f.extensions.length && except !== 'extension') c.push(`extension IN (${f.extensions.map(quote).join(', ')})`);
	if (f.sizeBands.length && except !== 'sizeBand') c.push(`sizeBand IN (${f.sizeBands.join(', ')})`);
	if (f.ageBands.length && except !== 'ageBand') c.push(`ageBand IN (${f.ageBands.join(', ')})`);
	if (f.topFolders.length && except !== 'topFolder') c.push(`topFolder IN (${f.topFolders.map(quote).join(', ')})`);
	if (f.modified && except !== 'modifiedMonth') c.push(`modifiedMonth BETWEEN ${monthOf(f.modified.from)} AND ${monthOf(f.modified.to)}`);
	if (f.added && except !== 'addedMonth') c.push(`addedMonth BETWEEN ${monthOf(f.added.from)} AND ${monthOf(f.added.to)}`);
	return c.length ? c.join(' AND ') : 'TRUE';
}

/** Age band of a time: < 30, 90, 180, 365, 1095 days before as-of, or older; NULL without a time. */
const band = (t: string) => {
	const ms = `epoch_ms(${t})`;
	const before = (days: number) => AS_OF - days * DAY;
	return `CASE WHEN ${t} IS NULL THEN NULL WHEN ${ms} > ${before(30)} THEN 0 WHEN ${ms} > ${before(90)} THEN 1 WHEN ${ms} > ${before(180)} THEN 2 WHEN ${ms} > ${before(365)} THEN 3 WHEN ${ms} > ${before(1095)} THEN 4 ELSE 5 END`;
};

/** Each dimension from a `facts` row (`lname` is its lower-case name). */
const SCAN_DIMS: Partial<Record<AnyDimension, string>> = {
	ageBand: 'ageBand',
	addedMonth: 'addedMonth',
	topFolder: 'topFolder',
	service: 'service',
	permissionSet: 'permissionSet',
	modifiedYear: 'year(modified)',
	createdBand: band('created'),
	createdYear: 'year(created)',
	accessedBand: band('accessed'),
	accessedYear: 'year(accessed)',
	accessDay: 'isodow(accessed)',
	accessHour: 'hour(accessed)',
	sensitive: sensitiveMaskExpr('lname', 'extension')
};

const SCAN_MEASURES: Partial<Record<AnyMeasure, string>> = {
	files: 'count(*)',
	bytes: 'coalesce(sum(size), 0)',
	sized: 'count(size)',
	dated: 'count(modified)',
	lastModified: 'epoch_ms(max(modified))',
	lastAccessed: 'epoch_ms(max(accessed))',
	lastAdded: 'epoch_ms(max(added))'
};

function scanSql(a: Aggregate, f: Filters): string {
	const dims = a.by.map((d) => `${SCAN_DIMS[d] ?? d} AS ${d}`);
	const measures = a.measures.map((m) => `${SCAN_MEASURES[m]} AS ${m}`);
	const from = `(SELECT *, lower(name) AS lname FROM facts WHERE ${scanWhere(f, a.except)})`;
	if (!a.by.length) return `SELECT ${measures.join(', ')} FROM ${from}`;
	return `SELECT ${[...dims, ...measures].join(', ')} FROM ${from} GROUP BY ALL ORDER BY ${a.by.map((d) => `${d} ASC NULLS LAST`).join(', ')}`;
}

/** The sensitive files in list order: secret-bearing first, then largest, then by path. */
function sensitiveListSql(f: Filters, limit: number): string {
	return `SELECT folder || name AS path, size FROM (SELECT *, lower(name) AS lname FROM facts WHERE ${scanWhere(f)})
WHERE (${SCAN_DIMS.sensitive}) > 0
ORDER BY CASE WHEN (${SCAN_DIMS.sensitive}) & ${SECRET_BEARING_MASK} > 0 THEN 0 ELSE 1 END, size DESC NULLS LAST, folder || name LIMIT ${limit}`;
}

/* ------------------------------------------------------------------------------------------ */

const label = (id: string, part: string, f: Partial<Filters>) => `${id}.${part} under ${JSON.stringify(f)}`;

async function answer(id: string, f: Partial<Filters>): Promise<ReportResult> {
	const result = await db.report(id, f);
	expect(result.pending, label(id, '*', f)).toEqual({});
	return result;
}

describe('every part of the lifecycle and security reports: fast path = a scan of facts', () => {
	for (const id of IDS) {
		it(id, async () => {
			const parts = Object.entries(REPORTS[id].parts) as [string, Part][];
			for (const f of FILTERS) {
				const filters = { ...emptyFilters(), ...f };
				const result = await answer(id, f);
				// After the report build nothing reads `facts` whole: cubes, lists and the build's own tables.
				expect(result.queries.map((q) => q.source).filter((s) => s === 'facts'), label(id, '*', f)).toEqual([]);
				for (const [name, part] of parts) {
					const fast = result.tables[name];
					if (part.kind === 'aggregate') {
						const scan = await db.rows(scanSql(part.aggregate, filters));
						expect(fast, label(id, name, f)).toEqual(scan);
						// The same table held in typed arrays answers alike (a scan is never held).
						if (!db.source(part.aggregate, filters).scan) expect(await db.answer(part.aggregate, filters, 'memory'), `${label(id, name, f)} in memory`).toEqual(scan);
					} else if (part.kind === 'list') {
						const scan = await db.rows(sensitiveListSql(filters, part.limit));
						const rows = fast as ListRow[];
						expect(rows.length, label(id, name, f)).toBe(scan.length);
						expect(rows.map((r) => [`${r.folder}${r.name}`, r.size]), label(id, name, f)).toEqual(scan.map((r) => [r.path, r.size]));
					} else {
						// SQL parts read the build's copies of small export tables: the file filters do not apply.
						const unfiltered = (await answer(id, {})).tables[name];
						expect(fast, label(id, name, f)).toEqual(unfiltered);
					}
				}
			}
		});
	}

	it('has rows to compare: each aggregate part answers some files unfiltered', async () => {
		for (const id of IDS) {
			const result = await answer(id, {});
			for (const [name, part] of Object.entries(REPORTS[id].parts) as [string, Part][]) {
				if (part.kind === 'sql') continue;
				expect((result.tables[name] ?? []).length, `${id}.${name}`).toBeGreaterThan(0);
			}
		}
	});

	it('one value filter or one window is answered from summary tables and cubes, never by a scan', async () => {
		for (const id of IDS)
			for (const f of FILTERS.slice(0, 8)) {
				const result = await answer(id, f);
				const scans = result.queries.filter((q) => q.source === 'r_files' && (REPORTS[id].parts[q.name] as Part).kind === 'aggregate');
				expect(scans.map((q) => q.name), label(id, '*', f)).toEqual([]);
			}
	});
});

describe('Access Controls: the figures combined on the page equal those from a scan of facts', () => {
	it('summary, sets, principals and broad folders', async () => {
		const principals = (await db.rows(`SELECT permissionSet, principal, rights, broad, writes FROM r_permissions`)) as PrincipalRow[];
		expect(principals.length).toBeGreaterThan(0);
		for (const f of FILTERS) {
			const filters = { ...emptyFilters(), ...f };
			const fast = (await answer('access-controls', f)).tables;
			type Sets = Parameters<typeof accessSummary>[0];
			type Folders = Parameters<typeof broadFolderRows>[0];
			const sets = (await db.rows(scanSql({ by: ['permissionSet'], measures: ['files', 'bytes'] }, filters))) as Sets;
			const folders = (await db.rows(scanSql({ by: ['topFolder', 'permissionSet'], measures: ['files', 'bytes'] }, filters))) as Folders;
			const fp = fast.principals as PrincipalRow[];
			const fs = fast.sets as Sets;
			expect(fp.length).toBe(principals.length);
			expect(accessSummary(fs, fp), label('access-controls', 'summary', f)).toEqual(accessSummary(sets, principals));
			expect(setRows(fs, fp), label('access-controls', 'sets', f)).toEqual(setRows(sets, principals));
			expect(principalRows(fs, fp), label('access-controls', 'principals', f)).toEqual(principalRows(sets, principals));
			expect(broadFolderRows(fast.folders as Folders, fp), label('access-controls', 'broadFolders', f)).toEqual(broadFolderRows(folders, principals));
		}
	});
});
