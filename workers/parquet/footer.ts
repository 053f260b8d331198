/**
 * Reads and checks a Parquet footer. hyparquet's own errors ("parquet file invalid (footer !=
 * PAR1)", thrift decode failures) mean nothing to a person, so every way a footer can be wrong
 * is checked here first and explained in words.
 */
import { parquetMetadata, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { ParquetFileError, fileLabel, formatBytes } from './errors';

const MAGIC = 0x31524150; // 'PAR1' little-endian
const MAGIC_ENCRYPTED = 0x45524150; // 'PARE': encrypted footer

export async function readFooter(blob: Blob, source: AsyncBuffer): Promise<FileMetaData> {
	const name = fileLabel(blob);
	const size = blob.size;
	if (size === 0) throw new ParquetFileError('not-parquet', `${name} is empty (0 bytes), not a Parquet file`);

	const head = new Uint8Array(await source.slice(0, Math.min(size, 16)));
	const startsLikeParquet = size >= 4 && new DataView(head.buffer).getUint32(0, true) === MAGIC;
	const tail = size >= 8 ? new DataView(await source.slice(size - 8, size)) : undefined;
	const tailMagic = tail?.getUint32(4, true);

	if (tailMagic === MAGIC_ENCRYPTED) {
		throw new ParquetFileError('unsupported', `${name} is an encrypted Parquet file, which cannot be read here`);
	}
	if (size < 12 || tailMagic !== MAGIC) {
		if (startsLikeParquet) {
			throw new ParquetFileError(
				'truncated',
				`${name} looks truncated: it starts like a Parquet file but the footer that should end it is missing (${formatBytes(size)} present). The copy or download may be incomplete.`
			);
		}
		const looksLike = sniff(head);
		throw new ParquetFileError(
			'not-parquet',
			`${name} is not a Parquet file (no PAR1 footer)${looksLike ? `; it looks like ${looksLike}` : ''}`
		);
	}

	const metadataLength = tail!.getUint32(0, true);
	// Leading magic (4) + metadata + length (4) + trailing magic (4).
	if (metadataLength + 12 > size) {
		throw new ParquetFileError(
			'truncated',
			`${name} looks truncated: its footer says the metadata is ${formatBytes(metadataLength)} but the whole file is only ${formatBytes(size)}`
		);
	}

	let metadata: FileMetaData;
	try {
		const footer = await source.slice(size - 8 - metadataLength, size);
		metadata = parquetMetadata(footer, { geoparquet: false });
	} catch (e) {
		if (e instanceof ParquetFileError) throw e;
		throw new ParquetFileError(
			'corrupt',
			`${name} looks truncated or damaged: its Parquet footer could not be decoded`,
			{ cause: e }
		);
	}
	checkChunksInside(metadata, name, size - 8 - metadataLength);
	return metadata;
}

/**
 * A footer can decode fine and still not describe the file (a badly spliced or hand-edited
 * one); catching that here keeps later errors from being cryptic.
 */
function checkChunksInside(metadata: FileMetaData, name: string, dataEnd: number): void {
	const leaves = metadata.schema.filter((e, i) => i > 0 && !e.num_children).length;
	metadata.row_groups.forEach((group, g) => {
		if (group.columns.length !== leaves) {
			throw new ParquetFileError(
				'corrupt',
				`${name} looks damaged: row group ${g + 1} has ${group.columns.length} columns where the schema has ${leaves}`
			);
		}
		for (const chunk of group.columns) {
			if (chunk.file_path) {
				throw new ParquetFileError('unsupported', `${name} keeps its data in other files (${chunk.file_path}), which is not supported`);
			}
			const meta = chunk.meta_data;
			if (!meta) continue;
			const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
			const end = start + Number(meta.total_compressed_size);
			if (start < 0 || end > dataEnd) {
				throw new ParquetFileError(
					'truncated',
					`${name} looks truncated or damaged: column "${meta.path_in_schema.join('.')}" of row group ${g + 1} points past the end of its data`
				);
			}
		}
	});
}

/** A hint for the most common wrong files people pick. */
function sniff(head: Uint8Array): string | undefined {
	const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
	const at = (offset: number, text: string) => [...text].every((c, i) => head[offset + i] === c.charCodeAt(0));
	if (starts(0x89, 0x50, 0x4e, 0x47)) return 'a PNG image';
	if (starts(0xff, 0xd8, 0xff)) return 'a JPEG image';
	if (starts(0x25, 0x50, 0x44, 0x46)) return 'a PDF document';
	if (starts(0x50, 0x4b, 0x03, 0x04)) return 'a ZIP archive (or an Excel/Word file); unzip it first';
	if (starts(0x1f, 0x8b)) return 'a gzip-compressed file; decompress it first';
	if (at(0, 'SQLite')) return 'an SQLite database';
	if (at(8, 'DUCK')) return 'a DuckDB database';
	if (head.length && head.every((b) => b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b < 0x7f) || b >= 0x80)) {
		return 'a text file (CSV or JSON?)';
	}
	return undefined;
}
