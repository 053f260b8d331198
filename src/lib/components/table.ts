/** Column formats for report tables: how a cell reads, how it sorts, how it exports. */
import { formatBytes, formatCount, formatDate, formatDateTime } from '$lib/format';

export type Cell = string | number | boolean | null;
export type TableRow = Record<string, Cell>;

export type ColumnKind = 'text' | 'count' | 'bytes' | 'date' | 'datetime' | 'percent' | 'number';

export interface Column {
	key: string;
	label: string;
	kind?: ColumnKind;
	/** A cell's text, when the kind's format is not the right one (a category label, a band name). */
	format?: (value: Cell, row: TableRow) => string;
}

export function formatCell(column: Column, row: TableRow): string {
	const v = row[column.key];
	if (column.format) return column.format(v, row);
	if (v === null || v === undefined) return '—';
	switch (column.kind) {
		case 'count':
			return formatCount(Number(v));
		case 'bytes':
			return formatBytes(Number(v));
		case 'date':
			return formatDate(Number(v));
		case 'datetime':
			return formatDateTime(Number(v));
		case 'percent':
			return `${(Number(v) * 100).toFixed(Number(v) < 0.1 ? 1 : 0)}%`;
		case 'number':
			return Number(v).toLocaleString('en-US', { maximumFractionDigits: 2 });
		default:
			return String(v);
	}
}

export const isNumeric = (c: Column): boolean => c.kind !== undefined && c.kind !== 'text';

/** The value a CSV cell holds: raw numbers (bytes as bytes), dates as ISO text. */
export function exportCell(column: Column, row: TableRow): Cell {
	const v = row[column.key];
	if (v === null || v === undefined) return null;
	if (column.kind === 'date' || column.kind === 'datetime') return new Date(Number(v)).toISOString();
	if (column.format && !isNumeric(column)) return column.format(v, row);
	return v;
}

export function compareCells(a: Cell, b: Cell): number {
	if (a === b) return 0;
	if (a === null || a === undefined) return 1;
	if (b === null || b === undefined) return -1;
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	return String(a).localeCompare(String(b), 'en-US', { numeric: true });
}
