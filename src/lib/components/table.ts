/** Column formats for report tables: how a cell reads, how it sorts, how it exports. */
import { formatBytes, formatCost, formatCount, formatDate, formatDateTime, formatUnitPrice } from '$lib/format';

export type Cell = string | number | boolean | null;
export type TableRow = Record<string, Cell>;

/** `cost`: an amount of money ($1,234.50); `price`: a unit price such as per GB-month ($0.0230). */
export type ColumnKind = 'text' | 'count' | 'bytes' | 'date' | 'datetime' | 'percent' | 'number' | 'cost' | 'price';

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
		case 'cost':
			return formatCost(Number(v));
		case 'price':
			return formatUnitPrice(Number(v));
		default:
			return String(v);
	}
}

export const isNumeric = (c: Column): boolean => c.kind !== undefined && c.kind !== 'text';

/** A cell that must not wrap inside its value (numbers, sizes, dates, money). */
export const keepWhole = (c: Column): boolean => isNumeric(c);

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
