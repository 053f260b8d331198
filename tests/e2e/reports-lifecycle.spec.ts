/**
 * Lifecycle reports on a generated 100k-file export: the figures a person reads equal native
 * DuckDB's from the same files (tests/oracle/reports-lifecycle.ts). Then every lifecycle page on a
 * tiny export with empty side tables: figures or "no data", never an error.
 */
import { expect, test, type Page } from '@playwright/test';
import { oracleAccess, oracleAging, oracleGrowth, oracleHotCold } from '../oracle/reports-lifecycle';
import { tinyWithEmptyTables } from '../fixtures/tiny-export';
import { E2E_DIR } from './paths';
import { exportFiles, openReport, openWithPicker, readAsOf, readTable, waitForSummary } from './helpers';
import { readChartCounts, readReportKpis, writeExport } from './report-kit';

test.describe.configure({ mode: 'serial' });

const SOURCE = { format: 'duckdb' as const, dir: E2E_DIR };
let page: Page;
let asOfMs: number;

test.beforeAll(async ({ browser }, testInfo) => {
	// The report tables are built once after the Summary is drawn; the tests start once they are there.
	testInfo.setTimeout(600_000);
	page = await browser.newPage();
	await page.goto('./');
	await openWithPicker(page, exportFiles(E2E_DIR, 'duckdb'));
	await waitForSummary(page);
	asOfMs = await readAsOf(page);
	await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Access patterns', exact: true }).click();
	await expect(page.getByTestId('report-access')).toHaveAttribute('data-ready', 'true', { timeout: 540_000 });
});

test.afterAll(async () => page.close());

test('Document Aging: files per age band and per year of modified, created and accessed equal the oracle', async () => {
	await openReport(page, 'Document Aging', 'aging');
	const oracle = await oracleAging(SOURCE, asOfMs);
	const bands = await readTable(page, 'age-bands');
	expect(bands.length).toBe(7);
	for (const row of bands) {
		const label = row.label;
		expect(Number(row.modifiedFiles), `modified ${label}`).toBe(oracle.bands.modified[label] ?? 0);
		expect(Number(row.createdFiles), `created ${label}`).toBe(oracle.bands.created[label] ?? 0);
		expect(Number(row.accessedFiles), `accessed ${label}`).toBe(oracle.bands.accessed[label] ?? 0);
	}
	const years = await readTable(page, 'age-years');
	const allYears = new Set([...Object.keys(oracle.years.modified), ...Object.keys(oracle.years.created), ...Object.keys(oracle.years.accessed)]);
	expect(years.length).toBe(allYears.size);
	for (const row of years) {
		const y = Number(row.year);
		expect(Number(row.modifiedFiles), `modified ${y}`).toBe(oracle.years.modified[y] ?? 0);
		expect(Number(row.createdFiles), `created ${y}`).toBe(oracle.years.created[y] ?? 0);
		expect(Number(row.accessedFiles), `accessed ${y}`).toBe(oracle.years.accessed[y] ?? 0);
	}
	const kpis = await readReportKpis(page, 'aging');
	expect(kpis.files).toBe(oracle.files);
	expect(kpis.accessedOver3y).toBe(oracle.bands.accessed['> 3 years']);

	// A click on a band of "last modified" filters the page by that age: the other times follow.
	await page.locator('[data-chart="age-modified"] .choices button').last().focus();
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('filter-bar').locator('.chip')).toHaveCount(1);
	await expect(page).toHaveURL(/age=5/);
	await expect(page.getByTestId('report-aging')).toHaveAttribute('data-ready', 'true');
	await expect.poll(async () => (await readReportKpis(page, 'aging')).files).toBe(oracle.bands.modified['> 3 years']);
	const filtered = await readTable(page, 'age-bands');
	// Crossfilter: the modified chart keeps every band; the created column counts only the chosen files.
	expect(Number(filtered[0].modifiedFiles)).toBe(oracle.bands.modified['< 30 days'] ?? 0);
	expect(filtered.reduce((a, r) => a + Number(r.createdFiles), 0)).toBe(oracle.bands.modified['> 3 years']);
	await page.getByTestId('clear-filters').click();
	await expect(page.getByTestId('filter-bar').locator('.chip')).toHaveCount(0);
});

