/**
 * No formula escapes: an export whose names, extensions and folders start with = + - @ tab or CR,
 * and whose other folders start with `/`, `.` or a digit (scripts/bad-inputs.mjs, formula-cells),
 * downloaded as CSV from the Explorer, a report table and two charts. Each download is read back
 * by native DuckDB's CSV reader: a byte order mark, CRLF lines, not one cell a spreadsheet would
 * evaluate, the formula text there with a `'` in front, every other value exactly as stored.
 */
import { expect, test, type Download, type Page } from '@playwright/test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BAD_INPUTS } from './paths';
import { openReport, readKpis, waitForSummary } from './helpers';
import { ready } from './explorer-grid';

interface FormulaCase {
	name: string;
	files: string[];
	expect: { kpis: { files: number; bytes: number; folders: number } };
	formula: { names: [string, string][]; plainNames: string[]; plainFolders: string[]; extensions: string[] };
}

const manifest: { cases: FormulaCase[] } = JSON.parse(readFileSync(join(BAD_INPUTS, 'manifest.json'), 'utf8'));
const C = manifest.cases.find((c) => c.name === 'formula-cells')!;
const F = C.formula;
/** What a spreadsheet evaluates (OWASP): written out here, not taken from the app. */
const FORMULA_LEAD = /^[=+\-@\t\r]/;
const dir = mkdtempSync(join(tmpdir(), 'exports-e2e-'));
let conn: DuckDBConnection;

test.beforeAll(async () => {
	conn = await (await DuckDBInstance.create(':memory:')).connect();
});

/** A download's bytes checked for BOM and CRLF, then its rows as text, read by DuckDB. */
async function readDownload(download: Download): Promise<Record<string, string | null>[]> {
	const path = join(dir, `${Date.now()}-${download.suggestedFilename()}`);
	await download.saveAs(path);
	const bytes = readFileSync(path);
	expect([...bytes.subarray(0, 3)], 'a UTF-8 byte order mark').toEqual([0xef, 0xbb, 0xbf]);
	const text = bytes.toString('utf8');
	expect(text.endsWith('\r\n'), 'CRLF line ends').toBe(true);
	const header = text.slice(1, text.indexOf('\r\n')).split(',');
	const types = `{${header.map((h) => `'${h.replaceAll("'", "''")}': 'VARCHAR'`).join(', ')}}`;
	const reader = await conn.runAndReadAll(
		`SELECT * FROM read_csv('${path}', header = true, columns = ${types}, quote = '"', escape = '"', delim = ',', strict_mode = true, allow_quoted_nulls = false)`
	);
	return reader.getRowObjectsJS() as Record<string, string | null>[];
}

/** Every cell of every row: none starts with a formula lead. */
function formulaCells(rows: Record<string, string | null>[]): string[] {
	return rows.flatMap((r) => Object.values(r).filter((v): v is string => typeof v === 'string' && FORMULA_LEAD.test(v)));
}

async function download(page: Page, click: () => Promise<void>): Promise<Record<string, string | null>[]> {
	const [d] = await Promise.all([page.waitForEvent('download'), click()]);
	return readDownload(d);
}

const defused = (s: string) => (FORMULA_LEAD.test(s) ? `'${s}` : s);

test('CSV from the Explorer, a report table and the charts: 0 formula cells, folders untouched, numbers as numbers', async ({ page }) => {
	const total = C.expect.kpis.files;
	expect(F.names.length + F.plainNames.length).toBe(total);
	await page.goto('./');
	await page.getByTestId('file-input').setInputFiles(C.files.map((f) => join(BAD_INPUTS, C.name, f)));
	await waitForSummary(page);
	expect((await readKpis(page)).files).toBe(total);

	// A chart: the extensions, four of them formula text.
	const extChart = page.locator('[data-chart="top-extensions-files"]');
	const ext = await download(page, () => extChart.getByRole('button', { name: 'CSV', exact: true }).click());
	expect(ext.length).toBe(F.extensions.length + 1);
	expect(formulaCells(ext)).toEqual([]);
	expect(ext.map((r) => r.label).sort()).toEqual([...F.extensions.map(defused), 'txt'].sort());
	expect(ext.reduce((n, r) => n + Number(r.files), 0)).toBe(total);
	for (const r of ext) expect(String(Number(r.bytes)), 'bytes is a number').toBe(r.bytes);

	// Another chart: top folders, most of them starting with / . or a digit.
	const folderChart = page.locator('[data-chart="top-folders"]');
	const folders = await download(page, () => folderChart.getByRole('button', { name: 'CSV', exact: true }).click());
	expect(folders.length).toBe(C.expect.kpis.folders);
	expect(formulaCells(folders)).toEqual([]);
	// Each folder of this export has three segments or fewer: it is its own top folder.
	expect(folders.map((r) => r.label).sort()).toEqual([...F.plainFolders, "'@team/shared/", "'-dash/"].sort());

	// A report table: the largest files, every one of them.
	await openReport(page, 'Largest files', 'largest');
	const table = page.locator('[data-table="largest"]');
	const largest = await download(page, () => table.getByRole('button', { name: 'CSV', exact: true }).click());
	expect(largest.length).toBe(total);
	expect(formulaCells(largest)).toEqual([]);
	expect(largest.map((r) => r.Name).sort()).toEqual([...F.names.map(([, cell]) => cell), ...F.plainNames].sort());
	for (const f of F.plainFolders) expect(largest.map((r) => r.Folder)).toContain(f);
	expect(largest.reduce((n, r) => n + Number(r.Size), 0)).toBe(C.expect.kpis.bytes);

	// The Explorer's export, written by DuckDB in the engine.
	await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Explorer', exact: true }).click();
	expect(await ready(page)).toBe(total);
	const explorer = await download(page, () => page.getByTestId('export-csv').click());
	expect(explorer.length).toBe(total);
	expect(formulaCells(explorer)).toEqual([]);
	expect(explorer.map((r) => r.name).sort()).toEqual([...F.names.map(([, cell]) => cell), ...F.plainNames].sort());
	const explorerFolders = new Set(explorer.map((r) => r.folder));
	for (const f of F.plainFolders) expect(explorerFolders).toContain(f);
	expect(explorerFolders).toContain("'@team/shared/");
	expect(explorer.map((r) => r.extension).sort()).toEqual([...F.extensions.map(defused), ...Array(total - F.extensions.length).fill('txt')].sort());
	expect(explorer.reduce((n, r) => n + Number(r.size), 0)).toBe(C.expect.kpis.bytes);
});
