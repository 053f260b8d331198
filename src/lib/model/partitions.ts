/**
 * How many hash slices the facts build takes (src/lib/model/files-view.ts, Partition). The slice's
 * current-instance aggregation is the open's largest memory user: measured in DuckDB-WASM 1.32, a
 * 10M-object aggregation in one piece peaked near its 3.1 GiB heap, so a slice holds at most
 * SLICE_OBJECTS objects. Small exports take one slice (no repeated scans).
 */
export const SLICE_OBJECTS = 2_000_000;
export const MAX_PARTITIONS = 64;

import type { OpenOptions } from './open-options';

export function partitionsFor(objects: number, options: OpenOptions = {}): number {
	const forced = options.partitions;
	if (forced !== undefined && Number.isFinite(forced)) return Math.max(1, Math.min(MAX_PARTITIONS, Math.floor(forced)));
	return Math.max(1, Math.min(MAX_PARTITIONS, Math.ceil(objects / SLICE_OBJECTS)));
}
