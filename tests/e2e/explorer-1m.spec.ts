/**
 * The Explorer on a generated 1M-file export (issue #6's own test): scrolled to the end, sorted by
 * size both ways with the sort index built in slices as 25M files would be, searched by name, and a
 * filtered list of about a million files exported as CSV. Rows, counts and sums are checked against
 * native DuckDB over the same file (tests/oracle/explorer.ts).
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { explorerOracle, type ExplorerOracle } from '../oracle/explorer';
import { PACK_DIR } from './paths';
import { exportFiles, openWithPicker, readAsOf } from './helpers';
import { checkRows, lastRows, ready, sortBySizeHeader, visibleRows } from './explorer-grid';

test.describe.configure({ mode: 'serial', timeout: 300_000 });

let page: Page;
let oracle: ExplorerOracle;
const SEARCH = 'invoice_12';
/** Rows per slice of the sort build: 1M files then take four slices, the way 25M take thirteen. */
const SLICE_ROWS = 300_000;
/** Rows per sort slice set for this page's engine (a DuckDB variable the worker reads). */
async function setSliceRows(rows: number): Promise<void> {
	await page.evaluate(async (rows) => {
		const w = window as unknown as { __aparavi: { engine(): { request(r: unknown): Promise<unknown> } } };
		await w.__aparavi.engine().request({ type: 'sql', sql: `SET VARIABLE sort_slice_rows = ${rows}` });
	}, rows);
}

/** The statements the engine ran that built the size sort table (from its query log). */
async function sortBuildStatements(): Promise<string[]> {
	return page.evaluate(async () => {
		const w = window as unknown as { __aparavi: { engine(): { request(r: unknown): Promise<{ log: { sql: string }[] }> } } };
		const stats = await w.__aparavi.engine().request({ type: 'stats' });
		return stats.log.map((e) => e.sql).filter((sql) => /^(CREATE OR REPLACE TABLE|INSERT INTO) x_sort_size /.test(sql));
	});
}

test.beforeAll(async ({ browser }) => {
	test.setTimeout(400_000);
	page = await browser.newPage();
	// ?debug: the engine handle, to set the sort slice size.
	await page.goto('./?debug');
	await openWithPicker(page, exportFiles(PACK_DIR, 'duckdb'));
	await expect(page.getByTestId('summary')).toHaveAttribute('data-ready', 'true', { timeout: 360_000 });
	oracle = await explorerOracle({ format: 'duckdb', dir: PACK_DIR }, await readAsOf(page));
});

test.afterAll(async () => {
	oracle?.close();
	await page?.close();
});

test('1M: lists every file; End reaches the last one', async () => {
	await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Explorer', exact: true }).click();
	const total = await ready(page);
	expect(total).toBe(await oracle.count());
	expect(total).toBeGreaterThanOrEqual(1_000_000);
	await expect(page.getByTestId('explorer-count')).toContainText(total.toLocaleString('en-US'));
	expect(await page.getByTestId('explorer-grid').locator('[role=row][data-pos]').count()).toBeLessThan(60);
	const last = await lastRows(page);
	expect(last.at(-1)!.pos).toBe(total - 1);
	await page.keyboard.press('Home');
	expect((await visibleRows(page))[0].pos).toBe(0);
});

test('1M: sorted by size in slices, largest then smallest first: first and last pages equal the oracle', async () => {
	await setSliceRows(SLICE_ROWS);
	const build = await sortBySizeHeader(page, 240_000);
	console.log(`1M: sort index by size in slices of ${SLICE_ROWS.toLocaleString('en-US')}, then the first page: ${build} ms`);
	await expect(page.getByTestId('explorer-grid').getByRole('columnheader', { name: /Size/ })).toHaveAttribute('aria-sort', 'descending');
	// Built in slices: at least four key ranges (about 1M / 300k), then the files of unknown size.
	expect((await sortBuildStatements()).length).toBeGreaterThanOrEqual(5);
	const total = await ready(page);
	await checkRows(oracle, await visibleRows(page), true);
	const last = await lastRows(page);
	expect(last.at(-1)!.pos).toBe(total - 1);
	await checkRows(oracle, last, true);

	const flip = await sortBySizeHeader(page);
	console.log(`1M: sort flipped to ascending, first page: ${flip} ms`);
	await expect(page.getByTestId('explorer-grid').getByRole('columnheader', { name: /Size/ })).toHaveAttribute('aria-sort', 'ascending');
	await checkRows(oracle, await visibleRows(page), false);
	await checkRows(oracle, await lastRows(page), false);
});

test('1M: a search by name: the count and the first and last pages equal the oracle', async () => {
	await page.getByTestId('explorer-search').fill(SEARCH);
	await expect(page).toHaveURL(/q=invoice_12/);
	const total = await ready(page, 180_000);
	const expected = await oracle.count(SEARCH);
	expect(expected).toBeGreaterThan(100);
	expect(total).toBe(expected);
	await expect(page.getByTestId('explorer-count')).toContainText(`${expected.toLocaleString('en-US')} files match`);
	await checkRows(oracle, await visibleRows(page), false, SEARCH);
	// The first page came in two answers, a screen of 64 rows and then the rest read on from where the
	// screen's reading stopped: the rows just past the 64th are the oracle's too.
	await page.getByTestId('explorer-grid').focus();
	let middle = await visibleRows(page);
	for (let i = 0; i < 12 && middle[0].pos < 64; i++) {
		await page.keyboard.press('PageDown');
		middle = await visibleRows(page);
	}
	expect(middle[0].pos).toBeGreaterThanOrEqual(64);
	expect(middle[0].pos).toBeLessThan(200);
	await checkRows(oracle, middle, false, SEARCH);
	await checkRows(oracle, await lastRows(page), false, SEARCH);
});

test('1M: export of a filtered list of about a million files as CSV: row count and sum of sizes equal the oracle', async () => {
	await page.getByTestId('explorer-search').fill('');
	await page.getByLabel('Size from').fill('1');
	await expect(page).toHaveURL(/minsize=1(&|$)/);
	await expect(page).not.toHaveURL(/q=/);
	const total = await ready(page, 180_000);
	const expected = await oracle.totals(undefined, 1);
	expect(total).toBe(expected.files);
	expect(expected.files).toBeGreaterThan(900_000);
	const button = page.getByTestId('export-csv');
	await expect(button).toContainText(`Export ${expected.files.toLocaleString('en-US')} rows`);
	const started = Date.now();
	const [download] = await Promise.all([page.waitForEvent('download', { timeout: 240_000 }), button.click()]);
	const path = join(mkdtempSync(join(tmpdir(), 'explorer-1m-')), download.suggestedFilename());
	await download.saveAs(path);
	console.log(`1M: CSV export of ${expected.files.toLocaleString('en-US')} rows: ${Date.now() - started} ms`);
	expect(await oracle.readExport(path, 'csv')).toEqual({ ...expected, objectIds: expected.files });
});
