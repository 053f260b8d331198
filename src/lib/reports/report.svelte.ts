/**
 * A report page's data: asks the engine for one report under the filters in the URL, again whenever
 * the dataset, the filters or the page's params change; a newer question cancels the older one.
 */
import { page } from '$app/state';
import { engine, isCancelled } from '$lib/engine';
import { cached, datasetKey } from '$lib/cache/results';
import { session } from '$lib/app/session.svelte';
import { viewFromParams, viewKey } from '$lib/model/filters';
import type { ReportParams, ReportResult } from '$lib/model/reports/types';

export interface ReportState {
	readonly result: ReportResult | null;
	readonly loading: boolean;
	readonly error: string | null;
	/** The view (filters) the shown result answers, for a page that labels it. */
	readonly key: string;
}

/** Call during a component's setup; `args` is read inside an effect, so its dependencies are tracked. */
export function useReport(args: () => { report: string; params?: ReportParams; delayMs?: number }): ReportState {
	const state = $state({ loading: false, error: null as string | null, key: '' });
	// Raw: a result is replaced whole, never edited, and a deep proxy over thousands of rows (the
	// Summary's point sample) cost ~200 ms of main thread per filter change, read back by every chart.
	let result = $state.raw<ReportResult | null>(null);
	$effect(() => {
		const dataset = session.dataset;
		const generation = session.generation;
		if (!dataset) return;
		const view = viewFromParams(page.url.searchParams);
		const { report, params = {}, delayMs = 0 } = args();
		// Reports answer filters only: the timelines' grain is the Summary's business.
		const key = `report:${report}?${viewKey({ filters: view.filters, grain: 'month' })}&${JSON.stringify(params)}`;
		const controller = new AbortController();
		state.loading = true;
		state.error = null;
		// A secondary chart waits for the person to stop clicking: its scan must not queue ahead of
		// the figures they are reading. Keyed by the dataset's fingerprint: a return visit answers
		// from the browser's cache at once.
		const ask = () => cached(datasetKey(dataset, generation), key, (cacheAnswered) =>
			engine().request({ type: 'query', query: { kind: 'report', report, filters: view.filters, params } }, { signal: AbortSignal.any([controller.signal, cacheAnswered]) }) as Promise<ReportResult>
		)
			.then((answer) => {
				if (controller.signal.aborted) return;
				result = answer;
				state.key = key;
				state.loading = false;
			})
			.catch((e) => {
				if (controller.signal.aborted || isCancelled(e)) return;
				state.loading = false;
				state.error = e instanceof Error ? e.message : String(e);
			});
		const timer = delayMs > 0 ? setTimeout(ask, delayMs) : (ask(), null);
		return () => {
			if (timer !== null) clearTimeout(timer);
			controller.abort();
		};
	});
	return {
		get result() {
			return result;
		},
		get loading() {
			return state.loading;
		},
		get error() {
			return state.error;
		},
		get key() {
			return state.key;
		}
	};
}
