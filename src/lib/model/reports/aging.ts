/**
 * Document Aging: files and bytes per age band of the modified, created and accessed times (the
 * bands of src/lib/model/bands.ts, measured from as-of), and per UTC year of each time.
 * Modified figures come from the summary cubes; created and accessed need one scan of `facts` each.
 */
import { cubeFor, measures } from './context';
import { filterWhere } from '../filters';
import { bandAndYear } from './lifecycle';
import type { ReportDefinition } from './types';

export const aging: ReportDefinition = {
	id: 'aging',
	statements(ctx) {
		const m = measures(ctx.cube);
		// The modified-band chart filters by age band: it shows every band under the other filters
		// (crossfilter), the chosen ones highlighted.
		const crossWhere = filterWhere(ctx.filters, 'ageBand');
		const crossCube = cubeFor({ ...ctx.filters, ageBands: [] });
		const cm = measures(crossCube);
		// Years of modified: s_cube holds the modified month; under an added window only the rows do.
		const yearsOf = ctx.cube === 's_base' || ctx.cube === 's_cube' ? 's_cube' : 'facts';
		const ym = measures(yearsOf);
		const perTime = (column: 'created' | 'accessed') => `SELECT ${bandAndYear(column, ctx.asOfMs)}, count(*) AS files, coalesce(sum(size), 0) AS bytes
FROM facts WHERE ${ctx.where} GROUP BY ALL ORDER BY year NULLS LAST, band`;
		return {
			totals: `SELECT ${m.files} AS files, ${m.bytes} AS bytes, ${ctx.cube === 'facts' ? 'count(modified)' : 'coalesce(sum(dated), 0)'} AS dated
FROM ${ctx.cube} WHERE ${ctx.where}`,
			modifiedBands: `SELECT ageBand AS band, ${cm.files} AS files, ${cm.bytes} AS bytes
FROM ${crossCube} WHERE ageBand IS NOT NULL AND ${crossWhere} GROUP BY 1 ORDER BY 1`,
			modifiedYears: `SELECT modifiedMonth // 100 AS year, ${ym.files} AS files, ${ym.bytes} AS bytes
FROM ${yearsOf} WHERE modifiedMonth IS NOT NULL AND ${ctx.where} GROUP BY 1 ORDER BY 1`,
			created: perTime('created'),
			accessed: perTime('accessed')
		};
	}
};
