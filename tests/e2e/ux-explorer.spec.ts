/**
 * Issue #22 on the generated 100k-file export, in one browser page: the Explorer's multi-word and
 * glob search and its folder prefix give the files native DuckDB gives for the same rule
 * (tests/oracle/explorer-search.ts: count, and every objectId of the exported list); the folder
 * shown is in the URL and survives Back, Forward and a reload; the file drawer fits the viewport
 * and gives the keyboard back to the grid; a second open that is cancelled keeps the first dataset.
 */
import { expect, test, type Page } from '@playwright/test';
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { searchOracle, type SearchOracle } from '../oracle/explorer-search';
import { oracleSummary } from '../oracle/summary';
import { E2E_DIR, PACK_DIR } from './paths';
import { exportFiles, openWithPicker, readAsOf, readKpis, waitForSummary } from './helpers';
import { ready, visibleRows } from './explorer-grid';

test.describe.configure({ mode: 'serial', timeout: 300_000 });

let page: Page;
let oracle: SearchOracle;
let asOfMs: number;

/** The objectIds of the Explorer's list, as its CSV export writes them (read back by native DuckDB). */
async function exportedIds(): Promise<string[]> {
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
	const path = join(mkdtempSync(join(tmpdir(), 'ux-explorer-')), download.suggestedFilename());
	await download.saveAs(path);
	const db = await DuckDBInstance.create(':memory:');
	const conn = await db.connect();
	try {
		const reader = await conn.runAndReadAll(`SELECT objectId FROM read_csv('${path}', header = true, all_varchar = true) ORDER BY objectId`);
		return reader.getRowObjects().map((r) => String(r.objectId));
	} finally {
		conn.closeSync();
	}
}

test.beforeAll(async ({ browser }) => {
	test.setTimeout(300_000);
	page = await browser.newPage();
	await page.goto('./?debug');
	await openWithPicker(page, exportFiles(E2E_DIR, 'duckdb'));
	await waitForSummary(page);
	asOfMs = await readAsOf(page);
	oracle = await searchOracle({ format: 'duckdb', dir: E2E_DIR }, asOfMs);
});

test.afterAll(async () => {
	oracle?.close();
	await page?.close();
});

const SEARCHES: { text: string; words: string[]; patterns: string[] }[] = [
	{ text: 'plan_1 FINANCE', words: ['plan_1', 'finance'], patterns: [] },
	{ text: 'finance plan_1', words: ['finance', 'plan_1'], patterns: [] },
	{ text: '*.ISO', words: [], patterns: ['*.iso'] },
	{ text: 'marketing plan_1????.pdf', words: ['marketing'], patterns: ['plan_1????.pdf'] }
];

test('multi-word and glob search: the count and every exported file equal native DuckDB', async () => {
	await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Explorer', exact: true }).click();
	await ready(page);
	for (const s of SEARCHES) {
		const expected = await oracle.ids(s.words, s.patterns);
		expect(expected.length, s.text).toBeGreaterThan(0);
		expect(expected.length, s.text).toBeLessThan(5000);
		await page.getByTestId('explorer-search').fill(s.text);
		await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(s.text);
		const total = await ready(page);
		expect(total, s.text).toBe(expected.length);
		await expect(page.getByTestId('explorer-count')).toContainText(`${expected.length.toLocaleString('en-US')} ${expected.length === 1 ? 'file' : 'files'} match`);
		// The first page's rows are matches, in consecutive positions.
		const rows = await visibleRows(page);
		expect(rows.length).toBeGreaterThan(0);
		expect(rows.map((r) => r.pos)).toEqual(rows.map((_, i) => rows[0].pos + i));
		for (const r of rows) expect(expected, `${s.text}: ${r.objectId}`).toContain(r.objectId);
		const ids = await exportedIds();
		expect(ids.length, s.text).toBe(expected.length);
		expect(ids).toEqual(expected);
	}
	// Nothing matches: the empty state names the search and clears it.
	await page.getByTestId('explorer-search').fill('no-such-file-anywhere');
	await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('no-such-file-anywhere');
	expect(await ready(page)).toBe(0);
	await expect(page.getByTestId('explorer-empty')).toContainText('search “no-such-file-anywhere”');
	await page.getByTestId('explorer-empty-clear').click();
	await expect(page).not.toHaveURL(/q=/);
	expect(await ready(page)).toBe((await oracle.ids([], [])).length);
});

