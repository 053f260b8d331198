/**
 * Return visits: the Summary of a generated export comes back from the browser's cache before the
 * engine is ready, the engine reopens the stored summaries instead of scanning, both with the
 * figures native DuckDB computes; it works offline; and deleting from the Cached datasets page
 * leaves nothing of the dataset in OPFS or IndexedDB.
 */
import { expect, test, type Page } from '@playwright/test';
import { writeFileSync, mkdirSync } from 'node:fs';
import { oracleSummary } from '../oracle/summary';
import { E2E_DIR } from './paths';
import { exportFiles, openWithPicker, readAsOf, readKpis, waitForSummary } from './helpers';

/** What this origin keeps: OPFS file names and IndexedDB keys of the dashboard's cache. */
async function storedState(page: Page): Promise<{ opfs: string[]; idb: string[] }> {
	return page.evaluate(async () => {
		const opfs: string[] = [];
		const root = await navigator.storage.getDirectory();
		for await (const name of (root as unknown as { keys(): AsyncIterable<string> }).keys()) opfs.push(name);
		const idb = await new Promise<string[]>((resolve) => {
			const req = indexedDB.open('aparavi-dashboard-cache');
			req.onsuccess = () => {
				const db = req.result;
				if (!db.objectStoreNames.contains('entries')) return resolve([]);
				const all = db.transaction('entries').objectStore('entries').getAllKeys();
				all.onsuccess = () => resolve(all.result.map(String));
				all.onerror = () => resolve([]);
			};
			req.onerror = () => resolve([]);
		});
		return { opfs: opfs.sort(), idb: idb.sort() };
	});
}

/** The fingerprint IndexedDB names as the dataset opened last (for pages opened without ?debug). */
const lastStored = (page: Page) =>
	page.evaluate(
		() =>
			new Promise<string | null>((resolve) => {
				const req = indexedDB.open('aparavi-dashboard-cache');
				req.onsuccess = () => {
					const db = req.result;
					if (!db.objectStoreNames.contains('entries')) return resolve(null);
					const get = db.transaction('entries').objectStore('entries').get('last');
					get.onsuccess = () => resolve(typeof get.result === 'string' ? get.result : null);
					get.onerror = () => resolve(null);
				};
				req.onerror = () => resolve(null);
			})
	);

/**
 * Wait until the browser cache holds what the next visit needs of the dataset `fp`: its record and
 * its Summary's answer, written to IndexedDB behind the draw when the browser is idle
 * (src/lib/cache/store.ts). Returns `fp`.
 */
async function waitForStoredSummary(page: Page, fp: string | null): Promise<string> {
	expect(fp).toMatch(/^f[0-9a-f]+$/);
	await expect
		.poll(
			async () => {
				const { idb } = await storedState(page);
				return idb.includes(`d/${fp}`) && idb.some((k) => k.startsWith(`r/${fp}@`) && k.includes('\u0000summary:fast?'));
			},
			{ timeout: 30_000 }
		)
		.toBe(true);
	return fp!;
}

const fingerprint = (page: Page) => page.evaluate(() => (window as unknown as { __aparavi: { session: { dataset: { fingerprint?: string } | null } } }).__aparavi.session.dataset?.fingerprint ?? null);

/** Record a measured figure for docs/BENCHMARKS.md (CI machines vary too much to assert it tightly). */
function record(name: string, value: unknown): void {
	mkdirSync('test-results', { recursive: true });
	writeFileSync(`test-results/${name}.json`, JSON.stringify(value, null, 2));
	console.log(name, JSON.stringify(value));
}

