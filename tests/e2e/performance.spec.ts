/** The Performance panel shows live figures from the running engine. */
import { expect, test } from '@playwright/test';
import { waitForSummary } from './helpers';

test('?debug opens the Performance panel with real engine figures', async ({ page }) => {
	await page.goto('./?debug');
	await page.getByTestId('sample-button').click();
	await waitForSummary(page);
	const panel = page.getByTestId('performance-panel');
	await expect(panel).toBeVisible();
	const queries = panel.locator('[data-metric="engine-queries"]');
	await expect.poll(async () => Number(await queries.getAttribute('data-value'))).toBeGreaterThan(5);
	const memory = panel.locator('[data-metric="engine-memory"]');
	await expect.poll(async () => Number(await memory.getAttribute('data-value'))).toBeGreaterThan(0);
	// The query log lists the summary build, with its duration.
	await expect(panel.locator('tbody tr').first()).toBeVisible();
	await expect(panel.locator('svg')).toBeVisible();
});
