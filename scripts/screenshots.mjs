#!/usr/bin/env node
/**
 * The README's pictures, regenerated: serves the built site (build/, from `npm run build`; nothing
 * is built here), opens the built-in 100,000-file sample and takes, of the Executive Summary and a
 * few report pages, a desktop (1440×900), a dark-theme, a phone (390×844) and a print (A4, the print
 * stylesheet) screenshot into docs/screenshots/.
 *
 *   npm run build && npm run screenshots            # or: node scripts/screenshots.mjs --port 4190
 */
import { chromium } from '@playwright/test';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from './serve.mjs';
import { CHROMIUM_ARGS, findChromium } from './chromium.mjs';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
	const i = args.indexOf(name);
	return i >= 0 ? args[i + 1] : fallback;
};
const port = Number(flag('--port', process.env.PORT ?? 4190));
const out = flag('--out', 'docs/screenshots');
/** Report pages pictured besides the Summary, by their sidebar title (those that exist). */
const REPORTS = (flag('--pages', 'Hot/cold,Redundant,Storage Analysis,Sensitive Data') ?? '').split(',').filter(Boolean);

if (!existsSync('build/index.html')) {
	console.error('No build/: run `npm run build` first (this script builds nothing itself).');
	process.exit(1);
}
mkdirSync(out, { recursive: true });

const server = await serve({ root: 'build', port });
const base = `http://127.0.0.1:${port}/`;
const browser = await chromium.launch({ executablePath: findChromium({ chromium }), args: CHROMIUM_ARGS });

/** Wait until the page in view has drawn its figures. */
async function settled(page) {
	await page.waitForFunction(
		() => {
			const main = document.querySelector('main');
			const shown = main?.querySelector('[data-testid="summary"], section[data-testid^="report-"]');
			const busy = main?.querySelector('[data-testid="summary"][data-ready="false"], section[data-testid^="report-"][data-ready="false"], [aria-busy="true"]');
			return !!shown && !busy;
		},
		undefined,
		{ timeout: 240_000 }
	);
	// Two frames: the charts draw once their width is known.
	await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

const slug = (title) => title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'summary';

try {
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
	const page = await context.newPage();
	await page.goto(`${base}?debug`);
	await page.getByTestId('sample-button').click();
	await page.getByTestId('summary').waitFor({ timeout: 240_000 });
	// ?debug (the app's navigation handle) opens the Performance panel: not part of the pictures.
	await page.getByTestId('performance-panel').getByRole('button', { name: 'Close' }).click({ timeout: 60_000 });
	await settled(page);
	// Every report page reads the report tables: wait until they are prepared.
	await page.getByTestId('reports-building').waitFor({ state: 'detached', timeout: 300_000 }).catch(() => {});

	const nav = page.getByRole('navigation', { name: 'Reports' });
	const available = await nav.locator('a').evaluateAll((links) => links.map((a) => ({ title: a.textContent.trim(), href: a.getAttribute('href') })));
	const wanted = [available.find((p) => p.title === 'Executive Summary'), ...REPORTS.map((t) => available.find((p) => p.title === t)).filter(Boolean)];
	const go = (href) => page.evaluate((href) => window.__aparavi.goto(href), href);

	const shots = [];
	for (const p of wanted) {
		const name = p.title === 'Executive Summary' ? 'summary' : slug(p.title);
		await go(p.href);
		await settled(page);
		await page.setViewportSize({ width: 1440, height: 900 });
		await page.emulateMedia({ colorScheme: 'light', media: 'screen' });
		await settled(page);
		await page.screenshot({ path: join(out, `${name}-desktop.png`) });
		await page.emulateMedia({ colorScheme: 'dark', media: 'screen' });
		await page.screenshot({ path: join(out, `${name}-dark.png`) });
		await page.emulateMedia({ colorScheme: 'light', media: 'screen' });
		await page.setViewportSize({ width: 390, height: 844 });
		await settled(page);
		await page.screenshot({ path: join(out, `${name}-phone.png`) });
		// Print: an A4 text block wide (about 794 px at 96 dpi, less the margins), the print stylesheet.
		await page.setViewportSize({ width: 720, height: 1020 });
		await page.emulateMedia({ colorScheme: 'light', media: 'print' });
		await settled(page);
		await page.screenshot({ path: join(out, `${name}-print.png`), fullPage: true });
		await page.emulateMedia({ media: 'screen' });
		shots.push(name);
		console.log(`${p.title}: desktop, dark, phone, print`);
	}
	console.log(`Wrote ${shots.length * 4} screenshots to ${out}/`);
} finally {
	await browser.close();
	server.close();
}
