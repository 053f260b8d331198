// The pack builder: mount an export in native DuckDB, build `facts` and the summaries with the
// app's own SQL, add the sample and the largest files, and write them with a manifest into one
// DuckDB file. Used by scripts/pack.mjs and by the tests (same code, any size).
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { cpus } from 'node:os';

const plain = (v) => (typeof v === 'bigint' ? Number(v) : v);

/** Which tables the inputs hold: `{ table → { format, paths[] } }`, plus a .duckdb file if given. */
function sortInputs(inputs, model) {
	const tables = new Map();
	let database = null;
	const add = (table, format, path) => {
		const canonical = model.canonicalTableName(table) ?? table.toLowerCase();
		const t = tables.get(canonical) ?? { format, paths: [] };
		if (t.format !== format) throw new Error(`${canonical} is given both as ${t.format} and as ${format}`);
		t.paths.push(path);
		tables.set(canonical, t);
	};
	const stem = (p) => basename(p, extname(p)).replace(/[-_.]part[-_]?\d+$/i, '').replace(/[-_]\d+$/, '');
	const walk = (dir, table) => {
		for (const e of readdirSync(dir, { withFileTypes: true })) {
			const p = join(dir, e.name);
			if (e.isDirectory()) walk(p, table ?? (model.canonicalTableName(e.name) ? e.name : null));
			else if (/\.(parquet|csv)$/i.test(e.name)) add(table ?? stem(e.name), extname(e.name).slice(1).toLowerCase(), p);
		}
	};
	for (const input of inputs) {
		if (/[*?[]/.test(input)) {
			// A glob: DuckDB expands it; the table is named by the folder or file it points into.
			const format = /\.csv$/i.test(input) ? 'csv' : 'parquet';
			const parts = input.split('/').filter((s) => !/[*?[]/.test(s));
			const named = [...parts].reverse().find((s) => model.canonicalTableName(s.replace(/\.(parquet|csv)$/i, '')));
			if (!named) throw new Error(`cannot tell which table ${input} holds: name a folder or file after it (objects, instances, ...)`);
			add(named.replace(/\.(parquet|csv)$/i, ''), format, input);
			continue;
		}
		const path = resolve(input);
		if (!existsSync(path)) throw new Error(`${input} does not exist`);
		if (statSync(path).isDirectory()) walk(path, model.canonicalTableName(basename(path)) ? basename(path) : null);
		else if (/\.(duckdb|ddb|db)$/i.test(path)) database = path;
		else if (/\.(parquet|csv)$/i.test(path)) add(stem(path), extname(path).slice(1).toLowerCase(), path);
		else throw new Error(`${input}: not a .duckdb, .parquet or .csv file`);
	}
	if (database && tables.size) throw new Error('give either one .duckdb export or Parquet/CSV files, not both');
	if (!database && !tables.has('objects')) throw new Error(`no objects table among the inputs (found: ${[...tables.keys()].join(', ') || 'nothing'})`);
	return { database, tables };
}

/** A short fingerprint of the inputs: names, sizes and modification times (never the contents). */
function sourceFingerprint(inputs) {
	const list = [];
	const visit = (p) => {
		if (/[*?[]/.test(p)) return list.push(p);
		const s = statSync(p);
		if (s.isDirectory()) for (const e of readdirSync(p).sort()) visit(join(p, e));
		else list.push(`${p}:${s.size}:${Math.round(s.mtimeMs)}`);
	};
	for (const i of inputs) visit(resolve(i));
	return list.length > 20 ? `${list.slice(0, 20).join('; ')}; … ${list.length} files` : list.join('; ');
}

function peakRssKb() {
	try {
		const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
		return m ? Number(m[1]) : null;
	} catch {
		return null;
	}
}

/** Objects per slice of the file model: one join over every object of a 100M-file export does not fit in memory (docs/BENCHMARKS.md). */
export const SLICE_OBJECTS = 20_000_000;

/**
 * @param {{ inputs: string[], out: string, threads?: number | null, memoryLimit?: string | null, tempDir?: string | null,
 *   sample?: number | null, sliceObjects?: number, model: any, log?: (s: string) => void, DuckDBInstance: any, asOfMs?: number }} options
 */
export async function buildPack({ inputs, out, threads = null, memoryLimit = null, tempDir = null, sample = null, sliceObjects = SLICE_OBJECTS, model, log = () => {}, DuckDBInstance, asOfMs = Date.now() }) {
	const started = performance.now();
	// Junk times are cut at a year after the build, whatever the as-of (docs/MODEL.md, "Times").
	const openedMs = Date.now();
	const target = resolve(out);
	const scratch = `${target}.building`;
	for (const f of [scratch, `${scratch}.wal`]) rmSync(f, { force: true });
	const { database, tables } = sortInputs(inputs, model);
	// A scratch database on disk, so joins and aggregations larger than memory spill instead of failing.
	const instance = await DuckDBInstance.create(scratch, {
		threads: String(threads ?? Math.max(1, cpus().length)),
		...(memoryLimit ? { memory_limit: memoryLimit } : {}),
		temp_directory: resolve(tempDir ?? `${scratch}.tmp`),
		preserve_insertion_order: 'false'
	});
	const conn = await instance.connect();
	const rows = async (sql) => (await conn.runAndReadAll(sql)).getRowObjectsJS().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v)])));
	const step = async (label, sql) => {
		const t = performance.now();
		log(`${label} …`);
		for (const s of model.splitStatements(sql)) await conn.run(s);
		log(`${label}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
	};
	try {
		const [{ db }] = await rows(`SELECT current_database() AS db`);
		const shape = new model.ExportShape();
		const describe = async (catalog, schema) => {
			const cols = await rows(
				`SELECT table_name, column_name, upper(data_type) AS data_type FROM information_schema.columns
				 WHERE table_catalog = ${model.str(catalog)} AND table_schema = ${model.str(schema)} ORDER BY table_name, ordinal_position`
			);
			const byTable = new Map();
			for (const r of cols) byTable.set(r.table_name, [...(byTable.get(r.table_name) ?? []), { name: r.column_name, type: r.data_type }]);
			for (const [table, columns] of byTable) {
				const canonical = model.canonicalTableName(table) ?? table;
				if (!shape.has(canonical)) shape.add(canonical, `${model.ident(catalog)}.${model.ident(schema)}.${model.ident(table)}`, columns);
			}
		};
		if (database) {
			log(`attaching ${database}`);
			await conn.run(`ATTACH ${model.str(database)} AS src (READ_ONLY)`);
			const schemas = await rows(`SELECT DISTINCT table_schema FROM information_schema.tables WHERE table_catalog = 'src' ORDER BY table_schema = 'main' DESC, table_schema`);
			for (const s of schemas) await describe('src', s.table_schema);
		} else {
			await conn.run(`CREATE SCHEMA raw`);
			for (const [table, { format, paths }] of tables) {
				const list = `[${paths.map((p) => model.str(p)).join(', ')}]`;
				const reader =
					format === 'parquet'
						? `read_parquet(${list}, hive_partitioning = true, union_by_name = true)`
						: `read_csv(${list}, header = true, union_by_name = true, quote = '"', escape = '"', null_padding = true)`;
				await conn.run(`CREATE VIEW raw.${model.ident(table)} AS SELECT * FROM ${reader}`);
				log(`${table}: ${paths.length} ${format} input(s)`);
			}
			await describe(db, 'raw');
		}
		if (!shape.has('objects')) throw new Error('the export has no objects table');

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
			log(`time units of ${table} …`);
			const [votes] = await rows(`SELECT ${model.unitVoteSelect(cols.map((c) => shape.column(table, c).name))} FROM ${shape.table(table).ref}`);
			cols.forEach((c, i) => (units[`${table}.${c}`] = model.unitFromVotes(votes[`s${i}`], votes[`ms${i}`], votes[`us${i}`])));
		}
		log(`time units: ${Object.entries(units).map(([k, v]) => `${k} ${v}`).join(', ')}`);
		await conn.run(model.filesViewSql(shape, units, openedMs));
		const builds = model.summaryBuildSql(asOfMs);
		// The file model in slices of objectId (the browser engine's own partitions): one join over
		// 100M files needs more memory than a workstation has, a slice does not.
		const [{ n: objectRows }] = await rows(`SELECT count(*) AS n FROM ${shape.table('objects').ref}`);
		const count = Math.max(1, Math.ceil(Number(objectRows) / sliceObjects));
		const slices = count > 1 ? model.slicesFor(count, (await rows(model.sliceBoundsSql(shape, count))).map((r) => String(r.k))) : [];
		if (slices.length) {
			const select = model.factsSelectSql(asOfMs);
			for (const [index, slice] of slices.entries()) {
				await conn.run(model.filesViewSql(shape, units, openedMs, slice));
				await step(`${builds[0].label} (slice ${index + 1} of ${slices.length})`, index === 0 ? `CREATE OR REPLACE TABLE facts AS ${select}` : `INSERT INTO facts ${select}`);
			}
			await conn.run(model.filesViewSql(shape, units, openedMs));
		}
		for (const b of slices.length ? builds.slice(1) : builds) await step(b.label, b.sql);
		const sampleRows = sample ?? model.DEFAULT_PACK_SAMPLE;
		for (const x of model.packExtrasSql(sampleRows)) await step(`pack table ${x.table}`, `CREATE OR REPLACE TABLE ${x.table} AS ${x.sql}`);

		// The report build, as the browser runs it (each cube by its SQL definition here): a pack opens
		// with every report page answered from its tables.
		const [{ n: fileRows }] = await rows(`SELECT count(*) AS n FROM facts`);
		const reportStarted = performance.now();
		for (const s of model.dictionarySteps(asOfMs)) await conn.run(s.sql);
		const known = model.knownDictionaries(await rows(model.knownDictionariesSql()));
		const countSql = model.instanceRowsSql(shape);
		const instanceRows = countSql ? Number((await rows(countSql))[0].n) : 0;
		const [codes] = await rows(model.FOLDER_CODES_SQL);
		for (const s of model.reportBuildSteps({ shape, asOfMs, files: Number(fileRows), facts: model.factsStore(), instanceRows, known, ...model.folderCodes(codes) })) {
			if ('sql' in s) await conn.run(s.sql);
			else for (const cube of model.CUBES) await conn.run(model.cubeSql(cube));
		}
		log(`report tables: ${((performance.now() - reportStarted) / 1000).toFixed(1)} s`);
		const existing = (
			await rows(
				`SELECT table_name AS t FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' UNION ALL SELECT view_name FROM duckdb_views() WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal`
			)
		).map((r) => String(r.t));
		const reportTables = model.packReportTables(existing);

		const [totals] = await rows(`SELECT coalesce(sum(files), 0) AS files, coalesce(sum(bytes), 0) AS bytes FROM s_base`);
		const counts = {};
		const packTables = model.PACK_TABLES.filter((t) => t !== 'pack_manifest');
		for (const t of packTables) counts[t] = (await rows(`SELECT count(*) AS n FROM ${t}`))[0].n;

		log(`writing ${target} …`);
		for (const f of [target, `${target}.wal`]) rmSync(f, { force: true });
		await conn.run(`ATTACH ${model.str(target)} AS pack`);
		for (const t of [...packTables, ...reportTables]) await conn.run(`CREATE TABLE pack.${t} AS SELECT * FROM ${t}`);
		const manifest = {
			format: model.PACK_FORMAT,
			packVersion: model.PACK_VERSION,
			definitionsVersion: model.SUMMARY_DEFINITIONS_VERSION,
			asOfMs,
			builtAt: new Date().toISOString(),
			builder: `npm run pack (native DuckDB ${(await rows('SELECT version() AS v'))[0].v})`,
			source: sourceFingerprint(inputs),
			files: Number(totals.files),
			bytes: Number(totals.bytes),
			sampleFiles: Number(counts.p_sample),
			rows: counts,
			reportTables: { version: model.REPORT_BUILD_VERSION, tables: reportTables },
			buildMs: Math.round(performance.now() - started)
		};
		for (const s of model.manifestSql('pack.pack_manifest', manifest)) await conn.run(s);
		await conn.run(`DETACH pack`);
		return { out: target, manifest, bytesOnDisk: statSync(target).size, peakRssKb: peakRssKb() };
	} finally {
		conn.closeSync();
		instance.closeSync();
		for (const f of [scratch, `${scratch}.wal`]) rmSync(f, { force: true });
		rmSync(resolve(tempDir ?? `${scratch}.tmp`), { recursive: true, force: true });
	}
}
