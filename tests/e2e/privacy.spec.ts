/**
 * Privacy: nothing leaves the browser. Every request the browser context makes (pages, workers,
 * the service worker) while opening the sample and a generated export and exploring them stays on
 * the app's origin; and the built pages carry a strict Content-Security-Policy that nothing the app
 * does violates.
 */
import { expect, test, type Request } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { E2E_DIR } from './paths';
import { exportFiles, openWithPicker, readKpis, waitForSummary } from './helpers';

function htmlFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((f) => {
		const p = join(dir, f);
		if (statSync(p).isDirectory()) return htmlFiles(p);
		return f.endsWith('.html') ? [p] : [];
	});
}

/** The policy's directives, from a page's `<meta http-equiv="content-security-policy">`. */
function policyOf(html: string): Map<string, string[]> {
	const m = /<meta http-equiv="content-security-policy" content="([^"]*)"/i.exec(html);
	expect(m, 'a CSP meta tag').not.toBeNull();
	return new Map(
		m![1]
			.split(';')
			.map((d) => d.trim().split(/\s+/))
			.filter((d) => d[0])
			.map(([name, ...values]) => [name, values])
	);
}

test('every built page carries a strict Content-Security-Policy', () => {
	const pages = htmlFiles('build');
	expect(pages.length).toBeGreaterThan(0);
	for (const page of pages) {
		const csp = policyOf(readFileSync(page, 'utf8'));
		expect(csp.get('default-src'), page).toEqual(["'self'"]);
		const script = csp.get('script-src') ?? [];
		expect(script, page).toContain("'self'");
		expect(script, page).not.toContain("'unsafe-inline'");
		expect(script, page).not.toContain("'unsafe-eval'");
		// Only the engine's WebAssembly and hashed bootstrap scripts beyond 'self'.
		expect(script.filter((s) => s !== "'self'" && s !== "'wasm-unsafe-eval'" && !s.startsWith("'sha256-")), page).toEqual([]);
		expect(csp.get('object-src'), page).toEqual(["'none'"]);
		for (const directive of ['connect-src', 'img-src', 'worker-src', 'font-src']) {
			// No other host is ever named: only 'self' and browser-local schemes.
			expect((csp.get(directive) ?? []).filter((s) => !["'self'", 'blob:', 'data:'].includes(s)), `${page} ${directive}`).toEqual([]);
		}
	}
});

test('opening and exploring data makes no request to another origin, and breaks no CSP rule', async ({ page, baseURL }) => {
	const origin = new URL(baseURL!).origin;
	const requests: string[] = [];
	const record = (r: Request) => requests.push(r.url());
	page.context().on('request', record);
	await page.addInitScript(() => {
		const w = window as unknown as { __cspViolations: string[] };
		w.__cspViolations = [];
		document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
	});

	await page.goto('./');
	await page.getByTestId('sample-button').click();
	await waitForSummary(page);
	expect((await readKpis(page)).files).toBe(100_000);

	// A generated export, then exploring it: a filter by click, a chart's table, its CSV download,
	// the performance panel, a bookmarked view.
	await openWithPicker(page, exportFiles(E2E_DIR, 'parquet'));
	await expect(page.getByTestId('dataset-name')).not.toHaveText(/sample/i);
	await waitForSummary(page);
	const pdf = page.locator('[data-chart="top-extensions-bytes"] .choices button[data-key="pdf"]');
	await pdf.focus();
	await page.keyboard.press('Enter');
	await expect(pdf).toHaveAttribute('aria-pressed', 'true');
	const chart = page.locator('[data-chart="size-distribution"]');
	await chart.getByRole('button', { name: 'Table', exact: true }).click();
	const download = page.waitForEvent('download');
	await chart.getByRole('button', { name: 'CSV', exact: true }).click();
	await download;
	await page.getByRole('button', { name: 'Performance' }).click();
	// A bookmarked view: the last dataset comes back from this browser's storage, filtered.
	await page.goto('./?ext=pdf&size=2');
	await waitForSummary(page);
	await expect(page.getByTestId('filter-bar').locator('.chip')).toHaveCount(2);

	const foreign = requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('blob:') && !u.startsWith('data:'));
	expect(foreign).toEqual([]);
	expect(requests.length).toBeGreaterThan(5);
	expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
});
