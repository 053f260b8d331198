/**
 * IndexedDB unavailable (private browsing, a locked-down profile, a full disk): the app works,
 * uncached. Whatever caches results in IndexedDB must fall back to computing them.
 */
import { expect, test, type Page } from '@playwright/test';
import { E2E_DIR } from './paths';
import { exportFiles, openWithPicker, readKpis, waitForSummary } from './helpers';

const BROKEN = {
	/** Firefox private mode used to throw on open. */
	'open throws': () => {
		IDBFactory.prototype.open = function () {
			throw new DOMException('IndexedDB is disabled (test)', 'SecurityError');
		};
	},
	/** Some browsers' private modes have no indexedDB at all. */
	'indexedDB missing': () => {
		Object.defineProperty(window, 'indexedDB', { get: () => undefined, configurable: true });
	},
	/** A full disk: open succeeds, every write fails. */
	'quota exceeded': () => {
		IDBObjectStore.prototype.put = function () {
			throw new DOMException('The quota has been exceeded (test).', 'QuotaExceededError');
		};
		IDBObjectStore.prototype.add = IDBObjectStore.prototype.put;
	}
} as const;

async function exercise(page: Page): Promise<void> {
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto('./');
	await page.getByTestId('sample-button').click();
	await waitForSummary(page);
	expect((await readKpis(page)).files).toBe(100_000);
	// A filter (a new query, which a cache would try to store) and a second dataset.
	const pdf = page.locator('[data-chart="top-extensions-bytes"] .choices button[data-key="pdf"]');
	await pdf.focus();
	await page.keyboard.press('Enter');
	await expect.poll(async () => (await readKpis(page)).files).toBeLessThan(100_000);
	await openWithPicker(page, exportFiles(E2E_DIR, 'duckdb'));
	await expect(page.getByTestId('dataset-name')).toHaveText('export.duckdb');
	await waitForSummary(page);
	expect((await readKpis(page)).files).toBeGreaterThan(0);
	await expect(page.getByTestId('error')).toHaveCount(0);
	expect(errors).toEqual([]);
}

for (const [name, breakIt] of Object.entries(BROKEN)) {
	test(`IndexedDB unavailable (${name}): the app still works`, async ({ page }) => {
		await page.addInitScript(breakIt);
		await exercise(page);
	});
}
