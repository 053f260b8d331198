/**
 * Queries as data: the main thread names what it wants; the engine compiles it with the model.
 * Results are small and typed by construction.
 */
import type { Filters, Grain } from './filters';
import type { SummaryResult } from './summary';
import type { ReportParams, ReportResult } from '../reports/kit/define';
import type { ExplorerRow, ExplorerView } from './explorer';

/**
 * The Executive Summary under filters. `phase` 'fast' answers what the summary tables can (in
 * milliseconds) and lists the rest in `pending`; 'scan' answers only those pending parts, with a
 * scan of the file rows; 'all' (the default) answers everything at once.
 */
export type ModelQuery =
	| { kind: 'summary'; filters?: Filters; grain?: Grain; phase?: SummaryPhase }
	/**
	 * A report page's parts (src/lib/reports/<id>/report.ts), under the same filters as the Summary:
	 * 'fast' what the summary tables answer, 'lists' its ranked lists, 'scan' the parts that read
	 * every file, 'all' every one.
	 */
	| { kind: 'report'; report: string; filters?: Filters; params?: ReportParams; phase?: ReportPhase }
	/**
	 * Explorer (src/lib/model/explorer.ts): rows at display positions [from, to] (at most 1,000) of
	 * the view. The first request for a view builds what it needs (sort index, filtered copy) and
	 * reports progress; later ones read one row group.
	 */
	| { kind: 'explorerPage'; view: ExplorerView; from: number; to: number }
	/** Count a view (a search's first page comes before its count): the total, with progress. */
	| { kind: 'explorerCount'; view: ExplorerView }
	/** Build up to `slices` more slices of the search index (src/lib/model/explorer-search.ts). */
	| { kind: 'explorerIndex'; slices: number }
	/** One file: its facts row, its instances (versions) from the export, metadata as stored. */
	| { kind: 'explorerFile'; objectId: string }
	/** The whole view, filtered and sorted, as a CSV or Parquet file written in the engine. */
	| { kind: 'explorerExport'; view: ExplorerView; format: 'csv' | 'parquet' };

/** The phases of a report page's answer (workers/engine/reports.ts). */
export type ReportPhase = 'fast' | 'lists' | 'scan' | 'all';

export type SummaryPhase = 'fast' | 'scan' | 'all';

export interface ExplorerPageResult {
	kind: 'explorerPage';
	/** Which rows the view holds (src/lib/model/explorer.ts rowsKey): a page of another key is stale. */
	key: string;
	/** Files the view keeps; when not `exact`, the rows found so far (a search's first page, more to count). */
	total: number;
	/** false: the first page of a search, whose count comes with an explorerCount query. */
	exact: boolean;
	from: number;
	rows: ExplorerRow[];
	/** Time spent building the sort index or filtered view for this request (0 when it existed). */
	prepareMs: number;
	/** Time of the page read itself. */
	pageMs: number;
}

export interface ExplorerCountResult {
	kind: 'explorerCount';
	key: string;
	total: number;
	countMs: number;
}

export interface ExplorerIndexResult {
	kind: 'explorerIndex';
	/** Rows of `facts` indexed, of `total`. */
	done: number;
	total: number;
}

export interface ExplorerFileResult {
	kind: 'explorerFile';
	objectId: string;
	facts: Record<string, unknown>;
	/** The export's instances rows of the file, newest first; null when the export has none. */
	instances: Record<string, unknown>[] | null;
	/** The instances column holding metadata JSON, when the export (as loaded) has it. */
	metadataColumn: string | null;
}

export interface ExplorerExportResult {
	kind: 'explorerExport';
	format: 'csv' | 'parquet';
	rows: number;
	bytes: number;
	blob: Blob;
}

export type QueryResult = SummaryResult | ReportResult | ExplorerPageResult | ExplorerCountResult | ExplorerIndexResult | ExplorerFileResult | ExplorerExportResult;

