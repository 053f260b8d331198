/** Faults: the engine dies mid-session; the page says so, restarts it, reopens the data and carries on. */
import { expect, test } from '@playwright/test';
import { E2E_DIR } from './paths';
import { exportFiles, openWithPicker, readAsOf, readKpis, waitForSummary } from './helpers';
import { oracleRot } from '../oracle/reports-rot';

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

test('cancelling an open while the files are read leaves the app usable', async ({ page }) => {
	await page.goto('./');
	await openWithPicker(page, exportFiles(E2E_DIR, 'parquet'));
	const progress = page.getByTestId('progress');
	await expect(progress).toBeVisible();
	await progress.getByRole('button', { name: 'Cancel' }).click();
	await expect(progress).toHaveCount(0, { timeout: 60_000 });
	// Cancelling is not an error: no alert, the welcome page again, and the next open works.
	await expect(page.getByTestId('error')).toHaveCount(0);
	await expect(page.getByTestId('summary')).toHaveCount(0);
	await page.getByTestId('sample-button').click();
	await waitForSummary(page);
	expect((await readKpis(page)).files).toBe(100_000);
});

test('running out of wasm memory says so, restarts the engine and the page carries on', async ({ page }) => {
	await page.goto('./?debug');
	await page.getByTestId('sample-button').click();
	await waitForSummary(page);
	const before = await readKpis(page);
	// The report build runs in the background after the Summary: let it finish first, or the cap
	// below may land on one of its statements, and a build that ran out of memory is by design not
	// started again by itself (the next test) — the page would then wait for it for ever.
	await page.waitForFunction(() => (window as unknown as { __aparavi: { session: { reports: { ready: boolean } } } }).__aparavi.session.reports.ready, null, { timeout: 120_000 });

	// A real DuckDB out-of-memory, not a simulated one: cap the engine's memory at 1 MB (DuckDB
	// refuses a cap below what it holds, with its out-of-memory error), else ask a question that has
	// to build a large hash table under that cap. The report pages answer from memory the worker
	// holds, so the question is asked directly, as any page's would be.
	const outcome = await page.evaluate(async () => {
		const engine = (window as unknown as { __aparavi: { engine: () => { request: (r: unknown) => Promise<unknown> } } }).__aparavi.engine();
		const ask = (sql: string) => engine.request({ type: 'sql', sql }).then(() => 'answered', (e: Error) => e.message);
		const cap = await ask("SET memory_limit = '1MB'");
		return cap !== 'answered' ? cap : ask('SELECT count(*) AS n FROM (SELECT objectId || folder || name AS k, list(size) AS sizes FROM facts GROUP BY 1 ORDER BY k)');
	});
	// Its words, as the engine or (when the client restarted it first) the page gives them.
	expect(outcome).toMatch(/^The engine ran out of memory/);
	await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Redundant', exact: true }).click();

	const alert = page.getByTestId('error');
	await expect(alert).toContainText('The engine ran out of memory and was restarted.', { timeout: 120_000 });
	await expect(alert).toContainText('The engine was restarted and the data opened again.', { timeout: 120_000 });
	// The fresh engine has the normal memory plan: the same page now answers.
	await expect(page.getByTestId('report-redundant')).toHaveAttribute('data-ready', 'true', { timeout: 120_000 });
	await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Executive Summary', exact: true }).click();
	await waitForSummary(page);
	expect(await readKpis(page)).toEqual(before);
});

test('a report build that runs the engine out of memory is not started again by itself; Try again builds it', async ({ page }) => {
	type Reports = { ready: boolean; error: string | null; progress: unknown };
	type Engine = { request: (r: unknown) => Promise<unknown> };
	const reports = () => page.evaluate(() => (window as unknown as { __aparavi: { session: { reports: Reports } } }).__aparavi.session.reports);
	await page.goto('./?debug');
	await openWithPicker(page, exportFiles(E2E_DIR, 'duckdb'));
	await waitForSummary(page);
	const asOf = await readAsOf(page);
	// Once the build is under way, the engine's memory is capped just above what it holds: the build's
	// next statement runs out of memory, a real DuckDB out-of-memory in the build's own step.
	await page.waitForFunction(() => (window as unknown as { __aparavi: { session: { reports: Reports } } }).__aparavi.session.reports.progress !== null, null, { polling: 10, timeout: 60_000 });
	const capped = await page.evaluate(async () => {
		const engine = (window as unknown as { __aparavi: { engine: () => Engine } }).__aparavi.engine();
		const { rows } = (await engine.request({ type: 'sql', sql: 'SELECT CAST(sum(memory_usage_bytes) AS DOUBLE) AS used FROM duckdb_memory()' })) as { rows: { used: number }[] };
		const used = rows[0].used;
		return engine.request({ type: 'sql', sql: `SET memory_limit = '${Math.ceil(used / 1e6) + 2}MB'` }).then(() => 'capped', (e: Error) => e.message);
	});
	expect(capped).toBe('capped');
	await expect(page.getByTestId('error')).toContainText('The engine was restarted and the data opened again.', { timeout: 120_000 });
	await waitForSummary(page);

	// The reopened dataset does not start the build that ended the engine: the pages say why.
	await expect.poll(async () => (await reports()).error, { timeout: 30_000 }).toBe('the engine ran out of memory while preparing them');
	await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Trivial', exact: true }).click();
	const preparing = page.getByTestId('reports-preparing');
	await expect(preparing).toContainText('The report tables could not be prepared: the engine ran out of memory while preparing them.');

	// Asked again (the fresh engine has the normal memory plan), the build runs to its end and the
	// page's figures equal the oracle.
	await preparing.getByTestId('reports-retry').click();
	await expect.poll(async () => (await reports()).ready, { timeout: 120_000 }).toBe(true);
	expect((await reports()).error).toBeNull();
	await expect(preparing).toHaveCount(0);
	const oracle = await oracleRot({ format: 'duckdb', dir: E2E_DIR }, asOf, 3);
	const value = (metric: string) => page.locator(`[data-testid="report-trivial"] [data-metric="${metric}"]`).getAttribute('data-value').then(Number);
	await expect.poll(() => value('trivialFiles')).toBe(oracle.trivial.files);
	expect(await value('trivialBytes')).toBe(oracle.trivial.bytes);
});
