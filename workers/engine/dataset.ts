/**
 * Opening a dataset end to end: sort the input, load or attach it, describe its shape, build the
 * canonical model and the summary tables. Progress is reported at every step.
 */
import { EngineError } from '../../src/lib/engine/errors';
import type { InputFile } from '../../src/lib/engine/protocol';
import type { CleaningNote, DatasetInfo, FactsPart, SourceFormat, TableInfo, TimeUnit } from '../../src/lib/model/dataset';
import { APARAVI_VALUE_COLUMNS, valueCheckSql, valueChecks, valueNotes } from '../../src/lib/model/dirty';
import { canonicalTableName, ExportShape, type TableShape } from '../../src/lib/model/shape';
import { guessMapping, inventoryFilesViewSql, mappingComplete, type InventoryMapping } from '../../src/lib/model/inventory';
import { partsTitle } from '../../src/lib/model/listings/parts';
import { APARAVI_TIME_COLUMNS, classIdNote, duplicatedObjectIdsSql, extraObjectRowsSql, filesViewSql, type Partition, type TimeUnits } from '../../src/lib/model/files-view';
import { factsSelectSql, mergedSummarySql, PART_TABLES, partialSummarySql, type SummaryPreview } from '../../src/lib/model/summary';
import { partitionsFor, sliceBoundsSql, slicesFor } from '../../src/lib/model/partitions';
import type { OpenOptions } from '../../src/lib/model/open-options';
import { answer } from './queries';
import { isPack, openPack } from './pack';
import { timeKindOfType, timeUnitOfText, unitFromVotes, unitVoteSql } from '../../src/lib/model/times';
import { summaryBuildSql } from '../../src/lib/model/summary';
import { cleaningNotes } from '../../src/lib/model/notes';
import { str } from '../../src/lib/model/sql';
import { splitStatements } from '../../src/lib/model/statements';
import type { DuckDBHost } from './duckdb';
import { sortInput } from './inputs';
import { checkReadable } from './readable';
import { dropExplorerTables } from './explorer';
import { attachDuckDB, attachDuckDBUrl, describe, loadCsv, loadParquet, type ProgressFn } from './load';
import { loadListingCsv, loadNcdu, type ListingSource } from './listing-load';
import { planListing } from './listing-plan';
import { currentPartFile, openStore, PART_ALIAS, saveMeta, storeOnDisk, type StoredMeta } from './stored';
import { BuildHelper } from './build-helper';
import { wantsBuildHelper } from '../../src/lib/model/memory-plan';
import { dropFirstViewSample, parquetFirstView, refineSlices, sendClusterEstimate, type FirstView } from './first-view';
import { PART_CUBE_ROWS_SQL, sliceExactSumsSql, type EstimateRefinement } from '../../src/lib/model/estimate-refine';

/**
 * Forget the previous dataset and attach the store for the next one (workers/engine/stored.ts).
 * Returns the stored build when this fingerprint has a finished one to reuse.
 */
export async function resetDataset(host: DuckDBHost, fingerprint?: string, forceMemory = false): Promise<{ meta: StoredMeta | null; where: 'opfs' | 'memory' }> {
	await host.detachSource();
	const store = await openStore(host, fingerprint, forceMemory);
	// The Explorer's sort copies belong to the dataset that made them.
	await dropExplorerTables(host);
	return store;
}

export interface OpenSource {
	files: InputFile[];
	urls: string[];
}

export interface StoreOptions {
	/** The export's identity (src/lib/cache/fingerprint.ts): a stored build under it is reused. */
	fingerprint?: string;
	/** Build in memory, not in OPFS (after the browser refused the space). */
	forceMemory?: boolean;
}

