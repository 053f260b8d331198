/** The boot snapshot: what a return visit reads synchronously before IndexedDB is open. */
import { beforeEach, describe, expect, it } from 'vitest';
import { bootForget, bootRemember, bootResult, readBoot } from '../../src/lib/cache/boot';
import type { DatasetRecord } from '../../src/lib/cache/store';

class MemoryStorage {
	items = new Map<string, string>();
	getItem(k: string) {
		return this.items.get(k) ?? null;
	}
	setItem(k: string, v: string) {
		this.items.set(k, v);
	}
	removeItem(k: string) {
		this.items.delete(k);
	}
}

const record = (fingerprint: string, asOfMs = 1000) =>
	({ fingerprint, info: { asOfMs } as DatasetRecord['info'], source: { kind: 'sample', rows: 10 }, sourceBytes: 0, lastOpened: 1, resultBytes: 0 }) satisfies DatasetRecord;

describe('boot snapshot', () => {
	let storage: MemoryStorage;
	beforeEach(() => {
		storage = new MemoryStorage();
		(globalThis as { localStorage?: unknown }).localStorage = storage;
	});

	it('holds the last dataset and its first Summary answers, nothing else', () => {
		expect(readBoot()).toBeNull();
		bootRemember(record('fa1'));
		bootResult('fa1@1000', 'summary:fast?', { files: 3 });
		bootResult('fa1@1000', 'report:documents?', { no: 'reports' });
		bootResult('fb2@1000', 'summary:fast?', { other: 'dataset' });
		const b = readBoot()!;
		expect(b.record.fingerprint).toBe('fa1');
		expect(b.results).toEqual([{ datasetKey: 'fa1@1000', queryKey: 'summary:fast?', value: { files: 3 } }]);
	});

	it('keeps answers across a reopen of the same build, drops them for another dataset or asOf', () => {
		bootRemember(record('fa1'));
		bootResult('fa1@1000', 'summary:fast?', { files: 3 });
		bootRemember(record('fa1'));
		expect(readBoot()!.results).toHaveLength(1);
		bootRemember(record('fa1', 2000));
		expect(readBoot()!.results).toHaveLength(0);
		bootResult('fa1@2000', 'summary:fast?', { files: 4 });
		bootRemember(record('fb2'));
		expect(readBoot()!.record.fingerprint).toBe('fb2');
		expect(readBoot()!.results).toHaveLength(0);
	});

	it('takes at most four answers, and is cleared with its dataset or with everything', () => {
		bootRemember(record('fa1'));
		for (let i = 0; i < 6; i++) bootResult('fa1@1000', `summary:fast?f=${i}`, i);
		expect(readBoot()!.results.map((r) => r.value)).toEqual([0, 1, 2, 3]);
		bootForget('fb2');
		expect(readBoot()).not.toBeNull();
		bootForget('fa1');
		expect(storage.items.size).toBe(0);
		bootRemember(record('fa1'));
		bootForget(null);
		expect(storage.items.size).toBe(0);
	});

	it('a broken or refused storage means no snapshot, never an error', () => {
		storage.setItem('aparavi-dashboard:boot', '{not json');
		expect(readBoot()).toBeNull();
		(globalThis as { localStorage?: unknown }).localStorage = {
			getItem() {
				throw new Error('SecurityError');
			},
			setItem() {
				throw new Error('QuotaExceededError');
			},
			removeItem() {}
		};
		expect(() => bootRemember(record('fa1'))).not.toThrow();
		expect(readBoot()).toBeNull();
	});
});
