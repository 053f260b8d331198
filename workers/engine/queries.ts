/** Answering model queries: compile with the model, run, and shape a small typed result. */
import { EngineError } from '../../src/lib/engine/errors';
import { AGE_BANDS, SIZE_BANDS, bandLabel } from '../../src/lib/model/bands';
import type { ModelQuery, QueryResult } from '../../src/lib/model/queries';
import { SUMMARY_QUERIES, type Bucket, type Kpis, type SummaryResult } from '../../src/lib/model/summary';
import type { DuckDBHost, Row } from './duckdb';

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function buckets(rows: Row[], label: (key: unknown) => string = String): Bucket[] {
	return rows.map((r) => ({ key: label(r.key), files: num(r.files), bytes: num(r.bytes) }));
}

async function summary(host: DuckDBHost, signal?: AbortSignal): Promise<SummaryResult> {
	const run = (sql: string) => host.rows(sql, signal);
	const [k] = await run(SUMMARY_QUERIES.kpis);
	const kpis: Kpis = {
		files: num(k.files),
		bytes: num(k.bytes),
		folders: num(k.folders),
		extensions: num(k.extensions),
		oldestModified: numOrNull(k.oldestModified),
		newestModified: numOrNull(k.newestModified),
		averageSize: numOrNull(k.averageSize),
		medianSize: numOrNull(k.medianSize),
		invalidModified: num(k.invalidModified),
		nullSize: num(k.nullSize)
	};
	return {
		kind: 'summary',
		kpis,
		topByBytes: buckets(await run(SUMMARY_QUERIES.topByBytes)),
		topByFiles: buckets(await run(SUMMARY_QUERIES.topByFiles)),
		sizeBands: buckets(await run(SUMMARY_QUERIES.sizeBands), (i) => bandLabel(SIZE_BANDS, Number(i))),
		ageBands: buckets(await run(SUMMARY_QUERIES.ageBands), (i) => bandLabel(AGE_BANDS, Number(i))),
		addedPerMonth: buckets(await run(SUMMARY_QUERIES.addedPerMonth))
	};
}

export async function answer(host: DuckDBHost, query: ModelQuery, hasDataset: boolean, signal?: AbortSignal): Promise<QueryResult> {
	if (!hasDataset) throw new EngineError('no-dataset', 'No dataset is open yet.', 'Drop an export, or try the sample data.');
	switch (query.kind) {
		case 'summary':
			return summary(host, signal);
	}
}
