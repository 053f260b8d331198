/** The built folder works unchanged from a sub-path of a plain static server. */
import { expect, test } from '@playwright/test';
import type { Server } from 'node:http';
import { serve } from '../../scripts/serve.mjs';
import { readKpis, waitForSummary } from './helpers';

const PORT = 4191;
let server: Server;

test.beforeAll(async () => {
	server = (await serve({ root: 'build', port: PORT, base: '/tools/dashboard/' })) as Server;
});
test.afterAll(() => new Promise<void>((done) => server.close(() => done())));

test('served under /tools/dashboard/, the engine boots and the sample opens', async ({ page }) => {
	const failed: string[] = [];
	page.on('response', (r) => {
		if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
	});
	await page.goto(`http://127.0.0.1:${PORT}/tools/dashboard/`);
	await page.getByTestId('sample-button').click();
	await waitForSummary(page);
	expect((await readKpis(page)).files).toBe(100_000);
	await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 120_000 });
	expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.scope)).toBe(`http://127.0.0.1:${PORT}/tools/dashboard/`);
	expect(failed).toEqual([]);
});
