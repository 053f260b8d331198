#!/usr/bin/env node
// Benchmarks, measured side by side (docs/BENCHMARKS.md says how to read them).
//
//   npm run bench -- --rows 1000000,10000000 [--formats duckdb,parquet] [--runs 3]
//
// For each row count: generate (or reuse) an export under data/bench/gen-<rows>/ with scripts/gen.mjs;
// build the site (unless --no-build) and serve it; then per format and run: the app's SQL in native
// DuckDB (1 and 2 threads), and the real app in a fresh headless Chromium (boot, open → Summary
// drawn, the naive per-chart queries, a return visit), with the browser's memory sampled throughout.
// Writes bench/results/<date>-<rows>.json, prints a table, regenerates docs/BENCHMARKS.md.
//
// Options:
//   --rows 1M,10M          row counts (objects); `1000000` and `1M` both work       [1000000]
//   --formats a,b          duckdb, parquet, csv                                     [duckdb,parquet]
//   --runs N               runs per format                                           [3]
//   --no-build             use the existing build/
//   --no-native            skip the native reference
//   --data DIR             benchmark an existing export in DIR (same layout as gen.mjs writes) instead
//                          of generating one; --rows then only labels the results
//   --timeout-min N        per-open timeout in minutes (default grows with rows and format)
//   --skip a,b             browser operations to leave out (e.g. naive,reports at 25M); see OPERATIONS
//   --no-doc               do not touch docs/BENCHMARKS.md
//   --report               measure nothing: print the newest results per row count and regenerate
//                          docs/BENCHMARKS.md from bench/results/
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserRun, browserVersion, OPERATIONS } from './bench/browser.mjs';
import { loadModel, modelFingerprint, snapshotModel } from './bench/model.mjs';
import { modelSteps } from './bench/steps.mjs';
import { latestResults, markdownSection, rowsLabel, textReport, updateDoc } from './bench/report.mjs';
import { serve } from './serve.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = join(ROOT, 'data/bench');
const RESULTS = join(ROOT, 'bench/results');
const DOC = join(ROOT, 'docs/BENCHMARKS.md');
const FORMATS = ['duckdb', 'parquet', 'csv'];

const log = (...a) => console.error(...a);

function parseArgs(argv) {
	const o = { rows: [1_000_000], formats: ['duckdb', 'parquet'], runs: 3, build: true, native: true, doc: true, data: null, timeoutMin: null, reportOnly: false, skip: [] };
	const count = (s) => {
		const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(s.trim().replace(/_/g, ''));
		if (!m) throw new Error(`not a row count: ${s}`);
		return Math.round(Number(m[1]) * ({ k: 1e3, m: 1e6 }[m[2].toLowerCase()] ?? 1));
	};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const value = () => {
			const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
			if (v === undefined) throw new Error(`${a} needs a value`);
			return v;
		};
		const name = a.split('=')[0];
		if (name === '--rows') o.rows = value().split(',').map(count);
		else if (name === '--formats') o.formats = value().split(',').map((f) => f.trim());
		else if (name === '--runs') o.runs = Number(value());
		else if (name === '--no-build') o.build = false;
		else if (name === '--no-native') o.native = false;
		else if (name === '--no-doc') o.doc = false;
		else if (name === '--skip') o.skip = value().split(',').map((s) => s.trim());
		else if (name === '--report') o.reportOnly = true;
		else if (name === '--data') o.data = resolve(value());
		else if (name === '--timeout-min') o.timeoutMin = Number(value());
		else if (name === '--help' || name === '-h') {
			console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n'));
			process.exit(0);
		} else throw new Error(`unknown option ${a} (try --help)`);
	}
	for (const f of o.formats) if (!FORMATS.includes(f)) throw new Error(`unknown format ${f}; use ${FORMATS.join(', ')}`);
	if (!(o.runs >= 1)) throw new Error('--runs must be at least 1');
	if (o.data && o.rows.length !== 1) throw new Error('--data takes one --rows value (a label)');
	return o;
}

/** The files a person would pick for one format of an export. */
function exportFiles(dir, format) {
	if (format === 'duckdb') return existsSync(join(dir, 'export.duckdb')) ? [join(dir, 'export.duckdb')] : [];
	const sub = join(dir, format);
	if (!existsSync(sub)) return [];
	const out = [];
	const walk = (d) => {
		for (const e of readdirSync(d)) {
			const p = join(d, e);
			if (statSync(p).isDirectory()) walk(p);
			else if (p.endsWith(`.${format}`)) out.push(p);
		}
	};
	walk(sub);
	return out.sort();
}

const bytesOf = (files) => files.reduce((n, f) => n + statSync(f).size, 0);

