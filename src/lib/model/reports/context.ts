/** Building a report's context: the filters as SQL, and the smallest table that answers them. */
import { filterWhere, normaliseFilters, type Filters } from '../filters';
import type { ExportShape } from '../shape';
import type { ReportContext, ReportParams } from './types';

/**
 * s_base holds extension × size band × age band × top folder; s_cube adds the modified month and
 * s_added the added month (src/lib/model/summary.ts). A window on both months needs the rows.
 */
export function cubeFor(filters: Filters): string {
	if (filters.modified && filters.added) return 'facts';
	if (filters.modified) return 's_cube';
	if (filters.added) return 's_added';
	return 's_base';
}

export function reportContext(shape: ExportShape, asOfMs: number, filters: Partial<Filters>, params: ReportParams = {}, pack = false): ReportContext {
	const f = normaliseFilters(filters);
	return { shape, asOfMs, filters: f, where: filterWhere(f), cube: cubeFor(f), params, pack };
}

/** Does a statement read the file rows (which a summary pack does not hold)? */
export function readsFacts(sql: string): boolean {
	return /\bfacts\b/i.test(sql);
}

/**
 * The measures a cube row or a file row contributes, so one statement reads either: a cube carries
 * files/bytes/sized per cell, `facts` one row per file.
 */
export function measures(table: string): { files: string; bytes: string; sized: string } {
	if (table === 'facts') return { files: 'count(*)', bytes: 'coalesce(sum(size), 0)', sized: 'count(size)' };
	return { files: 'coalesce(sum(files), 0)', bytes: 'coalesce(sum(bytes), 0)', sized: 'coalesce(sum(sized), 0)' };
}
