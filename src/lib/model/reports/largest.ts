/** Largest files: the 1,000 biggest files under the filters, with where they live and who owns them. */
import type { ReportDefinition } from './types';

export const LARGEST_LIMIT = 1000;

export const largest: ReportDefinition = {
	id: 'largest',
	statements(ctx) {
		return {
			// A top-N over `facts`: one scan with a bounded heap, not a full sort.
			files: `SELECT objectId, name, folder, size, epoch_ms(modified) AS modified, extension, permissionSet AS owner
FROM facts WHERE size IS NOT NULL AND ${ctx.where}
ORDER BY size DESC, objectId LIMIT ${LARGEST_LIMIT}`,
			totals: `SELECT coalesce(sum(bytes), 0) AS bytes, coalesce(sum(files), 0) AS files FROM ${ctx.cube} WHERE ${ctx.where}`
		};
	}
};
