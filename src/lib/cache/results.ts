/** Report results cached by dataset and query, so going back to a page redraws at once. */
import { MemoryLru } from './memory';

const results = new MemoryLru<unknown>(32 * 1024 * 1024);

/** `datasetKey` changes whenever another dataset is opened; `queryKey` names the question. */
export async function cached<T>(datasetKey: string, queryKey: string, compute: () => Promise<T>): Promise<T> {
	const key = `${datasetKey}\u0000${queryKey}`;
	const hit = results.get(key) as T | undefined;
	if (hit !== undefined) return hit;
	const value = await compute();
	results.set(key, value);
	return value;
}

export function resultCacheStats() {
	return results.stats();
}

export function clearResultCache(): void {
	results.clear();
}
