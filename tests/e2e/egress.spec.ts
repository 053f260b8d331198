/**
 * Nothing leaves the browser, whatever the input. Every case of the hostile corpus
 * (scripts/bad-inputs.mjs: broken, odd and hostile exports, a SQLite `.db`, `.duckdb` views over
 * remote CSV and Parquet, URLs as data, markup as names) is opened in one page, one after the
 * other, while two recorders watch every request:
 *
 * - a forward proxy the browser context sends everything through, the app's own origin included
 *   (`<-loopback>`): the network itself, whichever page, worker, nested worker or service worker
 *   asks. It forwards the app's origin and refuses every other (nothing can reach another host);
 * - Playwright's context-level request events (pages, dedicated and nested workers, the service
 *   worker).
 *
 * The proxy also sees the browser's own services. Chromium's autofill asks a Google server about
 * the forms of a page (here: after a file input is used); that is the browser talking, not the page
 * or its workers, so this spec's browser runs with that feature off and every request left is the
 * app's.
 *
 * Each case must end in a message or a Summary within 30 s with zero requests to any origin but
 * the app's, no script run from a name (`window.__pwned`, `window.__xss` stay 0, no dialog), and the
 * app usable afterwards (the sample opens). A positive control first proves both recorders see a
 * request made from a worker nested in a worker, where the page's CSP does not reach.
 */
import { chromium, expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BAD_INPUTS } from './paths';
import { readKpis, waitForSummary } from './helpers';

interface Case {
	name: string;
	files?: string[];
	folder?: string;
	expect: { error?: string; kpis?: Record<string, number>; orMapping?: boolean };
}

const manifest: { cases: Case[]; hostile: { files: string[]; total: number } } = JSON.parse(readFileSync(join(BAD_INPUTS, 'manifest.json'), 'utf8'));
/** The hostile-names export is not a case of its own in the manifest: it joins the list here. */
const CASES: (Case & { dir: string })[] = [
	...manifest.cases.map((c) => ({ ...c, dir: join(BAD_INPUTS, c.name) })),
	{ name: 'hostile-names', files: manifest.hostile.files, expect: { kpis: { files: manifest.hostile.total } }, dir: join(BAD_INPUTS, 'hostile') }
];
/** The cases that try to make the engine reach out: after each, the sample must open. */
const REACHING_OUT = new Set(['sqlite-db', 'remote-view-csv', 'remote-view-parquet']);
/** Every input ends in a message or a Summary within this (room for a loaded suite: two browsers on two cores). */
const CASE_LIMIT_MS = 45_000;

/** A recording forward proxy: forwards the app's origin, refuses and records everything else. */
class RecordingProxy {
	readonly seen: string[] = [];
	private server: Server | null = null;
	port = 0;

	constructor(private readonly origin: string) {}

