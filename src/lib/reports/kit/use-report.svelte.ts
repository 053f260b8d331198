/**
 * A report page's data: asks the engine for its report under the filters in the URL, again whenever
 * the dataset, the filters or the page's params change (a newer question cancels the older one).
 * First the parts the summary tables answer at once; then the ranked lists; then, when some need a
 * scan of every file, those ("computing…"); parts that need the report build come once it is done.
 */
import { page } from '$app/state';
import { engine, isCancelled } from '$lib/engine';
import { cached, datasetKey } from '$lib/cache/results';
import { session } from '$lib/app/session.svelte';
import { viewFromParams, viewKey } from '$lib/model/filters';
import { isListPart, type Part, type PartState, type ReportDefinition, type ReportParams, type ReportResult } from './define';

export interface ReportState<R extends ReportResult = ReportResult> {
	readonly result: R | null;
	readonly loading: boolean;
	readonly error: string | null;
	/** The view (filters) the shown result answers. */
	readonly key: string;
}

type Phase = 'fast' | 'lists' | 'scan';

/** An answer completed with a later phase's: the parts it was waiting for, and what that phase still waits for. */
function merge<R extends ReportResult>(base: R, next: R, state: PartState): R {
	const pending = { ...base.pending };
	const tables = { ...base.tables };
	for (const name of Object.keys(pending)) {
		if (pending[name] !== state) continue;
		delete pending[name];
		if (name in next.tables) tables[name] = next.tables[name];
		if (next.pending[name]) pending[name] = next.pending[name];
	}
	return { ...base, tables, pending, queries: [...base.queries, ...next.queries], notes: base.notes ?? next.notes };
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
		let figuresShown = false;
		/** After two frames, the answer shown is on screen: the benchmark reads these marks. */
		const mark = (name: string, r: ReportResult<P>) =>
			requestAnimationFrame(() =>
				requestAnimationFrame(() => performance.measure(name, { start: started, detail: { report: definition.id, key, preparing: hasPending(r, 'preparing') } }))
			);
		const show = (r: ReportResult<P>) => {
			if (controller.signal.aborted) return;
			const done = !hasPending(r, 'list') && !hasPending(r, 'scan');
			result = r;
			state.key = key;
			state.loading = !done;
			// The question asked → every figure but the ranked lists on screen; then → everything.
			if (!figuresShown && !Object.entries(r.pending).some(([name, s]) => s !== 'preparing' && !isListPart(definition.parts[name]))) {
				figuresShown = true;
				mark('report-figures-drawn', r);
			}
			if (done) mark('report-drawn', r);
		};
		const run = async () => {
			let r = await ask('fast');
			show(r);
			// The lists before the scans: they are read from the lists the build kept, in a moment.
			if (hasPending(r, 'list')) show((r = merge(r, await ask('lists'), 'list')));
			if (hasPending(r, 'scan')) show(merge(r, await ask('scan'), 'scan'));
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
