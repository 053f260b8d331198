/** Helpers shared by the lifecycle and security report specs. */
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';

/** A report page's KPIs (data-metric → data-value). */
export async function readReportKpis(page: Page, slug: string): Promise<Record<string, number | null>> {
	return page.locator(`[data-testid="report-${slug}"] [data-metric]`).evaluateAll((els) =>
		Object.fromEntries(els.map((el) => [(el as HTMLElement).dataset.metric!, (el as HTMLElement).dataset.value === '' ? null : Number((el as HTMLElement).dataset.value)]))
	);
}

/** A chart's table view (label → files), its numbers as a person reads them ("1,234"). */
export async function readChartCounts(page: Page, chartId: string): Promise<Record<string, number>> {
	const chart = page.locator(`[data-chart="${chartId}"]`);
	await chart.getByRole('button', { name: 'Table' }).click();
	const rows = await chart.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
	await chart.getByRole('button', { name: 'Chart' }).click().catch(() => undefined);
	return Object.fromEntries(rows.map((cells) => [cells[0].trim(), Number(cells[1].replace(/[^0-9]/g, ''))]));
}

/** Write tables (CREATE statements) to a fresh .duckdb file a person could pick. */
export async function writeExport(tables: { table: string; sql: string }[]): Promise<string> {
	const file = join(mkdtempSync(join(tmpdir(), 'tiny-export-')), 'export.duckdb');
	const db = await DuckDBInstance.create(file);
	const conn = await db.connect();
	for (const { sql } of tables) await conn.run(sql);
	conn.closeSync();
	db.closeSync();
	return file;
}
