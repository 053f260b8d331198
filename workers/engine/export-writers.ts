/**
 * The Parquet writer of the Explorer's export (CSV is written by DuckDB itself: see
 * workers/engine/explorer.ts): rows arrive in chunks (a page range at a time) and leave as byte
 * chunks that become a Blob, so neither wasm memory nor one huge buffer holds the whole file.
 *
 * Parquet: DuckDB-WASM 1.32 cannot `COPY ... (FORMAT parquet)` here (its Parquet extension is not
 * bundled and extensions are never downloaded), so hyparquet-writer (pure JS, the companion of
 * the hyparquet reader the app already uses) writes one row group per chunk and its writer is
 * flushed into byte chunks after each, keeping only one row group's bytes in memory.
 */
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { EXPLORER_COLUMNS, type ExplorerColumn } from '../../src/lib/model/explorer';

/** The writer's own schema type (it bundles its own hyparquet version's types). */
type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]['schema'][number];


export interface ChunkWriter {
	/** Append rows (plain objects keyed by column). */
	write(rows: Record<string, unknown>[]): void;
	/** The file's bytes, in order. */
	finish(): Uint8Array[];
}

/** The exported columns: every Explorer column, in display order. */
export const EXPORT_COLUMNS: readonly ExplorerColumn[] = EXPLORER_COLUMNS;

/* ------------------------------------------------------------------------------------------ */
/* Parquet                                                                                      */

function schemaOf(columns: readonly ExplorerColumn[]): SchemaElement[] {
	return [
		{ name: 'root', num_children: columns.length },
		...columns.map((c): SchemaElement => {
			if (c.kind === 'bytes') return { name: c.key, type: 'INT64', repetition_type: 'OPTIONAL' };
			if (c.kind === 'time') return { name: c.key, type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', repetition_type: 'OPTIONAL' };
			return { name: c.key, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' };
		})
	];
}

/** A ByteWriter whose flush (after every row group) hands the bytes written so far to `parts`. */
function chunkedByteWriter(parts: Uint8Array[]): ByteWriter {
	const writer = new ByteWriter(1 << 20);
	const flush = () => {
		if (writer.index > 0) parts.push(new Uint8Array(writer.buffer.slice(0, writer.index)));
		writer.index = 0;
	};
	Object.assign(writer, { flush, finish: flush });
	return writer;
}

export function parquetWriter(columns: readonly ExplorerColumn[] = EXPORT_COLUMNS): ChunkWriter {
	const parts: Uint8Array[] = [];
	const writer = chunkedByteWriter(parts);
	const pq = new ParquetWriter({ writer, schema: schemaOf(columns), createdBy: 'Aparavi Reporting Dashboard' });
	return {
		write(rows) {
			if (!rows.length) return;
			const columnData = columns.map((c) => ({
				name: c.key,
				data: rows.map((r) => {
					const v = r[c.key];
					if (v === null || v === undefined) return null;
					if (c.kind === 'text') return String(v);
					return BigInt(Math.round(Number(v)));
				})
			}));
			// One row group per chunk: its bytes are flushed out before the next chunk is read.
			void pq.write({ columnData, rowGroupSize: rows.length });
		},
		finish() {
			void pq.finish();
			return parts;
		}
	};
}
