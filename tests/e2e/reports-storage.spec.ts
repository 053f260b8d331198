/**
 * Storage & structure reports on a generated 100k-file export: the figures a person reads equal
 * native DuckDB's from the same files (tests/oracle/reports-storage.ts).
 */
import { expect, test, type Page } from '@playwright/test';
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXPECTED, TINY_TABLES } from '../fixtures/tiny-export';
import { oracleDistribution, oracleFolders, oracleStorage, type OracleStorage } from '../oracle/reports-storage';
import { E2E_DIR } from './paths';
import { exportFiles, openReport, openWithPicker, readAsOf, readTable, waitForSummary } from './helpers';

test.describe.configure({ mode: 'serial' });

let page: Page;
let asOfMs: number;
let storage: OracleStorage;
const source = { format: 'duckdb' as const, dir: E2E_DIR };

test.beforeAll(async ({ browser }) => {
	page = await browser.newPage();
	await page.goto('./');
	await openWithPicker(page, exportFiles(E2E_DIR, 'duckdb'));
	await waitForSummary(page);
	asOfMs = await readAsOf(page);
	storage = await oracleStorage(source, asOfMs);
});

test.afterAll(async () => page.close());

/** A bar chosen as a keyboard user does: its toggle button shows when focused; Enter presses it. */
async function choose(p: Page, selector: string): Promise<void> {
	await p.locator(selector).focus();
	await p.keyboard.press('Enter');
}

async function kpis(slug: string): Promise<Record<string, number | null>> {
	return page.evaluate((s) => {
		const out: Record<string, number | null> = {};
		for (const el of document.querySelectorAll<HTMLElement>(`[data-testid="report-${s}"] [data-metric]`)) out[el.dataset.metric!] = el.dataset.value === '' ? null : Number(el.dataset.value);
		return out;
	}, slug);
}

test('Storage Overview: size statistics, bands and cost per service equal the oracle; a band click filters', async () => {
	await openReport(page, 'Storage Overview', 'storage');
	const k = await kpis('storage');
	expect(k).toMatchObject({ files: storage.files, bytes: storage.bytes, median: storage.median, p90: storage.p90, p99: storage.p99, max: storage.max, empty: storage.empty });
	expect(k.mean).toBeCloseTo(storage.mean, 3);

	const services = await readTable(page, 'services');
	expect(services.length).toBe(storage.services.size);
	for (const row of services) {
		const o = storage.services.get(row.service === '' ? '(no service)' : row.service)!;
		expect(o, row.service).toBeDefined();
		expect([Number(row.files), Number(row.bytes)]).toEqual([o.files, o.bytes]);
		if (o.cost === null) expect(row.cost).toBe('');
		else expect(Number(row.cost)).toBeCloseTo(o.cost, 9);
	}
	const total = [...storage.services.values()].reduce((a, s) => a + (s.cost ?? 0), 0);
	expect(Number(await page.getByTestId('cost-estimate').locator('[data-value]').getAttribute('data-value'))).toBeCloseTo(total, 9);

	// Size band chart (table view): each band's files equal the oracle's.
	const chart = page.locator('[data-chart="size-bands-files"]');
	await chart.getByRole('button', { name: 'Table', exact: true }).click();
	const bandRows = await chart.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
	// Every size band of docs/MODEL.md, in order, empty ones too.
	expect(bandRows.map(([label]) => label)).toEqual(['< 1 KB', '1 KB–1 MB', '1–10 MB', '10–100 MB', '100 MB–1 GB', '> 1 GB']);
	for (const [label, files] of bandRows) expect(Number(files.replaceAll(',', '')), label).toBe(storage.bands.get(label)?.files ?? 0);
	await chart.getByRole('button', { name: 'Chart', exact: true }).click();

	// A click on the "> 1 GB" band filters the page: statistics follow, the exact percentiles too.
	await choose(page, '[data-chart="size-bands-bytes"] .choices button[data-key="5"]');
	await expect(page.getByTestId('filter-bar').locator('.chip')).toHaveCount(1);
	await expect.poll(async () => (await kpis('storage')).files).toBe(storage.bands.get('> 1 GB')!.files);
	expect((await kpis('storage')).bytes).toBe(storage.bands.get('> 1 GB')!.bytes);
	const big = await oracleStorage(source, asOfMs, 'size >= 1024 * 1024 * 1024');
	await expect.poll(async () => (await kpis('storage')).median).toBe(big.median);
	expect(await kpis('storage')).toMatchObject({ files: big.files, p90: big.p90, p99: big.p99, max: big.max });
	// The filter follows to Folder Organization: the folders holding those files.
	await openReport(page, 'Folder Organization', 'folders');
	await expect.poll(async () => (await kpis('folders')).folders).toBe(big.folders);
	expect((await kpis('folders')).folderFiles).toBe(big.files);
	await openReport(page, 'Storage Overview', 'storage');
	await page.getByTestId('clear-filters').click();
	await expect.poll(async () => (await kpis('storage')).files).toBe(storage.files);
});

