// The browser side of the benchmark: the real built app in headless Chromium, driven like a person
// (file input), measured with the app's own performance marks and its ?debug engine handle.
//
// A run is a list of named operations (OPERATIONS below), executed in order in one fresh browser
// (and a fresh context). Each returns a small object of figures; memory is sampled throughout and
// its peaks are kept per operation. To measure a new interaction (a cross-filter click, an
// explorer page fetch, a report page), add an entry: { name, label, critical?, run(ctx) }.
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../chromium.mjs';
import { cpuBetween, cpuByKind, MemorySampler } from './memory.mjs';
import { naiveQueries } from './naive.mjs';
import { categorizeSql, modelSteps } from './steps.mjs';

const median = (xs) => {
	const s = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
	if (!s.length) return null;
	const m = Math.floor(s.length / 2);
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Reject after `ms` with a message naming what timed out. */
function within(ms, what, promise) {
	let timer;
	return Promise.race([
		promise.finally(() => clearTimeout(timer)),
		new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} timed out after ${Math.round(ms / 1000)} s`)), ms)))
	]);
}

/** Ask the engine something from the page, timing the round trip there. */
function engineRequest(page, request) {
	return page.evaluate(async (request) => {
		const started = performance.now();
		try {
			const result = await window.__aparavi.engine().request(request);
			return { ok: true, result, wallMs: performance.now() - started };
		} catch (e) {
			return { ok: false, error: { code: e?.code ?? null, message: e?.message ?? String(e), hint: e?.hint ?? null }, wallMs: performance.now() - started };
		}
	}, request);
}

/** Load the page (first visit or reload) and wait for the engine to answer `boot`. */
async function visit(ctx, { reload = false } = {}) {
	const { page } = ctx;
	if (reload) await page.reload({ waitUntil: 'load', timeout: ctx.bootTimeoutMs });
	else await page.goto(ctx.pageUrl, { waitUntil: 'load', timeout: ctx.bootTimeoutMs });
	await page.waitForFunction(() => window.__aparavi !== undefined, null, { timeout: ctx.bootTimeoutMs, polling: 50 });
	await installProbes(ctx);
	const boot = await within(ctx.bootTimeoutMs, 'engine boot', engineRequest(page, { type: 'boot' }));
	if (!boot.ok) return { ok: false, error: boot.error };
	const answeredAt = await page.evaluate(() => performance.now());
	await closePerformancePanel(page);
	return {
		ok: true,
		// The worker's own time from first request to DuckDB open (fetch + compile + instantiate).
		bootMs: boot.result.bootMs,
		// Navigation start → the engine answered: what a person waits before anything can open.
		bootWallMs: answeredAt,
		duckdbVersion: boot.result.duckdbVersion,
		bundle: boot.result.bundle
	};
}

/**
 * ?debug shows the Performance panel, which polls the engine once a second and redraws a chart:
 * close it so it does not weigh on what is measured (a person does not have it open).
 */
async function closePerformancePanel(page) {
	const toggle = page.locator('header button.perf');
	if ((await toggle.count()) && (await toggle.getAttribute('aria-pressed')) === 'true') await toggle.click();
}

/** Record engine crashes (out of memory, lost worker) with the moment they happened. */
async function installProbes(ctx) {
	await ctx.page.evaluate(() => {
		window.__bench = { crashes: [] };
		window.__aparavi.engine().onCrash((e) => {
			window.__bench.crashes.push({ code: e.code, message: e.message, hint: e.hint ?? null, detail: e.detail ?? null, at: performance.now() });
			void window.__benchCrash?.({ code: e.code, message: e.message });
		});
	});
}

/** Open the export with the file input; wait until the Summary is drawn (or the app gives up). */
async function openExport(ctx) {
	const { page } = ctx;
	await page.evaluate(() => performance.clearMarks());
	const failuresBefore = ctx.crashes.length;
	ctx.crashMemory = [];
	const cpuBefore = cpuByKind();
	await page.getByTestId('file-input').first().setInputFiles(ctx.files);
	try {
		await page.waitForFunction(
			() => {
				const s = window.__aparavi.session;
				return performance.getEntriesByName('summary-drawn').length > 0 || (s.failure !== null && s.loading === null);
			},
			null,
			{ timeout: ctx.openTimeoutMs, polling: 250 }
		);
	} catch (e) {
		return { ok: false, error: { code: 'timeout-or-crash', message: String(e.message ?? e).split('\n')[0] }, crashes: ctx.crashes.slice(failuresBefore), memoryAtFailure: ctx.sampler.last && summarizeSnapshot(ctx.sampler.last) };
	}
	const cpuSeconds = cpuBetween(cpuBefore, cpuByKind());
	const state = await page.evaluate(() => {
		const at = (name) => performance.getEntriesByName(name).map((e) => e.startTime);
		const s = window.__aparavi.session;
		const d = s.dataset;
		return {
			openStart: at('open-start'),
			openDone: at('open-done'),
			summaryDrawn: at('summary-drawn'),
			// The first view (a cluster sample's estimates) and the first slice's preview, when drawn.
			previews: Object.fromEntries(
				['clusters', 'hash'].map((m) => {
					const e = performance.getEntriesByName(`preview-drawn-${m}`)[0];
					return [m, e ? { at: e.startTime, detail: e.detail } : null];
				})
			),
			// The first view's estimate as each slice counted refined it (issue #23).
			refinements: performance
				.getEntriesByName('preview-drawn-clusters')
				.slice(1)
				.map((e) => ({ at: e.startTime, detail: e.detail })),
			failure: s.failure ? { code: s.failure.code, message: s.failure.message, hint: s.failure.hint ?? null, detail: s.failure.detail ?? null } : null,
			dataset: d ? { openMs: d.openMs, files: d.files, format: d.format, asOfMs: d.asOfMs, tables: d.tables.map((t) => ({ name: t.name, rows: t.rows })) } : null,
			crashes: window.__bench.crashes,
			// Date.now() − performance.now() right now: maps marks onto the worker log's wall clock.
			clockOffset: Date.now() - performance.now(),
			longTasks: (window.__longTasks ?? []).filter((t) => t.start >= (at('open-start')[0] ?? 0) && t.start <= (at('open-done').slice(-1)[0] ?? Infinity))
		};
	});
	const crashes = state.crashes;
	if (!state.summaryDrawn.length) {
		return {
			ok: false,
			error: state.failure ?? { code: 'unknown', message: 'no summary and no failure' },
			crashes,
			attempts: state.openStart.length,
			memoryAtFailure: ctx.crashMemory.length ? ctx.crashMemory : ctx.sampler.last && summarizeSnapshot(ctx.sampler.last)
		};
	}
	// After a large open the worker may reopen the build in a fresh engine once the Summary is
	// drawn: wait for it, so the log below is whole and the next operation does not queue behind it.
	let freshEngineMs = null;
	for (const until = Date.now() + 120_000; Date.now() < until; await page.waitForTimeout(250)) {
		const s = await engineRequest(page, { type: 'stats', logEntries: 0 });
		if (!s.ok || !s.result.freshEnginePending) {
			freshEngineMs = s.ok ? (s.result.freshEngineMs ?? null) : null;
			break;
		}
	}
	// The whole build's log (the engine keeps the last 500 statements; a 25M open runs ~300).
	const stats = await engineRequest(page, { type: 'stats', logEntries: 500 });
	// The worker logs each query with its end time (epoch ms): those that ended before open-done
	// built the dataset; those after it, up to summary-drawn, are the Summary's own queries.
	const epoch = (t) => state.clockOffset + t;
	const startAt = epoch(state.openStart[state.openStart.length - 1]) - 1;
	const doneAt = epoch(state.openDone[state.openDone.length - 1] ?? state.summaryDrawn[0]);
	const drawnAt = epoch(state.summaryDrawn[0]) + 1;
	const log = stats.ok ? stats.result.log : [];
	const buildLog = log.filter((q) => q.at >= startAt && q.at <= doneAt);
	const summaryLog = log.filter((q) => q.at > doneAt && q.at <= drawnAt);
	ctx.dataset = state.dataset;
	const exactSummary = state.previews.clusters ? await engineRequest(ctx.page, { type: 'query', query: { kind: 'summary' } }) : null;
	const firstEstimate = state.previews.clusters ? checkFirstEstimate(exactSummary, state.previews.clusters) : null;
	// Every refinement's ranges, against the same exact Summary: held of stated, and the bytes range's width as it narrowed.
	// One per slice counted (the page marks a preview again when it redraws the same one).
	const refinements = state.refinements
		.filter((r, i, all) => r.detail?.estimate?.refined && all.findIndex((o) => o.detail?.estimate?.refined?.parts === r.detail.estimate.refined.parts) === i)
		.map((r) => ({ at: r.at - state.openStart[0], parts: r.detail.estimate.refined.parts, of: r.detail.estimate.refined.of, check: checkFirstEstimate(exactSummary, r) }));
	const refined = refinements.length
		? {
				count: refinements.length,
				checked: refinements.reduce((n, r) => n + (r.check?.checked ?? 0), 0),
				misses: refinements.flatMap((r) => (r.check?.misses ?? []).map((m) => ({ ...m, parts: r.parts }))),
				bytesRangeShare: refinements.map((r) => ({ at: Math.round(r.at), parts: r.parts, of: r.of, share: r.check?.bytesRangeShare ?? null }))
			}
		: null;
	return {
		ok: true,
		// open-start → the first estimate drawn (issue #23), and whether its ranges held the exact figures.
		firstEstimateMs: state.previews.clusters ? state.previews.clusters.at - state.openStart[0] : null,
		firstEstimate,
		refined,
		slicePreviewMs: state.previews.hash ? state.previews.hash.at - state.openStart[0] : null,
		// open-start (the app took the files) → summary-drawn (numbers and charts on screen). After an
		// engine restart the app opens again: then this spans every attempt (see `attempts`).
		openToDrawnMs: state.summaryDrawn[0] - state.openStart[0],
		openToDoneMs: state.openDone.length ? state.openDone[state.openDone.length - 1] - state.openStart[0] : null,
		// The worker's own figure: reset → attach/load → model → summaries → counts.
		datasetOpenMs: state.dataset.openMs,
		// Reopening the finished build in a fresh DuckDB to free the build's memory: up to 12M files
		// after the Summary was drawn (not part of openToDrawnMs since the ninth session), above it
		// within the open (part of openMs).
		freshEngineMs,
		// The Executive Summary's queries as the app ran them for this draw (worker side).
		appSummaryQueriesMs: summaryLog.reduce((n, q) => n + q.ms, 0),
		appSummaryQueries: summaryLog.length,
		files: state.dataset.files,
		tables: state.dataset.tables,
		attempts: state.openStart.length,
		crashes,
		// Main-thread tasks over 50 ms while the worker loaded (open-start → open-done).
		longTasksWhileLoading: state.longTasks.length,
		longestTaskWhileLoadingMs: state.longTasks.reduce((m, t) => Math.max(m, t.ms), 0),
		// CPU seconds per Chromium process kind from the drop to the Summary drawn (a little after
		// it: read once the app reported it), against openToDrawnMs of wall time.
		cpuSeconds,
		engineMemoryBytes: stats.ok ? stats.result.memoryBytes : null,
		engineMemoryLimit: stats.ok ? stats.result.memoryLimit : null,
		steps: buildLog.map((q) => ({ sql: q.sql.replace(/\s+/g, ' ').slice(0, 90), category: categorizeSql(q.sql, ctx.steps), ms: q.ms, rows: q.rows, error: q.error ?? undefined }))
	};
}

/**
 * The first estimate's stated ranges against the exact Summary the engine gives once the open is
 * done (itself checked against native DuckDB by `summary-query`): every KPI and bar with a range.
 */
function checkFirstEstimate(r, preview) {
	const e = preview.detail?.estimate;
	if (!e || !r) return null;
	if (!r.ok) return { error: r.error?.message ?? 'summary query failed' };
	const exact = r.result;
	const misses = [];
	let checked = 0;
	/** Bars shown without a range (too few of their files in the sample to state one for bytes). */
	let unranged = 0;
	const check = (what, range, value) => {
		if (!range || value === null || value === undefined) return;
		checked++;
		if (!(range.lo <= value && value <= range.hi)) misses.push({ what, lo: range.lo, hi: range.hi, exact: value });
	};
	check('files', e.kpis.files, exact.kpis.files);
	check('bytes', e.kpis.bytes, exact.kpis.bytes);
	check('average size', e.kpis.averageSize, exact.kpis.averageSize);
	for (const [part, { measure, buckets }] of Object.entries(e.charts)) {
		const truth = new Map((exact.charts[part] ?? []).map((b) => [b.key, b]));
		for (const b of buckets) {
			// A top-N chart lists the exact Summary's top N: a bucket the sample ranked in but the
			// export does not is not listed there, and is not checked.
			const t = truth.get(b.key);
			if (!t) continue;
			if (b.range) check(`${part} ${b.key} ${measure}`, b.range, t[measure]);
			else unranged++;
		}
	}
	const off = (estimate, truth) => Math.abs(estimate - truth) / Math.max(1, truth);
	return {
		fraction: preview.detail.fraction,
		sampleFiles: preview.detail.sampleFiles,
		checked,
		unranged,
		misses,
		filesError: off(e.kpis.files.value, exact.kpis.files),
		bytesError: off(e.kpis.bytes.value, exact.kpis.bytes),
		// The bytes range's half-width over the exact total: how much the page admits it does not know.
		bytesRangeShare: (e.kpis.bytes.hi - e.kpis.bytes.lo) / 2 / Math.max(1, exact.kpis.bytes)
	};
}

function summarizeSnapshot(s) {
	return { sumKb: s.sumKb, maxKb: s.maxKb, maxKind: s.maxKind, processes: s.processes.map((p) => `${p.kind}:${p.kb}`) };
}

/** The model's Summary query straight through the engine (no result cache), a few times. */
async function summaryQuery(ctx) {
	const times = [];
	let kpis = null;
	let charts = null;
	for (let i = 0; i < 3; i++) {
		const r = await within(ctx.openTimeoutMs, 'summary query', engineRequest(ctx.page, { type: 'query', query: { kind: 'summary' } }));
		if (!r.ok) return { ok: false, error: r.error, wallMs: times };
		times.push(r.wallMs);
		kpis = r.result.kpis;
		charts = r.result.charts;
	}
	return { ok: true, wallMs: median(times), all: times, kpis, charts };
}

/** Reference 2: one query per chart over the raw `files` view, in the same engine. */
async function naive(ctx) {
	const queries = naiveQueries(ctx.model, ctx.dataset.asOfMs);
	const out = [];
	let ok = true;
	for (const q of queries) {
		let r;
		try {
			r = await within(ctx.openTimeoutMs, `naive query ${q.name}`, engineRequest(ctx.page, { type: 'sql', sql: q.sql }));
		} catch (e) {
			r = { ok: false, error: { code: 'timeout', message: e.message } };
		}
		if (!r.ok) {
			ok = false;
			out.push({ name: q.name, ok: false, error: r.error, memoryAtFailure: ctx.sampler.last && summarizeSnapshot(ctx.sampler.last) });
			// After an out-of-memory the app restarts the engine and reopens the data: the rest would
			// measure a reloading engine, so stop here.
			break;
		}
		out.push({ name: q.name, ok: true, ms: r.result.ms, wallMs: r.wallMs, rows: r.result.rows.length });
	}
	const stats = await engineRequest(ctx.page, { type: 'stats' }).catch(() => ({ ok: false }));
	return {
		ok,
		ms: ok ? out.reduce((n, q) => n + q.ms, 0) : null,
		wallMs: ok ? out.reduce((n, q) => n + q.wallMs, 0) : null,
		queries: out,
		engineMemoryBytes: stats.ok ? stats.result.memoryBytes : null,
		error: ok ? undefined : out[out.length - 1].error
	};
}

/** p-th percentile (0–100) by nearest rank. */
function percentile(xs, p) {
	const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
	if (!s.length) return null;
	return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/**
 * Cross-filtering as a person does it: click a bar (extension, size band, age band), wait for the
 * Summary to redraw, click it again to clear; then a month window typed on the timeline. The app
 * measures each click → fast figures drawn (`crossfilter-fast`); the p95 is what issue #4 asks for.
 */
async function crossfilter(ctx) {
	const { page } = ctx;
	await page.evaluate(() => performance.clearMeasures());
	const clicks = [];
	const charts = ['top-extensions-files', 'size-distribution', 'age-distribution', 'top-extensions-bytes'];
	const waitDrawn = async (n) =>
		page.waitForFunction((n) => performance.getEntriesByName('crossfilter-fast').length >= n, n, { timeout: ctx.openTimeoutMs, polling: 20 });
	let expected = 0;
	for (const chart of charts) {
		const keys = await page.locator(`[data-chart="${chart}"] rect[data-key]`).evaluateAll((rs) => rs.map((r) => r.getAttribute('data-key')));
		for (const key of keys.slice(0, 3)) {
			for (let twice = 0; twice < 2; twice++) {
				const rect = page.locator(`[data-chart="${chart}"] rect[data-key="${key}"]`);
				if (!(await rect.count())) break;
				await rect.click({ force: true });
				expected++;
				await waitDrawn(expected);
				clicks.push(`${chart}:${key}`);
			}
		}
	}
	const measures = await page.evaluate(() =>
		performance.getEntriesByName('crossfilter-fast').map((m) => ({ ms: m.duration, cached: m.detail?.cached ?? false, engineMs: m.detail?.engineMs ?? null, answerMs: m.detail?.answerMs ?? null, drawMs: m.detail?.drawMs ?? null }))
	);
	const total = measures.map((m) => m.ms);
	// A click back to an earlier view is answered by the page's cache: the engine did no work for it.
	const engine = measures.filter((m) => !m.cached).map((m) => m.engineMs);
	return {
		ok: measures.length > 0,
		clicks: measures.length,
		p50Ms: percentile(total, 50),
		p95Ms: percentile(total, 95),
		maxMs: percentile(total, 100),
		engineP50Ms: percentile(engine, 50),
		engineP95Ms: percentile(engine, 95),
		engineAnswered: engine.length,
		answerP95Ms: percentile(measures.filter((m) => !m.cached).map((m) => m.answerMs), 95),
		drawP95Ms: percentile(measures.map((m) => m.drawMs), 95),
		// Every click, so runs can be pooled (a p95 of 24 clicks is the second slowest one).
		clicksMs: total.map((ms) => Math.round(ms)),
		error: measures.length ? undefined : { code: 'no-clicks', message: 'no cross-filter measure was recorded' }
	};
}

/**
 * The report build (src/lib/model/report-build.ts): started by the app once the Summary is drawn;
 * waited for here, with its own time as the engine reports it and the wall time since the Summary.
 */
async function reportBuild(ctx) {
	const { page } = ctx;
	const started = Date.now();
	try {
		await page.waitForFunction(() => window.__aparavi.session.reports.ready || window.__aparavi.session.reports.error !== null, null, { timeout: ctx.openTimeoutMs, polling: 100 });
	} catch (e) {
		return { ok: false, error: { code: 'timeout', message: String(e.message ?? e).split('\n')[0] } };
	}
	const state = await page.evaluate(() => ({ ...window.__aparavi.session.reports, progress: null }));
	if (state.error) return { ok: false, error: { code: 'report-build', message: state.error } };
	// The build's statements, from the engine's log: its own time, step by step.
	const stats = await engineRequest(page, { type: 'stats', logEntries: 500 });
	const log = stats.ok ? stats.result.log : [];
	const first = log.findIndex((q) => q.sql.includes('r_dict_extension'));
	const steps = first < 0 ? [] : log.slice(first).map((q) => ({ sql: q.sql.replace(/\s+/g, ' ').slice(0, 90), ms: Math.round(q.ms) }));
	// The engine's time per table made (a table built in slices is several statements).
	const byTable = {};
	for (const q of steps) {
		const t = /^(?:CREATE OR REPLACE TABLE|INSERT INTO) (\w+)/.exec(q.sql)?.[1];
		if (t) byTable[t] = (byTable[t] ?? 0) + q.ms;
	}
	// Work the engine's worker logs beside DuckDB (summing the cubes) is not the engine's time.
	const beside = (q) => q.sql.startsWith('/* JavaScript');
	const ofEngine = steps.filter((q) => !beside(q));
	return {
		ok: true,
		waitedMs: Date.now() - started,
		engineMs: ofEngine.reduce((a, q) => a + q.ms, 0),
		besideMs: steps.filter(beside).reduce((a, q) => a + q.ms, 0),
		statements: ofEngine.length,
		steps: [...steps].sort((a, b) => b.ms - a.ms).slice(0, 12),
		byTable: Object.fromEntries(Object.entries(byTable).sort((a, b) => b[1] - a[1]).slice(0, 20)),
		// Reads too (the cubes' reads of r_codes, the duplicate flags): statements grouped by their start.
		byStatement: Object.fromEntries(
			Object.entries(steps.reduce((g, q) => ((g[q.sql.slice(0, 60)] = (g[q.sql.slice(0, 60)] ?? 0) + q.ms), g), {}))
				.sort((a, b) => b[1] - a[1])
				.slice(0, 30)
		)
	};
}

/** The filter changes every report page is timed under (each then cleared again). */
const PAGE_CHANGES = [
	{ name: 'value', params: { ext: 'pdf' } },
	{ name: 'window', params: { modified: '2020-01..2022-12' } },
	{ name: 'years', params: { years: '5' }, only: ['obsolete', 'rot'] }
];

/** Navigate within the app (no reload) and wait for the page's figures under the new view. */
async function changeView(ctx, slug, params) {
	const { page } = ctx;
	const [before, beforeFigures] = await page.evaluate(() => [performance.getEntriesByName('report-drawn').length, performance.getEntriesByName('report-figures-drawn').length]);
	const url = new URL(page.url());
	for (const k of ['ext', 'modified', 'years']) url.searchParams.delete(k);
	for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
	const started = Date.now();
	await page.evaluate((href) => window.__aparavi.goto(href, { keepFocus: true, noScroll: true }), url.pathname + url.search);
	await page.waitForFunction(
		({ slug, before }) => {
			const m = performance.getEntriesByName('report-drawn').slice(before);
			return m.some((e) => e.detail?.report === slug);
		},
		{ slug, before },
		{ timeout: ctx.openTimeoutMs, polling: 20 }
	);
	const measured = await page.evaluate(
		({ slug, before, beforeFigures }) => {
			const last = (name, from) => performance.getEntriesByName(name).slice(from).filter((e) => e.detail?.report === slug).pop()?.duration ?? null;
			return { drawn: last('report-drawn', before), figures: last('report-figures-drawn', beforeFigures) };
		},
		{ slug, before, beforeFigures }
	);
	// Figures: every part but the ranked lists (the issue's bar is on those; the lists' is within 1 s).
	return { wallMs: Date.now() - started, drawnMs: measured.drawn, figuresMs: measured.figures ?? measured.drawn };
}

/**
 * Every report page in the sidebar, after the report build: its first visit (click → figures on
 * screen), then each filter change (a value filter, a time window, years where the page has them)
 * and back, each timed from the question to the figures drawn.
 */
async function reportPages(ctx) {
	const { page } = ctx;
	const links = await page.locator('nav[aria-label="Reports"] a').evaluateAll((as) => as.map((a) => ({ title: a.textContent.trim(), href: a.getAttribute('href') })));
	const pages = [];
	const changes = [];
	for (const link of links) {
		// The Summary is measured by `open`, the Explorer by `explorer`: neither is a report page.
		if (link.title === 'Executive Summary' || link.title === 'Explorer') continue;
		// This page's own frame: the previous page's (ready) frame may still be on screen for a moment.
		const slug = new URL(link.href, page.url()).pathname.split('/').filter(Boolean).pop();
		const started = Date.now();
		await page.locator('nav[aria-label="Reports"] a', { hasText: link.title }).first().click();
		try {
			await page.waitForFunction((slug) => {
				const r = document.querySelector(`[data-testid="report-${slug}"]`);
				return r && r.getAttribute('data-ready') === 'true';
			}, slug, { timeout: ctx.openTimeoutMs, polling: 50 });
			pages.push({ title: link.title, slug, ms: Date.now() - started, ok: true });
		} catch (e) {
			pages.push({ title: link.title, slug, ms: Date.now() - started, ok: false, error: String(e.message ?? e).split('\n')[0] });
			continue;
		}
		for (const change of PAGE_CHANGES) {
			if (change.only && !change.only.includes(slug)) continue;
			try {
				const set = await changeView(ctx, slug, change.params);
				const back = await changeView(ctx, slug, {});
				changes.push({ slug, change: change.name, ms: set.drawnMs, backMs: back.drawnMs, figuresMs: set.figuresMs, backFiguresMs: back.figuresMs, ok: true });
			} catch (e) {
				changes.push({ slug, change: change.name, ok: false, error: String(e.message ?? e).split('\n')[0] });
			}
		}
	}
	await page.locator('nav[aria-label="Reports"] a', { hasText: 'Executive Summary' }).first().click();
	const slowest = pages.reduce((a, p) => (p.ms > (a?.ms ?? -1) ? p : a), null);
	const changeMs = changes.filter((c) => c.ok).flatMap((c) => [c.ms, c.backMs]);
	const figuresMs = changes.filter((c) => c.ok).flatMap((c) => [c.figuresMs, c.backFiguresMs]);
	const byKind = Object.fromEntries(PAGE_CHANGES.map((k) => [k.name, changes.filter((c) => c.ok && c.change === k.name).flatMap((c) => [c.ms, c.backMs])]));
	return {
		ok: pages.every((p) => p.ok) && changes.every((c) => c.ok),
		pages,
		changes,
		slowestMs: slowest?.ms ?? null,
		slowest: slowest?.title ?? null,
		changeP50Ms: percentile(changeMs, 50),
		changeP95Ms: percentile(changeMs, 95),
		figuresP50Ms: percentile(figuresMs, 50),
		figuresP95Ms: percentile(figuresMs, 95),
		slowestFigures: changes.filter((c) => c.ok).sort((a, b) => Math.max(b.figuresMs, b.backFiguresMs) - Math.max(a.figuresMs, a.backFiguresMs))[0] ?? null,
		changeP95ByKind: Object.fromEntries(Object.entries(byKind).map(([k, xs]) => [k, percentile(xs, 95)])),
		slowestChange: changes.filter((c) => c.ok).sort((a, b) => Math.max(b.ms, b.backMs) - Math.max(a.ms, a.backMs))[0] ?? null
	};
}

/**
 * After the reload the app brings the last dataset back by itself: the Summary from IndexedDB first
 * ('summary-drawn-cached'), then from the engine reopening the stored summaries ('summary-drawn').
 * Both are measured from navigation start.
 */
async function resumed(ctx) {
	const { page } = ctx;
	try {
		await page.waitForFunction(() => performance.getEntriesByName('summary-drawn').length > 0 || window.__aparavi.session.failure !== null, null, { timeout: ctx.openTimeoutMs, polling: 100 });
	} catch (e) {
		return { ok: false, error: { code: 'timeout', message: String(e.message ?? e).split('\n')[0] } };
	}
	const r = await page.evaluate(() => {
		const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
		const s = window.__aparavi.session;
		return {
			cachedDrawnMs: at('summary-drawn-cached'),
			engineDrawnMs: at('summary-drawn'),
			reopenMs: s.dataset?.openMs ?? null,
			reopened: s.dataset?.reopened ?? false,
			failure: s.failure ? { code: s.failure.code, message: s.failure.message } : null
		};
	});
	if (r.failure || !r.reopened) return { ok: false, error: r.failure ?? { code: 'not-reopened', message: 'the dataset was not reopened from its store' } };
	return { ok: true, ...r };
}

/** The largest list the benchmark exports whole; a longer one exports its search result. */
const EXPORT_WHOLE_MAX = 2_000_000;

/**
 * The Explorer (src/lib/model/explorer.ts) through the engine, as the page asks it: the first page
 * of a sort (building its index once), the first page after a sort change once the index exists
 * (the other direction), pages at random positions (scrollbar jumps) and in sequence (scrolling),
 * a search with its count, and a CSV and a Parquet export of the whole sorted list (of the search
 * result when the list is longer than EXPORT_WHOLE_MAX).
 */
async function explorer(ctx) {
	const { page } = ctx;
	const view = (sort, params = {}) => ({
		filters: { extensions: [], sizeBands: [], ageBands: [], topFolders: [], modified: null, added: null },
		params: { search: '', sizeMin: null, sizeMax: null, folderPrefix: '', owner: '', classification: '', ...params },
		sort
	});
	const pageAt = async (v, from) => {
		const r = await engineRequest(page, { type: 'query', query: { kind: 'explorerPage', view: v, from, to: from + 199 } });
		if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
		return { wallMs: r.wallMs, pageMs: r.result.pageMs, prepareMs: r.result.prepareMs, total: r.result.total };
	};
	try {
		const natural = await pageAt(view({ column: null, descending: false }), 0);
		const total = natural.total;
		const bySizeDesc = view({ column: 'size', descending: true });
		const build = await pageAt(bySizeDesc, 0);
		const flip = await pageAt(view({ column: 'size', descending: false }), 0);
		const back = await pageAt(bySizeDesc, 0);
		const random = [];
		for (let i = 0; i < 40; i++) random.push(await pageAt(bySizeDesc, Math.floor(Math.random() * Math.max(1, total - 200))));
		const sequential = [];
		for (let i = 0; i < 40; i++) sequential.push(await pageAt(bySizeDesc, Math.max(0, Math.min(200_000, total - 8200)) + i * 200));
		const searched = view({ column: 'size', descending: true }, { search: 'invoice_3' });
		const search = await pageAt(searched, 0);
		// Past EXPORT_WHOLE_MAX rows a whole-list export takes too long to time on every run: export the searched list then.
		const exported = total > EXPORT_WHOLE_MAX ? searched : bySizeDesc;
		const exportOf = (format) =>
			page.evaluate(async ({ v, format }) => {
				const started = performance.now();
				const r = await window.__aparavi.engine().request({ type: 'query', query: { kind: 'explorerExport', view: v, format } });
				return { wallMs: performance.now() - started, rows: r.rows, bytes: r.bytes };
			}, { v: exported, format });
		const csv = await exportOf('csv');
		const parquet = await exportOf('parquet');
		const all = [...random, ...sequential];
		return {
			ok: true,
			total,
			firstPageMs: natural.wallMs,
			sortBuildFirstPageMs: build.wallMs,
			sortBuildMs: build.prepareMs,
			sortChangeBuiltMs: Math.max(flip.wallMs, back.wallMs),
			sortFlipMs: flip.wallMs,
			sortBackMs: back.wallMs,
			pageP50Ms: percentile(all.map((r) => r.wallMs), 50),
			pageP95Ms: percentile(all.map((r) => r.wallMs), 95),
			pageEngineP95Ms: percentile(all.map((r) => r.pageMs), 95),
			randomPageP95Ms: percentile(random.map((r) => r.wallMs), 95),
			sequentialPageP95Ms: percentile(sequential.map((r) => r.wallMs), 95),
			searchMs: search.wallMs,
			searchMatches: search.total,
			exportCsvMs: csv.wallMs,
			exportCsvBytes: csv.bytes,
			exportParquetMs: parquet.wallMs,
			exportParquetBytes: parquet.bytes,
			exportRows: csv.rows
		};
	} catch (e) {
		return { ok: false, error: { code: 'explorer', message: String(e.message ?? e) } };
	}
}

/** Searches the benchmark times (src/lib/model/explorer-search.ts): common, two words, a name glob, a rare word. */
const SEARCHES = ['invoice_3', 'finance plan', '*.iso', 'invoice_1234'];

/**
 * The Explorer's search over its index (issue #22): the index built slice by slice as the page
 * does it (each slice its own request), then per search its first page (the first matches, found
 * without reading the rest) and its count (every match, into x_hits), in the export's order.
 */
async function explorerSearch(ctx) {
	const { page } = ctx;
	const view = (search) => ({
		filters: { extensions: [], sizeBands: [], ageBands: [], topFolders: [], modified: null, added: null },
		params: { search, sizeMin: null, sizeMax: null, folderPrefix: '', owner: '', classification: '' },
		sort: { column: null, descending: false }
	});
	try {
		const slices = [];
		for (;;) {
			const r = await engineRequest(page, { type: 'query', query: { kind: 'explorerIndex', slices: 1 } });
			if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
			slices.push(r.wallMs);
			if (r.result.done >= r.result.total) break;
		}
		const searches = [];
		for (const text of SEARCHES) {
			// As the page asks: a screen of rows (64), the rest of the first page (200), then the count.
			const screen = await engineRequest(page, { type: 'query', query: { kind: 'explorerPage', view: view(text), from: 0, to: 63 } });
			if (!screen.ok) throw new Error(`${screen.error.code}: ${screen.error.message}`);
			const first = screen.result.exact ? screen : await engineRequest(page, { type: 'query', query: { kind: 'explorerPage', view: view(text), from: 0, to: 199 } });
			if (!first.ok) throw new Error(`${first.error.code}: ${first.error.message}`);
			const count = first.result.exact ? null : await engineRequest(page, { type: 'query', query: { kind: 'explorerCount', view: view(text) } });
			if (count && !count.ok) throw new Error(`${count.error.code}: ${count.error.message}`);
			searches.push({
				text,
				firstScreenMs: screen.wallMs,
				firstPageMs: screen.wallMs + (first === screen ? 0 : first.wallMs),
				countMs: count ? count.wallMs : 0,
				matches: count ? count.result.total : first.result.total
			});
		}
		return {
			ok: true,
			indexMs: slices.reduce((a, b) => a + b, 0),
			indexSlices: slices.length,
			indexSliceMaxMs: Math.max(...slices),
			firstScreenMaxMs: Math.max(...searches.map((s) => s.firstScreenMs)),
			firstPageMaxMs: Math.max(...searches.map((s) => s.firstPageMs)),
			countMaxMs: Math.max(...searches.map((s) => s.countMs)),
			searches
		};
	} catch (e) {
		return { ok: false, error: { code: 'explorer-search', message: String(e.message ?? e) } };
	}
}

/** What one run does, in order. `critical` operations end the run when they fail. */
export const OPERATIONS = [
	{ name: 'boot', label: 'Engine boot', critical: true, run: (ctx) => visit(ctx) },
	{ name: 'open', label: 'Open → Summary drawn', critical: true, run: openExport },
	// Waited for before the clicks are timed: they are measured as a person finds the app once it has settled.
	{ name: 'report-build', label: 'Report build (after the Summary is drawn)', run: reportBuild },
	{ name: 'summary-query', label: 'Summary query (engine round trip)', run: summaryQuery },
	{ name: 'crossfilter', label: 'Cross-filter click → Summary redrawn', run: crossfilter },
	{ name: 'reports', label: 'Report pages: first visit, then filter changes → figures drawn', run: reportPages },
	{ name: 'explorer', label: 'Explorer: sort index, pages, search, export', run: explorer },
	{ name: 'explorer-search', label: 'Explorer search: index, first page, count', run: explorerSearch },
	{ name: 'naive', label: 'Naive: one query per chart over files', run: naive },
	{ name: 'revisit-boot', label: 'Return visit: reload → engine boot', critical: true, run: (ctx) => visit(ctx, { reload: true }) },
	{ name: 'revisit-resume', label: 'Return visit: cached Summary, then the stored summaries reopened', run: resumed },
	{ name: 'revisit-reports', label: 'Return visit: the stored report tables found', run: reportBuild },
	{ name: 'revisit-open', label: 'Return visit: same files dropped again → Summary drawn', critical: true, run: openExport }
];

let chromiumVersion = null;

/**
 * One run: a fresh browser with a fresh profile (so the process tree, and so the memory, is this
 * run's alone), every operation in order.
 */
export async function browserRun({ baseUrl, files, model, openTimeoutMs, asOfMs = null, bootTimeoutMs = 180_000, log = () => {}, operations = OPERATIONS }) {
	const sampler = new MemorySampler({ intervalMs: 200 }).start();
	// A profile on disk, as a person's browser has: in an off-the-record context (Playwright's
	// newContext) the origin-private file system lives in the browser process's memory and every
	// read and write of the dataset store is a round trip to it, which at the largest sizes made the
	// browser process the bottleneck and the memory figures wrong.
	const profile = mkdtempSync(join(tmpdir(), 'bench-profile-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: findChromium({ chromium }),
		args: CHROMIUM_ARGS,
		timeout: bootTimeoutMs,
		viewport: { width: 1400, height: 1000 }
	});
	const browser = { close: () => rm(profile, { recursive: true, force: true }) };
	// Long tasks on the page's main thread (over 50 ms), kept for the open to report.
	await context.addInitScript(() => {
		window.__longTasks = [];
		try {
			new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__longTasks.push({ start: e.startTime, ms: e.duration }))).observe({ type: 'longtask', buffered: true });
		} catch {}
	});
	const page = context.pages()[0] ?? (await context.newPage());
	chromiumVersion = (await page.evaluate(() => navigator.userAgent)).match(/Chrom(?:e|ium)\/([\d.]+)/)?.[1] ?? null;
	const ctx = {
		page,
		files,
		model,
		steps: modelSteps(model),
		sampler,
		openTimeoutMs,
		bootTimeoutMs,
		// ?asof: the run's instant, the one the native reference measured ages from.
		pageUrl: new URL(asOfMs === null ? './?debug' : `./?debug&asof=${asOfMs}`, baseUrl).href,
		crashes: [],
		crashMemory: [],
		console: [],
		dataset: null
	};
	// Called from the page the moment the engine crashes: take a memory reading right then.
	await page.exposeFunction('__benchCrash', (e) => {
		const s = sampler.sample();
		ctx.crashes.push(e);
		ctx.crashMemory.push({ ...e, ...summarizeSnapshot(s) });
	});
	let pageCrashed = false;
	page.on('crash', () => {
		pageCrashed = true;
		ctx.console.push('[page crashed]');
	});
	page.on('pageerror', (e) => ctx.console.length < 50 && ctx.console.push(`[pageerror] ${e.message}`));
	page.on('console', (m) => (m.type() === 'error' || m.text().startsWith('[engine]')) && ctx.console.length < 50 && ctx.console.push(`[console.${m.type()}] ${m.text().slice(0, 800)}`));

	const results = {};
	let failed = null;
	for (const op of operations) {
		if (failed) {
			results[op.name] = { ok: false, skipped: true };
			continue;
		}
		sampler.setPhase(op.name);
		const started = Date.now();
		let r;
		try {
			r = await op.run(ctx);
		} catch (e) {
			r = { ok: false, error: { code: pageCrashed ? 'page-crashed' : 'exception', message: String(e?.message ?? e).split('\n')[0] }, memoryAtFailure: sampler.last && summarizeSnapshot(sampler.last) };
		}
		r.elapsedMs = Date.now() - started;
		results[op.name] = r;
		const peak = sampler.phases.get(op.name);
		log(`    ${op.name.padEnd(14)} ${r.ok ? 'ok' : 'FAILED'} ${describeResult(op.name, r)}  [peak ${Math.round((peak?.peakSumKb ?? 0) / 1024)} MB sum, ${Math.round((peak?.peakMaxKb ?? 0) / 1024)} MB ${peak?.peakMaxKind ?? ''}]`);
		if (!r.ok && op.critical) failed = op.name;
	}
	const memory = sampler.stop();
	await context.close().catch(() => {});
	await browser.close().catch(() => {});
	return { ok: !failed && Object.values(results).every((r) => r.ok), failedAt: failed, ops: results, memory, console: ctx.console };
}

function describeResult(name, r) {
	if (!r.ok) return r.skipped ? 'skipped' : `${r.error?.code ?? ''}: ${r.error?.message ?? ''}`;
	const s = (ms) => (ms === null || ms === undefined ? '—' : `${(ms / 1000).toFixed(2)} s`);
	switch (name) {
		case 'boot':
		case 'revisit-boot':
			return `worker ${s(r.bootMs)}, page load → ready ${s(r.bootWallMs)}`;
		case 'open':
		case 'revisit-open':
			return `${r.firstEstimateMs !== null && r.firstEstimateMs !== undefined ? `first estimate ${s(r.firstEstimateMs)} (${r.firstEstimate ? `${r.firstEstimate.checked - r.firstEstimate.misses.length} of ${r.firstEstimate.checked} ranges hold` : 'not checked'}${r.refined ? `; refined ${r.refined.count} times, ${r.refined.checked - r.refined.misses.length} of ${r.refined.checked} ranges hold` : ''}), ` : ''}open → drawn ${s(r.openToDrawnMs)} (dataset.openMs ${s(r.datasetOpenMs)}${r.freshEngineMs ? `, fresh engine ${s(r.freshEngineMs)}` : ''}, summary queries ${s(r.appSummaryQueriesMs)}), ${r.files} files`;
		case 'summary-query':
			return `${s(r.wallMs)}`;
		case 'revisit-resume':
			return `cached Summary at ${s(r.cachedDrawnMs)}, engine Summary at ${s(r.engineDrawnMs)} after navigation (reopen ${s(r.reopenMs)})`;
		case 'report-build':
			return `waited ${s(r.waitedMs)}, engine ${s(r.engineMs)} over ${r.statements} statements; slowest: ${r.steps.slice(0, 3).map((q) => `${s(q.ms)} ${q.sql.slice(0, 40)}`).join('; ')}`;
		case 'reports':
			return `first visits: slowest ${r.slowest} ${s(r.slowestMs)}; filter changes → figures p50 ${s(r.figuresP50Ms)} p95 ${s(r.figuresP95Ms)}, → everything incl. lists p50 ${s(r.changeP50Ms)} p95 ${s(r.changeP95Ms)} (${Object.entries(r.changeP95ByKind).map(([k, v]) => `${k} ${s(v)}`).join(', ')})`;
		case 'naive':
			return `${s(r.ms)} (${r.queries.map((q) => `${q.name} ${s(q.ms)}`).join(', ')})`;
		case 'explorer':
			return `sort index ${s(r.sortBuildMs)}, sort change (built) ${s(r.sortChangeBuiltMs)}, page p50 ${s(r.pageP50Ms)} p95 ${s(r.pageP95Ms)}, search ${s(r.searchMs)} (${r.searchMatches} matches), export ${r.exportRows} rows: CSV ${s(r.exportCsvMs)}, Parquet ${s(r.exportParquetMs)}`;
		case 'explorer-search':
			return `index ${s(r.indexMs)} in ${r.indexSlices} slices (slowest ${s(r.indexSliceMaxMs)}); ${r.searches.map((q) => `"${q.text}" first screen ${s(q.firstScreenMs)}, first page ${s(q.firstPageMs)}, count ${s(q.countMs)} (${q.matches})`).join('; ')}`;
		default:
			return '';
	}
}

export function browserVersion() {
	return chromiumVersion;
}