test('a return visit draws the Summary from the cache, then the engine reopens the stored summaries', async ({ page }) => {
	await page.goto('./?debug');
	await openWithPicker(page, exportFiles(E2E_DIR, 'parquet'));
	await waitForSummary(page);
	await expect(page.getByTestId('summary')).toHaveAttribute('data-exact', 'true');
	const first = await readKpis(page);
	const asOf = await readAsOf(page);
	const oracle = await oracleSummary({ format: 'parquet', dir: E2E_DIR }, asOf);
	expect(first.files).toBe(oracle.files);
	expect(first.bytes).toBe(oracle.bytes);
	expect(first.folders).toBe(oracle.folders);
	const firstOpen = await page.evaluate(() => (window as unknown as { __aparavi: { session: { dataset: { openMs: number } } } }).__aparavi.session.dataset.openMs);
	// Results are written to IndexedDB behind the draw, and the page's picture kept for the next
	// visit when the browser is idle: wait for both to land.
	await waitForStoredSummary(page, await fingerprint(page));
	await page.waitForFunction(() => localStorage.getItem('aparavi-dashboard:snapshot') !== null);

	// The next visit's first picture (static/boot.js) is taken away as soon as the app has drawn:
	// note what it said when it was painted.
	await page.addInitScript(() => {
		new MutationObserver((records, observer) => {
			for (const r of records)
				for (const n of r.addedNodes) {
					if (!(n instanceof HTMLElement) || !n.hasAttribute('data-boot-snapshot')) continue;
					const kpis: Record<string, number | null> = {};
					for (const el of n.querySelectorAll<HTMLElement>('[data-metric]')) kpis[el.dataset.metric!] = el.dataset.value ? Number(el.dataset.value) : null;
					(window as unknown as { __snapshotKpis: unknown }).__snapshotKpis = kpis;
					observer.disconnect();
				}
		}).observe(document, { childList: true, subtree: true });
	});

	// Second visit: the page comes back with the same dataset, from the cache first.
	await page.reload();
	const summary = page.getByTestId('summary');
	await expect(summary).toHaveAttribute('data-source', 'cache', { timeout: 10_000 });
	await expect(page.getByTestId('cached-label')).toBeVisible();
	const cached = await readKpis(page);
	expect(cached).toEqual(first);
	// The mark follows the last chart: the charts are mounted one frame after another.
	await page.waitForFunction(() => performance.getEntriesByName('summary-drawn-cached').length > 0, null, { timeout: 10_000 });
	const cachedDrawnMs = await page.evaluate(() => performance.getEntriesByName('summary-drawn-cached')[0]?.startTime ?? null);
	// The picture painted before the app had loaded showed the same figures.
	const snapshot = await page.evaluate(() => ({
		kpis: (window as unknown as { __snapshotKpis?: Record<string, number | null> }).__snapshotKpis ?? null,
		paintedMs: performance.getEntriesByName('summary-snapshot-painted')[0]?.startTime ?? null
	}));
	expect(snapshot.kpis).toEqual(first);
	await expect(page.locator('[data-boot-snapshot]')).toHaveCount(0);
	const timeline = await page.evaluate(() => {
		const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
		const mark = (n: string) => Math.round(performance.getEntriesByName(n)[0]?.startTime ?? -1);
		return {
			responseEnd: Math.round(nav.responseEnd),
			domContentLoaded: Math.round(nav.domContentLoadedEventEnd),
			snapshotPainted: mark('summary-snapshot-painted'),
			appMounted: mark('app-mounted'),
			datasetShown: mark('cached-dataset-shown'),
			summaryDrawn: mark('summary-drawn-cached')
		};
	});
	expect(cachedDrawnMs).not.toBeNull();

	// Then the engine's own answer replaces it, from the stored summaries (no scan), same figures, same as-of.
	await expect(summary).toHaveAttribute('data-source', 'engine', { timeout: 120_000 });
	await expect(page.getByTestId('cached-label')).toHaveCount(0);
	expect(await readKpis(page)).toEqual(first);
	expect(await readAsOf(page)).toBe(asOf);
	const reopened = await page.evaluate(() => {
		const s = (window as unknown as { __aparavi: { session: { dataset: { openMs: number; reopened?: boolean } } } }).__aparavi.session;
		return { openMs: s.dataset.openMs, reopened: s.dataset.reopened ?? false, engineDrawnMs: performance.getEntriesByName('summary-drawn')[0]?.startTime ?? null };
	});
	expect(reopened.reopened).toBe(true);
	await expect(page.getByText("reopened from this browser's storage")).toBeVisible();

	// Dropping the same files again reuses the store too: no Parquet read, no summary build.
	await openWithPicker(page, exportFiles(E2E_DIR, 'parquet'));
	await expect(summary).toHaveAttribute('data-source', 'engine');
	await page.waitForFunction(() => (window as unknown as { __aparavi: { session: { loading: unknown } } }).__aparavi.session.loading === null);
	const again = await page.evaluate(() => (window as unknown as { __aparavi: { session: { dataset: { openMs: number; reopened?: boolean } } } }).__aparavi.session.dataset);
	expect(again.reopened).toBe(true);
	expect(await readKpis(page)).toEqual(first);

	record('return-visit-100k-parquet', {
		firstOpenMs: Math.round(firstOpen),
		snapshotPaintedAfterNavigationMs: snapshot.paintedMs && Math.round(snapshot.paintedMs),
		cachedSummaryDrawnAfterNavigationMs: Math.round(cachedDrawnMs!),
		cachedTimeline: timeline,
		engineSummaryDrawnAfterNavigationMs: reopened.engineDrawnMs && Math.round(reopened.engineDrawnMs),
		reopenMs: Math.round(reopened.openMs),
		redropReopenMs: Math.round(again.openMs)
	});
});

