/**
 * The Explorer's rows on the main thread: pages fetched from the engine as the table asks for
 * them (with the neighbours prefetched), dropped when the view changes, and the build of a sort
 * index or filtered view shown as progress. Requests for pages scrolled past are cancelled, so a
 * jump across 25M rows waits for one page, not for everything between.
 */
import { SvelteMap } from 'svelte/reactivity';
import { engine, EngineError, isCancelled, type Progress } from '$lib/engine';
import { FIRST_SCREEN_ROWS, normaliseView, pagesFor, PAGE_ROWS, rowsKey, type ExplorerRow, type ExplorerView } from '$lib/model/explorer';
import type { ExplorerExportResult } from '$lib/model/queries';

export class ExplorerData {
	/** Files the view keeps; null until the first page of a view has arrived (see `counting`). */
	total = $state<number | null>(null);
	/**
	 * A search's first page came before its count: `total` is the rows shown so far and the count
	 * is under way (its progress), or null once `total` is exact.
	 */
	counting = $state<Progress | null>(null);
	/** The search index of this dataset: rows indexed of all, while it is being prepared; null when ready or not started. */
	indexing = $state<{ done: number; total: number } | null>(null);
	/** The engine's time to count the last search. */
	lastCountMs = $state<number | null>(null);
	/** Building a sort index or a filtered view (the first page of a view waits for it). */
	preparing = $state<Progress | null>(null);
	error = $state<string | null>(null);
	/** The engine's time for the most recent page read, and for the last build. */
	lastPageMs = $state<number | null>(null);
	lastPrepareMs = $state<number | null>(null);
	exporting = $state<{ format: 'csv' | 'parquet'; progress: Progress | null } | null>(null);

	private pages = new SvelteMap<number, ExplorerRow[]>();
	private inflight = new Map<number, AbortController>();
	private view: ExplorerView | null = null;
	private cacheKey = '';
	private first: AbortController | null = null;
	private exportController: AbortController | null = null;

	/** Show a view: a different set or order of rows drops every page and fetches the first. */
	setView(raw: ExplorerView, force = false): boolean {
		const view = normaliseView(raw);
		const key = `${rowsKey(view)}|${view.sort.descending}`;
		if (key === this.cacheKey && !force) return false;
		this.view = view;
		this.cacheKey = key;
		for (const c of this.inflight.values()) c.abort();
		this.inflight.clear();
		this.first?.abort();
		this.pages.clear();
		this.total = null;
		this.counting = null;
		this.error = null;
		void this.loadFirst(view, key);
		return true;
	}

	/**
	 * A view's first rows. A search in the export's order asks for a screen's worth first (found
	 * without reading further), then the rest of the first page (read on from where it stopped),
	 * then its count; any other view asks for its first page.
	 */
	private async loadFirst(view: ExplorerView, key: string): Promise<void> {
		const controller = new AbortController();
		this.first = controller;
		this.preparing = null;
		const firstRows = async (to: number) => {
			const result = await engine().request(
				{ type: 'query', query: { kind: 'explorerPage', view, from: 0, to } },
				{ signal: controller.signal, onProgress: (p) => key === this.cacheKey && (this.preparing = p) }
			);
			if (key !== this.cacheKey || result.kind !== 'explorerPage') return null;
			this.pages.set(0, result.rows);
			this.lastPageMs = result.pageMs;
			this.lastPrepareMs = result.prepareMs;
			this.total = result.total;
			return result;
		};
		try {
			// Only a search in the export's order is found without reading everything: other views ask for their page at once.
			const screenFirst = view.params.search.trim() !== '' && view.sort.column === null;
			let result = await firstRows((screenFirst ? FIRST_SCREEN_ROWS : PAGE_ROWS) - 1);
			if (!result) return;
			if (result.rows.length < Math.min(result.total + (result.exact ? 0 : 1), PAGE_ROWS)) {
				if (!result.exact) this.counting = { label: 'Finding the rest of the first page', done: 0, total: 1, unit: 'steps' };
				result = await firstRows(PAGE_ROWS - 1);
				if (!result) return;
			}
			if (!result.exact) {
				this.counting = { label: 'Counting the matching files', done: 0, total: 1, unit: 'steps' };
				const counted = await engine().request(
					{ type: 'query', query: { kind: 'explorerCount', view } },
					{ signal: controller.signal, onProgress: (p) => key === this.cacheKey && (this.counting = p) }
				);
				if (key !== this.cacheKey || counted.kind !== 'explorerCount') return;
				this.lastCountMs = counted.countMs;
				this.total = counted.total;
			}
		} catch (e) {
			if (!isCancelled(e) && key === this.cacheKey) this.error = e instanceof EngineError ? e.message : String(e);
		} finally {
			if (this.first === controller) {
				this.first = null;
				this.preparing = null;
				this.counting = null;
			}
		}
	}

