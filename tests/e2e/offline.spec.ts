/** After the first visit the app, its engine and the sample data work with the network cut. */
import { expect, test } from '@playwright/test';
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
