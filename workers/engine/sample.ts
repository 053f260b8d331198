import type { DatasetInfo } from '../../src/lib/model/dataset';
import type { DuckDBHost } from './duckdb';
import type { ProgressFn } from './load';
export async function generateSample(_h: DuckDBHost, _rows: number, _p: ProgressFn, _s?: AbortSignal): Promise<DatasetInfo> {
	throw new Error('TEMP');
}
