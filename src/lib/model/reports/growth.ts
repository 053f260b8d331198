/**
 * Growth: files and bytes added to the index per month (`added`, objects.createdAt), with the
 * running total of bytes. Read from s_months or s_added, or the rows when both months are filtered.
 */
import { filterWhere } from '../filters';
import { addedSource, filesBytes } from './lifecycle';
import type { ReportDefinition } from './types';

export const growth: ReportDefinition = {
	id: 'growth',
	statements(ctx) {
		// The monthly chart is brushed over the added month: it shows every month (crossfilter).
		const monthsFrom = addedSource(ctx.filters, 'addedMonth');
		const mm = filesBytes(monthsFrom);
		const totalsFrom = addedSource(ctx.filters);
		const tm = filesBytes(totalsFrom);
		return {
			months: `SELECT month, files, bytes,
	sum(files) OVER (ORDER BY month) AS cumulativeFiles,
	sum(bytes) OVER (ORDER BY month) AS cumulativeBytes
FROM (SELECT addedMonth AS month, ${mm.files} AS files, ${mm.bytes} AS bytes
	FROM ${monthsFrom} WHERE addedMonth IS NOT NULL AND ${filterWhere(ctx.filters, 'addedMonth')} GROUP BY 1)
ORDER BY month`,
			totals: `SELECT ${tm.files} AS files, ${tm.bytes} AS bytes,
	${totalsFrom === 'facts' ? 'count(*) FILTER (WHERE addedMonth IS NULL)' : 'coalesce(sum(files) FILTER (WHERE addedMonth IS NULL), 0)'} AS undated
FROM ${totalsFrom} WHERE ${ctx.where}`
		};
	}
};
