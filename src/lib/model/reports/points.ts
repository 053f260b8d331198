/**
 * Point charts (one mark per file) never draw every file: a uniform random sample of at most
 * POINT_SAMPLE files under the filters, with the number it was drawn from, so the chart can say
 * "sample of 50,000 of 25,000,000 files". Everything numeric elsewhere stays exact.
 */
import type { ReportDefinition } from './types';

export const POINT_SAMPLE = 50_000;

export const points: ReportDefinition = {
	id: 'points',
	statements(ctx) {
		// A summary pack holds a uniform sample of the files (p_sample, the same columns): draw from it.
		const rows = ctx.pack ? 'p_sample' : 'facts';
		const population = `SELECT size, modified, extension FROM ${rows} WHERE ${ctx.where} AND size IS NOT NULL AND modified IS NOT NULL`;
		return {
			population: `SELECT count(*) AS files FROM ${rows} WHERE ${ctx.where} AND size IS NOT NULL AND modified IS NOT NULL`,
			// With a pack, how many files the whole estate holds under the filters (from the cube).
			estate: ctx.pack && ctx.cube !== 'facts' ? `SELECT coalesce(sum(files), 0) AS files FROM ${ctx.cube} WHERE ${ctx.where}` : null,
			// Reservoir sampling over the filtered rows (the subquery), repeatable so a redraw is stable.
			points: `SELECT size, epoch_ms(modified) AS modified, extension FROM (${population}) USING SAMPLE reservoir(${POINT_SAMPLE} ROWS) REPEATABLE (7)`
		};
	}
};
