/**
 * The bad-input corpus (scripts/bad-inputs.mjs): every case opens to the answer worked out when it
 * was generated (a readable message, or figures and a note), and the app stays usable after it.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BAD_INPUTS } from './paths';
import { readKpis, waitForSummary } from './helpers';

interface Case {
	name: string;
	files?: string[];
	folder?: string;
	expect: { error?: string; kpis?: Record<string, number>; note?: string };
}

const manifest: { cases: Case[] } = JSON.parse(readFileSync(join(BAD_INPUTS, 'manifest.json'), 'utf8'));
const byName = new Map(manifest.cases.map((c) => [c.name, c]));

async function openCase(page: Page, c: Case): Promise<void> {
	const dir = join(BAD_INPUTS, c.name);
	if (c.folder) await page.getByTestId('folder-input').setInputFiles(join(dir, c.folder));
	else await page.getByTestId('file-input').setInputFiles(c.files!.map((f) => join(dir, f)));
}

/** Open the small valid export and check its figures: the app still works after whatever came before. */
async function stillUsable(page: Page): Promise<void> {
	const alert = page.getByTestId('error');
	if (await alert.isVisible()) await alert.getByRole('button', { name: 'Dismiss' }).click();
	const valid = byName.get('valid')!;
	await openCase(page, valid);
	// The summary of a previous case may still be on screen: wait for the valid export's own figures.
	await expect.poll(() => readKpis(page), { timeout: 60_000 }).toMatchObject(valid.expect.kpis!);
	await waitForSummary(page);
}

test.beforeEach(async ({ page }) => {
	await page.goto('./');
	await expect(page.getByTestId('sample-button')).toBeVisible();
});

for (const c of manifest.cases) {
	test(`bad input: ${c.name}`, async ({ page }) => {
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(e.message));
		await openCase(page, c);
		// Whichever comes first: a message or the Summary (a wrong outcome fails at once, not at a timeout).
		await expect(page.getByTestId('error').or(page.locator('[data-testid="summary"][data-ready="true"]'))).toBeVisible({ timeout: 120_000 });
		if (c.expect.error) {
			const alert = page.getByTestId('error');
			await expect(alert).toBeVisible();
			await expect(alert).toContainText(new RegExp(c.expect.error));
			await expect(page.getByTestId('summary')).toHaveCount(0);
		} else {
			await waitForSummary(page);
			await expect(page.getByTestId('error')).toHaveCount(0);
			expect(await readKpis(page)).toMatchObject(c.expect.kpis!);
			if (c.expect.note) await expect(page.getByTestId('notes')).toContainText(new RegExp(c.expect.note));
		}
		if (c.name !== 'valid') await stillUsable(page);
		expect(errors).toEqual([]);
	});
}
