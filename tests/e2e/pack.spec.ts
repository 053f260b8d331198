/**
 * Summary packs (issue #9): `npm run pack`'s builder (native DuckDB, all cores) and the browser
 * engine (DuckDB-WASM) run the same summary definitions over the same generated export; every
 * summary table must come out equal. Then the app opens the pack like an export: the Summary's
 * figures equal the native oracle's, and what needs every file says so.
 */
import { expect, test } from '@playwright/test';
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPack } from '../../scripts/pack/build.mjs';
import { loadModel } from '../../scripts/bench/model.mjs';
import { oracleSummary } from '../oracle/summary';
import { PACK_DIR, PACK_ROWS } from './paths';
import { exportFiles, openReport, openWithPicker, readKpis, waitForSummary } from './helpers';

const TABLES = ['s_cube', 's_added', 's_months', 's_base', 's_folder', 's_stats'];

/**
 * A fingerprint of a table any two DuckDB versions agree on: its row count and, per column, the
 * sum of its numbers (or of its texts' lengths) and its count of distinct values.
 */
function fingerprintSql(table: string, columns: { name: string; type: string }[]): string {
	const parts = ['count(*) AS n'];
	for (const c of columns) {
		const q = `"${c.name}"`;
		const numeric = /INT|DOUBLE|DECIMAL|FLOAT|HUGEINT|TIMESTAMP/.test(c.type);
		parts.push(numeric ? `sum(${/TIMESTAMP/.test(c.type) ? `epoch_ms(${q})` : q})::DOUBLE AS "sum_${c.name}"` : `sum(length(${q}))::DOUBLE AS "len_${c.name}"`);
		parts.push(`count(DISTINCT ${q}) AS "distinct_${c.name}"`);
	}
	return `SELECT ${parts.join(', ')} FROM ${table}`;
}

test.describe.configure({ mode: 'serial' });

let dir: string;
let packPath: string;
let asOfMs: number;
const packFingerprints: Record<string, Record<string, number>> = {};
const columnsOf: Record<string, { name: string; type: string }[]> = {};

test.beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'pack-'));
	packPath = join(dir, 'estate.pack.duckdb');
	asOfMs = Date.UTC(2026, 10, 1);
	const model = await loadModel();
	await buildPack({ inputs: [join(PACK_DIR, 'export.duckdb')], out: packPath, threads: 2, model, DuckDBInstance, asOfMs, sample: 20_000 });
	const db = await DuckDBInstance.create(':memory:');
	const conn = await db.connect();
	await conn.run(`ATTACH '${packPath}' AS p (READ_ONLY)`);
	for (const t of TABLES) {
		const cols = (await conn.runAndReadAll(`SELECT column_name AS name, upper(data_type) AS type FROM information_schema.columns WHERE table_catalog = 'p' AND table_name = '${t}' ORDER BY ordinal_position`)).getRowObjectsJS() as { name: string; type: string }[];
		columnsOf[t] = cols;
		const [row] = (await conn.runAndReadAll(fingerprintSql(`p.${t}`, cols))).getRowObjectsJS();
		packFingerprints[t] = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
	}
	conn.closeSync();
});

