/**
 * Cross-filtering the Executive Summary of the generated 100k export: a click on the `pdf` bar (its
 * keyboard equivalent) and on a size band, and the KPIs must equal native DuckDB's figures for the
 * same files, computed by the oracle with its own condition (not the app's filter SQL). The filter
 * lives in the URL: a reload with the same data brings the same numbers back.
 */
import { expect, test, type Page } from '@playwright/test';
import { oracleSummary } from '../oracle/summary';
import { E2E_DIR } from './paths';
import { exportFiles, openWithPicker, readAsOf, readKpis, waitForSummary } from './helpers';

/** Wait until the figures on screen answer `view` (the summary's data-view) completely. */
async function waitForView(page: Page, view: string) {
	const summary = page.getByTestId('summary');
	await expect(summary).toHaveAttribute('data-view', view, { timeout: 60_000 });
	await expect(summary).toHaveAttribute('data-exact', 'true', { timeout: 120_000 });
}

/** The cross-filter timings the page measured (click → figures drawn), for the report; never asserted. */
async function timings(page: Page) {
	return page.evaluate(() =>
		performance
			.getEntriesByType('measure')
			.filter((m) => m.name.startsWith('crossfilter-'))
			.map((m) => ({ name: m.name, ms: Math.round(m.duration), ...(m as PerformanceMeasure).detail }))
	);
}

test('click pdf and a size band: the KPIs equal native DuckDB, and the URL keeps the filter', async ({ page }) => {
	await page.goto('./');
	await openWithPicker(page, exportFiles(E2E_DIR, 'duckdb'));
	await waitForSummary(page);
	const asOf = await readAsOf(page);
	const all = await readKpis(page);

	// The pdf bar, by its keyboard equivalent: the chart's toggle buttons appear when focused.
	const pdf = page.locator('[data-chart="top-extensions-bytes"] .choices button[data-key="pdf"]');
	await pdf.focus();
	await expect(pdf).toBeVisible();
	await page.keyboard.press('Enter');
	await expect(pdf).toHaveAttribute('aria-pressed', 'true');
	await waitForView(page, 'ext=pdf');
	// The URL follows the figures once they are painted (a frame later): poll it.
	await expect.poll(() => new URL(page.url()).searchParams.get('ext')).toBe('pdf');
	const pdfOnly = await readKpis(page);
	const pdfOracle = await oracleSummary({ format: 'duckdb', dir: E2E_DIR }, asOf, `extension = 'pdf'`);
	expect(pdfOnly.files).toBe(pdfOracle.files);
	expect(pdfOnly.bytes).toBe(pdfOracle.bytes);
	expect(pdfOnly.folders).toBe(pdfOracle.folders);
	expect(pdfOnly.medianSize).toBe(pdfOracle.medianSize);
	expect(pdfOnly.files).toBeLessThan(all.files!);

	// The "1 KB–1 MB" size band (index 1), with the mouse on its bar in the chart.
	await page.locator('[data-chart="size-distribution"] rect[data-key="1"]').click();
	await waitForView(page, 'ext=pdf&size=1');
	await expect.poll(() => new URL(page.url()).searchParams.get('size')).toBe('1');
	expect(new URL(page.url()).searchParams.get('ext')).toBe('pdf');
	const filtered = await readKpis(page);
	const oracle = await oracleSummary({ format: 'duckdb', dir: E2E_DIR }, asOf, `extension = 'pdf' AND size >= 1024 AND size < 1048576`);
	expect(filtered.files).toBe(oracle.files);
	expect(filtered.bytes).toBe(oracle.bytes);
	expect(filtered.folders).toBe(oracle.folders);
	expect(filtered.extensions).toBe(1);
	expect(filtered.medianSize).toBe(oracle.medianSize);
	expect(filtered.averageSize).toBeCloseTo(oracle.averageSize!, 6);
	expect(filtered.oldestModified).toBe(oracle.oldestModified);
	expect(filtered.newestModified).toBe(oracle.newestModified);

	// Crossfilter: the size chart still shows every band (its own filter is not applied to it),
	// with the chosen one highlighted; the chips name both filters.
	await expect(page.locator('[data-chart="size-distribution"] rect[data-key]')).toHaveCount(oracleBands(pdfOracle.sizeBands));
	await expect(page.getByTestId('filter-bar').getByRole('button', { name: /Remove filter/ })).toHaveText(['Extension: pdf×', 'Size: 1 KB–1 MB×']);

	console.log('cross-filter timings at 100k:', JSON.stringify(await timings(page)));

	// A reload, and the same export opened again: the filters come back from the URL.
	await page.reload();
	await openWithPicker(page, exportFiles(E2E_DIR, 'duckdb'));
	await waitForSummary(page);
	await waitForView(page, 'ext=pdf&size=1');
	const restored = await readKpis(page);
	expect({ ...restored, averageSize: null }).toEqual({ ...filtered, averageSize: null });

	// Clear all: back to the whole export.
	await page.getByTestId('clear-filters').click();
	await waitForView(page, '');
	await expect.poll(() => new URL(page.url()).search).toBe('');
	expect((await readKpis(page)).files).toBe(all.files);
});

