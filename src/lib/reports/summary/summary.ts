/**
 * Executive Summary: which model queries it asks (a fast one over the summary tables, then, when
 * filters need it, an exact scan) and the charts drawn from the answer.
 */
import { engine } from '$lib/engine';
import { cached, peekCached } from '$lib/cache/results';
import type { SummaryPhase } from '$lib/model/queries';
import { CHART_MEASURE, mergeSummary, type Bucket, type ChartPart, type SummaryResult } from '$lib/model/summary';
import { periodInWindow, periodLabel, selectedValues, valueLabel, viewKey, windowOf, type Grain, type SummaryView, type ValueDimension, type WindowDimension } from '$lib/model/filters';
import { formatBytes, formatCount } from '$lib/format';
import type { BarSpec, TimelineSpec } from '$lib/components/charts';

const queryKey = (view: SummaryView, phase: SummaryPhase) => `summary:${phase}?${viewKey(view)}`;

function ask(datasetKey: string, view: SummaryView, phase: SummaryPhase, signal?: AbortSignal, fresh = false): Promise<SummaryResult> {
	return cached(
		datasetKey,
		queryKey(view, phase),
		(cacheAnswered) =>
			engine().request(
				{ type: 'query', query: { kind: 'summary', filters: view.filters, grain: view.grain, phase } },
				{ signal: signal ? AbortSignal.any([signal, cacheAnswered]) : cacheAnswered }
			) as Promise<SummaryResult>,
		{ fresh }
	);
}

/**
 * The figures the summary tables give at once; `pending` lists what `loadSummaryScan` adds.
 * `fresh` asks the engine even when a cached answer exists (it replaces what a return visit drew).
 */
export function loadSummary(datasetKey: string, view: SummaryView, signal?: AbortSignal, fresh = false): Promise<SummaryResult> {
	return ask(datasetKey, view, 'fast', signal, fresh);
}

/** The parts that need a scan of the file rows (folder count and median under filters, ...), merged in. */
export async function loadSummaryScan(datasetKey: string, view: SummaryView, fast: SummaryResult, signal?: AbortSignal, fresh = false): Promise<SummaryResult> {
	if (!fast.pending.length) return fast;
	return mergeSummary(fast, await ask(datasetKey, view, 'scan', signal, fresh));
}

/** Warm the memory cache with what peekSummary will ask for (a return visit, while the page boots). */
export function prefetchSummary(datasetKey: string, view: SummaryView): void {
	void peekSummary(datasetKey, view);
}

/** The Summary as a previous visit cached it, without the engine; undefined when it was never cached. */
export async function peekSummary(datasetKey: string, view: SummaryView): Promise<SummaryResult | undefined> {
	const fast = await peekCached<SummaryResult>(datasetKey, queryKey(view, 'fast'));
	if (!fast || !fast.pending.length) return fast;
	const scan = await peekCached<SummaryResult>(datasetKey, queryKey(view, 'scan'));
	return scan ? mergeSummary(fast, scan) : fast;
}

/**
 * Rows made once per bucket array and key (measure and selection, or grain and window): the exact
 * scan's answer keeps the fast answer's bucket arrays for the parts it does not change, and the
 * same rows then leave those charts untouched instead of redrawing every bar.
 */
function rowsOncePerBuckets<T>(): (buckets: Bucket[], key: string, make: () => T) => T {
	const made = new WeakMap<Bucket[], Map<string, T>>();
	return (buckets, key, make) => {
		let known = made.get(buckets);
		if (!known) made.set(buckets, (known = new Map()));
		let rows = known.get(key);
		if (!rows) known.set(key, (rows = make()));
		return rows;
	};
}

type ChartRows = ReturnType<typeof makeRows>;
const chartRowsOnce = rowsOncePerBuckets<ChartRows>();

