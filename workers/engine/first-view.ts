/**
 * The first view of a large export (issue #23, src/lib/model/cluster-sample.ts): the Summary of a
 * cluster sample, sent as estimates with their ranges while the exact build runs.
 *
 * - A `.duckdb` export (or rows already imported) is sampled where it lies: windows of `objects`
 *   rows by rowid, their instances by range scans (sendClusterEstimate).
 * - A Parquet export is sampled from its files before the import (parquetFirstView): the same
 *   windows, read from the pages holding them, and the instances of their runs of objectIds from
 *   the row groups whose statistics hold them (workers/engine/parquet-sample.ts).
 *
 * Either way the estimate leaves `facts` and the summary tables holding the sample; the exact build
 * replaces them. The sample's files are kept apart (FirstView) so the build can refine the
 * estimate slice by slice (refineSlices, src/lib/model/estimate-refine.ts).
 */
import { ExportShape } from '../../src/lib/model/shape';
import { filesViewSql, type Partition, type TimeUnits } from '../../src/lib/model/files-view';
import { factsSelectSql, summaryBuildSql } from '../../src/lib/model/summary';
import {
	CLUSTER_OBJECTS,
	CLUSTER_SAMPLE_MIN_OBJECTS,
	clusterGroupExpr,
	clusterObjectsSql,
	clusterFileRowsSql,
	clusterRowsSql,
	clusterRunsSql,
	clustersFrom,
	dropOverlappingSql,
	fileRowsSql,
	GROUPS,
	groupSumOf,
	groupSumsSql,
	REPEATED_IDS_SQL,
	type Cluster
} from '../../src/lib/model/cluster-sample';
import { estimateSummary, type SampleDesign } from '../../src/lib/model/estimate';
import {
	DROP_SAMPLE_SQL,
	EstimateRefinement,
	keepSampleSql,
	sampleRowsBySliceSql,
	sampleSumsBySliceSql,
	sliceOfExpr
} from '../../src/lib/model/estimate-refine';
import { partitionCondition } from '../../src/lib/model/partitions';
import type { SummaryPreview } from '../../src/lib/model/summary';
import { ident } from '../../src/lib/model/sql';
import { splitStatements } from '../../src/lib/model/statements';
import type { DuckDBHost } from './duckdb';
import { describe, type ProgressFn } from './load';
import { answer } from './queries';
import { parquetTable, readObjectWindows, readRunInstances } from './parquet-sample';
import type { TablePart } from './inputs';

/** What an estimate is made with: the moment of opening, the as-of instant, and the open's plan. */
export interface EstimateContext {
	openedMs: number;
	asOfMs: number;
	/** Rows of the whole `objects` table. */
	totalRows: number;
	/** Slices the exact build will take (shown with the estimate). */
	parts: number;
	progress: ProgressFn;
	signal?: AbortSignal;
}

/**
 * A first view sent: what it showed, and its sample's design (the sample's files stay in the
 * engine, estimate-refine.ts SAMPLE_FILES, until the build has refined the estimate).
 */
export interface FirstView {
	preview: SummaryPreview;
	design: SampleDesign;
}

const step = (progress: ProgressFn, label: string, done: number, total = 3) =>
	progress({ label: `A first estimate from a sample of the export (${label})`, done, total, unit: 'steps' });

/**
 * Keep the clusters' `objects` rows in CLUSTER_OBJECTS (the table's own windows, or `windows` of
 * a table that holds only them) and find their runs of objectIds. null when the export is not stored
 * in key order (then the sample would read most of it).
 */
async function chooseClusters(host: DuckDBHost, shape: ExportShape, totalRows: number, windows?: { start: number; rows: number }[], signal?: AbortSignal): Promise<Cluster[] | null> {
	await host.exec(clusterObjectsSql(shape, totalRows, undefined, windows), signal);
	const runs = (await host.rows(clusterRunsSql(shape), signal)).map((r) => ({ block: Number(r.block), lo: String(r.lo), hi: String(r.hi), apart: Boolean(r.apart) }));
	const clusters = clustersFrom(runs);
	if (!clusters) {
		console.info('The export is not stored in objectId order: the first view waits for the first slice.');
		return null;
	}
	if (clusters.length < runs.length) await host.exec(dropOverlappingSql(clusters), signal);
	return clusters;
}

/**
 * Build `facts` and the Summary's tables over the clusters' files and send the Summary as
 * estimates, each a ratio to `fileRows` (the whole export's file rows).
 */
