/** Save small tables the person asked for (a chart's numbers) as CSV, entirely in the browser. */
import { toCsv, type CsvValue } from '$lib/model/csv';

/** The CSV rule (formula cells neutralised, RFC 4180, BOM) is src/lib/model/csv.ts, shared with the Explorer's export. */
export function downloadCsv(filename: string, header: string[], rows: CsvValue[][]): void {
	const blob = new Blob([toCsv(header, rows)], { type: 'text/csv;charset=utf-8' });
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = filename;
	a.click();
	setTimeout(() => URL.revokeObjectURL(url), 1000);
}
