/**
 * The Explorer on the generated 100k-file export: every row reachable by scrolling, sorted both
 * ways by size, searched by name, opened in the drawer, exported as CSV and Parquet, and narrowed
 * to each cleanup (ROT) class; rows, counts and sums checked against native DuckDB over the same
 * files (tests/oracle/explorer.ts, tests/oracle/reports-rot.ts).
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { explorerOracle, type ExplorerOracle } from '../oracle/explorer';
import { E2E_DIR } from './paths';
import { exportFiles, openReport, openWithPicker, readAsOf, waitForSummary } from './helpers';
import { oracleRot } from '../oracle/reports-rot';
import { checkRows, ready, sortBySizeHeader, visibleRows } from './explorer-grid';

test.describe.configure({ mode: 'serial' });

let page: Page;
let oracle: ExplorerOracle;
let asOfMs: number;
const SEARCH = 'INVOICE_3';

test.beforeAll(async ({ browser }) => {
	page = await browser.newPage();
	await page.goto('./');
	await openWithPicker(page, exportFiles(E2E_DIR, 'duckdb'));
	await waitForSummary(page);
	asOfMs = await readAsOf(page);
	oracle = await explorerOracle({ format: 'duckdb', dir: E2E_DIR }, asOfMs);
});

test.afterAll(async () => {
	oracle?.close();
	await page.close();
});

test('lists every file; scrolling reaches the last one', async () => {
	await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Explorer', exact: true }).click();
	const total = await ready(page);
	expect(total).toBe(await oracle.count());
	await expect(page.getByTestId('explorer-count')).toContainText(total.toLocaleString('en-US'));
	// Only the rows in view exist in the DOM.
	expect(await page.getByTestId('explorer-grid').locator('[role=row][data-pos]').count()).toBeLessThan(60);

	const grid = page.getByTestId('explorer-grid');
	await grid.focus();
	await page.keyboard.press('End');
	const last = await visibleRows(page);
	expect(last.at(-1)!.pos).toBe(total - 1);
	await page.keyboard.press('Home');
	expect((await visibleRows(page))[0].pos).toBe(0);
	// Page Down moves by a screenful; arrows by one.
	await page.keyboard.press('PageDown');
	expect((await visibleRows(page))[0].pos).toBeGreaterThan(5);
});

test('sorted by size, largest first then smallest first: first and last pages equal the oracle', async () => {
	const ms = await sortBySizeHeader(page);
	console.log(`sort by size (descending), first page: ${ms} ms`);
	await expect(page.getByTestId('explorer-grid').getByRole('columnheader', { name: /Size/ })).toHaveAttribute('aria-sort', 'descending');
	const total = await ready(page);
	await checkRows(oracle, await visibleRows(page), true);
	await page.getByTestId('explorer-grid').focus();
	await page.keyboard.press('End');
	const last = await visibleRows(page);
	expect(last.at(-1)!.pos).toBe(total - 1);
	await checkRows(oracle, last, true);

	const flip = await sortBySizeHeader(page);
	console.log(`sort by size (ascending), first page: ${flip} ms`);
	await expect(page.getByTestId('explorer-grid').getByRole('columnheader', { name: /Size/ })).toHaveAttribute('aria-sort', 'ascending');
	await checkRows(oracle, await visibleRows(page), false);
	await page.getByTestId('explorer-grid').focus();
	await page.keyboard.press('End');
	await checkRows(oracle, await visibleRows(page), false);

	// A jump to the middle with the scrollbar: the rows there are the oracle's too.
	await page.getByTestId('explorer-grid').evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
	const middle = await visibleRows(page);
	expect(middle[0].pos).toBeGreaterThan(total / 3);
	await checkRows(oracle, middle, false);
	const pageMs = Number(await page.getByTestId('explorer').getAttribute('data-page-ms'));
	console.log(`page read after a jump: ${pageMs.toFixed(1)} ms (engine)`);
});

test('a search by name: the count and the rows equal the oracle', async () => {
	await page.getByTestId('explorer-search').fill(SEARCH);
	await expect(page).toHaveURL(/q=INVOICE_3/);
	const total = await ready(page);
	const expected = await oracle.count(SEARCH);
	expect(expected).toBeGreaterThan(100);
	expect(total).toBe(expected);
	await expect(page.getByTestId('explorer-count')).toContainText(`${expected.toLocaleString('en-US')} files match`);
	await checkRows(oracle, await visibleRows(page), false, SEARCH);
	await page.getByTestId('explorer-grid').focus();
	await page.keyboard.press('End');
	await checkRows(oracle, await visibleRows(page), false, SEARCH);
});

test('the drawer shows one file: its fields, instances and metadata', async () => {
	const [first] = await visibleRows(page);
	await page.getByTestId('explorer-grid').locator(`[role=row][data-pos="${first.pos}"] button.open`).click();
	const drawer = page.getByTestId('file-drawer');
	await expect(drawer.locator('[data-field="objectId"]')).toHaveAttribute('data-value', first.objectId);
	await expect(drawer.locator('[data-field="size"]')).toHaveAttribute('data-value', String(first.size ?? ''));
	await expect(drawer.getByTestId('file-instances').locator('tbody tr').first()).toBeVisible();
	await page.keyboard.press('Escape');
	await expect(drawer).toHaveCount(0);
});

for (const format of ['csv', 'parquet'] as const) {
	test(`export of the searched, sorted list as ${format}: row count and sum of sizes equal the oracle`, async () => {
		const expected = await oracle.totals(SEARCH);
		const button = page.getByTestId(`export-${format}`);
		if (format === 'csv') await expect(button).toContainText(`Export ${expected.files.toLocaleString('en-US')} rows`);
		const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
		const path = join(mkdtempSync(join(tmpdir(), 'explorer-e2e-')), download.suggestedFilename());
		await download.saveAs(path);
		expect(path.endsWith(`.${format}`)).toBe(true);
		const got = await oracle.readExport(path, format);
		expect(got).toEqual({ ...expected, objectIds: expected.files });
	});
}

test('export of every file (several chunks) as CSV: row count and sum of sizes equal the oracle', async () => {
	await page.getByTestId('explorer-search').fill('');
	await expect(page).not.toHaveURL(/q=/);
	const total = await ready(page);
	const expected = await oracle.totals();
	expect(total).toBe(expected.files);
	await expect(page.getByTestId('export-csv')).toContainText(`Export ${expected.files.toLocaleString('en-US')} rows`);
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
	const path = join(mkdtempSync(join(tmpdir(), 'explorer-e2e-')), download.suggestedFilename());
	await download.saveAs(path);
	expect(await oracle.readExport(path, 'csv')).toEqual({ ...expected, objectIds: expected.files });
});

test('cleanup classes: the Redundant page links to its copies, and each class lists the files the oracle counts', async () => {
	const rot3 = await oracleRot({ format: 'duckdb', dir: E2E_DIR }, asOfMs, 3);
	const rot5 = await oracleRot({ format: 'duckdb', dir: E2E_DIR }, asOfMs, 5);
	expect(rot3.rot.redundant.files).toBeGreaterThan(0);

	await openReport(page, 'Redundant', 'redundant');
	await page.getByTestId('open-explorer').click();
	await expect(page).toHaveURL(/\/explorer\/\?(.*&)?rot=redundant/);
	await expect(page.getByTestId('explorer-rot')).toHaveValue('redundant');
	expect(await ready(page)).toBe(rot3.rot.redundant.files);
	await expect(page.getByTestId('explorer-count')).toContainText(`${rot3.rot.redundant.files.toLocaleString('en-US')} files match`);

	await page.getByTestId('explorer-rot').selectOption('trivial');
	await expect(page).toHaveURL(/rot=trivial/);
	expect(await ready(page)).toBe(rot3.rot.trivial.files);

	await page.getByTestId('explorer-rot').selectOption('obsolete');
	await expect(page).toHaveURL(/rot=obsolete/);
	expect(await ready(page)).toBe(rot3.rot.obsolete.files);
	await page.getByTestId('explorer-years').selectOption('5');
	await expect(page).toHaveURL(/years=5/);
	expect(await ready(page)).toBe(rot5.rot.obsolete.files);
	expect((await visibleRows(page)).length).toBeGreaterThan(0);

	await page.getByTestId('explorer-rot').selectOption('');
	await expect(page).not.toHaveURL(/rot=/);
	expect(await ready(page)).toBe(await oracle.count());
});