/** Generate the formats that are missing (or were left half-written) under data/bench/gen-<rows>/. */
async function ensureExport(rows, formats) {
	const dir = join(DATA, `gen-${rows}`);
	mkdirSync(dir, { recursive: true });
	const missing = formats.filter((f) => !exportFiles(dir, f).length || existsSync(join(dir, `.generating-${f}`)));
	const started = performance.now();
	if (missing.length) {
		const genPath = join(ROOT, 'scripts/gen.mjs');
		if (!existsSync(genPath)) throw new Error('scripts/gen.mjs is missing: cannot generate the export (or pass --data DIR)');
		const { generate } = await import(genPath);
		// gen.mjs builds the tables once per call and then writes each format: with two or more
		// formats missing, one `all` call is cheaper than building the tables again per format.
		const jobs = missing.length >= 2 ? [{ format: 'all', marks: FORMATS }] : missing.map((f) => ({ format: f, marks: [f] }));
		for (const job of jobs) {
			log(`Generating ${rows.toLocaleString('en-US')} rows as ${job.format} in ${dir} ...`);
			for (const f of job.marks) writeFileSync(join(dir, `.generating-${f}`), new Date().toISOString());
			const t = performance.now();
			await generate({ rows, out: dir, format: job.format, seed: 42, log: (line) => log(line) });
			for (const f of job.marks) rmSync(join(dir, `.generating-${f}`), { force: true });
			log(`  done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
		}
		const lost = formats.filter((f) => !exportFiles(dir, f).length);
		if (lost.length) throw new Error(`after generation, ${lost.join(', ')} is missing in ${dir}`);
	} else log(`Reusing the export in ${dir}`);
	return { dir, generation: { reused: missing.length === 0, generated: missing, ms: missing.length ? performance.now() - started : 0 } };
}

/** The native child running now, so an interrupted benchmark does not leave it behind. */
let nativeChild = null;

function runNative(options, timeoutMs) {
	return new Promise((ok) => {
		const child = (nativeChild = spawn(process.execPath, [join(ROOT, 'scripts/bench/native.mjs'), JSON.stringify(options)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }));
		let out = '';
		let err = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (err += d));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			nativeChild = null;
			const line = out.trim().split('\n').pop();
			try {
				ok(JSON.parse(line));
			} catch {
				ok({ ok: false, error: signal ? `killed (${signal}) after ${Math.round(timeoutMs / 1000)} s` : `exit ${code}: ${err.trim().split('\n').slice(-3).join(' ')}` });
			}
		});
	});
}

function run(cmd, args) {
	return new Promise((ok, fail) => {
		const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', process.stderr, process.stderr] });
		child.on('close', (code) => (code === 0 ? ok() : fail(new Error(`${cmd} ${args.join(' ')} exited with ${code}`))));
	});
}

function machine() {
	const cpus = os.cpus();
	let osName = `${os.type()} ${os.release()}`;
	try {
		const pretty = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'));
		if (pretty) osName = `${pretty[1]} (Linux ${os.release()})`;
	} catch {
		/* not Linux */
	}
	return {
		cpus: cpus.length,
		cpuModel: cpus[0]?.model.replace(/\s+/g, ' ').trim() ?? '?',
		memoryBytes: os.totalmem(),
		os: osName,
		node: process.version,
		loadAverage: os.loadavg()
	};
}

const today = () => {
	const d = new Date();
	return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

function defaultOpenTimeoutMs(rows, format) {
	const perMillion = format === 'duckdb' ? 90_000 : 180_000;
	return Math.max(300_000, 180_000 + (rows / 1e6) * perMillion);
}

async function main() {
	const o = parseArgs(process.argv.slice(2));
	if (o.reportOnly) {
		const steps = modelSteps(await loadModel());
		const results = latestResults(RESULTS);
		for (const result of results) console.log(textReport(result, steps));
		if (o.doc) updateDoc(DOC, markdownSection(results, steps));
		log(`Updated ${DOC} from ${results.map((r) => r.file).join(', ') || 'no results'}`);
		return;
	}
	const fingerprint = modelFingerprint();
	if (o.build) {
		log('Building the site (npm run build) ...');
		await run('npm', ['run', 'build', '--silent']);
	}
	if (!existsSync(join(ROOT, 'build/index.html'))) throw new Error('build/ is missing: run without --no-build');
	// Serve a private copy: other work (npm test) rebuilds build/ meanwhile, and a page reloaded
	// over a half-replaced build fetches chunks that are gone. Snapshot the model's SQL at the same
	// moment, for the native reference to run exactly what was built.
	const tmp = join(ROOT, `bench/tmp/run-${process.pid}`);
	const site = join(tmp, 'site');
	rmSync(tmp, { recursive: true, force: true });
	cpSync(join(ROOT, 'build'), site, { recursive: true });
	process.env.BENCH_MODEL = await snapshotModel(join(tmp, 'model'));
	const model = await loadModel();
	const steps = modelSteps(model);
	const snapshotFingerprint = modelFingerprint();
	const modelChanged = snapshotFingerprint !== fingerprint;
	if (modelChanged) log('Warning: src/lib/model changed while the site was being built; the native reference may run other SQL than the app.');
	const wasmPkg = JSON.parse(readFileSync(join(ROOT, 'node_modules/@duckdb/duckdb-wasm/package.json'), 'utf8'));
	const server = await serve({ root: site, port: 0, extra: { '/bench-data/': DATA } });
	const baseUrl = `http://127.0.0.1:${server.address().port}/`;
	log(`Serving a copy of build/ at ${baseUrl}`);
	mkdirSync(RESULTS, { recursive: true });

	try {
		for (const rows of o.rows) {
			const { dir, generation } = o.data ? { dir: o.data, generation: { reused: true, generated: [], ms: 0, external: o.data } } : await ensureExport(rows, o.formats);
			generation.bytes = Object.fromEntries(o.formats.map((f) => [f, bytesOf(exportFiles(dir, f))]));
			const file = join(RESULTS, `${today()}-${rows}.json`);
			const previous = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
			const result = {
				date: today(),
				startedAt: new Date().toISOString(),
				rows,
				dataDir: dir,
				options: { runs: o.runs, formats: o.formats, build: o.build, native: o.native },
				model: { fingerprint: snapshotFingerprint, changedDuringBuild: modelChanged, steps: steps.labels },
				machine: { ...machine(), duckdbWasm: wasmPkg.version },
				generation,
				// Formats measured earlier today and not re-run now are kept.
				formats: Object.fromEntries(Object.entries(previous?.formats ?? {}).filter(([f]) => !o.formats.includes(f)))
			};
			const save = () => writeFileSync(file, JSON.stringify(result, null, 1));
			for (const format of o.formats) {
				const files = exportFiles(dir, format);
				const openTimeoutMs = o.timeoutMin ? o.timeoutMin * 60_000 : defaultOpenTimeoutMs(rows, format);
				result.formats[format] = { measuredAt: new Date().toISOString(), files: files.map((f) => f.slice(dir.length + 1)), runs: [] };
				for (let i = 0; i < o.runs; i++) {
					log(`\n[${rowsLabel(rows)} ${format}] run ${i + 1}/${o.runs}`);
					const entry = { native: {}, browser: null };
					// One "as of" instant for the run: ages (and so the age bands) are measured from it, so the
					// browser's figures and the native reference's can be compared number for number.
					const asOfMs = Math.floor(Date.now() / 60_000) * 60_000;
					if (o.native) {
						for (const threads of [1, 2]) {
							// The naive queries are slow natively too: the first run is enough for a reference, and
							// none when the browser's naive run is skipped.
							const n = await runNative({ dir, format, threads, naive: i === 0 && !o.skip.includes('naive'), asOfMs }, openTimeoutMs * 2);
							entry.native[threads] = n;
							result.machine.duckdbNative ??= n.version;
							log(
								n.ok
									? `    native ${threads}T      open → summaries ${(n.openMs / 1000).toFixed(2)} s, summary queries ${n.summaryMs.toFixed(0)} ms${n.naive ? `, naive ${(n.naive.ms / 1000).toFixed(2)} s` : ''}, peak RSS ${Math.round(n.peakRssKb / 1024)} MB, ${n.files} files`
									: `    native ${threads}T      FAILED ${n.error}`
							);
						}
					}
					try {
						entry.browser = await browserRun({ baseUrl, files, model, openTimeoutMs, asOfMs, log, operations: OPERATIONS.filter((op) => !o.skip.includes(op.name)) });
					} catch (e) {
						entry.browser = { ok: false, error: { code: 'runner', message: String(e?.stack ?? e) } };
						log(`    browser run failed: ${e?.stack ?? e}`);
					}
					result.machine.chromium ??= browserVersion() ? `Chromium ${browserVersion()}` : null;
					const boot = entry.browser?.ops?.boot;
					if (boot?.ok) {
						result.machine.wasmEngine ??= boot.duckdbVersion;
						result.machine.wasmBundle ??= boot.bundle;
					}
					result.formats[format].runs.push(entry);
					save();
				}
			}
			result.finishedAt = new Date().toISOString();
			result.machine.loadAverageAtEnd = os.loadavg();
			save();
			console.log(textReport(result, steps));
			log(`\nRaw runs: ${file}`);
			if (o.doc) {
				updateDoc(DOC, markdownSection(latestResults(RESULTS), steps));
				log(`Updated ${DOC}`);
			}
		}
	} finally {
		server.close();
		server.closeAllConnections?.();
		rmSync(tmp, { recursive: true, force: true });
	}
}

for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => {
		nativeChild?.kill('SIGKILL');
		rmSync(join(ROOT, `bench/tmp/run-${process.pid}`), { recursive: true, force: true });
		// Playwright closes the browsers it launched when this process exits.
		process.exit(130);
	});
}

main().then(
	() => process.exit(0),
	(e) => {
		console.error(e?.stack ?? e);
		process.exit(1);
	}
);
