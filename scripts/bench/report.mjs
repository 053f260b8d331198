// Turning raw runs into figures: medians per format and row count, ratios to the native and naive
// references, a table for the terminal, and the generated part of docs/BENCHMARKS.md.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { categorizeNative, categorizeSql, categoryOrder, OTHER, RESET, UNLOGGED } from './steps.mjs';

const DOC_START = '<!-- bench:start -->';
const DOC_END = '<!-- bench:end -->';

export function median(values) {
	const s = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
	if (!s.length) return null;
	const m = Math.floor(s.length / 2);
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const okOp = (run, name) => (run.browser?.ops?.[name]?.ok ? run.browser.ops[name] : null);

/** Where the open's time goes, from the worker's query log (browser) or the native steps. */
function browserProfile(open, steps) {
	const out = Object.fromEntries(categoryOrder(steps).map((c) => [c, 0]));
	let logged = 0;
	for (const step of open.steps ?? []) {
		// Runs recorded before a kind of statement was known (a facts slice's INSERT) said "other": ask again.
		const c = step.category && step.category !== OTHER ? step.category : categorizeSql(step.sql, steps);
		out[c] = (out[c] ?? 0) + step.ms;
		logged += step.ms;
	}
	out[UNLOGGED] = Math.max(0, open.datasetOpenMs - logged);
	return out;
}

function nativeProfile(n, steps) {
	const out = Object.fromEntries(categoryOrder(steps).map((c) => [c, 0]));
	let logged = 0;
	for (const step of n.steps ?? []) {
		const c = categorizeNative(step.label, steps);
		out[c] = (out[c] ?? 0) + step.ms;
		logged += step.ms;
	}
	// Describing the tables and reading the units' votes back are not timed as steps natively.
	out[RESET] += Math.max(0, n.openMs - logged);
	return out;
}

/** Medians over the runs of one format at one row count. */
function summarizeFormat(runs, steps) {
	const b = (op, key) => median(runs.map((r) => okOp(r, op)?.[key]));
	const nat = (threads, key) => median(runs.map((r) => (r.native?.[threads]?.ok ? r.native[threads][key] : null)));
	const natNaive = (threads) => median(runs.map((r) => (r.native?.[threads]?.ok ? r.native[threads].naive?.ms : null)));
	const natPeak = (threads) => median(runs.map((r) => r.native?.[threads]?.peakRssKb));
	const mem = (key) => median(runs.map((r) => (r.browser?.memory ? r.browser.memory[key] : null)));
	const phaseMem = (phases, key) => median(runs.map((r) => Math.max(0, ...phases.map((p) => r.browser?.memory?.phases?.[p]?.[key] ?? 0)) || null));
	const browser = {
		bootMs: b('boot', 'bootMs'),
		bootWallMs: b('boot', 'bootWallMs'),
		openToDrawnMs: b('open', 'openToDrawnMs'),
		firstEstimateMs: b('open', 'firstEstimateMs'),
		slicePreviewMs: b('open', 'slicePreviewMs'),
		datasetOpenMs: b('open', 'datasetOpenMs'),
		appSummaryQueriesMs: b('open', 'appSummaryQueriesMs'),
		summaryRoundTripMs: b('summary-query', 'wallMs'),
		naiveMs: b('naive', 'ms'),
		revisitBootMs: b('revisit-boot', 'bootMs'),
		revisitBootWallMs: b('revisit-boot', 'bootWallMs'),
		revisitCachedDrawnMs: b('revisit-resume', 'cachedDrawnMs'),
		revisitEngineDrawnMs: b('revisit-resume', 'engineDrawnMs'),
		revisitReopenMs: b('revisit-resume', 'reopenMs'),
		revisitOpenToDrawnMs: b('revisit-open', 'openToDrawnMs'),
		revisitDatasetOpenMs: b('revisit-open', 'datasetOpenMs'),
		peakSumKb: mem('peakSumKb'),
		peakPssSumKb: mem('peakPssSumKb'),
		peakMaxKb: mem('peakMaxKb'),
		peakOpenSumKb: phaseMem(['boot', 'open'], 'peakSumKb'),
		peakOpenMaxKb: phaseMem(['boot', 'open'], 'peakMaxKb'),
		peakRendererKb: median(runs.map((r) => r.browser?.memory?.peakByKind?.renderer)),
		peakBrowserProcessKb: median(runs.map((r) => r.browser?.memory?.peakByKind?.browser)),
		peakBrowserProcessFileKb: median(runs.map((r) => r.browser?.memory?.peakDetail?.browser?.fileKb)),
		peakRendererAnonKb: median(runs.map((r) => r.browser?.memory?.peakDetail?.renderer?.anonKb)),
		crossfilterP50Ms: b('crossfilter', 'p50Ms'),
		crossfilterP95Ms: b('crossfilter', 'p95Ms'),
		crossfilterEngineP95Ms: b('crossfilter', 'engineP95Ms'),
		crossfilterAnswerP95Ms: b('crossfilter', 'answerP95Ms'),
		crossfilterDrawP95Ms: b('crossfilter', 'drawP95Ms'),
		crossfilterEngineAnswered: b('crossfilter', 'engineAnswered'),
		crossfilterClicks: b('crossfilter', 'clicks'),
		slowestReportMs: b('reports', 'slowestMs'),
		slowestReport: runs.map((r) => okOp(r, 'reports')?.slowest ?? r.browser?.ops?.reports?.slowest).find(Boolean) ?? null,
		reportPages: runs.map((r) => r.browser?.ops?.reports?.pages).find(Boolean) ?? null,
		longTasksWhileLoading: b('open', 'longTasksWhileLoading'),
		longestTaskWhileLoadingMs: b('open', 'longestTaskWhileLoadingMs'),
		engineMemoryBytes: b('open', 'engineMemoryBytes'),
		engineMemoryLimit: runs.map((r) => okOp(r, 'open')?.engineMemoryLimit).find(Boolean) ?? null,
		openCpuSeconds: medianByKey(runs.map((r) => okOp(r, 'open')?.cpuSeconds).filter(Boolean))
	};
	const native = {};
	for (const t of ['1', '2']) {
		native[t] = {
			baselineRssKb: median(runs.map((r) => r.native?.[t]?.baselineRssKb)),
			bootMs: nat(t, 'bootMs'),
			openMs: nat(t, 'openMs'),
			summaryMs: nat(t, 'summaryMs'),
			openSummaryMs: nat(t, 'openSummaryMs'),
			naiveMs: natNaive(t),
			peakRssKb: natPeak(t)
		};
	}
	const profiles = (fn, pick) =>
		Object.fromEntries(categoryOrder(steps).map((c) => [c, median(runs.map((r) => (pick(r) ? fn(pick(r), steps)[c] : null)))]));
	const profile = {
		browser: profiles(browserProfile, (r) => okOp(r, 'open')),
		native1: profiles(nativeProfile, (r) => (r.native?.['1']?.ok ? r.native['1'] : null)),
		native2: profiles(nativeProfile, (r) => (r.native?.['2']?.ok ? r.native['2'] : null))
	};
	const failures = [];
	runs.forEach((r, i) => {
		for (const [name, op] of Object.entries(r.browser?.ops ?? {})) {
			if (!op.ok && !op.skipped) failures.push({ run: i + 1, op: name, error: op.error, crashes: op.crashes, memoryAtFailure: op.memoryAtFailure, peakKb: r.browser.memory?.phases?.[name] });
			if (op.ok && op.attempts > 1) failures.push({ run: i + 1, op: name, note: `succeeded after ${op.attempts} attempts (engine restarted)`, crashes: op.crashes });
		}
		if (r.browser?.error) failures.push({ run: i + 1, op: 'browser', error: r.browser.error });
		for (const t of ['1', '2']) if (r.native?.[t] && !r.native[t].ok) failures.push({ run: i + 1, op: `native ${t}T`, error: { message: r.native[t].error } });
	});
	const files = median(runs.map((r) => okOp(r, 'open')?.files));
	const nativeFiles = median(runs.map((r) => r.native?.['1']?.files));
	return { runs: runs.length, okRuns: runs.filter((r) => r.browser?.ok).length, files, nativeFiles, browser, native, profile, failures };
}

/**
 * The browser's Summary against native DuckDB's answers to the same queries over the same file
 * (first run that has both): each KPI, and each chart's (key, files, bytes) rows in order. Null
 * when a run recorded neither.
 */
function figureAgreement(runs) {
	const run = runs.find((r) => r.browser?.ops?.['summary-query']?.kpis && r.native?.['1']?.kpis);
	if (!run) return null;
	const browser = run.browser.ops['summary-query'];
	const native = run.native['1'];
	const same = (a, b) => (typeof a === 'number' || typeof b === 'number' ? Math.abs(Number(a) - Number(b)) <= 1e-9 * Math.max(1, Math.abs(Number(b))) : a === b);
	const kpiNames = Object.keys(native.kpis);
	const kpisOff = kpiNames.filter((k) => !same(browser.kpis[k] ?? null, native.kpis[k] ?? null));
	let chartNames = [];
	let chartsOff = [];
	if (browser.charts && native.charts) {
		chartNames = Object.keys(native.charts);
		const rows = (list) => (list ?? []).map((r) => [String(r.key), Number(r.files), Number(r.bytes)]);
		chartsOff = chartNames.filter((part) => {
			const a = rows(browser.charts[part]);
			const b = rows(native.charts[part]);
			return a.length !== b.length || a.some((r, i) => r[0] !== b[i][0] || !same(r[1], b[i][1]) || !same(r[2], b[i][2]));
		});
	}
	return { kpis: kpiNames.length, kpisOff, charts: chartNames.length, chartsOff };
}

function agreementText(a) {
	const kpis = a.kpisOff.length ? `KPIs DIFFER (${a.kpisOff.join(', ')})` : `all ${a.kpis} KPIs equal`;
	const charts = a.charts ? (a.chartsOff.length ? `charts DIFFER (${a.chartsOff.join(', ')})` : `all ${a.charts} charts' rows equal`) : 'charts not recorded in this run';
	return `The browser's Summary against native DuckDB's answers over the same file: ${kpis}; ${charts}.`;
}

/** Whether the first estimate's stated ranges held the exact figures, run by run. */
function firstEstimateText(estimates) {
	const pct = (x) => `${(100 * x).toFixed(1)} %`;
	const runs = estimates.map((e) =>
		e.error
			? `not checked (${e.error})`
			: `${e.checked - e.misses.length} of ${e.checked} stated ranges held${e.unranged ? ` (${e.unranged} bars' bytes shown without one)` : ''} (${pct(e.fraction)} of the file rows read, ${e.sampleFiles.toLocaleString('en-US')} files; total size off by ${pct(e.bytesError)}, its range ± ${pct(e.bytesRangeShare)})${e.misses.length ? `; missed: ${e.misses.map((m) => m.what).join(', ')}` : ''}`
	);
	return `First estimate (cluster sample) against the exact Summary: ${runs.join('; ')}.`;
}

/** Whether the estimate's ranges held as the build refined it slice by slice, run by run. */
function refinedText(refined) {
	const runs = refined.map((r) => {
		const shares = r.bytesRangeShare.filter((x) => x.share !== null);
		const at = (x) => `${(100 * x.share).toFixed(1)} % after ${x.parts} of ${x.of} slices`;
		const narrowing = shares.length > 2 ? `; total size's range ± ${at(shares[0])}, ± ${at(shares[Math.floor(shares.length / 2)])}, ± ${at(shares.at(-1))}` : '';
		return `${r.count} refinements, ${r.checked - r.misses.length} of ${r.checked} stated ranges held${r.misses.length ? ` (missed: ${r.misses.map((m) => `${m.what} after ${m.parts}`).join(', ')})` : ''}${narrowing}`;
	});
	return `Estimate refined slice by slice against the exact Summary: ${runs.join('; ')}.`;
}

/** The comparison rows: browser figure, the native one it is compared with, and whether naive applies. */
const ROWS = [
	{ label: 'Engine boot (in the worker: fetch, compile, instantiate)', b: 'bootMs', n: 'bootMs' },
	{ label: 'Page load → engine ready', b: 'bootWallMs', n: 'bootMs' },
	{ label: 'Open → first estimate drawn (cluster sample)', b: 'firstEstimateMs', n: 'openSummaryMs' },
	{ label: 'Open → first slice\'s preview drawn', b: 'slicePreviewMs', n: null },
	{ label: 'Open → Summary drawn', b: 'openToDrawnMs', n: 'openSummaryMs', naive: true },
	{ label: '· dataset open (to summaries built; `openMs`)', b: 'datasetOpenMs', n: 'openMs', naive: true },
	{ label: '· Summary queries as the app ran them', b: 'appSummaryQueriesMs', n: 'summaryMs', naive: true },
	{ label: 'Summary query again (engine round trip)', b: 'summaryRoundTripMs', n: 'summaryMs', naive: true },
	{ label: 'Naive: 6 chart queries over `files`', b: 'naiveMs', n: 'naiveMs' },
	{ label: 'Cross-filter click → Summary redrawn, p50', b: 'crossfilterP50Ms', n: null },
	{ label: 'Cross-filter click → Summary redrawn, p95', b: 'crossfilterP95Ms', n: null },
	{ label: '· engine time per cross-filter answer, p95', b: 'crossfilterEngineP95Ms', n: null },
	{ label: '· request → answer on the page, p95', b: 'crossfilterAnswerP95Ms', n: null },
	{ label: '· answer → drawn, p95', b: 'crossfilterDrawP95Ms', n: null },
	{ label: 'Slowest report page: click → figures drawn', b: 'slowestReportMs', n: null },
	{ label: 'Longest main-thread task while loading', b: 'longestTaskWhileLoadingMs', n: null },
	{ label: 'Return visit: page load → engine ready', b: 'revisitBootWallMs', n: 'bootMs' },
	{ label: 'Return visit: page load → cached Summary drawn (IndexedDB)', b: 'revisitCachedDrawnMs', n: null },
	{ label: 'Return visit: page load → Summary drawn by the engine (stored summaries)', b: 'revisitEngineDrawnMs', n: null },
	{ label: '· reopening the stored summaries (`openMs`)', b: 'revisitReopenMs', n: 'openMs' },
	{ label: 'Return visit: same files dropped again → Summary drawn', b: 'revisitOpenToDrawnMs', n: 'openSummaryMs', naive: true },
	{ label: '· dataset open, store reused (`openMs`)', b: 'revisitDatasetOpenMs', n: 'openMs' },
	{ label: 'Peak memory, sum of browser processes (RSS)', b: 'peakSumKb', n: 'peakRssKb', kb: true },
	{ label: 'Peak memory, sum of browser processes (PSS)', b: 'peakPssSumKb', n: 'peakRssKb', kb: true },
	{ label: 'Peak memory, largest process', b: 'peakMaxKb', n: 'peakRssKb', kb: true }
];

function fmtMs(ms) {
	if (ms === null || ms === undefined) return '—';
	if (ms < 10) return `${ms.toFixed(1)} ms`;
	if (ms < 999.5) return `${Math.round(ms)} ms`;
	if (ms < 100_000) return `${(ms / 1000).toFixed(2)} s`;
	return `${(ms / 1000).toFixed(0)} s`;
}

function fmtKb(kb) {
	if (kb === null || kb === undefined) return '—';
	const mb = kb / 1024;
	return mb >= 1024 ? `${(mb / 1024).toFixed(2)} GB` : `${Math.round(mb)} MB`;
}

function ratio(a, b) {
	// Below half a millisecond (a step that did not happen on one side) a ratio means nothing.
	if (a === null || b === null || a === undefined || b === undefined || a < 0.5 || b < 0.5) return '—';
	const r = a / b;
	return r >= 100 ? `×${r.toFixed(0)}` : r >= 10 ? `×${r.toFixed(1)}` : `×${r.toFixed(2)}`;
}

/** Rows of [metric, browser, native 1T, ÷, native 2T, ÷, naive ÷ app]. */
function comparisonRows(s) {
	return ROWS.map((row) => {
		const bv = s.browser[row.b];
		const n1 = row.n ? s.native['1'][row.n] : null;
		const n2 = row.n ? s.native['2'][row.n] : null;
		const fmt = row.kb ? fmtKb : fmtMs;
		return [row.label, fmt(bv), fmt(n1), ratio(bv, n1), fmt(n2), ratio(bv, n2), row.naive ? ratio(s.browser.naiveMs, bv) : '—'];
	});
}

const HEAD = ['', 'browser (DuckDB-WASM)', 'native, 1 thread', 'browser ÷ native 1T', 'native, 2 threads', 'browser ÷ native 2T', 'naive ÷ this'];

function markdownTable(head, rows) {
	const line = (cells) => `| ${cells.join(' | ')} |`;
	return [line(head), line(head.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

function textTable(head, rows) {
	const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
	const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
	return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const FORMAT_ORDER = ['duckdb', 'parquet', 'csv'];
const formatsInOrder = (result) => Object.entries(result.formats).sort(([a], [b]) => FORMAT_ORDER.indexOf(a) - FORMAT_ORDER.indexOf(b));

export const rowsLabel = (rows) => (rows >= 1e6 && rows % 1e6 === 0 ? `${rows / 1e6}M` : rows >= 1e3 && rows % 1e3 === 0 ? `${rows / 1e3}k` : String(rows));

/** The terminal's view of one results file. */
/** The result's own model steps (the model may have changed since), else today's. */
const stepsOf = (result, steps) => (result.model?.steps ? { labels: result.model.steps, byTable: steps.byTable } : steps);

export function textReport(result, current) {
	const steps = stepsOf(result, current);
	const out = [];
	for (const [format, data] of formatsInOrder(result)) {
		const s = summarizeFormat(data.runs, steps);
		out.push('');
		out.push(`== ${rowsLabel(result.rows)} rows, ${format}: median of ${s.runs} run(s), ${s.okRuns} complete; ${s.files ?? '—'} files (native: ${s.nativeFiles ?? '—'})`);
		out.push(textTable(HEAD.map((h) => h.replace('browser (DuckDB-WASM)', 'browser')), comparisonRows(s)));
		for (const f of s.failures) out.push(`  ! ${failureText(f).replace(/\*\*|`/g, '')}`);
	}
	return out.join('\n');
}

function profileTable(s, steps) {
	const rows = categoryOrder(steps).filter((c) => [s.profile.browser[c], s.profile.native1[c], s.profile.native2[c]].some((v) => v !== null && v >= 0.5)).map((c) => [
		c,
		fmtMs(s.profile.browser[c]),
		fmtMs(s.profile.native1[c]),
		fmtMs(s.profile.native2[c]),
		ratio(s.profile.browser[c], s.profile.native1[c])
	]);
	return markdownTable(['step of the open', 'browser', 'native 1T', 'native 2T', 'browser ÷ native 1T'], rows);
}

function machineLine(m) {
	return `${m.cpus} × ${m.cpuModel}, ${(m.memoryBytes / 2 ** 30).toFixed(0)} GiB RAM, ${m.os}; Node ${m.node}; ${m.chromium ?? 'Chromium ?'}; DuckDB-WASM ${m.duckdbWasm ?? '?'} (engine ${m.wasmEngine ?? '?'}, ${m.wasmBundle ?? '?'} bundle); native DuckDB ${m.duckdbNative ?? '?'}; load average at start ${m.loadAverage?.map((x) => x.toFixed(2)).join(' ') ?? '?'}`;
}

function failureText(f) {
	if (f.note) return `run ${f.run}, ${f.op}: ${f.note}.`;
	const parts = [`run ${f.run}, **${f.op}** failed: \`${f.error?.code ?? 'error'}\` — ${f.error?.message ?? ''}${f.error?.hint ? ` (${f.error.hint})` : ''}`];
	if (f.crashes?.length) parts.push(`engine crashes seen: ${f.crashes.map((c) => `${c.code}: ${c.message}`).join('; ')}`);
	const mem = Array.isArray(f.memoryAtFailure) ? f.memoryAtFailure[0] : f.memoryAtFailure;
	if (mem) parts.push(`memory at failure: ${fmtKb(mem.sumKb)} sum, largest ${fmtKb(mem.maxKb)} (${mem.maxKind})`);
	if (f.peakKb) parts.push(`peak during ${f.op}: ${fmtKb(f.peakKb.peakSumKb)} sum, largest ${fmtKb(f.peakKb.peakMaxKb)} (${f.peakKb.peakMaxKind})`);
	return parts.join('; ') + '.';
}

/** The median of each key over objects of numbers (keys missing from some count from those that have them). */
function medianByKey(objects) {
	if (!objects.length) return null;
	const keys = [...new Set(objects.flatMap((o) => Object.keys(o)))];
	return Object.fromEntries(keys.map((k) => [k, median(objects.map((o) => o[k]).filter((v) => typeof v === 'number'))]));
}

/** "renderer N s (the page, its workers and DuckDB-WASM), browser process M s, ...": largest first. */
function cpuText(byKind) {
	const names = { renderer: 'renderer (the page, its workers and DuckDB-WASM)', browser: 'browser process (it serves every read of a dropped File)', 'gpu-process': 'GPU process' };
	return Object.entries(byKind)
		.filter(([, s]) => s !== null && s >= 0.5)
		.sort((a, b) => b[1] - a[1])
		.map(([k, s]) => `${names[k] ?? k} ${s.toFixed(1)} s`)
		.join(', ');
}

/**
 * The open's work against native's: the browser's CPU seconds, spread perfectly over the machine's
 * cores, are the shortest open this work allows; native on one thread spends its whole open on one
 * core. Only DuckDB-WASM doing less work brings the open below that line, not better overlap.
 */
export function cpuFloorText(byKind, cores, native) {
	const cpu = Object.values(byKind).reduce((a, s) => a + (s ?? 0), 0);
	if (!(cpu > 0) || !(cores > 0)) return '';
	const floorMs = (1000 * cpu) / cores;
	const n1 = native?.['1']?.openSummaryMs;
	const n2 = native?.['2']?.openSummaryMs;
	const work = n1 ? ` That is ${ratio(1000 * cpu, n1)} the CPU time of native's one-thread open (${fmtMs(n1)} on one core).` : '';
	return `${work} Spread perfectly over the ${cores} cores it is at least ${fmtMs(floorMs)} of wall time${n2 ? `, ${ratio(floorMs, n2)} native 2T` : ''}.`;
}

/** The generated part of BENCHMARKS.md: one section per row count (its latest results file). */
export function markdownSection(results, current) {
	const out = [];
	for (const result of results) {
		const steps = stepsOf(result, current);
		out.push(`### ${rowsLabel(result.rows)} rows (${result.rows.toLocaleString('en-US')} objects)`);
		out.push('');
		out.push(`Measured ${result.date} (\`bench/results/${result.file}\`), ${Object.values(result.formats)[0]?.runs.length ?? 0} run(s) per format. Machine: ${machineLine(result.machine)}.`);
		if (result.model) out.push(`Model \`src/lib/model\` fingerprint \`${result.model.fingerprint}\`${result.model.changedDuringBuild ? ' (it changed while the site was built: the native reference may differ from the app)' : ''}; summary build steps: ${result.model.steps.join(' → ')}.`);
		if (result.generation) {
			const g = result.generation;
			out.push(`Export: ${g.reused ? 'reused' : `generated in ${fmtMs(g.ms)}`} (${Object.entries(g.bytes ?? {}).map(([f, b]) => `${f} ${(b / 2 ** 20).toFixed(0)} MiB`).join(', ')}).`);
		}
		out.push('');
		for (const [format, data] of formatsInOrder(result)) {
			const s = summarizeFormat(data.runs, steps);
			out.push(`#### ${format} — median of ${s.runs} run(s), ${s.okRuns} complete, ${s.files?.toLocaleString('en-US') ?? '—'} files${s.nativeFiles !== null && s.files !== null && s.nativeFiles !== s.files ? ` (native counts ${s.nativeFiles.toLocaleString('en-US')}: MISMATCH)` : ''}`);
			out.push('');
			out.push(markdownTable(HEAD, comparisonRows(s)));
			out.push('');
			const agreement = figureAgreement(data.runs);
			if (agreement) out.push(agreementText(agreement));
			const estimates = data.runs.map((r) => okOp(r, 'open')?.firstEstimate).filter(Boolean);
			if (estimates.length) out.push(firstEstimateText(estimates));
			const refined = data.runs.map((r) => okOp(r, 'open')?.refined).filter(Boolean);
			if (refined.length) out.push(refinedText(refined));
			const detail = (anon, file) => (anon !== null ? ` (${fmtKb(anon)} of it anonymous)` : file !== null ? ` (${fmtKb(file)} of it file-backed)` : '');
			out.push(`Peak per process: renderer (the page, the engine worker and DuckDB-WASM) ${fmtKb(s.browser.peakRendererKb)}${detail(s.browser.peakRendererAnonKb, null)}, browser process ${fmtKb(s.browser.peakBrowserProcessKb)}${detail(null, s.browser.peakBrowserProcessFileKb)}.`);
			if (s.browser.engineMemoryBytes !== null) out.push(`DuckDB-WASM's own buffer memory after the open: ${fmtKb(s.browser.engineMemoryBytes / 1024)} (memory_limit ${s.browser.engineMemoryLimit ?? '?'}). Peak during the first open alone: ${fmtKb(s.browser.peakOpenSumKb)} sum, ${fmtKb(s.browser.peakOpenMaxKb)} largest process.`);
			if (s.browser.crossfilterClicks) out.push(`Cross-filtering: ${s.browser.crossfilterClicks} clicks (bars of four charts, each selected then cleared), click → fast figures drawn p50 ${fmtMs(s.browser.crossfilterP50Ms)}, p95 ${fmtMs(s.browser.crossfilterP95Ms)}; the engine's share p95 ${fmtMs(s.browser.crossfilterEngineP95Ms)} over the ${s.browser.crossfilterEngineAnswered ?? '?'} clicks the engine answered (a click back to the unfiltered view is answered by the page's cache), request → answer p95 ${fmtMs(s.browser.crossfilterAnswerP95Ms)}, answer → drawn p95 ${fmtMs(s.browser.crossfilterDrawP95Ms)}.`);
			if (s.browser.openCpuSeconds) out.push(`CPU time while opening (the drop → the Summary drawn, ${fmtMs(s.browser.openToDrawnMs)} of wall time on ${result.machine?.cpus ?? '?'} cores): ${cpuText(s.browser.openCpuSeconds)}.${cpuFloorText(s.browser.openCpuSeconds, result.machine?.cpus, s.native)}`);
			if (s.browser.longTasksWhileLoading !== null) out.push(`Main thread while the worker loaded: ${s.browser.longTasksWhileLoading} task(s) over 50 ms, the longest ${fmtMs(s.browser.longestTaskWhileLoadingMs)}.`);
			if (s.browser.reportPages?.length) out.push(`Report pages (click → figures drawn, one run): ${s.browser.reportPages.map((p) => `${p.title} ${p.ok ? fmtMs(p.ms) : 'FAILED'}`).join(', ')}; slowest: ${s.browser.slowestReport ?? '—'}.`);
			if (s.failures.length) {
				out.push('');
				out.push('**Failures:**');
				out.push('');
				for (const f of s.failures) out.push(`- ${failureText(f)}`);
			}
			if (s.okRuns || s.profile.native1['summary: grouped scan'] !== null) {
				out.push('');
				out.push('<details><summary>Where the open goes (median ms per step)</summary>');
				out.push('');
				out.push(profileTable(s, steps));
				out.push('');
				out.push('</details>');
			}
			out.push('');
		}
	}
	return out.join('\n').trimEnd();
}

/** The newest results file per row count under `dir`. */
export function latestResults(dir) {
	if (!existsSync(dir)) return [];
	const byRows = new Map();
	for (const file of readdirSync(dir).filter((f) => /^\d{4}-\d{2}-\d{2}-\d+\.json$/.test(f)).sort()) {
		const result = JSON.parse(readFileSync(join(dir, file), 'utf8'));
		byRows.set(result.rows, { ...result, file });
	}
	return [...byRows.values()].sort((a, b) => a.rows - b.rows);
}

const DEFAULT_INTRO = `# Benchmarks

(intro to be written)
`;

/** Replace what lies between the markers (appending them when missing); the intro is never touched. */
export function updateDoc(path, section) {
	const doc = existsSync(path) ? readFileSync(path, 'utf8') : DEFAULT_INTRO;
	const block = `${DOC_START}\n<!-- Generated by \`npm run bench\`; edits between these markers are overwritten. -->\n\n${section}\n\n${DOC_END}`;
	const start = doc.indexOf(DOC_START);
	const end = doc.indexOf(DOC_END);
	const next = start >= 0 && end > start ? doc.slice(0, start) + block + doc.slice(end + DOC_END.length) : `${doc.trimEnd()}\n\n${block}\n`;
	writeFileSync(path, next);
}
