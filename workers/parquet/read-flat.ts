/**
 * Decodes one column chunk of a flat (top-level, non-repeated) column page by page into a
 * ColumnBuilder, using hyparquet's own page decoders.
 *
 * Why not parquetRead for these: its row assembly copies every value of a nullable column into
 * a JS array (boxing each INT64 into a BigInt), which in profiles was ~60% of the time and most
 * of the garbage. Here page values go from hyparquet's typed arrays into Arrow buffers, and the
 * definition levels become the validity bitmap. Nested columns still use parquetRead.
 */
import type { ColumnMetaData, DecodedArray, ParquetParsers } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { parquetHeader } from 'hyparquet/src/column.js';
import { DEFAULT_PARSERS, convert } from 'hyparquet/src/convert.js';
import { decompressPage, readDataPage, readDataPageV2 } from 'hyparquet/src/datapage.js';
import { readPlain } from 'hyparquet/src/plain.js';
import { getMaxDefinitionLevel } from 'hyparquet/src/schema.js';
import type { ColumnBuilder } from './arrow-build';
import type { ColumnPlan } from './columns';

/**
 * Keep values in the form Arrow stores them: string bytes stay bytes (copied as they are, never
 * decoded and re-encoded), timestamps stay integers in their file unit, dates stay day numbers.
 */
export const passthroughParsers: Partial<ParquetParsers> = {
	stringFromBytes: (bytes) => bytes,
	jsonFromBytes: (bytes) => bytes,
	timestampFromMilliseconds: (v) => v,
	timestampFromMicroseconds: (v) => v,
	timestampFromNanoseconds: (v) => v,
	dateFromDays: (v) => v
};

const parsers: ParquetParsers = { ...DEFAULT_PARSERS, ...passthroughParsers };

/** hyparquet does not export this type from its entry point. */
type ColumnDecoder = Parameters<typeof readDataPage>[2];

/** Rows [skip, skip + take) of a column chunk: pages before them are passed over undecoded, pages after them never read. */
export interface RowWindow {
	skip: number;
	take: number;
}

/**
 * Decode a column chunk of `rows` rows into `builder`; with `window`, only those rows. A page is the
 * smallest unit that can be decoded, so a window costs the pages it touches, not the whole chunk.
 */
export function decodeFlatChunk(bytes: Uint8Array, meta: ColumnMetaData, plan: ColumnPlan, rows: number, builder: ColumnBuilder, window?: RowWindow): void {
	const decoder: ColumnDecoder = {
		pathInSchema: meta.path_in_schema,
		type: meta.type,
		element: plan.schemaPath[plan.schemaPath.length - 1].element,
		schemaPath: plan.schemaPath,
		codec: meta.codec,
		parsers,
		compressors
	};
	const maxLevel = getMaxDefinitionLevel(plan.schemaPath);
	const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
	const start = builder.length;
	let dictionary: DecodedArray | undefined;
	const skip = window?.skip ?? 0;
	const wanted = window ? Math.max(0, Math.min(window.take, rows - skip)) : rows;
	/** Rows of the chunk before the next page. */
	let pageStart = 0;

	while (builder.length - start < wanted && reader.offset < bytes.byteLength) {
		const header = parquetHeader(reader);
		const body = bytes.subarray(reader.offset, reader.offset + header.compressed_page_size);
		reader.offset += header.compressed_page_size;

		if (header.type === 'DICTIONARY_PAGE') {
			const page = decompressPage(body, header.uncompressed_page_size, decoder.codec, compressors);
			const pageReader = { view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 };
			const values = readPlain(pageReader, decoder.type, header.dictionary_page_header!.num_values, decoder.element.type_length);
			dictionary = plan.raw ? values : convert(values, decoder);
		} else if (header.type === 'DATA_PAGE' || header.type === 'DATA_PAGE_V2') {
			const v1 = header.type === 'DATA_PAGE';
			// A flat column has one value (or null) per row: a page's values are its rows.
			const pageRows = Number(v1 ? header.data_page_header!.num_values : header.data_page_header_v2!.num_values);
			const first = pageStart;
			pageStart += pageRows;
			if (pageStart <= skip) continue;
			const page = v1
				? readDataPage(decompressPage(body, header.uncompressed_page_size, decoder.codec, compressors), header.data_page_header!, decoder)
				: readDataPageV2(body, header, decoder);
			const encoding = v1 ? header.data_page_header!.encoding : header.data_page_header_v2!.encoding;
			let values = page.dataPage;
			let levels: ArrayLike<number> | undefined = page.definitionLevels?.length ? page.definitionLevels : undefined;
			// The window's rows are cut out before the values are looked up or converted: the rest cost nothing more.
			if (window) ({ values, levels } = pageRowsSlice(values, levels, maxLevel, Math.max(0, skip - first), Math.min(pageRows, skip + wanted - first), pageRows));
			if (dictionary && encoding.endsWith('_DICTIONARY')) values = lookup(values, dictionary);
			else if (!plan.raw) values = convert(values, decoder);
			builder.append(values, levels, maxLevel);
		}
		// Index pages and unknown page types carry no rows.
	}
	const got = builder.length - start;
	if (got !== wanted) throw new Error(`column chunk holds ${got} values where the footer promises ${wanted}`);
}

/** Rows [from, to) of a decoded page: its levels cut there, and its values (only the defined rows carry one) with them. */
function pageRowsSlice(values: DecodedArray, levels: ArrayLike<number> | undefined, maxLevel: number, from: number, to: number, pageRows: number): { values: DecodedArray; levels?: ArrayLike<number> } {
	if (from === 0 && to === pageRows) return { values, levels };
	const cut = (a: DecodedArray, i: number, j: number): DecodedArray => (ArrayBuffer.isView(a) ? (a as Int32Array).subarray(i, j) : (a as unknown[]).slice(i, j)) as DecodedArray;
	if (!levels) return { values: cut(values, from, to) };
	let before = 0;
	for (let i = 0; i < from; i++) if (levels[i] === maxLevel) before++;
	let inside = 0;
	for (let i = from; i < to; i++) if (levels[i] === maxLevel) inside++;
	return { values: cut(values, before, before + inside), levels: Array.prototype.slice.call(levels, from, to) as number[] };
}

/** Dictionary indices to values, keeping typed dictionaries typed (no boxing of 64-bit values). */
function lookup(indices: DecodedArray, dictionary: DecodedArray): DecodedArray {
	const n = indices.length;
	if (dictionary instanceof BigInt64Array || dictionary instanceof Float64Array || dictionary instanceof BigUint64Array) {
		const out = new (dictionary.constructor as Float64ArrayConstructor)(n);
		const src = new Int32Array(dictionary.buffer, dictionary.byteOffset, dictionary.length * 2);
		const dst = new Int32Array(out.buffer);
		for (let i = 0; i < n; i++) {
			const k = (indices[i] as number) * 2;
			dst[i * 2] = src[k];
			dst[i * 2 + 1] = src[k + 1];
		}
		return out as DecodedArray;
	}
	const out: DecodedArray = ArrayBuffer.isView(dictionary) ? new (dictionary.constructor as Int32ArrayConstructor)(n) : new Array(n);
	for (let i = 0; i < n; i++) out[i] = dictionary[indices[i] as number];
	return out;
}
