/**
 * A report page's data: asks the engine for its report under the filters in the URL, again whenever
 * the dataset, the filters or the page's params change (a newer question cancels the older one).
 * First the parts the summary tables answer at once; then, when some need a scan of every file,
 * those ("computing…"); parts that need the report build come once it is done.
 */
import { page } from '$app/state';
import { engine, isCancelled } from '$lib/engine';
import { cached, datasetKey } from '$lib/cache/results';
import { session } from '$lib/app/session.svelte';
import { viewFromParams, viewKey } from '$lib/model/filters';
import type { Part, PartState, ReportDefinition, ReportParams, ReportResult } from './define';

export interface ReportState<R extends ReportResult = ReportResult> {
	readonly result: R | null;
	readonly loading: boolean;
	readonly error: string | null;
	/** The view (filters) the shown result answers. */
	readonly key: string;
}

type Phase = 'fast' | 'scan';

/** The fast answer completed with the scan's parts. */
function merge<R extends ReportResult>(fast: R, scan: R): R {
	const pending = { ...fast.pending };
	for (const name of Object.keys(pending)) if (pending[name] === 'scan' && name in scan.tables) delete pending[name];
	return { ...fast, tables: { ...fast.tables, ...scan.tables }, pending, queries: [...fast.queries, ...scan.queries], notes: fast.notes ?? scan.notes };
}

const hasPending = (r: ReportResult, state: PartState) => Object.values(r.pending).includes(state);

/** Call during a component's setup; `args` is read inside an effect, so its dependencies are tracked. */
export function useReport<P extends Record<string, Part>>(definition: ReportDefinition<P>, args: () => { params?: ReportParams; delayMs?: number } = () => ({})): ReportState<ReportResult<P>> {
	const state = $state({ loading: false, error: null as string | null, key: '' });
	// Raw: a result is replaced whole, never edited (a deep proxy over thousands of rows costs a frame).
	let result = $state.raw<ReportResult<P> | null>(null);
	$effect(() => {
		const dataset = session.dataset;
		const generation = session.generation;
		// Read so the page asks again once the report build is done.
		const built = session.reports.ready;
		if (!dataset) return;
		const view = viewFromParams(page.url.searchParams);
		const { params = {}, delayMs = 0 } = args();
		// Reports answer filters only: the timelines' grain is the Summary's business.
		const key = `report:${definition.id}?${viewKey({ filters: view.filters, grain: 'month' })}&${JSON.stringify(params)}`;
		const controller = new AbortController();
		const dk = datasetKey(dataset, generation);
		const ask = (phase: Phase) =>
			cached<ReportResult<P>>(
				dk,
				`${key}#${phase}`,
				(cacheAnswered) =>
					engine().request(
						{ type: 'query', query: { kind: 'report', report: definition.id, filters: view.filters, params, phase } },
						{ signal: AbortSignal.any([controller.signal, cacheAnswered]) }
					) as Promise<ReportResult<P>>,
				// An answer waiting for the report build is not kept: the next one will be complete.
				{ keep: (r) => !hasPending(r, 'preparing') }
			);
		state.loading = true;
		state.error = null;
		const started = performance.now();
		const show = (r: ReportResult<P>, done: boolean) => {
			if (controller.signal.aborted) return;
			result = r;
			state.key = key;
			state.loading = !done;
			// The benchmark reads this: the question asked → every figure of the page on screen.
			if (done)
				requestAnimationFrame(() =>
					requestAnimationFrame(() => performance.measure('report-drawn', { start: started, detail: { report: definition.id, key, preparing: hasPending(r, 'preparing') } }))
				);
		};
		const run = async () => {
			const fast = await ask('fast');
			const scanning = hasPending(fast, 'scan');
			show(fast, !scanning);
			if (scanning) show(merge(fast, await ask('scan')), true);
		};
		const go = () =>
			run().catch((e) => {
				if (controller.signal.aborted || isCancelled(e)) return;
				state.loading = false;
				state.error = e instanceof Error ? e.message : String(e);
			});
		// A secondary chart waits for the person to stop clicking: its scan must not queue ahead of the figures they read.
		const timer = delayMs > 0 ? setTimeout(go, delayMs) : (go(), null);
		void built;
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