	cancelPreparing(): void {
		this.first?.abort();
		this.cacheKey = '';
		this.error = 'Cancelled. Change the sort or a filter to try again.';
	}

	row(i: number): ExplorerRow | undefined {
		return this.pages.get(Math.floor(i / PAGE_ROWS))?.[i % PAGE_ROWS];
	}

	/** The table shows rows [first, last]: fetch their pages and one either side; drop the rest. */
	want(first: number, last: number): void {
		// While a search is counted, the first page is all there is to show.
		if (this.total === null || !this.view || this.counting) return;
		const wanted = pagesFor(first, last, this.total, 1);
		for (const [p, c] of this.inflight) if (!wanted.includes(p)) c.abort();
		// Keep memory flat: only pages near the view stay cached.
		for (const p of this.pages.keys()) if (Math.abs(p - wanted[0]) > 20) this.pages.delete(p);
		for (const p of wanted) if (!this.pages.has(p) && !this.inflight.has(p)) void this.fetch(p);
	}

	private async fetch(p: number): Promise<void> {
		const view = this.view!;
		const key = this.cacheKey;
		const controller = new AbortController();
		this.inflight.set(p, controller);
		try {
			const result = await engine().request(
				{ type: 'query', query: { kind: 'explorerPage', view, from: p * PAGE_ROWS, to: (p + 1) * PAGE_ROWS - 1 } },
				{ signal: controller.signal }
			);
			if (key !== this.cacheKey || result.kind !== 'explorerPage') return;
			this.pages.set(p, result.rows);
			this.lastPageMs = result.pageMs;
		} catch (e) {
			if (!isCancelled(e) && key === this.cacheKey) this.error = e instanceof EngineError ? e.message : String(e);
		} finally {
			if (this.inflight.get(p) === controller) this.inflight.delete(p);
		}
	}

	/** Write the whole view in the engine and hand the file to the browser's download. */
	async export(format: 'csv' | 'parquet', filename: string): Promise<void> {
		if (!this.view || this.exporting) return;
		const controller = new AbortController();
		this.exportController = controller;
		this.exporting = { format, progress: null };
		try {
			const result = (await engine().request(
				{ type: 'query', query: { kind: 'explorerExport', view: this.view, format } },
				{ signal: controller.signal, onProgress: (p) => this.exporting && (this.exporting = { format, progress: p }) }
			)) as ExplorerExportResult;
			const url = URL.createObjectURL(result.blob);
			const a = document.createElement('a');
			a.href = url;
			a.download = filename;
			a.click();
			setTimeout(() => URL.revokeObjectURL(url), 60_000);
		} catch (e) {
			if (!isCancelled(e)) this.error = `The export failed: ${e instanceof EngineError ? e.message : String(e)}`;
		} finally {
			this.exporting = null;
			this.exportController = null;
		}
	}

	cancelExport(): void {
		this.exportController?.abort();
	}

	private indexController: AbortController | null = null;

	/**
	 * Prepare the search index in the background, one slice per request so every other question
	 * takes its turn in between; a search typed meanwhile finishes the rest itself.
	 */
	async prepareIndex(): Promise<void> {
		if (this.indexController) return;
		const controller = new AbortController();
		this.indexController = controller;
		try {
			for (;;) {
				const r = await engine().request({ type: 'query', query: { kind: 'explorerIndex', slices: 1 } }, { signal: controller.signal });
				if (r.kind !== 'explorerIndex' || controller.signal.aborted) return;
				this.indexing = r.done < r.total ? { done: r.done, total: r.total } : null;
				if (r.done >= r.total) return;
			}
		} catch (e) {
			// The search builds what is missing itself; a failure here only loses the head start.
			if (!isCancelled(e)) console.warn('Preparing the search index failed', e);
			this.indexing = null;
		} finally {
			if (this.indexController === controller) this.indexController = null;
		}
	}

	stopIndex(): void {
		this.indexController?.abort();
		this.indexController = null;
		this.indexing = null;
	}

	/** Forget everything (a new dataset was opened). */
	clear(): void {
		this.stopIndex();
		this.cacheKey = '';
		this.view = null;
		for (const c of this.inflight.values()) c.abort();
		this.inflight.clear();
		this.first?.abort();
		this.pages.clear();
		this.total = null;
		this.counting = null;
	}
}