test('Largest files: the first page lists the oracle’s largest sizes, biggest first', async () => {
	await openReport(page, 'Largest files', 'largest');
	const rows = await readTable(page, 'largest');
	expect(rows.length).toBe(25);
	expect(rows.map((r) => Number(r.size))).toEqual(storage.largest.slice(0, 25).map((l) => l.size));
	expect(rows[0].name).toBe(storage.largest[0].name);
	const k = await kpis('largest');
	expect(k.listed).toBe(1000);
	expect(k.listedBytes).toBe(storage.largest.reduce((a, l) => a + l.size, 0));
});

test('File Distribution: files and bytes per top folder and category equal the oracle; a folder click filters every page', async () => {
	await openReport(page, 'File Distribution', 'distribution');
	const oracle = await oracleDistribution(source, asOfMs);
	const table = page.locator('[data-table="distribution"]');
	const rows: Record<string, string>[] = [];
	// Read every page of the table.
	for (;;) {
		rows.push(...(await readTable(page, 'distribution')));
		const next = table.getByRole('button', { name: 'Next' });
		if (!(await next.count()) || (await next.isDisabled())) break;
		await next.click();
	}
	expect(rows.length).toBe(oracle.size);
	const labels: Record<string, string> = { Documents: 'documents', Spreadsheets: 'spreadsheets', Presentations: 'presentations', Images: 'images', 'Audio & video': 'media', Archives: 'archives', Code: 'code', Email: 'email', Executables: 'executables', Other: 'other' };
	for (const r of rows) {
		const o = oracle.get(`${r.folderLabel}|${labels[r.categoryLabel]}`);
		expect(o, `${r.folderLabel} ${r.categoryLabel}`).toBeDefined();
		expect([Number(r.files), Number(r.bytes)]).toEqual([o!.files, o!.bytes]);
	}
	await choose(page, '[data-chart="distribution-folders"] .choices button[data-key="File System/D:/data/"]');
	await expect(page.getByTestId('filter-bar').locator('.chip')).toHaveCount(1);
	await openReport(page, 'Storage Overview', 'storage');
	await expect.poll(async () => (await kpis('storage')).files).toBe(
		[...oracle].filter(([k]) => k.startsWith('File System/D:/data/|')).reduce((a, [, v]) => a + v.files, 0)
	);
	await page.getByTestId('clear-filters').click();
});

test('Folder Organization: subtree totals at a depth equal the oracle; zoom, depth and the lazy tree work', async () => {
	await openReport(page, 'Folder Organization', 'folders');
	const k = await kpis('folders');
	expect([k.folderFiles, k.folderBytes]).toEqual([storage.files, storage.bytes]);
	const depth2 = await oracleFolders(source, asOfMs, 2);
	const top = await readTable(page, 'top-folders-bytes');
	// The table's first page: ten folders, or every folder at that depth when fewer.
	expect(top.length).toBe(Math.min(10, depth2.size));
	const expected = [...depth2].sort((a, b) => b[1].bytes - a[1].bytes || a[0].localeCompare(b[0])).slice(0, top.length);
	expect(top.map((r) => [r.folder, Number(r.files), Number(r.bytes)])).toEqual(expected.map(([f, v]) => [f, v.files, v.bytes]));
	// No double counting: the folders two levels down hold every file once.
	expect([...depth2.values()].reduce((a, v) => a + v.files, 0)).toBe(storage.files);

	// Depth 3: the top folders by files are the oracle's at depth 3.
	await page.getByTestId('folder-depth').selectOption('3');
	await expect(page.getByTestId('report-folders')).toHaveAttribute('data-ready', 'true');
	const depth3 = await oracleFolders(source, asOfMs, 3);
	const byFiles = [...depth3].sort((a, b) => b[1].files - a[1].files || a[0].localeCompare(b[0]));
	await expect.poll(async () => (await readTable(page, 'top-folders-files'))[0]?.folder).toBe(byFiles[0][0]);
	expect(Number((await readTable(page, 'top-folders-files'))[0].files)).toBe(byFiles[0][1].files);

	// Zoom: a treemap folder is a button; Enter zooms in and the totals become that folder's.
	const target = page.locator('[data-chart="folder-treemap"] g[role="button"]').first();
	const folder = (await target.getAttribute('data-folder'))!;
	await target.focus();
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('folder-crumbs').locator('[aria-current="location"]')).toBeVisible();
	const d = folder.split('/').length - 1;
	const expectedZoom = (await oracleFolders(source, asOfMs, d)).get(folder)!;
	await expect.poll(async () => (await kpis('folders')).folderFiles).toBe(expectedZoom.files);
	expect((await kpis('folders')).folderBytes).toBe(expectedZoom.bytes);
	// The zoom is in the URL: Back returns to every folder, Forward to the zoomed one.
	expect(new URL(page.url()).searchParams.get('root')).toBe(folder);
	await page.goBack();
	await expect.poll(async () => (await kpis('folders')).folderFiles).toBe(storage.files);
	await page.goForward();
	await expect.poll(async () => (await kpis('folders')).folderFiles).toBe(expectedZoom.files);
	// The folder tree follows the zoom: the way down is open and the zoomed folder is marked.
	const tree = page.getByRole('tree', { name: 'Folders' });
	await expect(tree.locator(`li[data-folder="${folder}"]`)).toHaveAttribute('aria-selected', 'true');
	await expect(tree.locator('li[aria-selected="true"]')).toHaveCount(1);

	// The zoomed folder's files in the Explorer: exactly the oracle's count in it and below.
	const leafFiles = expectedZoom.files;
	const leaf = page.getByTestId('folder-explorer-link');
	await leaf.click();
	await expect(page).toHaveURL(/\/explorer\/\?.*prefix=/);
	await expect(page.getByTestId('explorer')).toHaveAttribute('data-ready', 'true', { timeout: 120_000 });
	expect(Number(await page.getByTestId('explorer').getAttribute('data-total'))).toBe(leafFiles);
	await page.goBack();
	await expect(page.getByTestId('report-folders')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
	await page.getByTestId('folder-crumbs').getByRole('button', { name: 'All folders' }).click();

	// The lazy tree: the top level lists the first segments; expanding one lists its children.
	const depth1 = await oracleFolders(source, asOfMs, 1);
	await expect(tree.locator(':scope > li[data-folder]')).toHaveCount(depth1.size);
	const first = [...depth1].sort((a, b) => b[1].bytes - a[1].bytes)[0];
	const item = tree.locator(`:scope > li[data-folder="${first[0]}"]`);
	expect(Number(await item.locator('[data-files]').first().getAttribute('data-files'))).toBe(first[1].files);
	// It may be open already: the zoom above opened the way down to its folder.
	if ((await item.getAttribute('aria-expanded')) !== 'true') await item.getByRole('button', { name: `Expand ${first[0]}` }).click();
	const children = [...depth2].filter(([f]) => f.startsWith(first[0]));
	await expect(item.locator('ul[role="group"] > li[data-folder]')).toHaveCount(children.length);

	// And the treemap follows the tree: a folder's name zooms to it (in the URL, the oracle's totals).
	const [childFolder, childTotals] = children.sort((a, b) => b[1].bytes - a[1].bytes)[0];
	await item.locator(`li[data-folder="${childFolder}"] .name button`).click();
	await expect.poll(() => new URL(page.url()).searchParams.get('root')).toBe(childFolder);
	await expect.poll(async () => (await kpis('folders')).folderFiles).toBe(childTotals.files);
	expect((await kpis('folders')).folderBytes).toBe(childTotals.bytes);
	await expect(tree.locator(`li[data-folder="${childFolder}"]`)).toHaveAttribute('aria-selected', 'true');
	await page.getByTestId('folder-crumbs').getByRole('button', { name: 'All folders' }).click();
});