// Before any reload: a .duckdb export reopened from the browser's store has no instances to show.
test('the file drawer fits the viewport, shows times as dates, and Esc gives the keyboard back to the row', async () => {
	const grid = page.getByTestId('explorer-grid');
	await grid.focus();
	await page.keyboard.press('ArrowDown');
	await page.keyboard.press('ArrowDown');
	await expect(page.locator('.hint')).toContainText('Row 3 of');
	await page.keyboard.press('Enter');
	const drawer = page.getByTestId('file-drawer');
	await expect(drawer.getByTestId('file-instances')).toBeVisible();
	const size = page.viewportSize()!;
	const box = (await drawer.boundingBox())!;
	expect(box.x).toBeGreaterThanOrEqual(0);
	expect(box.x + box.width).toBeLessThanOrEqual(size.width + 0.5);
	// Nothing in it is wider than the panel: the versions table scrolls in its own box.
	expect(await drawer.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
	const close = (await drawer.getByRole('button', { name: 'Close' }).boundingBox())!;
	expect(close.x + close.width).toBeLessThanOrEqual(size.width);
	expect(close.y).toBeGreaterThanOrEqual(0);
	const versions = (await drawer.locator('.scroll').boundingBox())!;
	expect(versions.height).toBeLessThanOrEqual(size.height * 0.45 + 1);
	// Version times read as dates, not epoch numbers.
	const times = await drawer.getByTestId('file-instances').locator('td[data-col="modifyTime"]').allInnerTexts();
	expect(times.length).toBeGreaterThan(0);
	expect(times.some((t) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/.test(t))).toBe(true);

	await page.keyboard.press('Escape');
	await expect(drawer).toHaveCount(0);
	await expect(grid).toBeFocused();
	await page.keyboard.press('ArrowDown');
	await expect(page.locator('.hint')).toContainText('Row 4 of');
});

test('the folder prefix ignores case and a leading slash; the folder is in the URL and survives Back, Forward and a reload', async () => {
	const finance = await oracle.ids([], [], 'Shares/fileserver01/projects/Finance/');
	const projects = await oracle.ids([], [], 'Shares/fileserver01/projects/');
	expect(finance.length).toBeGreaterThan(0);
	expect(projects.length).toBeGreaterThan(finance.length);

	await page.getByTestId('explorer-prefix').fill('/SHARES/fileserver01/projects/finance/');
	await expect(page).toHaveURL(/prefix=/);
	expect(await ready(page)).toBe(finance.length);
	await expect(page.getByTestId('explorer-folder')).toContainText('finance');

	// One folder up through the breadcrumb: a step in the history.
	await page.getByTestId('explorer-folder').getByRole('button', { name: 'projects' }).click();
	await expect(page).toHaveURL(/prefix=SHARES%2Ffileserver01%2Fprojects%2F(&|$)/);
	expect(await ready(page)).toBe(projects.length);

	await page.goBack();
	await expect(page).toHaveURL(/prefix=%2FSHARES%2Ffileserver01%2Fprojects%2Ffinance%2F/);
	expect(await ready(page)).toBe(finance.length);
	await page.goForward();
	await expect(page).toHaveURL(/prefix=SHARES%2Ffileserver01%2Fprojects%2F(&|$)/);
	expect(await ready(page)).toBe(projects.length);

	await page.reload();
	expect(await ready(page, 170_000)).toBe(projects.length);
	await expect(page.getByTestId('explorer-prefix')).toHaveValue('SHARES/fileserver01/projects/');
});

test('a second open that is cancelled keeps the first dataset and its figures', async () => {
	await page.getByRole('link', { name: 'Aparavi Reporting Dashboard' }).click();
	await waitForSummary(page);
	const name = await page.getByTestId('dataset-name').innerText();
	const before = await readKpis(page);
	const expected = await oracleSummary({ format: 'duckdb', dir: E2E_DIR }, asOfMs);
	expect(before.files).toBe(expected.files);

	await page.getByTestId('file-input').setInputFiles(exportFiles(PACK_DIR, 'duckdb'));
	const progress = page.getByTestId('progress');
	await progress.getByRole('button', { name: 'Cancel' }).click();
	await expect(page.getByTestId('dataset-name')).toHaveText(name);
	await page.waitForFunction(() => (window as unknown as { __aparavi: { session: { loading: unknown } } }).__aparavi.session.loading === null);
	await waitForSummary(page);
	const after = await readKpis(page);
	expect(after.files).toBe(expected.files);
	expect(after.bytes).toBe(expected.bytes);
	expect(after).toEqual(before);

	// Nothing half-built is left listed as an unknown dataset.
	await page.getByTestId('cached-link').click();
	await expect(page.getByTestId('cached-table')).toBeVisible();
	await expect(page.getByTestId('cached-table')).not.toContainText('unknown');
	await expect(page.getByTestId('cached-table')).not.toContainText('Stored dataset');
});
