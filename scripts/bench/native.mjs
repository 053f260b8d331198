// Reference 1: the app's own SQL (src/lib/model) run by native DuckDB on the same files.
//
// It replays what the engine worker does when a person opens an export (workers/engine/dataset.ts):
// attach or read the tables, describe them, detect time units, create the `files` view, build the
// summary tables, count, then run the Executive Summary's queries. The .duckdb file is ATTACHed
// READ_ONLY; Parquet files are read through read_parquet views (lazily, like the attached file);
// CSV files are loaded into tables, as the app does.
// Optionally it also runs the naive per-chart queries (scripts/bench/naive.mjs) over `files`.
//
// Run as a child process so its peak memory (VmHWM) is its own:
//   node scripts/bench/native.mjs '{"dir":"data/bench/gen-1000000","format":"duckdb","threads":1}'
// prints one JSON line.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadModel } from './model.mjs';
import { naiveQueries } from './naive.mjs';

const plain = (v) => (typeof v === 'bigint' ? Number(v) : v instanceof Date ? v.getTime() : v);

/** Parquet parts per canonical table: `parquet/objects.parquet` or `parquet/objects/**.parquet`. */
function parquetTables(dir, model) {
	const root = join(dir, 'parquet');
	const tables = new Map();
	for (const entry of readdirSync(root)) {
		const path = join(root, entry);
		if (statSync(path).isDirectory()) {
			tables.set(model.canonicalTableName(entry) ?? entry, `${path}/**/*.parquet`);
		} else if (entry.endsWith('.parquet')) {
			const stem = basename(entry, '.parquet');
			tables.set(model.canonicalTableName(stem) ?? stem, path);
		}
	}
	return tables;
}

