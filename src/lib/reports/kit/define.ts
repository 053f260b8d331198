/**
 * What a report is: its place in the sidebar and the parts its page reads, as data. The engine
 * answers each part (workers/engine/reports.ts); the page gets rows typed by the part that made
 * them, so `result.tables.tiers[0].files` is checked against the part that asks for `files`.
 *
 * A report lives in one folder, src/lib/reports/<id>/: `report.ts` (this definition), `view.ts`
 * (the rows shaped into charts and tables) and `Page.svelte`. The sidebar's catalogue and the
 * engine's registry are read from those folders (../index.ts); adding a report touches one folder.
 */
import type { Aggregate, AggregateRow } from '$lib/model/aggregate';
import type { AnyDimension, CoreDimension } from '$lib/model/dimensions';
import type { Filters } from '$lib/model/filters';
import type { ExportShape } from '$lib/model/shape';
import type { AnyMeasure } from '$lib/model/sources';
import type { ListId } from '$lib/model/lists';

export type ReportGroup = 'Dashboard' | 'Content' | 'Storage & structure' | 'Lifecycle' | 'Cleanup (ROT)' | 'Security & governance' | 'Explore';

export const GROUPS: readonly ReportGroup[] = ['Dashboard', 'Content', 'Storage & structure', 'Lifecycle', 'Cleanup (ROT)', 'Security & governance', 'Explore'];

/** A cell of a result row: plain JSON values (BigInts and decimals become numbers in the worker). */
export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

/** Knobs a page exposes (years for "obsolete", a folder to zoom to, a duplicate group...). */
export type ReportParams = Record<string, string | number | boolean>;

/* ------------------------------------------------------------------------------------------ */
/* Parts                                                                                        */

/** Files and bytes (or other measures) per combination of dimensions, from the summary tables. */
export interface AggregatePart<D extends AnyDimension = AnyDimension, M extends AnyMeasure = AnyMeasure> {
	kind: 'aggregate';
	aggregate: Aggregate & { by: readonly D[]; measures: readonly M[] };
	/** Asked only when this holds for the filters and the page's params (else its rows are null). */
	when?: (filters: Filters, params: ReportParams) => boolean;
}

export function aggregate<const D extends AnyDimension, const M extends AnyMeasure>(
	a: { by: readonly D[]; measures: readonly M[]; except?: CoreDimension },
	options: { when?: AggregatePart['when'] } = {}
): AggregatePart<D, M> {
	return { kind: 'aggregate', aggregate: a, when: options.when };
}

/** A row of a ranked list (src/lib/model/lists.ts). */
export interface ListRow {
	objectId: string;
	name: string;
	folder: string;
	size: number | null;
	modified: number | null;
	extension: string;
	permissionSet: string | null;
	trivialRule: number | null;
	sensitive: number | null;
	obsoleteAge: number | null;
	[k: string]: Cell;
}

/** The first `limit` files of a ranked list under the filters (and the page's own condition). */
export interface ListPart {
	kind: 'list';
	list: ListId;
	limit: number;
	/** A condition over the list's columns from the page's params (obsoleteAge >= 3, ...). */
	where?: (params: ReportParams) => string | undefined;
}

export function list(list: ListId, limit: number, where?: ListPart['where']): ListPart {
	return { kind: 'list', list, limit, where };
}

/** What a SQL part's statement may read. */
export interface SqlContext {
	shape: ExportShape;
	asOfMs: number;
	/** When the export was opened: times more than a year after it are junk (docs/MODEL.md, "Times"). */
	openedMs: number;
	filters: Filters;
	/** The filters over value columns (`facts`, lists, r_dup, r_points...): 'TRUE' when none. */
	where: string;
	params: ReportParams;
	/** `facts` as stored: the relation with each file's position as `rid` (src/lib/model/explorer.ts). */
	factsWithPosition: string;
	/** Whether a table exists now: a part may read a report table when it is there and `facts` before. */
	available: (table: string) => boolean;
}

/**
 * A statement of its own, over tables the report build keeps (`reads`) or the Summary's. Null when
 * this export cannot answer it (a table it needs is absent): the page says "not in this export".
 * A `scan` part reads every file's row: it runs in the slower second phase ("computing…").
 */
export interface SqlPart<R extends Row = Row> {
	kind: 'sql';
	reads: readonly string[];
	sql: (ctx: SqlContext) => string | null;
	scan?: boolean;
	/** Rows rather than figures (the largest duplicate groups, ...): answered with the ranked lists, after the figures. */
	list?: boolean;
	/** Only type information: the row shape the statement returns. */
	rows?: R;
}

export function sql<R extends Row>(reads: readonly string[], statement: (ctx: SqlContext) => string | null, options: { scan?: boolean; list?: boolean } = {}): SqlPart<R> {
	return { kind: 'sql', reads, sql: statement, scan: options.scan, list: options.list };
}

export type Part = AggregatePart<AnyDimension, AnyMeasure> | ListPart | SqlPart<Row>;

/** A part whose rows are a list (answered after the figures, in the 'lists' phase). */
export const isListPart = (part: Part | undefined): boolean => part?.kind === 'list' || (part?.kind === 'sql' && part.list === true);

/** The rows a part answers with. */
export type RowsOf<P> = P extends AggregatePart<infer D, infer M> ? AggregateRow<D, M>[] : P extends ListPart ? ListRow[] : P extends SqlPart<infer R> ? R[] : never;

/* ------------------------------------------------------------------------------------------ */
/* Reports                                                                                      */

/** Where a report sits in the sidebar, and what its page says it counts. */
export interface PageMeta {
	/** The page's route, `/<slug>/`. */
	slug: string;
	group: ReportGroup;
	/** Its place within the group (ascending). */
	order: number;
	title: string;
	/** One sentence under the title: what the page counts. */
	description: string;
	/**
	 * Export tables the report reads beyond the file model (a generic file listing has none): the
	 * page is shown greyed out with the reason when the open dataset lacks every one of them.
	 */
	needs?: readonly string[];
}

/**
 * A report: its parts, and its page (a query a page asks besides its own, such as the copies of one
 * duplicate group, has no page of its own).
 */
export interface ReportDefinition<P extends Record<string, Part> = Record<string, Part>> {
	id: string;
	page?: PageMeta;
	parts: P;
}

export function defineReport<const P extends Record<string, Part>>(definition: ReportDefinition<P>): ReportDefinition<P> {
	return definition;
}

/** Why a part has no rows yet: the report build, the ranked lists' phase, or a scan of every file. */
export type PartState = 'preparing' | 'list' | 'scan';

export interface ReportResult<P extends Record<string, Part> = Record<string, Part>> {
	kind: 'report';
	report: string;
	/** Per part: its rows; null when the export lacks what it needs; absent while pending. */
	tables: { [K in keyof P]?: RowsOf<P[K]> | null };
	/** Parts still to come: 'preparing' until the report build is done, 'list' for the ranked lists, 'scan' for the last phase. */
	pending: Partial<Record<keyof P & string, PartState>>;
	queries: { name: string; source: string; ms: number }[];
	/** What the page should say about its figures (a summary pack's limits, ...). */
	notes?: string[];
}

export type ResultOfReport<R> = R extends ReportDefinition<infer P> ? ReportResult<P> : never;
