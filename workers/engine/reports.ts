/**
 * Answering a report page: each of its parts (src/lib/reports/kit/define.ts) from the smallest
 * table that holds what it needs (src/lib/model/sources.ts): typed arrays when that table is held,
 * SQL over it otherwise. A part that only a scan of every file can answer waits for the second
 * phase; one that needs the report build waits for it ("preparing").
 */
import { EngineError } from '../../src/lib/engine/errors';
import { activeDimensions, emptyFilters, filterWhere, normaliseFilters, type Filters } from '../../src/lib/model/filters';
import { aggregateSql, neededDimensions, MAX_AGGREGATE_ROWS, type Aggregate } from '../../src/lib/model/aggregate';
import { answerAggregate } from '../../src/lib/model/aggregate-memory';
import { sourceFor, type Source } from '../../src/lib/model/sources';
import { listCheckSql, listIsExact, listRowsSql, listScanRowsSql, packListSql, type ListQuery } from '../../src/lib/model/lists';
import { factsStore, rowsWithPositionSql } from '../../src/lib/model/explorer';
import { REPORTS } from '../../src/lib/reports/registry';
import { isListPart, type Part, type ReportParams, type ReportResult, type Row, type SqlContext } from '../../src/lib/reports/kit/define';
import type { DuckDBHost } from './duckdb';
import type { OpenModel } from './queries';
import type { ReportPhase } from '../../src/lib/model/queries';
import type { ReportMemory } from './report-memory';

export type { ReportPhase } from '../../src/lib/model/queries';

/** What the report build has made for the open dataset (null: not yet, or not for this kind of dataset). */
export interface ReportTables {
	/** Rows per report table that exists. */
	rows: Record<string, number>;
	memory: ReportMemory | null;
}

const PACK_NOTE =
	'This is a summary pack: it holds the summary tables, a uniform sample of files and the largest files, not every file. Parts that need every file are not shown; open the export itself for them.';

export async function answerReport(
	host: DuckDBHost,
	model: OpenModel,
	reports: ReportTables | null,
	query: { report: string; filters?: Filters; params?: ReportParams; phase?: ReportPhase },
	signal?: AbortSignal
): Promise<ReportResult> {
	const definition = Object.hasOwn(REPORTS, query.report) ? REPORTS[query.report] : undefined;
	if (!definition) throw new EngineError('internal', `There is no report named "${String(query.report).slice(0, 80)}".`);
	const filters = normaliseFilters(query.filters ?? emptyFilters());
	const params = query.params ?? {};
	const phase = query.phase ?? 'all';
	const result: ReportResult = { kind: 'report', report: definition.id, tables: {}, pending: {}, queries: [] };
	const available = (table: string) => !table.startsWith('r_') || (reports !== null && table in reports.rows);
	/** A report table missing now: the build will make it, unless there is no build for this dataset. */
	const missing = (name: string) => {
		if (reports === null && (!model.pack || model.packReportsPending)) result.pending[name] = 'preparing';
		else {
			result.tables[name] = null;
			if (model.pack) result.notes = [PACK_NOTE];
		}
	};
	const timed = async <T>(name: string, source: string, work: () => Promise<T>): Promise<T> => {
		const started = performance.now();
		const out = await work();
		result.queries.push({ name, source, ms: performance.now() - started });
		return out;
	};
	for (const [name, part] of Object.entries(definition.parts) as [string, Part][]) {
		if (signal?.aborted) throw new EngineError('cancelled', 'The request was cancelled.');
		if (phase === 'lists' && !isListPart(part)) continue;
		if (part.kind === 'aggregate') {
			if (part.when && !part.when(filters, params)) {
				if (phase !== 'scan') result.tables[name] = null;
				continue;
			}
			const a = part.aggregate;
			const dims = neededDimensions(a, activeDimensions(filters));
			const source = sourceFor(dims, a.measures, { available, rows: (t) => reports?.rows[t], summaryOnly: model.pack && reports === null });
			if (!source || (source.report && !available(source.table))) {
				missing(name);
				continue;
			}
			if (source.scan && phase === 'fast') {
				result.pending[name] = 'scan';
				continue;
			}
			if (!source.scan && phase === 'scan') continue;
			if (source.scan && model.pack) {
				result.tables[name] = null;
				result.notes = [PACK_NOTE];
				continue;
			}
			result.tables[name] = await timed(name, source.table, () => aggregateRows(host, reports, source, a, filters, signal));
		} else if (part.kind === 'list') {
			// Lists come after the figures (their own phase): a page's figures never wait for its rows.
			if (phase === 'fast') {
				result.pending[name] = 'list';
				continue;
			}
			const q: ListQuery = { list: part.list, filters, where: part.where?.(params), limit: part.limit };
			const fromPack = model.pack && reports === null ? packListSql(q) : null;
			if (fromPack) {
				if (phase !== 'scan') result.tables[name] = (await timed(name, 'p_top_files', () => host.rows(fromPack, signal))) as Row[];
				continue;
			}
			if (!available('r_list_largest')) {
				if (phase !== 'scan') missing(name);
				continue;
			}
			const check = (await host.rows(listCheckSql(q), signal))[0];
			if (listIsExact(check, q.limit)) {
				if (phase !== 'scan') result.tables[name] = (await timed(name, `r_list_${part.list}`, () => host.rows(listRowsSql(q), signal))) as Row[];
				continue;
			}
			if (phase === 'lists') {
				result.pending[name] = 'scan';
				continue;
			}
			if (model.pack) {
				result.tables[name] = null;
				result.notes = [PACK_NOTE];
				continue;
			}
			result.tables[name] = (await timed(name, 'r_files', () => host.rows(listScanRowsSql(q, factsStore(model.factsParts)), signal))) as Row[];
		} else {
			if (part.reads.some((t) => !available(t))) {
				missing(name);
				continue;
			}
			const scan = part.scan === true;
			// The statement first: a scan part with nothing to ask under these filters (null) is not pending.
			const ctx: SqlContext = { shape: model.shape, asOfMs: model.asOfMs, openedMs: model.openedMs ?? model.asOfMs, filters, where: filterWhere(filters), params, factsWithPosition: rowsWithPositionSql(factsStore(model.factsParts)), available };
			const statement = part.sql(ctx);
			if (statement === null) {
				if (phase !== 'scan' || scan) result.tables[name] = null;
				continue;
			}
			if (scan && phase === 'fast') {
				result.pending[name] = 'scan';
				continue;
			}
			if (!scan && part.list && phase === 'fast') {
				result.pending[name] = 'list';
				continue;
			}
			if (!scan && phase === 'scan') continue;
			if (scan && phase === 'lists') continue;
			if (model.pack && scan) {
				result.tables[name] = null;
				result.notes = [PACK_NOTE];
				continue;
			}
			const read = () => host.rows(statement, signal);
			const memory = reports?.memory;
			result.tables[name] = (await timed(name, part.reads.join('+') || 'sql', () => (memory ? memory.answer(statement, read) : read()))) as Row[];
		}
	}
	return result;
}

const nullable = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

async function aggregateRows(host: DuckDBHost, reports: ReportTables | null, source: Source, a: Aggregate, filters: Filters, signal?: AbortSignal): Promise<Row[]> {
	const held = reports?.memory ? await reports.memory.table(host, source, reports.rows[source.table], signal) : null;
	if (held) return answerAggregate(held, a, filters, reports!.memory!.dicts);
	if (source.coded && !reports) throw new EngineError('internal', `${source.table} is read before the report build made it.`);
	return (await host.rows(aggregateSql(a, source, filters), signal, MAX_AGGREGATE_ROWS)) as Row[];
}
