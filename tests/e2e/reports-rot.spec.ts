/**
 * Cleanup (ROT) reports on a generated 100k-file export: the figures a person reads equal native
 * DuckDB's from the same files (tests/oracle/reports-rot.ts, written apart from the app's SQL), and
 * the Obsolete page's years control changes them (and the URL).
 */
import { expect, test, type Page } from '@playwright/test';
import { keptKey, oracleRot, type OracleRot } from '../oracle/reports-rot';
import { E2E_DIR } from './paths';
import { exportFiles, openReport, openWithPicker, readAsOf, readTable, waitForSummary } from './helpers';

test.describe.configure({ mode: 'serial' });

let page: Page;
let asOfMs: number;
let oracle3: OracleRot;

/** A report's KPI values (data-value of each metric). */
async function kpis(slug: string): Promise<Record<string, number>> {
	return page.locator(`[data-testid="report-${slug}"] [data-metric]`).evaluateAll((els) =>
		Object.fromEntries(els.map((el) => [(el as HTMLElement).dataset.metric!, Number((el as HTMLElement).dataset.value)]))
	);
}

test.beforeAll(async ({ browser }) => {
	page = await browser.newPage();
	await page.goto('./');
	await openWithPicker(page, exportFiles(E2E_DIR, 'duckdb'));
	await waitForSummary(page);
	asOfMs = await readAsOf(page);
	oracle3 = await oracleRot({ format: 'duckdb', dir: E2E_DIR }, asOfMs, 3);
});

test.afterAll(async () => page.close());

test('ROT summary: bytes per class, overlaps and the total with each file once equal the oracle', async () => {
	await openReport(page, 'ROT summary', 'rot');
	const k = await kpis('rot');
	expect(k.reclaimableBytes).toBe(oracle3.rot.total.bytes);
	expect(k.rotFiles).toBe(oracle3.rot.total.files);
	expect(k.redundantBytes).toBe(oracle3.rot.redundant.bytes);
	expect(k.obsoleteBytes).toBe(oracle3.rot.obsolete.bytes);
	expect(k.trivialBytes).toBe(oracle3.rot.trivial.bytes);
	expect(k.overlapBytes).toBe(oracle3.rot.overlap.bytes);
	// The overlap is real on this export, so "each file once" is tested, not assumed.
	expect(oracle3.rot.overlap.files).toBeGreaterThan(0);
	const classRows = await readTable(page, 'rot-classes');
	// Redundant, obsolete, trivial, the overlap and the total.
	expect(classRows.length).toBe(5);
	const classes = Object.fromEntries(classRows.map((r) => [r.class, { files: Number(r.files), bytes: Number(r.bytes) }]));
	expect(classes.redundant).toEqual(oracle3.rot.redundant);
	expect(classes.obsolete).toEqual(oracle3.rot.obsolete);
	expect(classes.trivial).toEqual(oracle3.rot.trivial);
	expect(classes.overlap).toEqual(oracle3.rot.overlap);
	expect(classes.total).toEqual(oracle3.rot.total);
});

test('Redundant: groups, wasted bytes and severity bands equal the oracle; a group opens to its copies', async () => {
	await openReport(page, 'Redundant', 'redundant');
	const k = await kpis('redundant');
	expect(k.groups).toBe(oracle3.duplicates.groups);
	expect(k.wasted).toBe(oracle3.duplicates.wasted);
	expect(k.redundantCopies).toBe(oracle3.duplicates.redundantCopies);
	expect(k.zeroByte).toBe(oracle3.duplicates.zeroByte);
	const bands = await readTable(page, 'copy-bands');
	expect(bands.map((r) => ({ groups: Number(r.groups), files: Number(r.files), wasted: Number(r.wasted) }))).toEqual(oracle3.duplicates.bands);

	const groups = await readTable(page, 'duplicate-groups');
	expect(groups.length).toBe(Math.min(25, oracle3.duplicates.groups));
	const first = groups[0];
	await page.locator('[data-table="duplicate-groups"] tbody tr').first().getByRole('button').click();
	await expect(page.getByTestId('duplicate-copies')).toHaveAttribute('data-ready', 'true');
	const copies = await readTable(page, 'copies');
	expect(copies.length).toBe(Number(first.copies));
	const kept = copies.filter((c) => c.kept === 'true');
	expect(kept.length).toBe(1);
	// The kept copy is the oracle's: the newest modified, ties by the smallest objectId.
	const expectedKept = oracle3.kept.get(keptKey(first.name.toLowerCase(), Number(first.size)));
	expect(expectedKept, `${first.name} ${first.size}`).toBeDefined();
	expect({ folder: kept[0].folder, name: kept[0].name }).toEqual(expectedKept);
	expect(new Set(copies.map((c) => c.folder)).size).toBe(Number(first.folders));
});

test('Trivial: files and bytes per rule equal the oracle', async () => {
	await openReport(page, 'Trivial', 'trivial');
	const rules = await readTable(page, 'trivial-rules');
	// Every rule of docs/MODEL.md is listed, with zeros for a rule nothing matched.
	expect(rules.map((r) => r.rule)).toEqual(['empty', 'office-owner', 'temporary', 'swap', 'backup', 'system']);
	for (const r of rules) expect({ files: Number(r.files), bytes: Number(r.bytes) }, r.rule).toEqual(oracle3.trivial.rules[r.rule] ?? { files: 0, bytes: 0 });
	const k = await kpis('trivial');
	expect(k.trivialFiles).toBe(oracle3.trivial.files);
	expect(k.trivialBytes).toBe(oracle3.trivial.bytes);
});

test('Obsolete: the figures equal the oracle, and choosing 5 years changes them and the URL', async () => {
	await openReport(page, 'Obsolete', 'obsolete');
	let k = await kpis('obsolete');
	expect(k.obsoleteFiles).toBe(oracle3.obsolete.files);
	expect(k.obsoleteBytes).toBe(oracle3.obsolete.bytes);
	expect(k.unknownModified).toBe(oracle3.obsolete.unknownModified);

	const oracle5 = await oracleRot({ format: 'duckdb', dir: E2E_DIR }, asOfMs, 5);
	expect(oracle5.obsolete.files).toBeLessThan(oracle3.obsolete.files);
	await page.getByTestId('obsolete-years').selectOption('5');
	await expect(page).toHaveURL(/[?&]years=5(&|$)/);
	await expect.poll(async () => (await kpis('obsolete')).obsoleteFiles).toBe(oracle5.obsolete.files);
	await expect(page.getByTestId('report-obsolete')).toHaveAttribute('data-ready', 'true');
	k = await kpis('obsolete');
	expect(k.obsoleteBytes).toBe(oracle5.obsolete.bytes);
	// The oldest list's first page: the oldest first, all before the 5-year cut.
	const oldest = (await readTable(page, 'oldest')).map((r) => Number(r.modified));
	// The table's first page: 25 rows, or every obsolete file when fewer.
	expect(oldest.length).toBe(Math.min(25, oracle5.obsolete.files));
	expect(oldest).toEqual([...oldest].sort((a, b) => a - b));
	for (const m of oldest) expect(m).toBeLessThan(asOfMs - 5 * 365 * 86_400_000);

	// The control reads the choice back from the URL (a bookmark keeps it).
	await expect(page.getByTestId('obsolete-years')).toHaveValue('5');
});