test('after the report build, the folder count and median under a filter come from its indexes and equal native DuckDB', async ({ page }) => {
	type Debug = { session: { reports: { ready: boolean } }; engine(): { request(r: unknown): Promise<{ log: { sql: string; rows: number }[] }> } };
	await page.goto('./?debug');
	await openWithPicker(page, exportFiles(E2E_DIR, 'duckdb'));
	await waitForSummary(page);
	const asOf = await readAsOf(page);
	const everyFile = (await readKpis(page)).files;
	await page.waitForFunction(() => (window as unknown as { __aparavi: Debug }).__aparavi.session.reports.ready, null, { timeout: 120_000 });
	// The report cubes were summed beside DuckDB as the per-file codes were written, every file once.
	const built = await page.evaluate(async () => (await (window as unknown as { __aparavi: Debug }).__aparavi.engine().request({ type: 'stats', logEntries: 500 })).log);
	const summed = built.filter((q) => q.sql.startsWith('/* JavaScript, beside DuckDB */ summing the report cubes'));
	expect(summed.length).toBeGreaterThan(0);
	expect(summed.reduce((n, q) => n + q.rows, 0)).toBe(everyFile);
	// A size band alone: the folder sets of that band, and one size bucket of r_bysize, no scan of facts.
	await page.locator('[data-chart="size-distribution"] rect[data-key="1"]').click();
	await waitForView(page, 'size=1');
	const kpis = await readKpis(page);
	const oracle = await oracleSummary({ format: 'duckdb', dir: E2E_DIR }, asOf, `size >= 1024 AND size < 1048576`);
	expect([kpis.files, kpis.folders, kpis.medianSize]).toEqual([oracle.files, oracle.folders, oracle.medianSize]);
	const log = await page.evaluate(async () => (await (window as unknown as { __aparavi: Debug }).__aparavi.engine().request({ type: 'stats', logEntries: 60 })).log.map((q) => q.sql));
	expect(log.some((q) => q.includes('FROM r_folder_sets'))).toBe(true);
	expect(log.some((q) => q.includes('FROM r_bysize'))).toBe(true);
	expect(log.some((q) => /count\(DISTINCT folder\) AS folders/.test(q))).toBe(false);
});

test('a bookmarked ?src= URL with a time window opens filtered; the timeline brush and the month fields edit it', async ({ page }) => {
	await page.goto('./?src=/e2e-data/gen-100000/export.duckdb&modified=2020-01..2022-12');
	await waitForSummary(page);
	await waitForView(page, 'modified=2020-01..2022-12');
	const asOf = await readAsOf(page);
	const window = (from: string, to: string) => `modifiedMs >= epoch_ms(TIMESTAMP '${from}-01') AND modifiedMs < epoch_ms(TIMESTAMP '${to}-01' + INTERVAL 1 MONTH)`;
	let oracle = await oracleSummary({ format: 'duckdb', dir: E2E_DIR }, asOf, window('2020-01', '2022-12'));
	let kpis = await readKpis(page);
	expect(kpis.files).toBe(oracle.files);
	expect(kpis.bytes).toBe(oracle.bytes);
	const timeline = page.locator('[data-chart="modified-timeline"]');
	await expect(timeline).toHaveAttribute('data-window', '2020-01..2022-12');

	// The keyboard way: type a new start month.
	await page.getByTestId('modified-timeline-from').fill('2021-06');
	await page.getByTestId('modified-timeline-from').dispatchEvent('change');
	await waitForView(page, 'modified=2021-06..2022-12');
	oracle = await oracleSummary({ format: 'duckdb', dir: E2E_DIR }, asOf, window('2021-06', '2022-12'));
	kpis = await readKpis(page);
	expect(kpis.files).toBe(oracle.files);
	expect(kpis.bytes).toBe(oracle.bytes);
	await expect.poll(() => new URL(page.url()).searchParams.get('modified')).toBe('2021-06..2022-12');
	expect(new URL(page.url()).searchParams.get('src')).toBe('/e2e-data/gen-100000/export.duckdb');

	// Year bars, and a drag across the plot: the window snaps to whole years.
	await page.getByTestId('modified-timeline-grain').selectOption('year');
	await waitForView(page, 'modified=2021-06..2022-12&grain=year');
	const svg = timeline.locator('.plot svg');
	const box = (await svg.boundingBox())!;
	// Hovering a bar reads out its period and figures (the bars are drawn as paths, not one element each).
	await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.8);
	await expect(page.getByTestId('modified-timeline-tip')).toHaveText(/^\d{4}\s+[\d,]+ files\s+[\d.,]+ (bytes|KB|MB|GB|TB)$/);
	await page.mouse.move(box.x + box.width * 0.5, box.y + box.height + 40);
	await expect(page.getByTestId('modified-timeline-tip')).toHaveCount(0);
	await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.5);
	await page.mouse.down();
	await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5, { steps: 5 });
	await page.mouse.up();
	await expect(timeline).toHaveAttribute('data-window', /^\d{4}-01\.\.\d{4}-12$/);
	const [from, to] = (await timeline.getAttribute('data-window'))!.split('..');
	await waitForView(page, `modified=${from}..${to}&grain=year`);
	oracle = await oracleSummary({ format: 'duckdb', dir: E2E_DIR }, asOf, window(from, to));
	kpis = await readKpis(page);
	expect(kpis.files).toBe(oracle.files);
	expect(kpis.bytes).toBe(oracle.bytes);
	console.log('brush timings at 100k:', JSON.stringify(await timings(page)));
});

/** How many size bands have files among the pdf files (the size chart's bars under ext=pdf). */
function oracleBands(bands: { files: number }[]): number {
	return bands.filter((b) => b.files > 0).length;
}