/**
 * The hand-made export (tests/fixtures/tiny-export.ts) written as a .duckdb file, with its
 * classifications table emptied, no services table and no instances.metadata column: the pages say
 * "no … in this export" where they have nothing, and never show an error.
 */
test.describe('a tiny export with empty tables', () => {
	let tiny: Page;
	test.beforeAll(async ({ browser }) => {
		const dir = mkdtempSync(join(tmpdir(), 'tiny-export-'));
		const file = join(dir, 'export.duckdb');
		const db = await DuckDBInstance.create(file);
		const conn = await db.connect();
		for (const [name, sql] of Object.entries(TINY_TABLES)) if (name !== 'services') await conn.run(sql);
		await conn.run('DELETE FROM classifications');
		conn.closeSync();
		db.closeSync();
		tiny = await browser.newPage();
		await tiny.goto('./');
		await openWithPicker(tiny, [file]);
		await waitForSummary(tiny);
	});
	test.afterAll(async () => tiny.close());

	for (const [title, slug, noData] of [
		['Content Categories', 'classifications', 'No classification results in this export.'],
		['Metadata Insights', 'metadata', 'No file metadata (instances.metadata) in this export.'],
		['Storage Overview', 'storage', 'No storage services in this export.'],
		['Folder Organization', 'folders', null],
		['Largest files', 'largest', null],
		['File Distribution', 'distribution', null]
	] as const) {
		test(`${title} renders${noData ? ' and says what the export lacks' : ''}`, async () => {
			await openReport(tiny, title, slug);
			const report = tiny.getByTestId(`report-${slug}`);
			await expect(report.getByRole('alert')).toHaveCount(0);
			if (noData) await expect(report.getByTestId('no-data')).toHaveText(noData);
			else await expect(report.getByTestId('no-data')).toHaveCount(0);
		});
	}

	test('the tiny figures are the ones known by construction', async () => {
		await openReport(tiny, 'Largest files', 'largest');
		expect((await readTable(tiny, 'largest')).map((r) => Number(r.size))).toEqual([2097152, 6148, 5000, 160, 1, 0]);
		await openReport(tiny, 'Storage Overview', 'storage');
		const k = await tiny.evaluate(() => Object.fromEntries([...document.querySelectorAll<HTMLElement>('[data-testid="report-storage"] [data-metric]')].map((e) => [e.dataset.metric, e.dataset.value])));
		expect(k).toMatchObject({ files: '7', bytes: String(EXPECTED.bytes), median: '160', max: '2097152', empty: '1' });
	});
});
