/**
 * A sample of a large table read as whole blocks of rows: `TABLESAMPLE p% (system, seed)` picks
 * DuckDB's vectors (2,048 rows each) at random, the same ones every time on one thread (as the
 * engine runs), and the table scan reads only the blocks it picked. A reservoir sample reads every
 * row first; a sample of rowid ranges (stretches.ts) pays a fixed cost per range, which over dozens
 * of ranges of a table in an attached database comes to more than reading the whole column.
 *
 * A few hundred blocks decide a majority well; they do not place even boundaries in a table stored
 * in key order (each block is one narrow run of keys), which is why the slice boundaries keep their
 * reservoir sample (src/lib/model/partitions.ts).
 */
import { num } from './sql';

/** Below this many rows a table is read whole (or by reservoir): a block sample of it would be a handful of blocks. */
export const BLOCK_SAMPLE_MIN_ROWS = 1_000_000;

/** The seed: the same export gives the same sample. */
const SEED = 42;

/** `ref` as a FROM item sampled to about `rows` of its `totalRows` rows, in whole blocks. */
export function blockSampleFrom(ref: string, totalRows: number, rows: number): string {
	const percent = Math.min(100, (100 * rows) / Math.max(1, totalRows));
	return `${ref} TABLESAMPLE ${num(Number(percent.toFixed(4)))}% (system, ${SEED})`;
}