test('Hot/cold: files and bytes per last-access tier equal the oracle', async () => {
	await openReport(page, 'Hot/cold', 'hot-cold');
	const oracle = await oracleHotCold(SOURCE, asOfMs);
	const tiers = await readTable(page, 'tiers');
	expect(tiers.length).toBe(5);
	for (const row of tiers) {
		expect(Number(row.files), row.label).toBe(oracle[row.label]?.files ?? 0);
		expect(Number(row.bytes), row.label).toBe(oracle[row.label]?.bytes ?? 0);
	}
	const kpis = await readReportKpis(page, 'hot-cold');
	expect(kpis.coldBytes).toBe(oracle['Over a year ago'].bytes + oracle['No access time'].bytes);
	expect(kpis.neverFiles).toBe(oracle['No access time'].files);
});

test('Growth: files and bytes added per month and the running total equal the oracle', async () => {
	await openReport(page, 'Growth', 'growth');
	const oracle = await oracleGrowth(SOURCE, asOfMs);
	const byMonth = new Map(oracle.months.map((m) => [m.month, m]));
	// A page of the months table: two years of months, or every month when fewer.
	const check = (rows: Record<string, string>[]) => {
		expect(rows.length).toBe(Math.min(24, oracle.months.length));
		for (const row of rows) {
			const o = byMonth.get(row.month);
			expect(o, row.month).toBeDefined();
			expect(Number(row.files), row.month).toBe(o!.files);
			expect(Number(row.bytes), row.month).toBe(o!.bytes);
			expect(Number(row.cumulativeBytes), row.month).toBe(o!.cumulativeBytes);
		}
	};
	const first = await readTable(page, 'growth-months');
	expect(first[0].month).toBe(oracle.months[0].month);
	check(first);
	// The newest months: sort by month, descending (a text column sorts ascending first).
	const header = page.locator('[data-table="growth-months"] thead button', { hasText: 'Month added' });
	await header.click();
	await header.click();
	const newest = await readTable(page, 'growth-months');
	expect(newest[0].month).toBe(oracle.months[oracle.months.length - 1].month);
	check(newest);
	const kpis = await readReportKpis(page, 'growth');
	expect(kpis.addedLast12Files).toBe(oracle.last12.files);
	expect(kpis.addedLast12Bytes).toBe(oracle.last12.bytes);
	expect(kpis.undated).toBe(oracle.undated);
});

test('Access patterns: files per weekday and hour of last access (UTC) equal the oracle', async () => {
	await openReport(page, 'Access patterns', 'access');
	const oracle = await oracleAccess(SOURCE, asOfMs);
	await expect(page.locator('[data-chart="access-heatmap"] svg').first()).toBeVisible();
	expect(await readChartCounts(page, 'access-by-day')).toEqual(oracle.days);
	const hours = await readChartCounts(page, 'access-by-hour');
	expect(Object.fromEntries(Object.entries(hours).map(([h, n]) => [Number(h), n]))).toEqual(oracle.hours);
	expect((await readReportKpis(page, 'access')).withAccess).toBe(oracle.withAccess);
});

test('every lifecycle page renders on a tiny export with empty side tables, without an error', async ({ browser }) => {
	const file = await writeExport(tinyWithEmptyTables());
	const tiny = await browser.newPage();
	await tiny.goto('./');
	await openWithPicker(tiny, [file]);
	await waitForSummary(tiny);
	for (const [title, slug] of [
		['Document Aging', 'aging'],
		['Hot/cold', 'hot-cold'],
		['Growth', 'growth'],
		['Access patterns', 'access']
	]) {
		await openReport(tiny, title, slug);
		await expect(tiny.getByTestId(`report-${slug}`).getByRole('alert')).toHaveCount(0);
	}
	expect((await readReportKpis(tiny, 'access')).withAccess).toBe(5);
	await tiny.close();
});
