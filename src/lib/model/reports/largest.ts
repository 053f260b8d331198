/** Largest files: the 1,000 biggest files under the filters, with where they live and who owns them. */
import type { ReportDefinition } from './types';

export const LARGEST_LIMIT = 1000;

export const largest: ReportDefinition = {
	id: 'largest',
	statements(ctx) {
		// A summary pack keeps the 1,000 largest files (p_top_files, facts' columns): exact unfiltered.
		// Under filters the largest matching files may lie outside them, so the rows are needed.
		const rows = ctx.pack && ctx.where === 'TRUE' ? 'p_top_files' : 'facts';
		return {
			// A top-N over the rows: one scan with a bounded heap, not a full sort.
			files: `SELECT objectId, name, folder, size, epoch_ms(modified) AS modified, extension, permissionSet AS owner
FROM ${rows} WHERE size IS NOT NULL AND ${ctx.where}
ORDER BY size DESC, objectId LIMIT ${LARGEST_LIMIT}`,
			totals: `SELECT coalesce(sum(bytes), 0) AS bytes, coalesce(sum(files), 0) AS files FROM ${ctx.cube} WHERE ${ctx.where}`
		};
	}
};