function makeRows(buckets: Bucket[], dim: ValueDimension, selected: Set<string>, measure: 'files' | 'bytes') {
	const rows = buckets.map((b) => ({ key: b.key, label: valueLabel(dim, b.key), value: b[measure], files: b.files, bytes: b.bytes, selected: selected.has(b.key) }));
	// A chosen value that the other filters leave empty is still drawn, at zero: it can be seen and unchosen.
	const shown = new Set(buckets.map((b) => b.key));
	const emptied = [...selected].filter((k) => !shown.has(k)).map((key) => ({ key, label: valueLabel(dim, key), value: 0, files: 0, bytes: 0, selected: true }));
	return emptied.length ? [...rows, ...emptied] : rows;
}

function rows(buckets: Bucket[], dim: ValueDimension, view: SummaryView, measure: 'files' | 'bytes'): ChartRows {
	const values = selectedValues(view.filters, dim);
	return chartRowsOnce(buckets, `${dim}|${measure}|${JSON.stringify(values)}`, () => makeRows(buckets, dim, new Set(values), measure));
}

/** The bar charts; a part still being computed has `rows: null`. */
export function summaryCharts(s: SummaryResult, view: SummaryView): BarSpec[] {
	const bars = (id: string, part: ChartPart, title: string, dim: ValueDimension, orientation: 'horizontal' | 'vertical'): BarSpec => {
		const b = s.charts[part];
		const measure = CHART_MEASURE[part];
		return {
			id,
			title,
			orientation,
			dimension: dim,
			rows: b ? rows(b, dim, view, measure) : null,
			format: measure === 'bytes' ? formatBytes : formatCount,
			valueName: measure === 'bytes' ? 'Bytes' : 'Files',
			labelWidth: dim === 'topFolder' ? 240 : undefined
		};
	};
	return [
		bars('top-extensions-bytes', 'topByBytes', 'Top extensions by bytes', 'extension', 'horizontal'),
		bars('top-extensions-files', 'topByFiles', 'Top extensions by number of files', 'extension', 'horizontal'),
		bars('size-distribution', 'sizeBands', 'Files by size', 'sizeBand', 'vertical'),
		bars('age-distribution', 'ageBands', 'Files by time since last modified', 'ageBand', 'vertical'),
		bars('top-folders', 'topFolders', 'Top folders by bytes', 'topFolder', 'horizontal')
	];
}

type PeriodRows = ReturnType<typeof makePeriodRows>;
const periodRowsOnce = rowsOncePerBuckets<PeriodRows>();

function makePeriodRows(buckets: Bucket[], grain: Grain, w: ReturnType<typeof windowOf>) {
	return buckets.map((x) => ({ key: x.key, label: periodLabel(x.key, grain), value: x.files, files: x.files, bytes: x.bytes, selected: w !== null && periodInWindow(x.key, grain, w) }));
}

/** A timeline's rows, made once per bucket array, grain and window (as `rows` is for the bars). */
function periodRows(buckets: Bucket[], grain: Grain, w: ReturnType<typeof windowOf>): PeriodRows {
	return periodRowsOnce(buckets, `${grain}|${w ? `${w.from}..${w.to}` : ''}`, () => makePeriodRows(buckets, grain, w));
}

/**
 * The two timelines, each brushable over its own month dimension. `grain` is the one the result was
 * asked with (the bars), `view` the view whose window is highlighted (the Summary passes the view
 * the result answers, so the highlight changes with the figures).
 */
export function summaryTimelines(s: SummaryResult, grain: Grain, view: SummaryView): TimelineSpec[] {
	const line = (id: string, part: ChartPart, title: string, dim: WindowDimension): TimelineSpec => {
		const b = s.charts[part];
		const w = windowOf(view.filters, dim);
		return {
			id,
			title,
			dimension: dim,
			grain,
			window: w,
			rows: b ? periodRows(b, grain, w) : null,
			format: formatCount,
			valueName: 'Files'
		};
	};
	return [
		line('modified-timeline', 'modifiedTimeline', 'Files by month last modified', 'modifiedMonth'),
		line('added-per-month', 'addedTimeline', 'Files added to the index', 'addedMonth')
	];
}
