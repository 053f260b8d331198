/**
 * Queries as data: the main thread names what it wants; the engine compiles it with the model.
 * Results are small and typed by construction.
 */
import type { Filters, Grain } from './filters';
import type { SummaryResult } from './summary';
import type { ReportParams, ReportResult } from './reports/types';

/**
 * The Executive Summary under filters. `phase` 'fast' answers what the summary tables can (in
 * milliseconds) and lists the rest in `pending`; 'scan' answers only those pending parts, with a
 * scan of the file rows; 'all' (the default) answers everything at once.
 */
export type ModelQuery =
	| { kind: 'summary'; filters?: Filters; grain?: Grain; phase?: SummaryPhase }
	/** A report page's tables (src/lib/model/reports), under the same filters as the Summary. */
	| { kind: 'report'; report: string; filters?: Filters; params?: ReportParams };

export type SummaryPhase = 'fast' | 'scan' | 'all';

export type QueryResult = SummaryResult | ReportResult;

/** What each kind of query resolves to, so a caller gets the right result type. */
export type ResultOf<Q extends ModelQuery> = Q extends { kind: 'summary' } ? SummaryResult : ReportResult;