test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('every summary table of the pack equals the browser engine\'s, built from the raw 1M export', async ({ page }) => {
	// A 1M-file open in the browser is long on shared machines (docs/BENCHMARKS.md), longer with a second browser running.
	test.setTimeout(420_000);
	// Ages as of the pack's instant (?asof=), so the age-banded cubes are comparable cell for cell.
	await page.goto(`./?debug&asof=${asOfMs}`);
	await openWithPicker(page, exportFiles(PACK_DIR, 'duckdb'));
	await expect(page.getByTestId('summary')).toHaveAttribute('data-ready', 'true', { timeout: 400_000 });
	expect((await readKpis(page)).files).toBe(PACK_ROWS);
	const browser = await page.evaluate(
		async ({ tables, sqls }) => {
			const engine = (window as unknown as { __aparavi: { engine: () => { request: (r: unknown) => Promise<{ rows: Record<string, unknown>[] }> } } }).__aparavi.engine();
			const out: Record<string, Record<string, number>> = {};
			for (let i = 0; i < tables.length; i++) {
				const { rows } = await engine.request({ type: 'sql', sql: sqls[i] });
				out[tables[i]] = Object.fromEntries(Object.entries(rows[0]).map(([k, v]) => [k, Number(v)]));
			}
			return out;
		},
		{ tables: TABLES, sqls: TABLES.map((t) => fingerprintSql(t, columnsOf[t])) }
	);
	expect(Number(await page.getByTestId('summary').getAttribute('data-asof'))).toBe(asOfMs);
	for (const t of TABLES) for (const [k, v] of Object.entries(packFingerprints[t])) expect(browser[t][k], `${t}.${k}`).toBeCloseTo(v, 6);
});

test('the app opens a pack like an export: the Summary equals the oracle, the folder count under a filter says it needs the rows, report pages answer from the pack', async ({ page }) => {
	await page.goto('./');
	await openWithPicker(page, [packPath]);
	await waitForSummary(page);
	await expect(page.getByTestId('notes')).toContainText('summary pack');
	const kpis = await readKpis(page);
	const oracle = await oracleSummary({ format: 'duckdb', dir: PACK_DIR }, asOfMs);
	expect(Number(await page.getByTestId('summary').getAttribute('data-asof'))).toBe(asOfMs);
	expect(kpis.files).toBe(oracle.files);
	expect(kpis.bytes).toBe(oracle.bytes);
	expect(kpis.folders).toBe(oracle.folders);
	expect(kpis.extensions).toBe(oracle.extensions);
	expect(kpis.medianSize).toBe(oracle.medianSize);

	// The point chart draws from the pack's sample and says so.
	await expect(page.locator('[data-chart="size-vs-modified"]').getByTestId('sample-note')).toContainText(/Sample of [\d,]+ of [\d,]+ files \(uniform, random\)/, { timeout: 60_000 });

	// A cross-filter answers from the cubes; the folder count under it needs the rows: said plainly.
	await page.locator('[data-chart="top-extensions-files"] .choices button').first().focus();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('alert').filter({ hasText: 'summary pack does not hold every file' })).toBeVisible({ timeout: 60_000 });

	// A report page: the pack carries the report build's tables, so every part is answered from them.
	await openReport(page, 'Document Analysis', 'documents');
	await expect(page.getByTestId('report-documents').getByText('computing…')).toHaveCount(0);
	await expect(page.getByTestId('report-note')).toHaveCount(0);
});

test('a pack built in slices of objectId (how 100M-file exports fit in memory) equals the one built in one pass', async () => {
	test.setTimeout(300_000);
	const sliced = join(dir, 'sliced.pack.duckdb');
	await buildPack({ inputs: [join(PACK_DIR, 'export.duckdb')], out: sliced, threads: 2, model: await loadModel(), DuckDBInstance, asOfMs, sample: 20_000, sliceObjects: 300_000 });
	const db = await DuckDBInstance.create(':memory:');
	const conn = await db.connect();
	await conn.run(`ATTACH '${packPath}' AS whole (READ_ONLY)`);
	await conn.run(`ATTACH '${sliced}' AS sliced (READ_ONLY)`);
	for (const t of TABLES) {
		const [r] = (
			await conn.runAndReadAll(`SELECT (SELECT count(*) FROM whole.${t}) AS n,
				(SELECT count(*) FROM (SELECT * FROM whole.${t} EXCEPT ALL SELECT * FROM sliced.${t})) AS missing,
				(SELECT count(*) FROM (SELECT * FROM sliced.${t} EXCEPT ALL SELECT * FROM whole.${t})) AS extra`)
		).getRowObjectsJS();
		expect(Number(r.n), t).toBeGreaterThan(0);
		expect([Number(r.missing), Number(r.extra)], t).toEqual([0, 0]);
	}
	conn.closeSync();
});
