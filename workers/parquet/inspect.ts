/**
 * Row count and schema from the footer alone: two small reads at the end of the file, however
 * large it is.
 */
import { planColumns, columnInfo, type ColumnInfo } from './columns';
import { readFooter } from './footer';
import { blobSource } from './source';

export type { ColumnInfo, ColumnType } from './columns';

export interface ParquetInfo {
	rows: number;
	rowGroups: { rows: number }[];
	columns: ColumnInfo[];
}

export async function inspectParquet(blob: Blob): Promise<ParquetInfo> {
	// A small read-ahead: the footer is all we want.
	const metadata = await readFooter(blob, blobSource(blob, { readAhead: 64 * 1024 }));
	return {
		rows: Number(metadata.num_rows),
		rowGroups: metadata.row_groups.map((g) => ({ rows: Number(g.num_rows) })),
		columns: planColumns(metadata).map(columnInfo)
	};
}
