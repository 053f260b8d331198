/**
 * Access patterns: when files were last accessed, by hour of day and day of week (UTC), one scan
 * of `facts`. ISO days: 1 = Monday … 7 = Sunday.
 */
import { measures } from './context';
import type { ReportDefinition } from './types';

export const access: ReportDefinition = {
	id: 'access',
	statements(ctx) {
		return {
			cells: `SELECT isodow(accessed) AS day, hour(accessed) AS hour, count(*) AS files, coalesce(sum(size), 0) AS bytes
FROM facts WHERE accessed IS NOT NULL AND ${ctx.where} GROUP BY ALL ORDER BY day, hour`,
			// Every file under the filters, from the cube: the cells above sum to those with an access time.
			totals: `SELECT ${measures(ctx.cube).files} AS files FROM ${ctx.cube} WHERE ${ctx.where}`
		};
	}
};
