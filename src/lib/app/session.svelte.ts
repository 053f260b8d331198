/**
 * The session: which dataset is open, what is loading, and the last error. Pages read it; only the
 * actions here talk to the engine.
 */
import { engine, EngineError, isCancelled, type InputFile, type Progress } from '$lib/engine';
import type { DatasetInfo } from '$lib/model/dataset';
import type { InventoryMapping } from '$lib/model/inventory';
import { openOptionsFromParams, type OpenOptions } from '$lib/model/open-options';
import type { SummaryPreview } from '$lib/model/summary';

export interface Failure {
	message: string;
	hint?: string;
	code: string;
}

/** What was opened, so the session can open it again after the engine restarts. */
type Source = { kind: 'files'; files: InputFile[]; label?: string } | { kind: 'urls'; urls: string[] } | { kind: 'sample'; rows: number };

/** Engine options the page's URL carries (`?partitions=`). */
function openOptions(): OpenOptions {
	return typeof window === 'undefined' ? {} : openOptionsFromParams(new URL(window.location.href).searchParams);
}

class Session {
	dataset = $state<DatasetInfo | null>(null);
	/** Bumped on every newly opened dataset so views refetch. */
	generation = $state(0);
	loading = $state<{ what: string; progress: Progress | null; preview: SummaryPreview | null } | null>(null);
	failure = $state<Failure | null>(null);
	/** A generic table whose columns need the person's mapping before the model can be built. */
	mappingNeeded = $state<DatasetInfo['mappingNeeded']>(null);
	private controller: AbortController | null = null;
	private source: Source | null = null;
	private mapping: InventoryMapping | null = null;
	private recovering = false;

	constructor() {
		if (typeof window !== 'undefined') engine().onCrash((e) => void this.recover(e));
	}

	/**
	 * The engine died (crash, out of memory, killed): say so, and open the same data again in the
	 * new engine. One attempt only: if that fails too, the message stays and the app waits.
	 */
	private async recover(e: EngineError): Promise<void> {
		const had = this.source;
		this.dataset = null;
		if (!had || this.recovering) {
			this.failure = { code: e.code, message: e.message, hint: e.hint };
			return;
		}
		this.recovering = true;
		const mapping = this.mapping;
		try {
			await this.openSource(had);
			if (mapping && this.mappingNeeded) await this.map(mapping);
		} finally {
			this.recovering = false;
		}
		const reopened = this.dataset !== null;
		this.failure = {
			code: e.code,
			message: e.message,
			hint: reopened ? 'The engine was restarted and the data opened again.' : e.hint
		};
	}

	private openSource(source: Source): Promise<void> {
		switch (source.kind) {
			case 'files':
				return this.open(source.files, source.label);
			case 'urls':
				return this.openUrls(source.urls);
			case 'sample':
				return this.sample(source.rows);
		}
	}

	private async run(what: string, task: (signal: AbortSignal, onProgress: (p: Progress) => void) => Promise<DatasetInfo>): Promise<void> {
		this.controller?.abort();
		const controller = new AbortController();
		this.controller = controller;
		this.failure = null;
		this.mappingNeeded = null;
		this.loading = { what, progress: null, preview: null };
		performance.mark('open-start');
		try {
			const info = await task(controller.signal, (p) => {
				if (this.controller !== controller) return;
				// A preview arrives once; later progress keeps it on screen until the dataset is ready.
				const { preview, ...progress } = p;
				this.loading = { what, progress, preview: preview ?? this.loading?.preview ?? null };
			});
			if (this.controller !== controller) return;
			if (info.mappingNeeded) {
				this.mappingNeeded = info.mappingNeeded;
				this.dataset = null;
				return;
			}
			this.mappingNeeded = null;
			performance.mark('open-done');
			this.dataset = info;
			this.generation++;
		} catch (e) {
			if (isCancelled(e) || this.controller !== controller) return;
			const err = e instanceof EngineError ? e : new EngineError('internal', String(e));
			this.failure = { code: err.code, message: err.message, hint: err.hint };
			// What was open before is gone from the engine (it was reset to open the new one).
			this.dataset = null;
		} finally {
			if (this.controller === controller) {
				this.loading = null;
				this.controller = null;
			}
		}
	}

	open(files: InputFile[], label?: string): Promise<void> {
		this.source = { kind: 'files', files, label };
		this.mapping = null;
		const what = label ?? (files.length === 1 ? files[0].path : `${files.length.toLocaleString('en-US')} files`);
		return this.run(`Opening ${what}`, (signal, onProgress) => engine().request({ type: 'open', files, urls: [], options: openOptions() }, { signal, onProgress }));
	}

	openUrls(urls: string[]): Promise<void> {
		this.source = { kind: 'urls', urls };
		this.mapping = null;
		const what = urls.length === 1 ? urls[0].split('/').pop() : `${urls.length} files`;
		return this.run(`Opening ${what}`, (signal, onProgress) => engine().request({ type: 'open', files: [], urls, options: openOptions() }, { signal, onProgress }));
	}

	sample(rows: number): Promise<void> {
		this.source = { kind: 'sample', rows };
		this.mapping = null;
		return this.run(`Generating ${rows.toLocaleString('en-US')} sample files`, (signal, onProgress) =>
			engine().request({ type: 'sample', rows, options: openOptions() }, { signal, onProgress })
		);
	}

	map(mapping: InventoryMapping): Promise<void> {
		this.mapping = mapping;
		return this.run(`Reading ${mapping.table} with your column mapping`, (signal, onProgress) =>
			engine().request({ type: 'map', mapping }, { signal, onProgress })
		);
	}

	cancel(): void {
		this.controller?.abort();
	}

	dismissFailure(): void {
		this.failure = null;
	}
}

export const session = new Session();
