/**
 * The Executive Summary of a generated 100k-file export, opened in each format the app accepts,
 * must state exactly the figures native DuckDB computes from the same files (tests/oracle), in the
 * words a person reads (tests/oracle/format.ts writes the expected text, apart from the app's formatter).
 */
import { expect, test } from '@playwright/test';
import { oracleSummary } from '../oracle/summary';
import { E2E_DIR } from './paths';
import { exportFiles, foreign, openWithPicker, readAsOf, readChartTable, readKpis, recordRequests, waitForSummary, type Format } from './helpers';
import { peopleBytes, peopleCount, peopleDate } from '../oracle/format';

for (const format of ['duckdb', 'parquet', 'csv'] as Format[]) {
	test(`summary of a ${format} export equals the native DuckDB oracle`, async ({ page, baseURL }) => {
		const requests = recordRequests(page);
		await page.goto('./');
		await openWithPicker(page, exportFiles(E2E_DIR, format));
		await waitForSummary(page);

		const kpis = await readKpis(page);
		const oracle = await oracleSummary({ format, dir: E2E_DIR }, await readAsOf(page));
		expect(kpis.files).toBe(oracle.files);
		expect(kpis.bytes).toBe(oracle.bytes);
		expect(kpis.folders).toBe(oracle.folders);
		expect(kpis.extensions).toBe(oracle.extensions);
		expect(kpis.medianSize).toBe(oracle.medianSize);
		expect(kpis.averageSize).toBeCloseTo(oracle.averageSize!, 6);
		expect(kpis.oldestModified).toBe(oracle.oldestModified);
		expect(kpis.newestModified).toBe(oracle.newestModified);

		// What a person reads on the KPI cards.
		const text = async (metric: string) => (await page.locator(`[data-testid="summary"] [data-metric="${metric}"]`).innerText()).trim();
		expect(await text('files')).toBe(peopleCount(oracle.files));
		expect(await text('bytes')).toBe(peopleBytes(oracle.bytes));
		expect(await text('folders')).toBe(peopleCount(oracle.folders));
		expect(await text('medianSize')).toBe(peopleBytes(oracle.medianSize));
		expect(await text('oldestModified')).toBe(peopleDate(oracle.oldestModified));

		// What a person reads in the charts' table views: label, files and bytes.
		const sizes = await readChartTable(page, 'size-distribution');
		const sizeBands = oracle.sizeBands.filter((b) => b.files > 0);
		expect(sizeBands.length).toBeGreaterThan(2);
		expect(sizes.map((r) => [r.label, r.files, r.bytes])).toEqual(sizeBands.map((b) => [b.band, peopleCount(b.files), peopleBytes(b.bytes)]));
		const ages = await readChartTable(page, 'age-distribution');
		const ageBands = oracle.ageBands.filter((b) => b.files > 0);
		expect(ageBands.length).toBeGreaterThan(2);
		expect(ages.map((r) => [r.label, r.files, r.bytes])).toEqual(ageBands.map((b) => [b.band, peopleCount(b.files), peopleBytes(b.bytes)]));

		// The cleaning note states the oracle's count of files without a valid modified time.
		await expect(page.locator('[data-note="invalidModified"]')).toHaveAttribute('data-count', String(oracle.invalidModified));

		expect(foreign(requests, new URL(baseURL!).origin)).toEqual([]);
	});
}

test('sample data opens with no file and draws the summary', async ({ page }) => {
	await page.goto('./');
	await page.getByTestId('sample-button').click();
	await waitForSummary(page);
	const kpis = await readKpis(page);
	expect(kpis.files).toBe(100_000);
	expect(kpis.bytes).toBeGreaterThan(0);
	await expect(page.locator('[data-chart="top-extensions-bytes"] svg')).toBeVisible();
});

test('?src= opens an export hosted next to the app', async ({ page }) => {
	await page.goto('./?src=/e2e-data/gen-100000/export.duckdb');
	await waitForSummary(page);
	const kpis = await readKpis(page);
	const oracle = await oracleSummary({ format: 'duckdb', dir: E2E_DIR }, await readAsOf(page));
	expect(kpis.files).toBe(oracle.files);
	expect(kpis.bytes).toBe(oracle.bytes);
});
