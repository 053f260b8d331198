/**
 * Reads columns of one row group through hyparquet's parquetRead, which assembles nested
 * columns (lists, maps, structs) into JS values. Used for the columns read-flat.ts cannot
 * decode on its own; those values end up as JSON text.
 */
import { parquetRead, type AsyncBuffer, type FileMetaData, type ParquetParsers } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import type { ColumnBuilder } from './arrow-build';
import { passthroughParsers } from './read-flat';

const decoder = new TextDecoder();
const decode = (bytes: Uint8Array | undefined) => bytes && decoder.decode(bytes);

/**
 * Inside nested values text must be JS strings (map keys, JSON output); raw bytes would print
 * as lists of numbers. JSON is kept as the text it was written as, not re-serialised.
 */
const parsers: Partial<ParquetParsers> = { ...passthroughParsers, stringFromBytes: decode, jsonFromBytes: decode };

export async function readAssembled(
	file: AsyncBuffer,
	metadata: FileMetaData,
	rowStart: number,
	rows: number,
	builders: Map<string, ColumnBuilder>
): Promise<void> {
	const rowEnd = rowStart + rows;
	// onChunk may deliver a column in several runs; they arrive in row order per column.
	await parquetRead({
		file,
		metadata,
		columns: [...builders.keys()],
		rowStart,
		rowEnd,
		compressors,
		parsers,
		onChunk({ columnName, columnData, rowStart: start, rowEnd: end }) {
			const from = Math.max(rowStart, start) - start;
			const to = Math.min(rowEnd, end) - start;
			if (to <= from) return;
			const values = from === 0 && to === columnData.length ? columnData : columnData.slice(from, to);
			builders.get(columnName)?.append(values);
		}
	});
}
