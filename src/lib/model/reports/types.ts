/**
 * Reports as data: a report is a set of named SQL statements compiled from the model and the
 * person's filters; the engine runs them and sends back small tables. The view never sees SQL.
 */
import type { Filters } from '../filters';
import type { ExportShape } from '../shape';

/** A cell of a report table: plain JSON values (BigInts and decimals become numbers in the worker). */
export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

/** Knobs a page exposes (years for "obsolete", a folder depth, a page of a list...). */
export type ReportParams = Record<string, string | number | boolean>;

export interface ReportContext {
	/** The export's tables and columns, for reports that read beyond `facts` (messages, metadata...). */
	shape: ExportShape;
	/** The instant ages are measured from (epoch ms), the same as the Summary's. */
	asOfMs: number;
	filters: Filters;
	/** SQL condition over `facts` for the filters ('TRUE' when none). */
	where: string;
	/**
	 * The smallest summary table that answers per-extension/size/age/top-folder figures under the
	 * filters exactly (s_base, s_cube, s_added), or 'facts' when only the rows can.
	 */
	cube: string;
	params: ReportParams;
	/** A summary pack is open: there is no `facts`, but `p_sample` (a uniform sample of it) and `p_top_files`. */
	pack: boolean;
}

/**
 * One report: named statements. A statement that is `null` cannot be answered by this export (the
 * table it needs is absent): its result is `null` and the page says "no data in this export".
 */
export interface ReportDefinition {
	id: string;
	statements(ctx: ReportContext): Record<string, string | null>;
}

export interface ReportResult {
	kind: 'report';
	report: string;
	/** Per statement: its rows, or null when the export lacks what it needs. */
	tables: Record<string, Row[] | null>;
	queries: { name: string; ms: number }[];
	/** What the page should say about its figures (a summary pack's limits, ...). */
	notes?: string[];
}
