/** The one engine of the app, started lazily on first use in the browser. */
import { EngineClient } from './client';

let client: EngineClient | null = null;

export function engine(): EngineClient {
	if (!client) {
		client = new EngineClient(() => new Worker(new URL('../../../workers/engine.ts', import.meta.url), { type: 'module', name: 'engine' }));
	}
	return client;
}

export { EngineError, isCancelled } from './errors';
export type { Progress, InputFile } from './protocol';