test('a generated export opened once works after a reload with the network cut', async ({ page, context }) => {
	await page.goto('./');
	await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 120_000 });
	await openWithPicker(page, exportFiles(E2E_DIR, 'duckdb'));
	await waitForSummary(page);
	const first = await readKpis(page);
	// The only dataset this browser has opened: the one IndexedDB remembers last.
	await expect.poll(() => lastStored(page), { timeout: 30_000 }).toMatch(/^f[0-9a-f]+$/);
	await waitForStoredSummary(page, await lastStored(page));

	await context.setOffline(true);
	await page.reload();
	const summary = page.getByTestId('summary');
	// The engine boots from the service worker's copy and reopens the stored summaries.
	await expect(summary).toHaveAttribute('data-source', 'engine', { timeout: 120_000 });
	expect(await readKpis(page)).toEqual(first);
	// The .duckdb file itself is not stored: the page says what needs it.
	await expect(page.getByTestId('notes')).toContainText('without export.duckdb');

	// The engine answers new questions offline: a filter click is computed from the stored cubes.
	const pdf = page.locator('[data-chart="top-extensions-bytes"] .choices button[data-key="pdf"]');
	await pdf.focus();
	await page.keyboard.press('Enter');
	await expect(summary).toHaveAttribute('data-view', /ext=pdf/);
	await expect(summary).toHaveAttribute('data-exact', 'true');
	const filtered = await readKpis(page);
	const oracle = await oracleSummary({ format: 'duckdb', dir: E2E_DIR }, await readAsOf(page), `extension = 'pdf'`);
	expect(filtered.files).toBe(oracle.files);
	expect(filtered.bytes).toBe(oracle.bytes);
	expect(filtered.folders).toBe(oracle.folders);
	await context.setOffline(false);
});

