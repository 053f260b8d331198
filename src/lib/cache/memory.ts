/**
 * The first level of the result cache: an LRU in memory with a byte budget, a result's size being
 * about its JSON length (sizeOf).
 */
export interface CacheStats {
	hits: number;
	misses: number;
	entries: number;
	bytes: number;
}

/** Above this many items an array's size is extrapolated from a sample of them. */
const SAMPLED = 64;

/**
 * About the length of `JSON.stringify(value)`, without building the string: the Summary's point
 * sample (50,000 rows) cost main-thread time to stringify on every filter change, just to be
 * weighed. Long arrays are weighed by an even sample of their items.
 */
export function sizeOf(value: unknown): number {
	switch (typeof value) {
		case 'string':
			return value.length + 2;
		case 'number':
			return Number.isFinite(value) ? String(value).length : 4;
		case 'boolean':
			return value ? 4 : 5;
		case 'bigint':
			return String(value).length;
		case 'object': {
			if (value === null) return 4;
			if (ArrayBuffer.isView(value)) return (value as ArrayBufferView).byteLength * 2;
			if (Array.isArray(value)) {
				const n = value.length;
				if (n <= SAMPLED) return value.reduce((a: number, v) => a + sizeOf(v) + 1, 1 + (n === 0 ? 1 : 0));
				let sampled = 0;
				for (let i = 0; i < SAMPLED; i++) sampled += sizeOf(value[Math.floor((i * n) / SAMPLED)]) + 1;
				return 1 + Math.round((sampled * n) / SAMPLED);
			}
			// Braces, and per entry its quoted key, a colon, the value and a comma (one fewer than entries).
			let bytes = 1;
			let entries = 0;
			for (const [k, v] of Object.entries(value)) {
				if (v === undefined || typeof v === 'function') continue;
				bytes += k.length + 4 + sizeOf(v);
				entries++;
			}
			return entries ? bytes : 2;
		}
		default:
			return 0;
	}
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
		const bytes = sizeOf(value);
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