async function estimateFromClusters(
	host: DuckDBHost,
	shape: ExportShape,
	units: TimeUnits,
	clusters: Cluster[],
	fileRows: number,
	ctx: EstimateContext,
	/** The estimating step's place among the first view's steps. */
	at: { step: number; of: number }
): Promise<FirstView | null> {
	const { openedMs, asOfMs, signal } = ctx;
	const partition: Partition = { kind: 'clusters', objects: CLUSTER_OBJECTS, ranges: clusters };
	await host.exec(filesViewSql(shape, units, openedMs, partition), signal);
	await host.exec(`CREATE OR REPLACE TABLE facts AS ${factsSelectSql(asOfMs)}`, signal);
	// Only an export that repeats objectIds pays for folding them, which costs several times more.
	const [{ extra }] = await host.rows(REPEATED_IDS_SQL, signal);
	if (Number(extra) > 0) {
		await host.exec(filesViewSql(shape, units, openedMs, partition, { dedupe: true }), signal);
		await host.exec(`CREATE OR REPLACE TABLE facts AS ${factsSelectSql(asOfMs)}`, signal);
	}
	step(ctx.progress, 'estimating', at.step, at.of);
	for (const statement of keepSampleSql(clusterGroupExpr('objectId', clusters), clusterFileRowsSql(shape, clusters))) await host.exec(statement, signal);
	const groupRows = new Array<number>(GROUPS).fill(0);
	for (const r of await host.rows(clusterRowsSql(shape, clusters), signal)) groupRows[Number(r.grp)] = Number(r.n);
	const sums = (await host.rows(groupSumsSql(clusterGroupExpr('objectId', clusters)), signal)).map(groupSumOf);
	const statements = summaryBuildSql(asOfMs)
		.slice(1)
		.flatMap((b) => splitStatements(b.sql));
	for (const statement of statements) await host.exec(statement, signal);
	const summary = await answer(host, { kind: 'summary', phase: 'fast' }, { shape, asOfMs }, signal);
	if (summary.kind !== 'summary') return null;
	const read = groupRows.reduce((a, b) => a + b, 0);
	const design = { totalRows: fileRows, groupRows };
	const estimate = estimateSummary(summary, sums, design);
	const preview: SummaryPreview = { summary, sampleFiles: summary.kpis.files ?? 0, part: 0, parts: ctx.parts, method: 'clusters', estimate, clusters: clusters.length, fraction: read / Math.max(1, fileRows) };
	ctx.progress({ label: 'Materialising the file model (after a first estimate)', done: 0, total: ctx.totalRows, unit: 'rows', preview });
	return { preview, design };
}

/**
 * The refinement of a first view over the build's `slices`: the sample's files and rows counted per
 * slice (cut by the build's own conditions), then told of each slice as it is built. null when the
 * sample cannot be cut (the estimate then stays as drawn until the exact Summary).
 */
export async function refineSlices(host: DuckDBHost, firstView: FirstView, slices: readonly Partition[], signal?: AbortSignal): Promise<EstimateRefinement | null> {
	const estimate = firstView.preview.estimate;
	if (!estimate || slices.length === 0) return null;
	const sliceOf = (idExpr: string) => sliceOfExpr(slices.map((s) => partitionCondition(idExpr, s)));
	try {
		const sums = (await host.rows(sampleSumsBySliceSql(sliceOf), signal)).map((r) => ({ ...groupSumOf(r), slice: Number(r.slice) }));
		const rows = (await host.rows(sampleRowsBySliceSql(sliceOf), signal)).map((r) => ({ slice: Number(r.slice), grp: Number(r.grp), n: Number(r.n) }));
		return new EstimateRefinement(estimate, firstView.design, sums, rows, slices.length);
	} catch (e) {
		if (signal?.aborted) throw e;
		console.warn('The first estimate cannot be refined slice by slice: it stays until the exact Summary.', e);
		return null;
	}
}

/** The first view's sample is no longer needed (the build is done, or failed). */
export async function dropFirstViewSample(host: DuckDBHost): Promise<void> {
	for (const statement of DROP_SAMPLE_SQL) await host.exec(statement).catch(() => undefined);
}

/**
 * The first view of an export whose rows the engine can read where they lie: the Summary of a
 * cluster sample, sent as estimates with their ranges, before any slice is built; true when it was
 * sent. An export whose keys are not stored in order, or that the sample cannot read, goes without:
 * the first slice is then the hash sample, whose preview follows.
 */
