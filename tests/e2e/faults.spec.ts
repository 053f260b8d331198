/** Faults: the engine dies mid-session; the page says so, restarts it, reopens the data and carries on. */
import { expect, test } from '@playwright/test';
import { E2E_DIR } from './paths';
import { exportFiles, openWithPicker, readKpis, waitForSummary } from './helpers';

test('a killed engine worker is restarted and the dataset reopened', async ({ page }) => {
	await page.goto('./?debug');
	await openWithPicker(page, exportFiles(E2E_DIR, 'parquet'));
	await waitForSummary(page);
	const before = await readKpis(page);

	// Terminate the worker as a crash would (the client's restart is what its error handler calls).
	await page.evaluate(() => (window as unknown as { __aparavi: { engine: () => { restart: (r: string) => void } } }).__aparavi.engine().restart('The engine stopped unexpectedly (test).'));

	const alert = page.getByTestId('error');
	await expect(alert).toContainText('The engine stopped unexpectedly (test).');
	await expect(alert).toContainText('The engine was restarted and the data opened again.');
	await waitForSummary(page);
	expect(await readKpis(page)).toEqual(before);
});
