/**
 * `?asof=` moves the instant ages are measured from, not the far-future junk cut-off (docs/MODEL.md,
 * "Times"): that stays one year after the moment the export is opened. The corpus's valid export
 * (scripts/bad-inputs.mjs) holds files modified on T_OLD (2020-01-15) and T_NEW (2023-06-30); with
 * an as-of of 2021-01-01, T_NEW is after as-of + 1 year but long before now: a real time.
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BAD_INPUTS } from './paths';
import { readAsOf, readKpis, waitForSummary } from './helpers';
import { T_NEW, T_OLD } from '../../scripts/bad-inputs.mjs';

const manifest: { cases: { name: string; files: string[]; expect: { kpis: Record<string, number> } }[] } = JSON.parse(readFileSync(join(BAD_INPUTS, 'manifest.json'), 'utf8'));
const valid = manifest.cases.find((c) => c.name === 'valid')!;

test('an as-of in the past keeps times after it valid: the junk cut-off is a year after opening', async ({ page }) => {
	const asOfMs = Date.UTC(2021, 0, 1);
	expect(T_NEW).toBeGreaterThan(asOfMs + 365 * 86_400_000);
	expect(T_NEW).toBeLessThan(Date.now());
	await page.goto('./?asof=2021-01-01');
	await page.getByTestId('file-input').setInputFiles(valid.files.map((f) => join(BAD_INPUTS, valid.name, f)));
	await waitForSummary(page);
	expect(await readAsOf(page)).toBe(asOfMs);
	const kpis = await readKpis(page);
	expect(kpis).toMatchObject({ ...valid.expect.kpis, oldestModified: T_OLD, newestModified: T_NEW });
	await expect(page.getByText(/no valid modified time/)).toHaveCount(0);
});
