/** Answering model queries: compile with the model, run, and shape a small typed result. */
import type { FactsPart } from '../../src/lib/model/dataset';
import { EngineError } from '../../src/lib/engine/errors';
import { emptyFilters, normaliseFilters, viewKey, type SummaryView } from '../../src/lib/model/filters';
import type { ModelQuery, QueryResult, SummaryPhase } from '../../src/lib/model/queries';
import { batchCharts, foldersFromReportsSql, planSummary, type ChartPart, type Kpis, type PlannedPart, type SummaryResult } from '../../src/lib/model/summary';
import { answerReport, type ReportTables } from './reports';
import type { ExportShape } from '../../src/lib/model/shape';
import type { DuckDBHost, Row } from './duckdb';
import { answerFromMemory, type CubeMemory } from '../../src/lib/model/cube-answer';
import type { Progress } from '../../src/lib/engine/protocol';
import { explorerCount, explorerExport, explorerFile, explorerIndex, explorerPage } from './explorer';

/** What a query may read besides the summary tables: the export's shape, the ages' instant. */
export interface OpenModel {
	shape: ExportShape;
	asOfMs: number;
	/** When the export was opened (the junk cut-off is a year after it); as-of when unknown. */
	openedMs?: number;
	/** A summary pack: no `facts` table (see src/lib/model/pack.ts). */
	pack?: boolean;
	/** The fast phase's tables in typed arrays, once loaded (workers/engine/cube-memory.ts). */
	cubes?: CubeMemory | null;
	/** `facts` stored in two parts (DatasetInfo.factsParts); absent when it is one table. */
	factsParts?: FactsPart[];
	/** The report build's tables, once it is done (null before). */
	reports?: ReportTables | null;
	/** A pack whose report tables are still to be looked at (its parts wait, as an export's wait for the build). */
	packReportsPending?: boolean;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function kpisOf(k: Row): Partial<Kpis> {
	const out: Partial<Kpis> = {
		files: num(k.files),
		bytes: num(k.bytes),
		extensions: num(k.extensions),
		oldestModified: numOrNull(k.oldestModified),
		newestModified: numOrNull(k.newestModified),
		averageSize: numOrNull(k.averageSize),
		invalidModified: num(k.invalidModified),
		nullSize: num(k.nullSize)
	};
	if ('folders' in k) Object.assign(out, foldersOf(k));
	return out;
}

function foldersOf(k: Row): Partial<Kpis> {
	return { folders: num(k.folders), medianSize: numOrNull(k.medianSize) };
}

async function summary(host: DuckDBHost, view: SummaryView, phase: SummaryPhase, signal?: AbortSignal, pack = false, cubes: CubeMemory | null = null, reports: ReportTables | null = null): Promise<SummaryResult> {
	const plan = planSummary(view);
	if (pack && phase === 'scan') {
		throw new EngineError('not-in-pack', 'a summary pack does not hold every file, and these figures need them under filters', 'Open the export itself for the exact folder count and median of a filtered view.');
	}
	const result: SummaryResult = {
		kind: 'summary',
		key: viewKey(view),
		kpis: {},
		charts: {},
		pending: phase === 'fast' ? plan.filter((p) => p.scan).map((p) => p.part) : [],
		queries: []
	};
	// A pack has no rows to scan: those parts stay pending, and asking for them says why.
	if (pack && phase === 'all') result.pending = plan.filter((p) => p.scan).map((p) => p.part);
	let todo = plan.filter((p) => !((phase === 'fast' && p.scan) || (phase === 'scan' && !p.scan) || (pack && p.scan)));
	// Every part a summary table answers, from typed arrays when they are loaded: no SQL at all.
	const fromMemory = cubes ? answerFromMemory(cubes, view, todo.filter((p) => !p.scan)) : null;
	if (fromMemory) {
		Object.assign(result.kpis, fromMemory.kpis);
		Object.assign(result.charts, fromMemory.charts);
		result.queries.push(...fromMemory.queries);
		todo = todo.filter((p) => p.scan);
	}
	const timed = async (parts: PlannedPart[], sql: string) => {
		const started = performance.now();
		const rows = await host.rows(sql, signal);
		result.queries.push({ parts: parts.map((p) => p.part), source: [...new Set(parts.map((p) => p.source))].join('+'), ms: performance.now() - started });
		return rows;
	};
	for (const part of todo) {
		if (part.part === 'kpis') Object.assign(result.kpis, kpisOf((await timed([part], part.sql))[0] ?? {}));
		else if (part.part === 'folders') {
			// Once the report build is done, its indexes answer without a scan of `facts`.
			const fromReports = reports ? foldersFromReportsSql(view.filters, (t) => t in reports.rows) : null;
			if (!fromReports) Object.assign(result.kpis, foldersOf((await timed([part], part.sql))[0] ?? {}));
			else {
				const [f] = await timed([fromReports.folders], fromReports.folders.sql);
				const [m] = await timed([fromReports.median], fromReports.median.sql);
				Object.assign(result.kpis, foldersOf({ folders: f?.folders, medianSize: m?.medianSize }));
			}
		}
	}
	// The charts: one statement per batch, split back by part (rows come ordered by part, ord).
	for (const batch of batchCharts(todo.filter((p) => p.part !== 'kpis' && p.part !== 'folders'))) {
		const rows = await timed(batch.parts, batch.sql);
		for (const p of batch.parts) result.charts[p.part as ChartPart] = [];
		for (const r of rows) result.charts[r.part as ChartPart]?.push({ key: String(r.key ?? ''), files: num(r.files), bytes: num(r.bytes) });
	}
	return result;
}

/** Filters crossed a boundary: bring them to the canonical form before any SQL is made. */
const viewOf = (query: Extract<ModelQuery, { kind: 'summary' }>): SummaryView => ({ filters: normaliseFilters(query.filters ?? emptyFilters()), grain: query.grain ?? 'month' });

/**
 * A Summary's fast phase when the typed arrays hold every table it reads: answered at once, with
 * no DuckDB, so a click need not wait behind the previous view's scan being cancelled. Null when
 * any part needs SQL (the request then takes its turn in the queue).
 */
export function answerAtOnce(query: ModelQuery, model: OpenModel | null): SummaryResult | null {
	if (!model?.cubes || model.pack || query.kind !== 'summary' || query.phase !== 'fast') return null;
	const view = viewOf(query);
	const plan = planSummary(view);
	const fromMemory = answerFromMemory(model.cubes, view, plan.filter((p) => !p.scan));
	if (!fromMemory) return null;
	return {
		kind: 'summary',
		key: viewKey(view),
		kpis: fromMemory.kpis,
		charts: fromMemory.charts,
		pending: plan.filter((p) => p.scan).map((p) => p.part),
		queries: fromMemory.queries
	};
}

export async function answer(host: DuckDBHost, query: ModelQuery, model: OpenModel | null, signal?: AbortSignal, progress: (p: Progress) => void = () => {}): Promise<QueryResult> {
	if (!model) throw new EngineError('no-dataset', 'No dataset is open yet.', 'Drop an export, or try the sample data.');
	switch (query.kind) {
		case 'summary':
			return summary(host, viewOf(query), query.phase ?? 'all', signal, model.pack ?? false, model.cubes ?? null, model.reports ?? null);
		case 'report':
			return answerReport(host, model, model.reports ?? null, query, signal);
		case 'explorerPage':
			return explorerPage(host, model, query.view, Math.floor(query.from), Math.floor(query.to), progress, signal);
		case 'explorerCount':
			return explorerCount(host, model, query.view, progress, signal);
		case 'explorerIndex':
			return explorerIndex(host, model, Number(query.slices) || 1, progress, signal);
		case 'explorerFile':
			return explorerFile(host, model, String(query.objectId), signal);
		case 'explorerExport':
			return explorerExport(host, model, query.view, query.format === 'parquet' ? 'parquet' : 'csv', progress, signal);
	}
}
