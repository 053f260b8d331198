/**
 * Security & governance reports on a generated 100k-file export, against native DuckDB
 * (tests/oracle/reports-lifecycle.ts); then a tiny export with empty and absent side tables.
 */
import { expect, test, type Page } from '@playwright/test';
import { oracleAccessControls, oracleMessages, oracleSensitive, oracleServices } from '../oracle/reports-lifecycle';
import { TINY_TABLES, tinyWithEmptyTables } from '../fixtures/tiny-export';
import { E2E_DIR } from './paths';
import { exportFiles, openReport, openWithPicker, readAsOf, readTable, waitForSummary } from './helpers';
import { readReportKpis, writeExport } from './report-kit';

test.describe.configure({ mode: 'serial' });

const SOURCE = { format: 'duckdb' as const, dir: E2E_DIR };
let page: Page;
let asOfMs: number;

test.beforeAll(async ({ browser }, testInfo) => {
	// The report tables are built once after the Summary is drawn; the tests start once they are there.
	testInfo.setTimeout(600_000);
	page = await browser.newPage();
	await page.goto('./');
	await openWithPicker(page, exportFiles(E2E_DIR, 'duckdb'));
	await waitForSummary(page);
	asOfMs = await readAsOf(page);
	await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Sensitive files', exact: true }).click();
	await expect(page.getByTestId('report-sensitive')).toHaveAttribute('data-ready', 'true', { timeout: 540_000 });
});

test.afterAll(async () => page.close());

test('Access Controls: broad access, files without a set and files per principal equal the oracle', async () => {
	await openReport(page, 'Access Controls', 'access-controls');
	const oracle = await oracleAccessControls(SOURCE, asOfMs);
	const kpis = await readReportKpis(page, 'access-controls');
	expect(kpis.broadFiles).toBe(oracle.broadFiles);
	expect(kpis.broadWriteFiles).toBe(oracle.broadWriteFiles);
	expect(kpis.noneFiles).toBe(oracle.noneFiles);
	expect(kpis.sets).toBe(oracle.sets);
	expect(kpis.principals).toBe(Object.keys(oracle.principals).length);
	const principals = await readTable(page, 'principals');
	expect(principals.length).toBe(Math.min(25, Object.keys(oracle.principals).length));
	for (const row of principals) {
		expect(Number(row.files), row.principal).toBe(oracle.principals[row.principal].files);
		expect(Number(row.bytes), row.principal).toBe(oracle.principals[row.principal].bytes);
	}
	// Broad files per top folder: a click filters by the folder; the broad count follows.
	const folders = await readTable(page, 'broad-folders');
	expect(folders.length).toBeGreaterThan(0);
	expect(folders.reduce((a, r) => a + Number(r.files), 0)).toBe(oracle.broadFiles);
	await page.locator('[data-table="broad-folders"] tbody tr').first().locator('button.row-link').click();
	await expect(page.getByTestId('filter-bar').locator('.chip')).toHaveCount(1);
	await expect.poll(async () => (await readReportKpis(page, 'access-controls')).broadFiles).toBe(Number(folders[0].files));
	await page.getByTestId('clear-filters').click();
	await expect(page.getByTestId('filter-bar').locator('.chip')).toHaveCount(0);
});

