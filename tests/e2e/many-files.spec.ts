/**
 * Ten thousand files dropped at once (an export split into tiny parts): a clear outcome, a page
 * that keeps answering while it works, and figures known by construction.
 */
import { expect, test } from '@playwright/test';
import { readKpis, waitForSummary } from './helpers';

const PARTS = 10_000;

test('10,000 CSV parts dropped at once open as one export', async ({ page }) => {
	await page.goto('./');
	await expect(page.getByTestId('sample-button')).toBeVisible();
	const started = Date.now();
	await page.evaluate((parts) => {
		const dt = new DataTransfer();
		for (let i = 0; i < parts; i++) {
			// objects-part-00042.csv → table objects; one file per part, size i, in one of 10 folders.
			const csv = `objectId,parentId,classId,name,primarySize\no${i},p${i % 10},idxobject,f${i}.txt,${i}\n`;
			dt.items.add(new File([csv], `objects-part-${String(i).padStart(5, '0')}.csv`, { type: 'text/csv' }));
		}
		document.querySelector('[data-testid="drop-zone"]')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
	}, PARTS);

	// While it works the page answers: a progress bar shows, and the main thread is not frozen.
	const heartbeat = await page.evaluate(
		() =>
			new Promise<number>((resolve) => {
				const t0 = performance.now();
				setTimeout(() => resolve(performance.now() - t0), 50);
			})
	);
	expect(heartbeat).toBeLessThan(2_000);
	await waitForSummary(page);
	// By construction: 10,000 files, sizes 0..9,999 (sum 49,995,000), one extension.
	expect(await readKpis(page)).toMatchObject({ files: PARTS, bytes: (PARTS * (PARTS - 1)) / 2, extensions: 1 });
	await expect(page.getByTestId('error')).toHaveCount(0);
	console.log(`10,000 parts opened in ${Date.now() - started} ms`);
});
