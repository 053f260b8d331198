/** A dropped or picked folder with one sub-folder of parts per table (hive-style) opens as one export. */
import { expect, test } from '@playwright/test';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { E2E_DIR } from './paths';
import { readAsOf, readKpis, waitForSummary } from './helpers';
import { oracleSummary } from '../oracle/summary';

test('a folder of per-table Parquet parts', async ({ page }) => {
	// export/objects/part-0.parquet, export/instances/part-0.parquet, ... built from the generated files.
	const root = join(tmpdir(), `hive-${process.pid}`);
	const dir = join(root, 'export');
	rmSync(root, { recursive: true, force: true });
	for (const file of readdirSync(join(E2E_DIR, 'parquet'))) {
		const table = file.replace(/\.parquet$/, '');
		mkdirSync(join(dir, table, 'batch=1'), { recursive: true });
		cpSync(join(E2E_DIR, 'parquet', file), join(dir, table, 'batch=1', 'part-00000.parquet'));
	}
	await page.goto('./');
	await page.getByTestId('folder-input').setInputFiles(dir);
	await waitForSummary(page);
	await expect(page.getByTestId('dataset-name')).toHaveText('export');
	const kpis = await readKpis(page);
	const oracle = await oracleSummary({ format: 'parquet', dir: E2E_DIR }, await readAsOf(page));
	expect(kpis.files).toBe(oracle.files);
	expect(kpis.bytes).toBe(oracle.bytes);
	rmSync(root, { recursive: true, force: true });
});
