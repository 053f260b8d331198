/**
 * Issue #22 across every page (the Executive Summary, every report page the sidebar lists, the
 * Explorer, Cached datasets) on the generated 100k-file export, in one browser page: no page
 * scrolls sideways on a 390 px phone and the report list is a menu there; printing drops the
 * navigation and keeps every chart; axe-core finds no serious or critical violation in the light
 * or the dark theme.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { E2E_DIR } from './paths';
import { exportFiles, openWithPicker, waitForSummary } from './helpers';

// Serial (one page, one open); each test collects every page's problem before failing, so one run shows them all.
test.describe.configure({ mode: 'serial', timeout: 600_000 });

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let page: Page;
/** Every page, as the sidebar and the header link to them. */
let pages: { title: string; href: string }[] = [];

/** Navigate inside the app (no reload: the open dataset stays), as a link would. */
async function go(href: string): Promise<void> {
	await page.evaluate((href) => (window as unknown as { __aparavi: { goto(u: string): Promise<void> } }).__aparavi.goto(href), href);
}

/** Wait until the page in view has drawn its figures (or its list). */
async function settled(): Promise<void> {
	await page.waitForFunction(
		() => {
			const main = document.querySelector('main');
			const shown = main?.querySelector('[data-testid="summary"], section[data-testid^="report-"], [data-testid="explorer"], [data-testid="cached-table"], [data-testid="cached-empty"]');
			const busy = main?.querySelector('[data-testid="summary"][data-ready="false"], section[data-testid^="report-"][data-ready="false"], [data-testid="explorer"][data-ready="false"], [aria-busy="true"]');
			return !!shown && !busy;
		},
		undefined,
		{ timeout: 170_000 }
	);
}

test.beforeAll(async ({ browser }) => {
	test.setTimeout(400_000);
	page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
	await page.goto('./?debug');
	await openWithPicker(page, exportFiles(E2E_DIR, 'duckdb'));
	await waitForSummary(page);
	const nav = page.getByRole('navigation', { name: 'Reports' });
	pages = await nav.locator('a').evaluateAll((links) => links.map((a) => ({ title: a.textContent!.trim(), href: (a as HTMLAnchorElement).getAttribute('href')! })));
	pages.push({ title: 'Cached datasets', href: (await page.getByTestId('cached-link').getAttribute('href'))! });
	expect(pages.length).toBeGreaterThan(4);
	expect(pages.map((p) => p.title)).toContain('Explorer');
	expect(pages.map((p) => p.title)).toContain('Executive Summary');
	// The report tables: every report page reads them.
	await expect(page.getByTestId('reports-building')).toHaveCount(0, { timeout: 300_000 });
});

test.afterAll(async () => {
	await page?.close();
});

test('390 px phone: no page scrolls sideways; the report list is a menu that closes on navigation', async () => {
	await page.setViewportSize({ width: 390, height: 844 });
	const wide: string[] = [];
	for (const p of pages) {
		await go(p.href);
		await settled();
		const { scrollWidth, innerWidth, culprits } = await page.evaluate(() => {
			// The outermost elements that reach past the right edge (what makes the page scroll).
			const clipped = (el: Element) => {
				// Inside a scroll box (that also contains it: an absolute element escapes an unpositioned one).
				const absolute = getComputedStyle(el).position === 'absolute' || getComputedStyle(el).position === 'fixed';
				for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
					const style = getComputedStyle(a);
					if (style.overflowX !== 'visible' && (!absolute || style.position !== 'static')) return true;
				}
				return false;
			};
			const past = [...document.querySelectorAll<HTMLElement>('body *')].filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5 && !clipped(el));
			const outermost = past.filter((el) => !past.includes(el.parentElement as HTMLElement));
			const name = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('class') ? `.${el.getAttribute('class')!.split(/\s+/).join('.')}` : ''}${(el as HTMLElement).dataset?.testid ? `[${(el as HTMLElement).dataset.testid}]` : ''}`;
			return {
				scrollWidth: document.scrollingElement!.scrollWidth,
				innerWidth: window.innerWidth,
				culprits: outermost.slice(0, 5).map((el) => `${name(el.parentElement!)} > ${name(el)} (right ${Math.round(el.getBoundingClientRect().right)})`)
			};
		});
		if (scrollWidth > innerWidth) wide.push(`${p.title} is ${scrollWidth} px wide: ${culprits.join('; ')}`);
	}
	expect(wide, wide.join('\n')).toEqual([]);
	const menu = page.getByTestId('menu-button');
	const nav = page.getByRole('navigation', { name: 'Reports' });
	await expect(nav).toBeHidden();
	await menu.focus();
	await page.keyboard.press('Enter');
	await expect(menu).toHaveAttribute('aria-expanded', 'true');
	await expect(nav).toBeVisible();
	await nav.getByRole('link', { name: 'Executive Summary', exact: true }).click();
	await expect(nav).toBeHidden();
	await expect(menu).toHaveAttribute('aria-expanded', 'false');
	// The skip link is the first Tab stop and lands on the main content.
	await page.keyboard.press('Tab');
	const skip = page.getByTestId('skip-link');
	await expect(skip).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.locator('main')).toBeFocused();
	await page.setViewportSize({ width: 1280, height: 900 });
});

test('print: no navigation or buttons, a header with the dataset and filters, and every chart', async () => {
	await page.emulateMedia({ media: 'print' });
	try {
		for (const p of pages.filter((p) => !['Explorer', 'Cached datasets'].includes(p.title))) {
			await go(p.href);
			await settled();
			await expect.soft(page.getByRole('navigation', { name: 'Reports' }), p.title).toBeHidden();
			await expect.soft(page.locator('[data-app-shell] > header'), p.title).toBeHidden();
			await expect.soft(page.getByTestId('print-header'), p.title).toBeVisible();
			await expect.soft(page.getByTestId('print-header'), p.title).toContainText('ages as of');
			// Buttons are gone from paper, but a table's sort and open buttons print as their text.
			const visibleButtons = await page.locator('main button').evaluateAll((bs) => bs.filter((b) => (b as HTMLElement).offsetParent !== null && !b.closest('table')).length);
			await expect.soft(page.getByTestId('performance-panel'), p.title).toBeHidden();
			expect.soft(visibleButtons, p.title).toBe(0);
			const charts = page.locator('main figure.chart');
			const n = await charts.count();
			for (let i = 0; i < n; i++) await expect.soft(charts.nth(i), `${p.title}: chart ${i + 1} of ${n}`).toBeVisible();
		}
	} finally {
		await page.emulateMedia({ media: 'screen' });
	}
});

for (const scheme of ['light', 'dark'] as const) {
	test(`axe-core: no serious or critical violation on any page, ${scheme} theme`, async () => {
		await page.emulateMedia({ colorScheme: scheme, media: 'screen' });
		const found: string[] = [];
		for (const p of pages) {
			await go(p.href);
			await settled();
			// Evaluated by the browser's devtools protocol: the page's CSP (no eval) does not apply.
			if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
			const violations = await page.evaluate(async () => {
				const w = window as unknown as { axe?: { run(ctx: Document, o: unknown): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } };
				const result = await w.axe!.run(document, { resultTypes: ['violations'] });
				return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} × ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
			});
			for (const v of violations) found.push(`${p.title}: ${v}`);
		}
		expect(found, found.join('\n')).toEqual([]);
	});
}
