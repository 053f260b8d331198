/**
 * Steps that stop making progress (docs/ROBUSTNESS.md, "Hangs"). Cancel on a stuck open really
 * stops it, within seconds, whether DuckDB reads its interrupt (a view that recurses without end)
 * or is stuck inside one call (a .duckdb cut short whose header was patched to look complete: DuckDB
 * reads past the end and never returns, so its worker is ended), and what was open before comes
 * back. A question that never ends is stopped by the watchdog with a message, and the open dataset
 * still answers afterwards.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BAD_INPUTS } from './paths';
import { readKpis, waitForSummary } from './helpers';

const manifest: { cases: { name: string; files?: string[]; expect: { kpis?: Record<string, number> } }[] } = JSON.parse(readFileSync(join(BAD_INPUTS, 'manifest.json'), 'utf8'));
const valid = manifest.cases.find((c) => c.name === 'valid')!;

/** Cancel must end the open this soon: DuckDB's grace period, ending its worker, and a margin for a busy machine. */
const CANCEL_MS = 10_000;

async function open(page: Page, name: string): Promise<void> {
	const c = manifest.cases.find((x) => x.name === name)!;
	await page.getByTestId('file-input').setInputFiles(c.files!.map((f) => join(BAD_INPUTS, name, f)));
}

/** Open the valid export; returns the name the header shows for it. */
async function openValid(page: Page): Promise<string> {
	await open(page, 'valid');
	await expect.poll(() => readKpis(page), { timeout: 60_000 }).toMatchObject(valid.expect.kpis!);
	await waitForSummary(page);
	return page.getByTestId('dataset-name').innerText();
}

/** Open a stuck case, wait until it is stuck at `step`, press Cancel: the open ends and the valid export is back. */
async function cancelStuck(page: Page, name: string, step: RegExp, before: string): Promise<void> {
	await open(page, name);
	const progress = page.getByTestId('progress');
	await expect(progress).toContainText(step, { timeout: 60_000 });
	const pressed = Date.now();
	await progress.getByRole('button', { name: 'Cancel' }).click();
	await expect(progress.filter({ hasText: 'Opening export.duckdb' })).toHaveCount(0, { timeout: CANCEL_MS });
	expect(Date.now() - pressed).toBeLessThan(CANCEL_MS);
	// Cancelling is not an error; what was open before is opened again (from its stored build).
	await expect(page.getByTestId('error')).toHaveCount(0);
	await expect.poll(() => readKpis(page), { timeout: 60_000 }).toMatchObject(valid.expect.kpis!);
	await waitForSummary(page);
	await expect(page.getByTestId('dataset-name')).toHaveText(before);
}

test('Cancel stops an open stuck inside DuckDB or in a view without end, and what was open before comes back', async ({ page }) => {
	test.setTimeout(240_000);
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	if (process.env.HANGS_LOG) page.on('console', (m) => console.log(Date.now() % 1000000, m.text().slice(0, 200)));
	await page.goto('./');
	await expect(page.getByTestId('sample-button')).toBeVisible();
	const before = await openValid(page);

	// Stuck inside one call: DuckDB never reads its interrupt, so its worker is ended.
	await cancelStuck(page, 'duckdb-cut-97-header-patched', /Materialising the file model/, before);
	// Stuck in a view that recurses without end: DuckDB's interrupt stops it.
	await cancelStuck(page, 'recursive-view', /Detecting time units/, before);

	// And the app carries on: another export opens with its own figures.
	await page.getByTestId('file-input').setInputFiles(manifest.cases.find((c) => c.name === 'duplicate-objectids')!.files!.map((f) => join(BAD_INPUTS, 'duplicate-objectids', f)));
	await expect.poll(() => readKpis(page), { timeout: 60_000 }).toMatchObject({ files: 5, bytes: 1500 });
	expect(errors).toEqual([]);
});

test('a question that never ends is stopped with a message, and the open dataset still answers', async ({ page }) => {
	test.setTimeout(180_000);
	await page.goto('./?debug');
	await expect(page.getByTestId('sample-button')).toBeVisible();
	const name = await openValid(page);
	type Engine = { request: (r: unknown) => Promise<{ rows?: Record<string, unknown>[]; kind?: string; kpis?: Record<string, number> }> };
	const outcome = await page.evaluate(async () => {
		const engine = (window as unknown as { __aparavi: { engine: () => Engine } }).__aparavi.engine();
		const started = performance.now();
		let stopped: { code: string; message: string } | null = null;
		try {
			// Summing 10^15 numbers, streamed (nothing held in memory): far longer than any step may go without a word.
			await engine.request({ type: 'sql', sql: 'SELECT sum(range) AS n FROM range(1000000000000000)' });
		} catch (e) {
			stopped = { code: (e as { code: string }).code, message: (e as Error).message };
		}
		const ms = performance.now() - started;
		const summary = await engine.request({ type: 'query', query: { kind: 'summary', phase: 'fast' } });
		return { stopped, ms, files: summary.kpis?.files };
	});
	expect(outcome.stopped?.code).toBe('stalled');
	expect(outcome.stopped?.message).toBe(`A question about ${name} stopped making progress: nothing moved for 15 seconds, so it was stopped.`);
	expect(outcome.ms).toBeLessThan(30_000);
	expect(outcome.files).toBe(valid.expect.kpis!.files);
});
