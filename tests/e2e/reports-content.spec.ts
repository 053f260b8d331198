/**
 * Content reports on a generated 100k-file export: the figures a person reads equal native DuckDB's
 * from the same files (tests/oracle/reports.ts).
 */
import { expect, test, type Page } from '@playwright/test';
import { oracleCategories } from '../oracle/reports';
import { E2E_DIR } from './paths';
import { exportFiles, openReport, openWithPicker, readAsOf, readTable, waitForSummary } from './helpers';

test.describe.configure({ mode: 'serial' });

let page: Page;
let asOfMs: number;

test.beforeAll(async ({ browser }) => {
	page = await browser.newPage();
	await page.goto('./');
	await openWithPicker(page, exportFiles(E2E_DIR, 'duckdb'));
	await waitForSummary(page);
	asOfMs = await readAsOf(page);
});

test.afterAll(async () => page.close());

test('Document Analysis: files, bytes and tagged files per category equal the oracle', async () => {
	await openReport(page, 'Document Analysis', 'documents');
	const oracle = await oracleCategories({ format: 'duckdb', dir: E2E_DIR }, asOfMs);
	const shown = await readTable(page, 'categories');
	expect(oracle.size).toBeGreaterThan(5);
	expect(shown.length).toBe(oracle.size);
	for (const row of shown) {
		const o = oracle.get(row.category);
		expect(o, row.category).toBeDefined();
		expect(Number(row.files)).toBe(o!.files);
		expect(Number(row.bytes)).toBe(o!.bytes);
	}
	const tagging = await readTable(page, 'tagging');
	expect(tagging.length).toBe(oracle.size);
	for (const row of tagging) expect(Number(row.tagged)).toBe(oracle.get(row.category)!.tagged);

	// A click on an extension filters the page: the chip appears and the figures follow.
	const before = (await readTable(page, 'categories')).reduce((a, r) => a + Number(r.files), 0);
	await page.locator('[data-chart="extensions-files"] .choices button').first().focus();
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('filter-bar').locator('.chip')).toHaveCount(1);
	await expect(page.getByTestId('report-documents')).toHaveAttribute('data-ready', 'true');
	await expect.poll(async () => (await readTable(page, 'categories')).reduce((a, r) => a + Number(r.files), 0)).toBeLessThan(before);

	// Drill down: the files behind the filtered figures, listed in the Explorer with the same filter.
	const filtered = (await readTable(page, 'categories')).reduce((a, r) => a + Number(r.files), 0);
	await page.getByTestId('open-explorer').click();
	await expect(page.getByTestId('explorer-count')).toContainText(`${filtered.toLocaleString('en-US')} files match`, { timeout: 120_000 });
	await page.goBack();
	await expect(page.getByTestId('report-documents')).toHaveAttribute('data-ready', 'true');
	await page.getByTestId('clear-filters').click();
});
