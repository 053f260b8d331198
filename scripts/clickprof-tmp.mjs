// Profile 24 cross-filter clicks at 1M (the bench's click sequence) and print where main-thread time goes.
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from './chromium.mjs';
import { spawn } from 'node:child_process';
const server = spawn('node', ['scripts/serve.mjs', 'build', '--port', '4199'], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 1500));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
await page.goto('http://127.0.0.1:4199/?debug');
await page.getByTestId('file-input').first().setInputFiles([process.argv[2] ?? 'data/e2e/gen-1000000/export.duckdb']);
await page.waitForFunction(() => document.querySelector('[data-testid=summary]')?.getAttribute('data-ready') === 'true', null, { timeout: 600000, polling: 200 });
await page.waitForTimeout(4000);
await page.evaluate(() => performance.clearMeasures());
const cdp = await page.context().newCDPSession(page);
const profiling = process.argv[3] !== 'noprof';
if (profiling) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 200 }); await cdp.send('Profiler.start'); }
let n = 0;
for (const chart of ['top-extensions-files', 'size-distribution', 'age-distribution', 'top-extensions-bytes']) {
	const keys = await page.locator(`[data-chart="${chart}"] rect[data-key]`).evaluateAll((rs) => rs.map((r) => r.getAttribute('data-key')));
	for (const key of keys.slice(0, 3)) for (let t = 0; t < 2; t++) {
		await page.locator(`[data-chart="${chart}"] rect[data-key="${key}"]`).click({ force: true });
		n++;
		await page.waitForFunction((n) => performance.getEntriesByName('crossfilter-fast').length >= n, n, { timeout: 60000, polling: 20 });
	}
}
const m = await page.evaluate(() => performance.getEntriesByName('crossfilter-fast').map((m) => ({ ms: Math.round(m.duration), a: Math.round(m.detail.answerMs), d: Math.round(m.detail.drawMs), c: m.detail.cached })));
console.log(m.map((x) => `${x.ms}(${x.a}+${x.d}${x.c ? 'c' : ''})`).join(' '));
const sorted = m.map((x) => x.ms).sort((a, b) => a - b);
console.log('p50', sorted[Math.floor(sorted.length * 0.5)], 'p95', sorted[Math.ceil(sorted.length * 0.95) - 1]);
if (profiling) {
	const { profile } = await cdp.send('Profiler.stop');
	const byId = new Map(profile.nodes.map((x) => [x.id, x]));
	const parent = new Map(); for (const x of profile.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
	const counts = new Map(); profile.samples.forEach((id, i) => counts.set(id, (counts.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
	const incl = new Map(); const self = new Map();
	for (const [id, us] of counts) {
		const seen = new Set(); let cur = id; let first = true;
		while (cur !== undefined) { const f = byId.get(cur).callFrame; const k = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`; if (first) { self.set(k, (self.get(k) ?? 0) + us); first = false; } if (!seen.has(k)) { incl.set(k, (incl.get(k) ?? 0) + us); seen.add(k); } cur = parent.get(cur); }
	}
	console.log('--- self ms'); for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(Math.round(us / 1000), k);
	console.log('--- inclusive ms'); for (const [k, us] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(Math.round(us / 1000), k);
}
await browser.close(); server.kill(); process.exit(0);
