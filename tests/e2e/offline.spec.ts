/** After the first visit the app, its engine and the sample data work with the network cut. */
import { expect, test, type Page } from '@playwright/test';
import { readKpis, waitForSummary } from './helpers';

test('the app shell and DuckDB-WASM are served by the service worker offline', async ({ page, context }) => {
	await page.goto('./');
	// The service worker precaches the shell and the engine, then takes control of the page.
	await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 120_000 });

	await context.setOffline(true);
	await page.reload();
	await page.getByTestId('sample-button').click();
	await waitForSummary(page);
	expect((await readKpis(page)).files).toBe(100_000);
	await context.setOffline(false);
});

/** Whether this browser has remembered a dataset opened from `url` (IndexedDB, src/lib/cache/store.ts). */
async function remembered(page: Page, url: string): Promise<boolean> {
	return page.evaluate(
		(wanted) =>
			new Promise<boolean>((resolve) => {
				const open = indexedDB.open('aparavi-dashboard-cache');
				open.onerror = () => resolve(false);
				open.onsuccess = () => {
					const db = open.result;
					const all = db.transaction('entries').objectStore('entries').getAll();
					all.onerror = () => resolve(false);
					all.onsuccess = () => resolve(all.result.some((r: { source?: { kind: string; urls?: string[] } }) => r?.source?.kind === 'urls' && r.source.urls!.includes(wanted)));
				};
			}),
		url
	);
}

test('a ?src= page reloaded with no network paints the stored Summary and says the source is out of reach', async ({ page, context, baseURL }) => {
	const src = 'e2e-data/gen-100000/export.duckdb';
	const url = new URL(src, baseURL).href;
	await page.goto(`./?src=${src}`);
	await waitForSummary(page);
	await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 120_000 });
	const online = await readKpis(page);
	expect(online.files).toBe(100_000);
	await expect.poll(() => remembered(page, url), { timeout: 30_000 }).toBe(true);

	await context.setOffline(true);
	const reached: string[] = [];
	page.on('requestfinished', (r) => void r.response().then((res) => res && !res.fromServiceWorker() && reached.push(r.url())));
	const response = await page.reload();
	expect(response?.fromServiceWorker(), 'the page itself comes from the service worker').toBe(true);
	await waitForSummary(page);
	await expect(page.getByTestId('error')).toHaveCount(0);
	expect(await readKpis(page)).toEqual(online);
	await expect(page.getByTestId('notes')).toContainText('export.duckdb cannot be reached');
	// Nothing was answered by the network: every response came from the service worker's cache.
	expect(reached).toEqual([]);
	await context.setOffline(false);
});