test('deleting a dataset, then clearing all, removes every stored byte', async ({ page }) => {
	await page.goto('./?debug');
	await openWithPicker(page, exportFiles(E2E_DIR, 'parquet'));
	await waitForSummary(page);
	const fp = await waitForStoredSummary(page, await fingerprint(page));
	// A second dataset, so deleting one leaves the other.
	await page.getByTestId('file-input').first().setInputFiles(exportFiles(E2E_DIR, 'csv'));
	await expect(page.getByTestId('summary')).toHaveAttribute('data-ready', 'true', { timeout: 170_000 });
	await page.waitForFunction((fp) => (window as unknown as { __aparavi: { session: { dataset: { fingerprint?: string } | null; loading: unknown } } }).__aparavi.session.dataset?.fingerprint !== fp && (window as unknown as { __aparavi: { session: { loading: unknown } } }).__aparavi.session.loading === null, fp);
	const fp2 = await waitForStoredSummary(page, await fingerprint(page));
	// The second dataset's report build writes to its store in the background: the usage is compared
	// once it is done, so the first dataset's delete is the only change between the two readings.
	await page.waitForFunction(() => (window as unknown as { __aparavi: { session: { reports: { ready: boolean } } } }).__aparavi.session.reports.ready, null, { timeout: 120_000 });

	let state = await storedState(page);
	expect(state.opfs).toContain(`ds-${fp}.duckdb`);
	expect(state.opfs).toContain(`ds-${fp2}.duckdb`);
	expect(state.idb.some((k) => k.includes(fp!))).toBe(true);
	const usageBefore = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);

	await page.getByTestId('cached-link').click();
	const row = page.locator(`[data-testid="cached-row"][data-fingerprint="${fp}"]`);
	await expect(row).toBeVisible();
	expect(Number(await row.getAttribute('data-bytes'))).toBeGreaterThan(1_000_000);
	await row.getByTestId('delete-dataset').click();
	// Deleting asks first; Keep leaves it.
	await row.getByTestId('cancel-delete').click();
	await expect(row).toBeVisible();
	await row.getByTestId('delete-dataset').click();
	await row.getByTestId('confirm-delete').click();
	await expect(row).toHaveCount(0);
	await expect(page.locator(`[data-testid="cached-row"][data-fingerprint="${fp2}"]`)).toBeVisible();

	state = await storedState(page);
	expect(state.opfs.filter((n) => n.includes(fp!))).toEqual([]);
	expect(state.idb.filter((k) => k.includes(fp!))).toEqual([]);
	expect(state.opfs).toContain(`ds-${fp2}.duckdb`);
	// The boot snapshot is the second dataset's (opened last), so deleting the first leaves it.
	expect(await page.evaluate(() => JSON.parse(localStorage.getItem('aparavi-dashboard:boot') ?? 'null')?.record?.fingerprint)).toBe(fp2);
	const usageAfterDelete = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);

	await page.getByTestId('clear-all').click();
	await page.getByTestId('confirm-clear-all').click();
	await expect(page.getByTestId('cached-empty')).toBeVisible();
	state = await storedState(page);
	expect(state).toEqual({ opfs: [], idb: [] });
	// Nor the boot snapshot (the last dataset and its picture) in localStorage.
	expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('aparavi-dashboard:')))).toEqual([]);
	const usageAfterClear = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
	record('clear-cache-usage', { usageBefore, usageAfterDelete, usageAfterClear });
	expect(usageAfterDelete).toBeLessThan(usageBefore);
	expect(usageAfterClear).toBeLessThan(usageAfterDelete);

	// Back on the Summary page nothing comes back: the welcome page asks for an export.
	await page.goto('./');
	await expect(page.getByTestId('sample-button')).toBeVisible();
});

test('a ?src= database on a server without range support is downloaded whole, with a notice', async ({ page }) => {
	await page.goto('./?src=/e2e-data/gen-100000/export.duckdb%3Fno-range');
	await waitForSummary(page);
	await expect(page.getByTestId('notes')).toContainText('does not support range requests');
	const kpis = await readKpis(page);
	const oracle = await oracleSummary({ format: 'duckdb', dir: E2E_DIR }, await readAsOf(page));
	expect(kpis.files).toBe(oracle.files);
	expect(kpis.bytes).toBe(oracle.bytes);
});

test('a ?src= database on a server with range support is read in place, without a notice', async ({ page }) => {
	await page.goto('./?src=/e2e-data/gen-100000/export.duckdb');
	await waitForSummary(page);
	await expect(page.getByText('does not support range requests')).toHaveCount(0);
	expect((await readKpis(page)).files).toBe(100_000);
});