async function nativeRun({ dir, format, threads, naive = false, asOfMs = Date.now() }) {
	const model = await loadModel();
	const steps = [];
	const t = () => performance.now();
	const bootStarted = t();
	const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
	const conn = await instance.connect();
	const bootMs = t() - bootStarted;
	const rows = async (sql) => (await conn.runAndReadAll(sql)).getRowObjectsJS().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v)])));
	const step = async (label, sql) => {
		const s = t();
		const out = await rows(sql).catch((e) => {
			throw new Error(`${label}: ${e?.message ?? e}`);
		});
		steps.push({ label, ms: t() - s });
		return out;
	};
	const [{ v: version }] = await rows(`SELECT version() AS v`);

	const started = t();
	const shape = new model.ExportShape();
	const describe = async (catalog, schema) => {
		const cols = await rows(
			`SELECT table_name, column_name, upper(data_type) AS data_type FROM information_schema.columns
			 WHERE table_catalog = ${model.str(catalog)} AND table_schema = ${model.str(schema)} ORDER BY table_name, ordinal_position`
		);
		const tables = new Map();
		for (const r of cols) {
			const list = tables.get(r.table_name) ?? [];
			list.push({ name: r.column_name, type: r.data_type });
			tables.set(r.table_name, list);
		}
		for (const [table, columns] of tables) {
			const canonical = model.canonicalTableName(table) ?? table;
			if (!shape.has(canonical)) shape.add(canonical, `${model.ident(catalog)}.${model.ident(schema)}.${model.ident(table)}`, columns);
		}
	};
	if (format === 'duckdb') {
		await step('attach', `ATTACH ${model.str(resolve(dir, 'export.duckdb'))} AS src (READ_ONLY)`);
		const schemas = await rows(`SELECT DISTINCT table_schema FROM information_schema.tables WHERE table_catalog = 'src' ORDER BY table_schema = 'main' DESC, table_schema`);
		for (const s of schemas) await describe('src', s.table_schema);
	} else if (format === 'parquet') {
		await rows(`CREATE SCHEMA raw`);
		for (const [table, path] of parquetTables(dir, model)) {
			await step(`view ${table}`, `CREATE VIEW raw.${model.ident(table)} AS SELECT * FROM read_parquet(${model.str(resolve(path))})`);
		}
		await describe('memory', 'raw');
	} else if (format === 'csv') {
		// The app loads CSV into tables (read_csv with these options), so the reference does too. The
		// quote and escape are spelled out: with strict_mode = false, native DuckDB 1.5's sniffer misreads
		// the generator's instances.csv (JSON metadata with doubled quotes) and shifts columns, which
		// DuckDB-WASM 1.4 does not.
		await rows(`CREATE SCHEMA raw`);
		for (const entry of readdirSync(join(dir, 'csv')).filter((f) => f.endsWith('.csv'))) {
			const stem = basename(entry, '.csv');
			const table = model.canonicalTableName(stem) ?? stem;
			await step(
				`load ${table}`,
				`CREATE TABLE raw.${model.ident(table)} AS SELECT * FROM read_csv(${model.str(resolve(dir, 'csv', entry))}, header = true, union_by_name = true, sample_size = 20480, strict_mode = false, null_padding = true, quote = '"', escape = '"')`
			);
		}
		await describe('memory', 'raw');
	} else throw new Error(`native reference: unsupported format ${format}`);

	// Time units, as the worker's detectTimeUnits: one voting scan per table.
	const units = {};
	const byTable = new Map();
	for (const [table, column] of model.APARAVI_TIME_COLUMNS) {
		const c = shape.column(table, column);
		if (!c) continue;
		const kind = model.timeKindOfType(c.type);
		if (kind !== 'epoch') units[`${table}.${column}`] = kind;
		else byTable.set(table, [...(byTable.get(table) ?? []), column]);
	}
	for (const [table, cols] of byTable) {
		const spelled = cols.map((c) => shape.column(table, c).name);
		const [votes] = await step(`time units ${table}`, `SELECT ${model.unitVoteSelect(spelled)} FROM ${shape.table(table).ref}`);
		cols.forEach((c, i) => (units[`${table}.${c}`] = model.unitFromVotes(votes[`s${i}`], votes[`ms${i}`], votes[`us${i}`])));
	}
	// Junk times are cut at a year after this run, as the browser cuts them at a year after its open.
	await step('files view', model.filesViewSql(shape, units, Date.now()));
	for (const build of model.summaryBuildSql(asOfMs)) {
		const s = t();
		for (const statement of model.splitStatements(build.sql)) {
			await rows(statement).catch((e) => {
				throw new Error(`${build.label}: ${e?.message ?? e}`);
			});
		}
		steps.push({ label: build.label, ms: t() - s });
	}
	const [counts] = await step(
		'counts',
		`SELECT coalesce(sum(files),0) AS files, coalesce(sum(files) - sum(dated),0) AS undated, coalesce(sum(files) - sum(sized),0) AS unsized FROM s_cube`
	);
	for (const [, tbl] of shape.tables) await rows(`SELECT count(*) AS n FROM ${tbl.ref}`);
	const openMs = t() - started;

	const summaryStarted = t();
	const summary = {};
	for (const [key, sql] of Object.entries(model.SUMMARY_QUERIES)) summary[key] = await rows(sql);
	const summaryMs = t() - summaryStarted;

	let naiveResult = null;
	if (naive) {
		naiveResult = { queries: [], ms: 0 };
		for (const q of naiveQueries(model, asOfMs)) {
			const s = t();
			const out = await rows(q.sql);
			const ms = t() - s;
			naiveResult.queries.push({ name: q.name, ms, rows: out.length });
			naiveResult.ms += ms;
		}
	}
	conn.closeSync();
	instance.closeSync();
	return {
		version,
		threads,
		format,
		asOfMs,
		bootMs,
		openMs,
		summaryMs,
		openSummaryMs: openMs + summaryMs,
		files: counts.files,
		kpis: summary.kpis[0],
		// Every chart part's rows, for the report to compare with the browser's figures.
		charts: Object.fromEntries(Object.entries(summary).filter(([part]) => part !== 'kpis')),
		steps,
		naive: naiveResult
	};
}

function statusKb(field) {
	const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'));
	return m ? Number(m[1]) : null;
}
const peakRssKb = () => statusKb('VmHWM');

if (import.meta.url === `file://${process.argv[1]}`) {
	const options = JSON.parse(process.argv[2]);
	// The model comes in through Vite's module runner, which stays resident: note what the process
	// holds before DuckDB starts, and restart the peak from there (clear_refs 5 resets VmHWM).
	await loadModel();
	const baselineRssKb = statusKb('VmRSS');
	try {
		writeFileSync('/proc/self/clear_refs', '5');
	} catch {
		/* older kernels: the peak then includes loading */
	}
	try {
		const result = await nativeRun(options);
		process.stdout.write(JSON.stringify({ ok: true, ...result, peakRssKb: peakRssKb(), baselineRssKb }) + '\n');
		process.exit(0);
	} catch (e) {
		process.stdout.write(JSON.stringify({ ok: false, error: String(e?.message ?? e), peakRssKb: peakRssKb() }) + '\n');
		process.exit(1);
	}
}