	async start(): Promise<void> {
		const server = createServer((req, res) => {
			const url = req.url ?? '';
			this.seen.push(url);
			let target: URL;
			try {
				target = new URL(url);
			} catch {
				res.writeHead(400).end();
				return;
			}
			if (target.origin !== this.origin) {
				res.writeHead(403).end('refused by the test proxy');
				return;
			}
			const upstream = httpRequest({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers }, (r) => {
				res.writeHead(r.statusCode ?? 502, r.headers);
				r.pipe(res);
			});
			upstream.on('error', () => res.destroy());
			req.pipe(upstream);
		});
		// HTTPS goes through CONNECT: never to the app's origin (plain HTTP), always refused.
		server.on('connect', (req, socket) => {
			this.seen.push(`connect://${req.url}`);
			socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		this.server = server;
		this.port = (server.address() as { port: number }).port;
	}

	stop(): void {
		this.server?.close();
	}
}

/** Both recorders, with what each saw that is not the app's own origin (nor blob:/data:). */
class Recorders {
	readonly events: string[] = [];
	constructor(
		readonly proxy: RecordingProxy,
		private readonly origin: string
	) {}

	watch(context: BrowserContext): void {
		context.on('request', (r) => this.events.push(r.url()));
	}

	mark(): { proxy: number; events: number } {
		return { proxy: this.proxy.seen.length, events: this.events.length };
	}

	foreignSince(mark: { proxy: number; events: number }): { proxy: string[]; events: string[] } {
		const own = (u: string) => u.startsWith(`${this.origin}/`) || u.startsWith('blob:') || u.startsWith('data:');
		return { proxy: this.proxy.seen.slice(mark.proxy).filter((u) => !own(u)), events: this.events.slice(mark.events).filter((u) => !own(u)) };
	}

	countSince(mark: { proxy: number; events: number }): { proxy: number; events: number } {
		return { proxy: this.proxy.seen.length - mark.proxy, events: this.events.length - mark.events };
	}
}

/** Chromium's own service traffic that is not the page's: asked about forms by autofill. */
const NO_AUTOFILL_SERVER = '--disable-features=AutofillServerCommunication';

async function recordedContext(baseURL: string, options: { bypassCSP?: boolean } = {}): Promise<{ browser: Browser; context: BrowserContext; recorders: Recorders }> {
	const origin = new URL(baseURL).origin;
	const proxy = new RecordingProxy(origin);
	await proxy.start();
	// The configured Chromium (playwright.config.ts), with autofill's server off.
	const launch = test.info().project.use.launchOptions ?? {};
	const browser = await chromium.launch({ ...launch, args: [...(launch.args ?? []), NO_AUTOFILL_SERVER] });
	const context = await browser.newContext({ baseURL, proxy: { server: `http://127.0.0.1:${proxy.port}`, bypass: '<-loopback>' }, ...options });
	const recorders = new Recorders(proxy, origin);
	recorders.watch(context);
	browser.on('disconnected', () => proxy.stop());
	return { browser, context, recorders };
}

test('positive control: both recorders see a request from a worker nested in a worker', async ({ baseURL }) => {
	// The page's CSP would stop the request before the network; workers made from blob: URLs
	// inherit it. With CSP bypassed the nested worker's request reaches the proxy (which refuses it).
	const { browser, context, recorders } = await recordedContext(baseURL!, { bypassCSP: true });
	const page = await context.newPage();
	await page.goto('./');
	const mark = recorders.mark();
	await page.evaluate(() => {
		const inner = `fetch('http://example.invalid/nested-worker-probe').catch(() => {}).finally(() => postMessage('done'))`;
		const outer = `const w = new Worker(URL.createObjectURL(new Blob([${JSON.stringify(inner)}], { type: 'text/javascript' }))); w.onmessage = () => postMessage('done');`;
		const w = new Worker(URL.createObjectURL(new Blob([outer], { type: 'text/javascript' })));
		return new Promise((resolve) => (w.onmessage = resolve));
	});
	await expect.poll(() => recorders.foreignSince(mark)).toEqual({ proxy: ['http://example.invalid/nested-worker-probe'], events: ['http://example.invalid/nested-worker-probe'] });
	await browser.close();
});

test.describe('the whole corpus, one case after the other in one page', () => {
	let browser: Browser;
	let context: BrowserContext;
	let page: Page;
	let recorders: Recorders;
	const dialogs: string[] = [];
	const pageErrors: string[] = [];

	const session = () =>
		page.evaluate(() => {
			const s = (window as unknown as { __aparavi: { session: { generation: number; failure: unknown; mappingNeeded: unknown; loading: unknown } } }).__aparavi.session;
			return { generation: s.generation, failure: s.failure !== null, mapping: s.mappingNeeded !== null, loading: s.loading !== null };
		});

	const sentinels = () => page.evaluate(() => ({ pwned: (window as unknown as { __pwned: number }).__pwned, xss: (window as unknown as { __xss: number }).__xss }));

	test.beforeAll(async ({ baseURL }) => {
		({ browser, context, recorders } = await recordedContext(baseURL!));
		page = await context.newPage();
		await page.addInitScript(() => {
			const w = window as unknown as { __pwned: number; __xss: number };
			w.__pwned = 0;
			w.__xss = 0;
		});
		page.on('dialog', (d) => {
			dialogs.push(d.message());
			void d.dismiss();
		});
		page.on('pageerror', (e) => pageErrors.push(e.message));
		const mark = recorders.mark();
		await page.goto('./?debug');
		await expect(page.getByTestId('sample-button')).toBeVisible();
		// Boot the engine before the first case is timed.
		await page.evaluate(() => (window as unknown as { __aparavi: { engine: () => { request: (r: unknown) => Promise<unknown> } } }).__aparavi.engine().request({ type: 'boot' }));
		expect(recorders.foreignSince(mark)).toEqual({ proxy: [], events: [] });
		expect(recorders.countSince(mark).proxy).toBeGreaterThan(5);
	});

	test.afterAll(async () => {
		await browser?.close();
	});

	test('the engine refuses a URL and an extension asked for in SQL, without a request', async () => {
		const mark = recorders.mark();
		const sql = (text: string) =>
			page.evaluate(
				(s) =>
					(window as unknown as { __aparavi: { engine: () => { request: (r: unknown) => Promise<unknown> } } }).__aparavi
						.engine()
						.request({ type: 'sql', sql: s })
						.then(
							() => 'answered',
							// DuckDB's own words are the error's detail (the message is the engine's sentence).
							(e: Error & { detail?: string }) => e.detail ?? e.message
						),
				text
			);
		expect(await sql(`SELECT * FROM read_csv('https://example.invalid/objects.csv')`)).toMatch(/disabled by configuration/);
		expect(await sql(`SELECT * FROM read_parquet('http://example.invalid/objects.parquet')`)).toMatch(/disabled|extension/i);
		expect(await sql(`LOAD sqlite_scanner`)).toMatch(/disabled through configuration/);
		expect(await sql(`ATTACH 'https://example.invalid/export.duckdb' AS remote (READ_ONLY)`)).toMatch(/disabled by configuration/);
		expect(await sql(`SELECT current_setting('enable_external_access') AS e`)).toBe('answered');
		expect(await sql(`SET enable_external_access = true`)).toMatch(/Cannot change enable_external_access/);
		expect(recorders.foreignSince(mark)).toEqual({ proxy: [], events: [] });
	});

	for (const c of CASES) {
		test(`no request leaves the app: ${c.name}`, async () => {
			// A stuck case waits for the watchdog, then the valid export is opened again: both under load.
			test.setTimeout(300_000);
			const before = await session();
			const mark = recorders.mark();
			const started = Date.now();
			if (c.folder) await page.getByTestId('folder-input').setInputFiles(join(c.dir, c.folder));
			else await page.getByTestId('file-input').setInputFiles(c.files!.map((f) => join(c.dir, f)));
			// A message, a mapping dialog or a newly drawn dataset: whichever the case ends in.
			await expect
				.poll(async () => {
					const s = await session();
					return !s.loading && (s.failure || s.mapping || s.generation > before.generation);
				}, { timeout: CASE_LIMIT_MS + 30_000, intervals: [100, 250, 500] })
				.toBe(true);
			const elapsed = Date.now() - started;
			const after = await session();
			if (after.failure) {
				const alert = page.getByTestId('error');
				await expect(alert).toBeVisible();
				expect((await alert.innerText()).trim().length).toBeGreaterThan(10);
			} else if (after.mapping) {
				await expect(page.getByTestId('mapping-dialog')).toBeVisible();
			} else {
				await waitForSummary(page);
			}
			// The corpus says which it should be: a message for an error case, figures otherwise.
			// (A bad Parquet file the reader reads anyway, `orMapping`, may end in the mapping dialog.)
			expect(after.failure ? 'message' : 'figures', c.name).toBe(c.expect.error && !(c.expect.orMapping && after.mapping) ? 'message' : 'figures');
			expect(elapsed, `${c.name} took ${elapsed} ms`).toBeLessThanOrEqual(CASE_LIMIT_MS);

			expect(recorders.foreignSince(mark), c.name).toEqual({ proxy: [], events: [] });
			expect(await sentinels()).toEqual({ pwned: 0, xss: 0 });
			expect(dialogs).toEqual([]);
			expect(pageErrors).toEqual([]);
			expect(await page.locator('img[src="x"], svg[onload], iframe').count()).toBe(0);

			// Ready for the next case.
			if (after.failure) await page.getByTestId('error').getByRole('button', { name: 'Dismiss' }).click();
			if (after.mapping) await page.getByTestId('mapping-dialog').getByRole('button', { name: 'Cancel' }).click();
			if (REACHING_OUT.has(c.name)) {
				// The app is usable right after an export that tried to reach out: the valid export opens
				// (a failed open brings back what was shown before, so the welcome page may not be there).
				const valid = CASES.find((x) => x.name === 'valid')!;
				const ready = await session();
				if (valid.folder) await page.getByTestId('folder-input').setInputFiles(join(valid.dir, valid.folder));
				else await page.getByTestId('file-input').setInputFiles(valid.files!.map((f) => join(valid.dir, f)));
				await expect.poll(async () => { const s = await session(); return !s.loading && s.generation > ready.generation; }, { timeout: 120_000 }).toBe(true);
				await waitForSummary(page);
				expect(await readKpis(page)).toMatchObject(valid.expect.kpis!);
				expect(recorders.foreignSince(mark), `${c.name}, then the valid export`).toEqual({ proxy: [], events: [] });
			}
		});
	}

	test('after the whole corpus the app is still usable: a valid export opens to its figures', async () => {
		const mark = recorders.mark();
		const valid = CASES.find((c) => c.name === 'valid')!;
		await page.getByTestId('file-input').setInputFiles(valid.files!.map((f) => join(valid.dir, f)));
		await expect.poll(() => readKpis(page), { timeout: 60_000 }).toMatchObject(valid.expect.kpis!);
		await waitForSummary(page);
		expect(recorders.foreignSince(mark)).toEqual({ proxy: [], events: [] });
		expect(await sentinels()).toEqual({ pwned: 0, xss: 0 });
		// The recorders were live all along: they saw the app's own traffic, every request of it.
		const total = recorders.countSince({ proxy: 0, events: 0 });
		// (More than the page's own first load: the corpus opens mostly without a request of its own.)
		expect(total.proxy).toBeGreaterThan(20);
		test.info().annotations.push({ type: 'requests recorded', description: `proxy ${total.proxy}, Playwright events ${total.events}, foreign 0` });
	});
});