const isDatabaseUrl = (url: string) => /\.(duckdb|ddb|db)(\?|#|$)/i.test(url);

/** Fetch `?src=` data that is not a database into a Blob the loaders treat like a dropped file. */
async function fetchUrl(url: string, signal?: AbortSignal): Promise<InputFile> {
	let response: Response;
	try {
		response = await fetch(url, { signal, credentials: 'same-origin' });
	} catch (e) {
		throw new EngineError('network', `Could not fetch ${url}.`, 'Check the address, and that the server allows this page to read it (CORS).');
	}
	if (!response.ok) throw new EngineError('network', `Fetching ${url} answered ${response.status} ${response.statusText}.`);
	const blob = await response.blob();
	const path = decodeURIComponent(new URL(url).pathname).split('/').filter(Boolean);
	const name = path[path.length - 1] ?? 'data';
	return { file: new File([blob], name), path: path.slice(-2).join('/') };
}

export async function openDataset(
	host: DuckDBHost,
	source: OpenSource,
	progress: ProgressFn,
	signal?: AbortSignal,
	options: OpenOptions = {},
	store: StoreOptions = {}
): Promise<{ opened: OpenedSource; info: DatasetInfo }> {
	const started = performance.now();
	const { meta } = await resetDataset(host, store.fingerprint, store.forceMemory);
	if (meta) return reopenStored(host, meta, source, started, progress);
	const files = [...source.files];
	let dbUrl: string | null = null;
	for (const url of source.urls) {
		if (isDatabaseUrl(url)) dbUrl = url;
		else files.push(await fetchUrl(url, signal));
	}
	const shape = new ExportShape();
	const loadWarnings: string[] = [];
	let format: SourceFormat = 'csv';
	let name = datasetName(files);
	let database: StoredMeta['database'] = null;
	let readInPlace: SourceMeta['readInPlace'];
	let imported = false;
	let firstView: FirstView | null = null;
	const listings: Record<string, ListingSource> = {};
	if (dbUrl) {
		name = decodeURIComponent(new URL(dbUrl).pathname.split('/').pop() ?? 'export.duckdb');
		loadWarnings.push(...(await attachDuckDBUrl(host, dbUrl, name, signal)));
		format = 'url';
		for (const schema of await schemasOf(host, 'src')) await describe(host, shape, 'src', schema);
		loadWarnings.push(...(await checkReadable(host, shape, 'src', name, signal)));
		database = { kind: 'url', url: dbUrl, name };
	} else {
		const sorted = await sortInput(files);
		let attached = false;
		if (sorted.databases.length === 1) {
			const db = sorted.databases[0];
			name = db.name;
			progress({ label: `Opening ${db.name}`, done: 0, total: 1, unit: 'steps' });
			await attachDuckDB(host, db.file, db.name, db.wal?.file);
			format = 'duckdb';
			attached = true;
			// The database's tables first: Parquet or CSV parts dropped with it only add tables it lacks.
			for (const schema of await schemasOf(host, 'src')) await describe(host, shape, 'src', schema);
			loadWarnings.push(...(await checkReadable(host, shape, 'src', db.name, signal)));
			database = { kind: 'file', name: db.name };
			if (db.wal) loadWarnings.push(`${db.wal.name} was read with ${db.name}: it holds changes not yet written into the database file.`);
			// A build helper would read the file without its write-ahead log.
			else readInPlace = { file: db.file, name: db.name };
		}
		loadWarnings.push(...sorted.notes);
		// A large Parquet export's first view is drawn from its files before objects and instances are
		// imported (workers/engine/first-view.ts): they come last, after the tables the view looks up.
		const parquetOf = (name: string) => (attached ? undefined : [...sorted.tables].find(([t, parts]) => canonicalTableName(t) === name && parts[0].format === 'parquet'));
		const sampled = parquetOf('objects') && parquetOf('instances') ? [parquetOf('objects')!, parquetOf('instances')!] : null;
		const tables = sampled ? [...[...sorted.tables].filter(([t]) => !sampled.some(([s]) => s === t)), ...sampled] : [...sorted.tables];
		for (const [table, parts] of tables) {
			if (sampled && table === sampled[0][0]) {
				const openedMs = Date.now();
				firstView = await parquetFirstView(
					host,
					{ table, parts },
					{ table: sampled[1][0], parts: sampled[1][1] },
					(s) => detectTimeUnits(host, s, APARAVI_TIME_COLUMNS, progress, signal),
					{ openedMs, asOfMs: options.asOfMs ?? openedMs, partsFor: (rows) => partitionsFor(rows, options), progress, signal }
				);
			}
			if (signal?.aborted) throw new EngineError('cancelled', 'Opening was cancelled.');
			if (shape.has(table)) {
				// Two sources claim one table: the database's copy is used (not read twice), and the page says so.
				loadWarnings.push(`${parts.map((p) => p.name).join(', ')} was not used: ${name} already holds table ${table}.`);
				continue;
			}
			// Rows imported into the engine's own store: a helper DuckDB could not read them.
			readInPlace = undefined;
			if (parts[0].format === 'parquet') {
				format = attached ? format : 'parquet';
				await loadParquet(host, table, parts, progress, signal);
			} else if (parts[0].format === 'json' || !canonicalTableName(table)) {
				// A file listing, not a table of an Aparavi export (workers/engine/listing-load.ts).
				format = attached ? format : 'csv';
				try {
					const loaded = parts[0].format === 'json' ? await loadNcdu(host, table, parts, progress, signal) : await loadListingCsv(host, table, parts, progress);
					loadWarnings.push(...loaded.warnings);
					listings[table] = loaded.source;
				} catch (e) {
					// Beside an Aparavi export, a text file that is not a listing (a README) does not stop the open.
					if (!(e instanceof EngineError) || e.code === 'cancelled' || !(attached || sorted.tables.has('objects'))) throw e;
					loadWarnings.push(`${parts.map((p) => p.name).join(', ')} was not read: ${e.message}`);
					continue;
				}
			} else {
				format = attached ? format : 'csv';
				loadWarnings.push(...(await loadCsv(host, table, parts, progress)));
			}
			imported = true;
		}
	}
	// Rows appended since the last automatic checkpoint stay in wasm memory, where nothing can evict
	// them (no temporary directory): written to the store they become ordinary blocks. Without it the
	// largest Parquet exports ran out of memory right after the import (docs/MODEL.md, "Memory").
	if (imported && storeOnDisk()) await host.exec(`CHECKPOINT ds`, signal);
	const [{ db }] = await host.rows(`SELECT current_database() AS db`);
	await describe(host, shape, String(db), 'raw');
	const opened = { shape, source: { name, format, started, warnings: loadWarnings, readInPlace, listings, firstView } };
	const built = isPack(shape) ? await openPack(host, shape, opened.source, progress, signal) : await buildModel(host, opened, progress, signal, undefined, options);
	if (built.mappingNeeded || !store.fingerprint) return { opened, info: built };
	const info: DatasetInfo = { ...built, fingerprint: store.fingerprint };
	await saveMeta(host, { info, format, database });
	return { opened, info };
}

/**
 * A stored build of the same export: attach again what the model reads in place (a .duckdb file
 * or URL) and answer with the stored description. No scan: the facts and cubes are on disk.
 */
export async function reopenStored(host: DuckDBHost, meta: StoredMeta, source: OpenSource, started: number, progress: ProgressFn): Promise<{ opened: OpenedSource; info: DatasetInfo }> {
	progress({ label: 'Reopening the stored summaries', done: 0, total: 1, unit: 'steps' });
	const warnings = [...meta.info.warnings];
	const database = meta.database;
	if (database?.kind === 'file') {
		const given = source.files.length ? (await sortInput(source.files)).databases[0] : undefined;
		if (given) await attachDuckDB(host, given.file, given.name, given.wal?.file);
		else warnings.push(`Reopened from this browser's storage without ${database.name}: the summaries are complete; open the file again for reports that read its own tables.`);
	} else if (database?.kind === 'url') {
		try {
			warnings.push(...(await attachDuckDBUrl(host, database.url, database.name)));
		} catch (e) {
			warnings.push(`${database.name} could not be reached (${e instanceof Error ? e.message : String(e)}): the summaries come from this browser's storage; reports that read the export's own tables need it.`);
		}
	}
	// The shape, as reports need it: the stored raw tables, and the attached database when there is one.
	const shape = new ExportShape();
	if (database && (await schemasOf(host, 'src').catch(() => [])).length) for (const schema of await schemasOf(host, 'src')) await describe(host, shape, 'src', schema);
	const [{ db }] = await host.rows(`SELECT current_database() AS db`);
	await describe(host, shape, String(db), 'raw');
	progress({ label: 'Summaries ready', done: 1, total: 1, unit: 'steps' });
	const opened = { shape, source: { name: meta.info.name, format: meta.format, started } };
	return { opened, info: { ...meta.info, warnings, openMs: performance.now() - started, reopened: true } };
}

/** A name a person recognises: the dropped folder, else the objects file and how many others came with it. */
function datasetName(files: InputFile[]): string {
	if (files.length === 0) return 'dataset';
	const folders = new Set(files.map((f) => (f.path.includes('/') ? f.path.split('/')[0] : '')));
	if (folders.size === 1 && !folders.has('')) return [...folders][0];
	const main = files.find((f) => /^objects\./i.test(f.file.name)) ?? files[0];
	// One listing in parts is named as one table, not as a file "and 2 more".
	const parts = partsTitle(files.map((f) => f.path || f.file.name));
	if (parts) return parts;
	return files.length === 1 ? main.file.name : `${main.file.name} and ${files.length - 1} more`;
}

async function schemasOf(host: DuckDBHost, catalog: string): Promise<string[]> {
	const rows = await host.rows(
		`SELECT DISTINCT table_schema FROM information_schema.tables WHERE table_catalog = ${str(catalog)} ORDER BY table_schema = 'main' DESC, table_schema`
	);
	return rows.map((r) => String(r.table_schema));
}

/** Count rows of every table the shape knows. */
async function tableInfos(host: DuckDBHost, shape: ExportShape): Promise<TableInfo[]> {
	const out: TableInfo[] = [];
	for (const [name, t] of shape.tables) {
		const [r] = await host.rows(`SELECT count(*) AS n FROM ${t.ref}`);
		out.push({ name, rows: Number(r.n), from: [t.ref] });
	}
	return out;
}

/** Decide each time column's unit (docs/MODEL.md, "Times"), one scan per table. */
async function detectTimeUnits(
	host: DuckDBHost,
	shape: ExportShape,
	columns: readonly (readonly [string, string])[],
	progress: ProgressFn,
	signal?: AbortSignal
): Promise<TimeUnits> {
	const units: TimeUnits = {};
	const byTable = new Map<string, string[]>();
	for (const [table, column] of columns) {
		const c = shape.column(table, column);
		if (!c) continue;
		const kind = timeKindOfType(c.type);
		if (kind === 'timestamp') {
			units[`${table}.${column}`] = kind;
			continue;
		}
		// Numbers, and text (which may hold epoch numbers as well as dates): decided by their values.
		byTable.set(table, [...(byTable.get(table) ?? []), column]);
	}
	for (const [table, cols] of byTable) {
		const spelled = cols.map((c) => shape.column(table, c)!.name);
		const texts = cols.map((c) => timeKindOfType(shape.column(table, c)!.type) === 'text');
		progress({ label: `Detecting time units in ${table}`, done: 0, total: 0, unit: 'steps' });
		const ref = shape.table(table)!.ref;
		const [{ n }] = await host.rows(`SELECT count(*) AS n FROM ${ref}`, signal);
		const vote = unitVoteSql(spelled, texts, ref, Number(n));
		const [votes] = vote.sampled
			? await host.rows(vote.sampled, signal).catch((e: unknown) => {
					if (signal?.aborted) throw e;
					return host.rows(vote.whole, signal);
				})
			: await host.rows(vote.whole, signal);
		cols.forEach((c, i) => {
			const [s, ms, us] = [votes[`s${i}`], votes[`ms${i}`], votes[`us${i}`]].map(Number);
			units[`${table}.${c}`] = texts[i] ? timeUnitOfText(s, ms, us, Number(votes[`ts${i}`])) : unitFromVotes(s, ms, us);
		});
	}
	return units;
}

export interface SourceMeta {
	name: string;
	format: SourceFormat;
	started: number;
	/** What loading had to forgive (lenient CSV, ...), shown with the cleaning notes. */
	warnings?: string[];
	/** The dropped `.duckdb` File the model reads in place (and nothing imported): a build helper can read it too. */
	readInPlace?: { file: Blob; name: string };
	/** What loading learnt about each file listing, by table (workers/engine/listing-load.ts). */
	listings?: Record<string, ListingSource>;
	/** The first view drawn from the Parquet files before their rows were imported (workers/engine/first-view.ts). */
	firstView?: FirstView | null;
}

/** What the worker keeps between requests so a column mapping can finish an open. */
export interface OpenedSource {
	shape: ExportShape;
	source: SourceMeta;
}

function missingObjects(shape: ExportShape): EngineError {
	const found = [...shape.tables.keys()];
	return new EngineError(
		'missing-table',
		found.length
			? `This export has no objects table (found: ${found.slice(0, 8).join(', ')}${found.length > 8 ? ', ...' : ''}).`
			: 'This export holds no tables.',
		'An Aparavi export needs at least objects (one row per file); instances, parentPaths and the others add sizes, times and paths. A file listing needs a path (or name) and a size column.'
	);
}

/**
 * Build the model: an Aparavi export when `objects` is there; otherwise a generic inventory,
 * mapped by column names or, when they cannot be guessed, by the person (mappingNeeded).
 */
export async function buildModel(
	host: DuckDBHost,
	opened: OpenedSource,
	progress: ProgressFn,
	signal?: AbortSignal,
	mapping?: InventoryMapping,
	options: OpenOptions = {}
): Promise<DatasetInfo> {
	const { shape, source } = opened;
	// Ages are measured from the as-of instant (`?asof=`, else now); junk times are cut at one year
	// after the moment of opening, whatever the as-of (docs/MODEL.md, "Times").
	const openedMs = Date.now();
	const asOfMs = options.asOfMs ?? openedMs;
	const warnings: string[] = [...(source.warnings ?? [])];
	let timeUnits: TimeUnits;
	let kind: DatasetInfo['kind'] = 'aparavi';
	/**
	 * An Aparavi export's columns read as sizes and times whose unreadable values the notes count
	 * (src/lib/model/dirty.ts); a listing's reading says its own (src/lib/model/listings).
	 */
	let valueColumns: { table: string; column: string; reads: 'size' | 'time' }[] = [];
	/** Rows of objects repeating an objectId, and how many objectIds repeat (docs/MODEL.md). */
	let extraRows = 0;
	let duplicateIds = 0;
	/** How many DuckDB instances built the facts (2 with a build helper). */
	let builders = 1;
	/** Whether the summaries were already added up from the two engines' parts. */
	let summariesBuilt = false;
	/** The tables `facts` is a view over when two engines built it. */
	let factsParts: FactsPart[] | undefined;
	const steps = summaryBuildSql(0).length + 2;
	progress({ label: 'Detecting time units', done: 0, total: steps, unit: 'steps' });

	if (shape.has('objects') && !mapping) {
		if (!shape.column('objects', 'objectId')) {
			throw new EngineError('missing-column', 'The objects table has no objectId column.', 'Is this an Aparavi export? Its objects table names each file by objectId.');
		}
		if (!shape.has('instances')) warnings.push('This export has no instances table: sizes come from objects.primarySize and file times are unknown.');
		if (!shape.has('parentPaths')) warnings.push('This export has no parentPaths table: folders are unknown.');
		const classId = classIdNote(shape);
		if (classId) warnings.push(classId);
		valueColumns = [...APARAVI_VALUE_COLUMNS];
		const detectUnits = async () => {
			const units = await detectTimeUnits(host, shape, APARAVI_TIME_COLUMNS, progress, signal);
			progress({ label: 'Building the file model', done: 1, total: steps, unit: 'steps' });
			return units;
		};
		({ extraRows, duplicateIds, units: timeUnits, builders, summariesBuilt, factsParts } = await materialiseFacts(
			host,
			shape,
			detectUnits,
			asOfMs,
			progress,
			signal,
			options,
			source.readInPlace,
			openedMs,
			source.firstView ?? null
		));
	} else {
		const candidates = [...shape.tables.entries()];
		// Aparavi tables without objects are a broken export, not a file listing.
		if (candidates.length === 0 || (!mapping && candidates.some(([name]) => canonicalTableName(name)))) throw missingObjects(shape);
		const [tableName, table] = listingTable(candidates, mapping);
		const plan = await planListing(host, tableName, table, source.listings?.[tableName], mapping);
		if (plan.need) {
			return {
				name: source.name, format: source.format, kind: 'inventory', tables: await tableInfos(host, shape), asOfMs, timeUnits: {},
				files: 0, notes: [], warnings: [], openMs: performance.now() - source.started,
				mappingNeeded: plan.need
			};
		}
		kind = 'inventory';
		warnings.push(...plan.notes);
		const others = candidates.filter(([n]) => n !== tableName).map(([n]) => source.listings?.[n]?.label ?? n);
		if (others.length) warnings.push(`Only ${source.listings?.[tableName]?.label ?? tableName} was read: ${others.join(', ')} ${others.length > 1 ? 'are other listings' : 'is another listing'}, and one listing is read at a time. Parts of one listing are read together when their names number them (listing-1.csv, listing-2.csv, …).`);
		timeUnits = plan.units;
		progress({ label: 'Building the file model', done: 1, total: steps, unit: 'steps' });
		await host.exec(inventoryFilesViewSql(table, plan.mapping, timeUnits, openedMs, plan.reads), signal);
	}

	const builds = summaryBuildSql(asOfMs);
	// An Aparavi export's facts are built above, slice by slice; an inventory's here in one pass.
	const factsBuilt = kind === 'aparavi';
	for (let i = factsBuilt ? 1 : 0; i < builds.length && !summariesBuilt; i++) {
		progress({ label: builds[i].label, done: 2 + i, total: steps, unit: 'steps' });
		for (const statement of splitStatements(builds[i].sql)) await host.exec(statement, signal);
	}
	progress({ label: 'Summaries ready', done: steps, total: steps, unit: 'steps' });

	const [counts] = await host.rows(
		`SELECT coalesce(sum(files),0) AS files, coalesce(sum(files) - sum(dated),0) AS undated, coalesce(sum(files) - sum(sized),0) AS unsized FROM s_cube`
	);
	const valueNotesFound = await countUnreadable(host, shape, valueColumns, timeUnits, Number(counts.unsized), progress, signal);
	return {
		name: source.name,
		format: source.format,
		kind,
		tables: await tableInfos(host, shape),
		asOfMs,
		openedMs,
		timeUnits,
		files: Number(counts.files),
		notes: [...cleaningNotes({ undatedModified: Number(counts.undated), unsized: Number(counts.unsized), duplicateIds, extraRows }), ...valueNotesFound],
		warnings,
		openMs: performance.now() - source.started,
		builders,
		factsParts,
		mappingNeeded: null
	};
}

/**
 * The unreadable values of the columns read as sizes and times, counted for the notes
 * (src/lib/model/dirty.ts): one scan per table concerned, only when there is something to explain.
 */
async function countUnreadable(
	host: DuckDBHost,
	shape: ExportShape,
	columns: { table: string; column: string; reads: 'size' | 'time' }[],
	units: TimeUnits,
	unsized: number,
	progress: ProgressFn,
	signal?: AbortSignal
): Promise<CleaningNote[]> {
	const checks = valueChecks(shape, columns, units, { unsized });
	const notes: CleaningNote[] = [];
	for (const table of new Set(checks.map((c) => c.table))) {
		const mine = checks.filter((c) => c.table === table);
		progress({ label: `Counting values of ${table} that could not be read`, done: 0, total: 0, unit: 'steps' });
		const [row] = await host.rows(valueCheckSql(shape.table(table)!.ref, mine), signal);
		notes.push(...valueNotes(table, mine, row));
	}
	return notes;
}

/** Rows of `objects` repeating an objectId, and how many objectIds repeat (docs/MODEL.md). */
interface Duplicates {
	extraRows: number;
	duplicateIds: number;
}

/** The duplicates among the files, of one slice or of all: the de-duplication is paid only where needed. */
async function findDuplicates(host: DuckDBHost, shape: ExportShape, slice: Partition | undefined, signal?: AbortSignal): Promise<Duplicates> {
	const [{ extra }] = await host.rows(extraObjectRowsSql(shape, slice), signal);
	const extraRows = Number(extra);
	const duplicateIds = extraRows > 0 ? Number((await host.rows(duplicatedObjectIdsSql(shape, slice), signal))[0].ids) : 0;
	return { extraRows, duplicateIds };
}

/**
 * Materialise `facts` from an Aparavi export, in slices of objectId when the export is large
 * (src/lib/model/partitions.ts): each slice's current-instance aggregation holds 1/n of the
 * objects, so wasm memory stays bounded, progress counts real rows, and after the first slice
 * (a uniform sample) the person sees a preview Summary while the rest loads. Repeated objectIds
 * are counted slice by slice too (all rows of one objectId share a slice). Leaves the `files`
 * view over the whole export.
 *
 * When the export is a dropped `.duckdb` File and the plan allows it (src/lib/model/memory-plan.ts),
 * a second DuckDB builds slices from the other end of the list at the same time, into its own
 * file, which then stays with the store: `facts` becomes a view over the engine's table and the
 * helper's (workers/engine/build-helper.ts). Should the helper fail, the engine builds its slices
 * again itself. The time units are decided here too (`detectUnits`), then the first view is drawn
 * from a cluster sample (sendClusterEstimate); with two engines the helper plans (slice boundaries,
 * the sample's duplicate check) once it is drawn. A first view is refined as each slice is counted
 * (refineSlices): every slice is then summed as it is built, and the summaries are the merged parts.
 */
async function materialiseFacts(
	host: DuckDBHost,
	shape: ExportShape,
	detectUnits: () => Promise<TimeUnits>,
	asOfMs: number,
	progress: ProgressFn,
	signal: AbortSignal | undefined,
	options: OpenOptions,
	readInPlace: SourceMeta['readInPlace'],
	/** The moment of opening: times more than a year after it are junk. */
	openedMs: number,
	/** The first view drawn before the rows were imported (a Parquet export's sample). */
	drawnFirst: FirstView | null = null
): Promise<Duplicates & { units: TimeUnits; builders: number; summariesBuilt: boolean; factsParts?: FactsPart[] }> {
	const objects = shape.table('objects')!;
	const [{ n }] = await host.rows(`SELECT count(*) AS n FROM ${objects.ref}`);
	const total = Number(n);
	const count = partitionsFor(total, options);
	const select = factsSelectSql(asOfMs);
	if (count <= 1) {
		if (drawnFirst) await dropFirstViewSample(host);
		const units = await detectUnits();
		const found = await findDuplicates(host, shape, undefined, signal);
		await host.exec(filesViewSql(shape, units, openedMs, undefined, { dedupe: found.extraRows > 0 }), signal);
		progress({ label: 'Materialising the file model', done: 0, total, unit: 'rows' });
		await host.exec(`CREATE OR REPLACE TABLE facts AS ${select}`, signal);
		return { ...found, units, builders: 1, summariesBuilt: false };
	}
	const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : undefined;
	const partFile = currentPartFile();
	const helped = readInPlace !== undefined && partFile !== null && wantsBuildHelper(total, count, storeOnDisk(), cores, options.builders);
	// The helper boots first: it places the slice boundaries while the engine decides the time units.
	const helperBoot = helped
		? BuildHelper.start(readInPlace.file, readInPlace.name, partFile).catch((e: unknown) => {
				console.warn('The build helper did not start; the engine builds alone.', e);
				return null;
			})
		: Promise.resolve(null);

	const engine = sliceBuilder(host);
	/** The helper's share while it builds (for progress). */
	let helperPart: SliceBuilder | null = null;
	let finished = 0;
	let builders = 1;
	let summariesBuilt = false;
	let factsParts: FactsPart[] | undefined;
	/** Whether the helper's file became part of the store (else it is deleted at the end). */
	let helperKept = false;
	let units: TimeUnits | null = null;
	try {
		/**
		 * Whether the first slice is the hash sample: only when no first view was drawn from a cluster
		 * sample. The hash sample reads the whole export for a preview; without it every slice is a
		 * range, a read of its own rows.
		 */
		let sampled = true;
		// Two engines share the ranges in halves of the usual size (the sample stays 1/count): the one
		// that finishes first then waits at most one small range for the other.
		const rangeCount = () => (sampled ? count - 1 : count) * (helped ? 2 : 1);
		const boundsOn = async (h: DuckDBHost) => (await h.rows(sliceBoundsSql(shape, rangeCount() + 1), signal)).map((r) => String(r.k));
		const sample: Partition = { kind: 'sample', count };
		// With two engines the helper plans the slice boundaries and the sample's duplicate check (two
		// full reads) once the first view is drawn: run beside the engine's votes and first estimate,
		// its reads put the first view seconds later.
		let firstViewDone = () => {};
		const afterFirstView = new Promise<void>((resolve) => (firstViewDone = resolve));
		const helperPlans = Promise.all([helperBoot, afterFirstView]).then(async ([h]) => {
			if (!h) return null;
			try {
				return { bounds: await boundsOn(h.host), sampleDuplicates: sampled ? await findDuplicates(h.host, shape, sample, signal) : null };
			} catch (e) {
				console.warn('The build helper could not plan the slices; the engine does.', e);
				return null;
			}
		});
		let firstView = drawnFirst;
		try {
			units = await detectUnits();
			firstView ??= await sendClusterEstimate(host, shape, units, { openedMs, asOfMs, totalRows: total, parts: count, progress, signal });
			sampled = !firstView;
		} finally {
			firstViewDone();
		}
		const plan = await helperPlans;
		progress({ label: 'Materialising the file model (planning its slices)', done: 0, total, unit: 'rows' });
		const slices = slicesFor(count, plan?.bounds ?? (await boundsOn(host)), { sample: sampled });
		const queue = [...slices];
		const sliceUnits = units;
		// A first view is refined slice by slice: each slice's exact sums come from its part of the
		// summary tables, so every slice is summed as it is built (the summaries are then their merge).
		let refinement: EstimateRefinement | null = firstView ? await refineSlices(host, firstView, slices, signal) : null;
		const summing = helped || refinement !== null;
		const shownKeys = refinement?.shownKeys();
		/** Count a slice into the refinement; should that fail, the estimate stays as it stands (the build goes on). */
		const refine = async (b: SliceBuilder, slice: Partition, cubeFrom: number, fileRows: number) => {
			if (!refinement) return;
			try {
				const sums = (await b.host.rows(sliceExactSumsSql(cubeFrom, shownKeys), signal)).map((r) => ({ dim: String(r.dim), key: String(r.key), files: Number(r.files), bytes: Number(r.bytes), sized: Number(r.sized) }));
				refinement.add(slices.indexOf(slice), sums, fileRows);
			} catch (e) {
				if (signal?.aborted) throw e;
				console.warn('The first estimate is no longer refined: it stays as it stands until the exact Summary.', e);
				refinement = null;
			}
		};

		const report = (refined = false) =>
			progress({
				label: `Materialising the file model (${finished} of ${slices.length} parts${helperPart ? ', two engines at once' : ''})`,
				done: engine.rows + (helperPart?.rows ?? 0),
				total,
				unit: 'rows',
				...(refined && firstView && refinement ? { preview: { ...firstView.preview, estimate: refinement.estimate() } } : {})
			});
		const build = async (b: SliceBuilder, slice: Partition) => {
			if (signal?.aborted) throw new EngineError('cancelled', 'Opening was cancelled.');
			const found = slice.kind === 'sample' && plan?.sampleDuplicates ? plan.sampleDuplicates : await findDuplicates(b.host, shape, slice, signal);
			await b.host.exec(filesViewSql(shape, sliceUnits, openedMs, slice, { dedupe: found.extraRows > 0 }), signal);
			await b.host.exec(b.created ? `INSERT INTO facts ${select}` : `CREATE OR REPLACE TABLE facts AS ${select}`, signal);
			b.created = true;
			const rowsBefore = b.rows;
			b.rows = Number((await b.host.rows(`SELECT count(*) AS rows FROM facts`))[0].rows);
			// With two engines each sums its slices as it builds them: the summing is shared out with
			// the slices, so the engines still finish together (summed at the end, the one with more
			// rows kept the other waiting).
			if (summing) {
				const cubeFrom = refinement && b.summed ? Number((await b.host.rows(PART_CUBE_ROWS_SQL, signal))[0].n) : 0;
				for (const statement of partialSummarySql(rowsBefore)) await b.host.exec(statement, signal);
				b.summed = true;
				// The slice's file rows of `objects`: its files, and the repeats of an objectId folded into them.
				await refine(b, slice, cubeFrom, b.rows - rowsBefore + found.extraRows);
			}
			b.found.extraRows += found.extraRows;
			b.found.duplicateIds += found.duplicateIds;
			b.built.push(slice);
			finished++;
			report(refinement !== null);
		};
		const engineBuilds = async () => {
			for (let slice = queue.shift(); slice; slice = queue.shift()) {
				await build(engine, slice);
				// The sample is 1 of `count` parts of the files whatever the number of ranges: the preview's
				// estimates multiply by `count`. With two engines it is summed already: its parts make the
				// preview's summaries.
				if (slice.kind === 'sample')
					await sendPreview(host, shape, asOfMs, { part: 1, parts: count, sampleFiles: engine.rows, method: 'hash' }, progress, total, signal, engine.summed ? mergedSummarySql(['ds']) : undefined);
			}
		};
		/** The helper takes slices from the end; what it had built is rebuilt by the engine if it fails. */
		const helperBuilds = async (): Promise<{ helper: BuildHelper; part: SliceBuilder } | { redo: Partition[] }> => {
			const helper = await helperBoot;
			if (!helper || !queue.length) return { redo: [] };
			const part = (helperPart = sliceBuilder(helper.host));
			let current: Partition | undefined;
			try {
				for (current = queue.pop(); current; current = queue.pop()) await build(part, current);
				return { helper, part };
			} catch (e) {
				if (signal?.aborted) throw e;
				console.warn('The build helper failed; the engine builds its slices again.', e);
				helperPart = null;
				finished -= part.built.length;
				return { redo: current ? [...part.built, current] : part.built };
			}
		};

		report();
		const [, result] = await Promise.all([engineBuilds(), helperBuilds()]);
		if ('redo' in result) {
			for (const slice of result.redo) await build(engine, slice);
			// The engine built (and summed) every slice itself.
			if (engine.summed) {
				for (const statement of mergedSummarySql(['ds'])) await host.exec(statement, signal);
				summariesBuilt = true;
			}
		} else if (result.part.created) {
			const { helper, part } = result;
			progress({ label: 'Materialising the file model (joining the two engines\' parts)', done: engine.rows + part.rows, total, unit: 'rows' });
			await helper.finish();
			helperKept = true;
			factsParts = await factsOverParts(host, helper.store, engine.rows, part.rows, signal);
			// Both parts summed: the summaries are their sum.
			if (engine.summed && part.summed) {
				progress({ label: 'Summarising files (adding up the two engines\' parts)', done: engine.rows + part.rows, total, unit: 'rows' });
				for (const statement of mergedSummarySql(['ds', PART_ALIAS])) await host.exec(statement, signal);
				summariesBuilt = true;
			}
			engine.found.extraRows += part.found.extraRows;
			engine.found.duplicateIds += part.found.duplicateIds;
			builders = 2;
		}
		if (engine.summed) for (const table of PART_TABLES) await host.exec(`DROP TABLE IF EXISTS ${table}`, signal);
	} finally {
		// Awaited even when the engine failed first: a helper still booting must not outlive the build.
		const started = await helperBoot;
		if (started) {
			// The helper's statements join the engine's log, so the Performance panel shows the whole build.
			host.adoptLog(started.host.log, 'build helper');
			if (!helperKept) await started.abandon();
		}
		await dropFirstViewSample(host);
		// Every later query reads the whole export again.
		if (units) await host.exec(filesViewSql(shape, units, openedMs, undefined, { dedupe: engine.found.extraRows > 0 }), signal);
	}
	return { ...engine.found, units, builders, summariesBuilt, factsParts };
}

/**
 * Keep the helper's rows where they are: its file is attached read-only as `part2` for good (it
 * belongs to the store now) and `facts` becomes a view over the engine's table and the helper's.
 * Copying them into one table cost more than building them (docs/MODEL.md, "Two engines at once").
 */
async function factsOverParts(host: DuckDBHost, helperStore: string, engineRows: number, helperRows: number, signal?: AbortSignal): Promise<FactsPart[]> {
	await host.attachOpfs(helperStore, PART_ALIAS);
	const parts: FactsPart[] = [
		{ table: 'facts_part1', rows: engineRows },
		{ table: `${PART_ALIAS}.main.facts`, rows: helperRows }
	];
	await host.exec(`ALTER TABLE facts RENAME TO ${parts[0].table}`, signal);
	await host.exec(`CREATE VIEW facts AS ${parts.map((p) => `SELECT * FROM ${p.table}`).join(' UNION ALL ')}`, signal);
	return parts;
}

/** One DuckDB's share of a sliced facts build. */
interface SliceBuilder {
	host: DuckDBHost;
	/** Whether its `facts` exists yet (the first slice creates it, later ones append). */
	created: boolean;
	rows: number;
	found: Duplicates;
	built: Partition[];
	/** Whether it has summed its slices into its part of the additive summary tables (partialSummarySql). */
	summed: boolean;
}

const sliceBuilder = (host: DuckDBHost): SliceBuilder => ({ host, created: false, rows: 0, found: { extraRows: 0, duplicateIds: 0 }, built: [], summed: false });

/**
 * A Summary of the first slice, for the person to read while the rest loads: the cubes are built
 * over the partial `facts` (they are rebuilt over all of it at the end) and answered as usual.
 * `statements` build them: by default summaryBuildSql's, or the merge of the slice's summed parts.
 */
async function sendPreview(
	host: DuckDBHost,
	shape: ExportShape,
	asOfMs: number,
	meta: Omit<SummaryPreview, 'summary'>,
	progress: ProgressFn,
	total: number,
	signal?: AbortSignal,
	statements = summaryBuildSql(asOfMs)
		.slice(1)
		.flatMap((b) => splitStatements(b.sql))
): Promise<void> {
	for (const statement of statements) await host.exec(statement, signal);
	const summary = await answer(host, { kind: 'summary', phase: 'fast' }, { shape, asOfMs }, signal);
	if (summary.kind !== 'summary') return;
	progress({ label: 'Materialising the file model (the rest, after the sample)', done: meta.sampleFiles, total, unit: 'rows', preview: { ...meta, summary } });
}

/** The listing to read: the one the person mapped, else the first whose column names map, else the first. */
function listingTable(candidates: [string, TableShape][], mapping?: InventoryMapping): [string, TableShape] {
	if (mapping) {
		const chosen = candidates.find(([n]) => n === mapping.table.toLowerCase());
		if (chosen) return chosen;
	}
	return candidates.find(([name, t]) => mappingComplete(guessMapping(name, t.columns))) ?? candidates[0];
}