export async function sendClusterEstimate(host: DuckDBHost, shape: ExportShape, units: TimeUnits, ctx: EstimateContext): Promise<FirstView | null> {
	if (ctx.totalRows < CLUSTER_SAMPLE_MIN_OBJECTS) return null;
	const { signal } = ctx;
	try {
		step(ctx.progress, 'choosing the sample', 0);
		const clusters = await chooseClusters(host, shape, ctx.totalRows, undefined, signal);
		if (!clusters) return null;
		step(ctx.progress, `reading ${clusters.length} clusters`, 1);
		const [{ n: fileRows }] = await host.rows(fileRowsSql(shape), signal);
		return await estimateFromClusters(host, shape, units, clusters, Number(fileRows), ctx, { step: 2, of: 3 });
	} catch (e) {
		if (signal?.aborted) throw e;
		console.warn('The first estimate could not be made: the first slice gives the preview.', e);
		await dropFirstViewSample(host);
		return null;
	} finally {
		await host.exec(`DROP TABLE IF EXISTS ${CLUSTER_OBJECTS}`).catch(() => undefined);
	}
}

/**
 * The first view of a Parquet export, before its `objects` and `instances` are imported (the other
 * tables are: folders, classifications and services are looked up as usual). The sample's rows go
 * into the raw tables the import will fill, which are dropped again once the estimate is sent or
 * cannot be (the sample's `facts` stays until the build replaces it).
 */
export async function parquetFirstView(
	host: DuckDBHost,
	objects: { table: string; parts: TablePart[] },
	instances: { table: string; parts: TablePart[] },
	detectUnits: (shape: ExportShape) => Promise<TimeUnits>,
	ctx: Omit<EstimateContext, 'totalRows' | 'parts'> & { partsFor: (totalRows: number) => number }
): Promise<FirstView | null> {
	const { signal } = ctx;
	const sampled = [objects.table, instances.table];
	try {
		const objectsFile = await parquetTable(objects.table, objects.parts);
		const totalRows = objectsFile.parts.reduce((a, p) => a + Number(p.metadata.num_rows), 0);
		if (totalRows < CLUSTER_SAMPLE_MIN_OBJECTS) return null;
		const reading = `A first estimate from a sample of the export (reading windows of ${objects.parts[0].name})`;
		const windows = await readObjectWindows(host, objectsFile, signal, (done, total) => ctx.progress({ label: reading, done, total, unit: 'steps' }));
		if (!windows) return null;
		const [{ db }] = await host.rows(`SELECT current_database() AS db`);
		let shape = await describeRaw(host, String(db));
		step(ctx.progress, 'choosing the sample', 1, 4);
		const clusters = await chooseClusters(host, shape, windows.windows.reduce((a, w) => a + w.rows, 0), windows.windows, signal);
		if (!clusters) return null;
		step(ctx.progress, `reading the instances of ${clusters.length} clusters`, 2, 4);
		const instancesFile = await parquetTable(instances.table, instances.parts);
		const label = `A first estimate from a sample of the export (reading the instances of ${clusters.length} clusters)`;
		const onGroup = (done: number, total: number) => ctx.progress({ label, done, total, unit: 'row groups' });
		if (!(await readRunInstances(host, instancesFile, clusters, signal, onGroup))) {
			console.info('The instances cannot be sampled from their row groups: the first view waits for the import.');
			return null;
		}
		shape = await describeRaw(host, String(db));
		const units = await detectUnits(shape);
		return await estimateFromClusters(host, shape, units, clusters, windows.fileRows, { ...ctx, totalRows, parts: ctx.partsFor(totalRows) }, { step: 3, of: 4 });
	} catch (e) {
		if (signal?.aborted) throw e;
		console.warn('The first estimate could not be made from the Parquet files: the first view waits for the import.', e);
		await dropFirstViewSample(host);
		return null;
	} finally {
		await host.exec(`DROP TABLE IF EXISTS ${CLUSTER_OBJECTS}`).catch(() => undefined);
		for (const t of sampled) await host.exec(`DROP TABLE IF EXISTS raw.${ident(t)}`).catch(() => undefined);
	}
}

async function describeRaw(host: DuckDBHost, db: string): Promise<ExportShape> {
	const shape = new ExportShape();
	await describe(host, shape, db, 'raw');
	return shape;
}
