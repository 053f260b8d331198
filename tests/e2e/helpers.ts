import { expect, type Page } from '@playwright/test';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export type Format = 'duckdb' | 'parquet' | 'csv';

/** The files a person would pick for one format of a generated export. */
export function exportFiles(dir: string, format: Format): string[] {
	if (format === 'duckdb') return [join(dir, 'export.duckdb')];
	const sub = join(dir, format);
	return readdirSync(sub)
		.filter((f) => f.endsWith(`.${format}`))
		.map((f) => join(sub, f));
}

/** Every request the page makes, so a test can assert none leaves the app's origin. */
export function recordRequests(page: Page): string[] {
	const urls: string[] = [];
	page.on('request', (r) => urls.push(r.url()));
	return urls;
}

export function foreign(urls: string[], origin: string): string[] {
	return urls.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'));
}

export async function openWithPicker(page: Page, files: string[]): Promise<void> {
	await page.getByTestId('file-input').setInputFiles(files);
}

export async function waitForSummary(page: Page): Promise<void> {
	await expect(page.getByTestId('summary')).toHaveAttribute('data-ready', 'true', { timeout: 170_000 });
}

/** The KPI values as the page states them (data-value on each KPI). */
export async function readKpis(page: Page): Promise<Record<string, number | null>> {
	return page.evaluate(() => {
		const out: Record<string, number | null> = {};
		for (const el of document.querySelectorAll<HTMLElement>('[data-testid="summary"] [data-metric]')) {
			const v = el.dataset.value;
			out[el.dataset.metric!] = v === undefined || v === '' ? null : Number(v);
		}
		return out;
	});
}

export async function readAsOf(page: Page): Promise<number> {
	return Number(await page.getByTestId('summary').getAttribute('data-asof'));
}

/** A chart's numbers from its table view, as a person would read them after pressing "Table". */
export async function readChartTable(page: Page, chartId: string): Promise<{ label: string; files: string; bytes: string }[]> {
	const chart = page.locator(`[data-chart="${chartId}"]`);
	await chart.getByRole('button', { name: 'Table' }).click();
	const rows = chart.locator('tbody tr');
	const n = await rows.count();
	const out = [];
	for (let i = 0; i < n; i++) {
		const cells = await rows.nth(i).locator('td').allInnerTexts();
		out.push({ label: cells[0], files: cells[1], bytes: cells[2] });
	}
	return out;
}

/** Go to a report page through the sidebar, as a person would, and wait for its figures. */
export async function openReport(page: Page, title: string, slug: string): Promise<void> {
	await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: title, exact: true }).click();
	try {
		await expect(page.getByTestId(`report-${slug}`)).toHaveAttribute('data-ready', 'true', { timeout: 120_000 });
	} catch (e) {
		// Say what a person would have seen instead: the URL and the page's own words.
		const shown = await page
			.locator('main')
			.innerText({ timeout: 2_000 })
			.catch(() => '(no main region)');
		throw new Error(`${title} was not ready at ${page.url()}; the page read:\n${shown.slice(0, 1_500)}\n${e instanceof Error ? e.message : e}`);
	}
}

/** A report table's rows as raw values (data-value of each cell), keyed by column. */
export async function readTable(page: Page, tableId: string): Promise<Record<string, string>[]> {
	return page.locator(`[data-table="${tableId}"] tbody tr`).evaluateAll((rows) =>
		rows.map((tr) => Object.fromEntries([...tr.querySelectorAll<HTMLElement>('td[data-col]')].map((td) => [td.dataset.col!, td.dataset.value ?? ''])))
	);
}
