/**
 * Pieces the lifecycle reports share: age bands of any time column, and the tables that answer
 * "per added month" under the filters.
 */
import { ageBandCase } from '../bands';
import { activeDimensions, type Dimension, type Filters } from '../filters';
import { num } from '../sql';

/** Epoch milliseconds `days` before as-of: a time is younger than `days` when its epoch_ms is greater. */
export const daysBefore = (asOfMs: number, days: number): string => num(asOfMs - days * 86_400_000);

/** The band (AGE_BANDS index) and UTC year of a facts time column, per row; NULL when the time is unknown. */
export function bandAndYear(column: 'created' | 'modified' | 'accessed', asOfMs: number): string {
	return `CAST(${ageBandCase(column, asOfMs)} AS INTEGER) AS band, year(${column}) AS year`;
}

/**
 * The smallest table holding addedMonth and every active dimension (but `except`): s_months keeps
 * only the two months, s_added the four core dimensions and the added month; a modified window
 * together with another dimension needs the rows.
 */
export function addedSource(f: Filters, except?: Dimension): 's_months' | 's_added' | 'facts' {
	const dims = activeDimensions(f, except);
	if (dims.every((d) => d === 'modifiedMonth' || d === 'addedMonth')) return 's_months';
	if (!dims.includes('modifiedMonth')) return 's_added';
	return 'facts';
}

/** Files and bytes over a table that is either the rows or a cube with files/bytes cells. */
export function filesBytes(table: string): { files: string; bytes: string } {
	return table === 'facts'
		? { files: 'count(*)', bytes: 'coalesce(sum(size), 0)' }
		: { files: 'coalesce(sum(files), 0)', bytes: 'coalesce(sum(bytes), 0)' };
}