test('Sensitive files: files and bytes per kind and in all equal the oracle', async () => {
	await openReport(page, 'Sensitive files', 'sensitive');
	const oracle = await oracleSensitive(SOURCE, asOfMs);
	const kpis = await readReportKpis(page, 'sensitive');
	expect(kpis.anyFiles).toBe(oracle.classes.any.files);
	expect(oracle.classes.secrets.files).toBeGreaterThan(0);
	const classes = await readTable(page, 'sensitive-classes');
	const ids: Record<string, keyof typeof oracle.classes> = { 'Secret-like names': 'secrets', 'Keys and certificates': 'keys', 'Environment and config files': 'config', 'Executables and scripts': 'executables' };
	expect(classes.length).toBe(4);
	for (const row of classes) {
		const o = oracle.classes[ids[row.label]];
		expect(Number(row.files), row.label).toBe(o.files);
		expect(Number(row.bytes), row.label).toBe(o.bytes);
	}
	// The list: at most 1,000 files, secret-like ones first, each with its path.
	const list = page.locator('[data-table="sensitive-files"]');
	await expect(list.getByRole('navigation')).toContainText(`of ${Math.min(1000, oracle.classes.any.files).toLocaleString('en-US')}`);
	const first = await readTable(page, 'sensitive-files');
	expect(first.length).toBe(Math.min(25, oracle.classes.any.files));
	expect(first[0].classes).not.toBe('Executables and scripts');
	expect(first[0].path.endsWith(first[0].path.split('/').pop()!)).toBe(true);
	// Top folders by sensitive files, most first, each holding some.
	const folders = (await readTable(page, 'sensitive-folders')).map((r) => Number(r.files));
	expect(folders.length).toBeGreaterThan(0);
	expect(folders).toEqual([...folders].sort((a, b) => b - a));
	expect(Math.min(...folders)).toBeGreaterThan(0);
});

test('Service Interactions: files and bytes per service, with its type, equal the oracle', async () => {
	await openReport(page, 'Service Interactions', 'services');
	const oracle = await oracleServices(SOURCE, asOfMs);
	const rows = await readTable(page, 'services');
	expect(rows.length).toBe(oracle.size);
	for (const row of rows) {
		const o = oracle.get(row.service === '' ? null : row.service);
		expect(o, row.service).toBeDefined();
		expect(Number(row.files), row.service).toBe(o!.files);
		expect(Number(row.bytes), row.service).toBe(o!.bytes);
		expect(row.type === '' ? null : row.type).toBe(o!.type);
	}
});

test('System Messages: counts per month and the latest messages equal the oracle', async () => {
	await openReport(page, 'System Messages', 'messages');
	const oracle = await oracleMessages(SOURCE, asOfMs);
	const kpis = await readReportKpis(page, 'messages');
	expect(kpis.messages).toBe(oracle.messages);
	expect(kpis.undated).toBe(oracle.undated);
	const latest = await readTable(page, 'message-latest');
	expect(latest.length).toBe(Math.min(25, oracle.messages));
	expect(latest.map((r) => r.id)).toEqual(oracle.latest.slice(0, latest.length));
	await page.locator('[data-chart="messages-per-month"]').getByRole('button', { name: 'Table' }).click();
	const months = await readTable(page, 'messages-per-month-table');
	expect(months.length).toBe(Math.min(25, Object.keys(oracle.months).length));
	const shown = Object.fromEntries(months.map((r) => [r.month, Number(r.messages)]));
	const expected = Object.fromEntries(Object.entries(oracle.months).sort().slice(0, months.length));
	expect(shown).toEqual(expected);
});

test('on a tiny export: empty messages say "no data"; a missing permissions or services table too; never an error', async ({ browser }) => {
	// Two exports opened, each with its report build, before their pages are read.
	test.setTimeout(420_000);
	const pages: [string, string][] = [
		['Access Controls', 'access-controls'],
		['Sensitive files', 'sensitive'],
		['Service Interactions', 'services'],
		['System Messages', 'messages']
	];
	const withEmpty = await writeExport(tinyWithEmptyTables());
	const bare = await writeExport([{ table: 'objects', sql: TINY_TABLES.objects }]);
	const cases: [string, string[]][] = [
		[withEmpty, ['messages']],
		[bare, ['access-controls', 'services', 'messages']]
	];
	for (const [file, noData] of cases) {
		const tiny = await browser.newPage();
		await tiny.goto('./');
		await openWithPicker(tiny, [file]);
		await waitForSummary(tiny);
		for (const [title, slug] of pages) {
			await openReport(tiny, title, slug);
			const report = tiny.getByTestId(`report-${slug}`);
			await expect(report.getByRole('alert')).toHaveCount(0);
			await expect(report.getByTestId('no-data')).toHaveCount(noData.includes(slug) ? 1 : 0);
		}
		await expect(tiny.getByTestId('no-data')).toHaveText('No messages in this export.');
		await tiny.close();
	}
});
