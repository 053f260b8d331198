/** Answering model queries: compile with the model, run, and shape a small typed result. */
import { EngineError } from '../../src/lib/engine/errors';
import { emptyFilters, normaliseFilters, viewKey, type SummaryView } from '../../src/lib/model/filters';
import type { ModelQuery, QueryResult, SummaryPhase } from '../../src/lib/model/queries';
import { batchCharts, planSummary, type ChartPart, type Kpis, type PlannedPart, type SummaryResult } from '../../src/lib/model/summary';
import type { DuckDBHost, Row } from './duckdb';

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

async function summary(host: DuckDBHost, view: SummaryView, phase: SummaryPhase, signal?: AbortSignal): Promise<SummaryResult> {
	const plan = planSummary(view);
	const result: SummaryResult = {
		kind: 'summary',
		key: viewKey(view),
		kpis: {},
		charts: {},
		pending: phase === 'fast' ? plan.filter((p) => p.scan).map((p) => p.part) : [],
		queries: []
	};
	const todo = plan.filter((p) => !((phase === 'fast' && p.scan) || (phase === 'scan' && !p.scan)));
	const timed = async (parts: PlannedPart[], sql: string) => {
		const started = performance.now();
		const rows = await host.rows(sql, signal);
		result.queries.push({ parts: parts.map((p) => p.part), source: [...new Set(parts.map((p) => p.source))].join('+'), ms: performance.now() - started });
		return rows;
	};
	for (const part of todo) {
		if (part.part === 'kpis') Object.assign(result.kpis, kpisOf((await timed([part], part.sql))[0] ?? {}));
		else if (part.part === 'folders') Object.assign(result.kpis, foldersOf((await timed([part], part.sql))[0] ?? {}));
	}
	// The charts: one statement per batch, split back by part (rows come ordered by part, ord).
	for (const batch of batchCharts(todo.filter((p) => p.part !== 'kpis' && p.part !== 'folders'))) {
		const rows = await timed(batch.parts, batch.sql);
		for (const p of batch.parts) result.charts[p.part as ChartPart] = [];
		for (const r of rows) result.charts[r.part as ChartPart]?.push({ key: String(r.key ?? ''), files: num(r.files), bytes: num(r.bytes) });
	}
	return result;
}

export async function answer(host: DuckDBHost, query: ModelQuery, hasDataset: boolean, signal?: AbortSignal): Promise<QueryResult> {
	if (!hasDataset) throw new EngineError('no-dataset', 'No dataset is open yet.', 'Drop an export, or try the sample data.');
	switch (query.kind) {
		case 'summary': {
			// Filters crossed a boundary: bring them to the canonical form before any SQL is made.
			const view: SummaryView = { filters: normaliseFilters(query.filters ?? emptyFilters()), grain: query.grain ?? 'month' };
			return summary(host, view, query.phase ?? 'all', signal);
		}
	}
}
