/**
 * The first level of the result cache: an LRU in memory with a byte budget. Results are small
 * by construction (KPIs, bins, top-N), so their JSON length is a fair measure of their size.
 */
export interface CacheStats {
	hits: number;
	misses: number;
	entries: number;
	bytes: number;
}

export class MemoryLru<V> {
	private map = new Map<string, { value: V; bytes: number }>();
	private used = 0;
	hits = 0;
	misses = 0;

	constructor(private readonly budgetBytes: number) {}

	get(key: string): V | undefined {
		const entry = this.map.get(key);
		if (!entry) {
			this.misses++;
			return undefined;
		}
		this.hits++;
		// Re-insert so the Map's order keeps the most recently used last.
		this.map.delete(key);
		this.map.set(key, entry);
		return entry.value;
	}

	set(key: string, value: V): void {
		const bytes = JSON.stringify(value)?.length ?? 0;
		if (bytes > this.budgetBytes) return;
		const old = this.map.get(key);
		if (old) {
			this.used -= old.bytes;
			this.map.delete(key);
		}
		this.map.set(key, { value, bytes });
		this.used += bytes;
		for (const [k, e] of this.map) {
			if (this.used <= this.budgetBytes) break;
			this.map.delete(k);
			this.used -= e.bytes;
		}
	}

	clear(): void {
		this.map.clear();
		this.used = 0;
	}

	stats(): CacheStats {
		return { hits: this.hits, misses: this.misses, entries: this.map.size, bytes: this.used };
	}
}
