/**
 * Content reports added after Document Analysis (Metadata Insights, Content Categories) on a
 * generated 100k-file export, against native DuckDB (tests/oracle/reports-storage.ts).
 */
import { expect, test, type Page } from '@playwright/test';
import { oracleClassifications, oracleInstanceRows, oracleMetadata } from '../oracle/reports-storage';
import { E2E_DIR } from './paths';
import { exportFiles, openReport, openWithPicker, readAsOf, readTable, waitForSummary } from './helpers';

test.describe.configure({ mode: 'serial' });

let page: Page;
let asOfMs: number;
const source = { format: 'duckdb' as const, dir: E2E_DIR };

test.beforeAll(async ({ browser }) => {
	page = await browser.newPage();
	await page.goto('./');
	await openWithPicker(page, exportFiles(E2E_DIR, 'duckdb'));
	await waitForSummary(page);
	asOfMs = await readAsOf(page);
});

test.afterAll(async () => page.close());

/** The 25 most common fields' coverage (a share of 20,000 sampled files) against the population's. */
async function expectCoverageNearOracle(p: Page, oracle: { files: number; keys: Map<string, number> }): Promise<void> {
	const rows = await readTable(p, 'metadata-keys');
	expect(oracle.keys.size).toBeGreaterThan(0);
	expect(rows.length).toBe(Math.min(25, oracle.keys.size));
	for (const r of rows) {
		const share = oracle.keys.get(r.key);
		expect(share, r.key).toBeDefined();
		// A share from 20,000 files: the standard error is at most 0.35 points; allow 1.5.
		expect(Math.abs(Number(r.coverage) - share! / oracle.files), r.key).toBeLessThan(0.015);
	}
}

/** A bar chosen as a keyboard user does: its toggle button shows when focused; Enter presses it. */
async function choose(p: Page, selector: string): Promise<void> {
	await p.locator(selector).focus();
	await p.keyboard.press('Enter');
}

test('Metadata Insights: the sample is stated; coverage per field is the population’s within sampling error', async () => {
	await openReport(page, 'Metadata Insights', 'metadata');
	const sample = page.getByTestId('metadata-sample');
	await expect(sample).toContainText('Uniform sample of 20,000 of 100,000 files');
	const oracle = await oracleMetadata(source, asOfMs);
	await expectCoverageNearOracle(page, oracle);
	await expect(page.locator('[data-chart="metadata-heatmap"] svg').first()).toBeVisible();
});

test('Metadata Insights: under a filter keeping fewer than 20,000 files every file is read, and coverage is exact', async () => {
	// Filter by a top folder of 19,480 files, through the Summary's folder chart.
	await openReport(page, 'File Distribution', 'distribution');
	await choose(page, '[data-chart="distribution-folders"] .choices button[data-key="File System/D:/data/"]');
	await expect(page.getByTestId('filter-bar').locator('.chip')).toHaveCount(1);
	await openReport(page, 'Metadata Insights', 'metadata');
	const oracle = await oracleMetadata(source, asOfMs, `topFolder = 'File System/D:/data/'`);
	const sample = page.getByTestId('metadata-sample');
	await expect(sample).toHaveAttribute('data-sampled', String(oracle.files));
	await expect(sample).toHaveAttribute('data-population', String(oracle.files));
	expect(Number(await page.locator('[data-testid="report-metadata"] [data-metric="withMetadata"]').getAttribute('data-value'))).toBe(oracle.withMetadata);
	const rows = await readTable(page, 'metadata-keys');
	expect(rows.length).toBe(oracle.keys.size);
	for (const r of rows) expect(Number(r.files), r.key).toBe(oracle.keys.get(r.key));
	await page.getByTestId('clear-filters').click();
});

test('Content Categories: files per policy and the unclassified share equal the oracle', async () => {
	await openReport(page, 'Content Categories', 'classifications');
	const oracle = await oracleClassifications(source, asOfMs);
	const rows = await readTable(page, 'policies');
	expect(rows.length).toBe(oracle.policies.size);
	for (const r of rows) {
		const o = oracle.policies.get(r.policy);
		expect(o, r.policy).toBeDefined();
		expect([Number(r.files), Number(r.bytes)]).toEqual([o!.files, o!.bytes]);
		// The tiers split the policy's files: they add up.
		expect(Number(r.high) + Number(r.medium) + Number(r.low) + Number(r.weak)).toBeLessThanOrEqual(Number(r.files));
	}
	const unclassified = page.locator('[data-testid="report-classifications"] [data-metric="unclassified"]');
	expect(Number(await unclassified.getAttribute('data-value'))).toBe(oracle.unclassified);
	await expect(page.locator('[data-chart="policy-tiers"] svg').first()).toBeVisible();
});

test('Metadata Insights from Parquet: the metadata is read from a spread of instances’ row groups, said on the page, and coverage agrees', async ({ browser }) => {
	const p = await browser.newPage();
	try {
		await p.goto('./');
		await openWithPicker(p, exportFiles(E2E_DIR, 'parquet'));
		await waitForSummary(p);
		const asOf = await readAsOf(p);
		await openReport(p, 'Metadata Insights', 'metadata');
		const oracle = await oracleMetadata({ format: 'parquet', dir: E2E_DIR }, asOf);
		// This export's instances file is one row group of fewer rows than the sample takes: all of it is read.
		const instanceRows = await oracleInstanceRows(E2E_DIR);
		const partial = p.getByTestId('metadata-partial');
		await expect(partial).toHaveAttribute('data-read-rows', String(instanceRows));
		await expect(partial).toHaveAttribute('data-instance-rows', String(instanceRows));
		await expect(partial).toContainText('whole row groups spread evenly over instances');
		await expect(p.getByTestId('metadata-sample')).toContainText(`Uniform sample of 20,000 of ${oracle.files.toLocaleString('en-US')} files`);
		await expectCoverageNearOracle(p, oracle);
	} finally {
		await p.close();
	}
});
