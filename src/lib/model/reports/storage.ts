/**
 * Storage Overview: size statistics, size bands, and bytes per storage service with the services'
 * storeCost for a cost estimate. The bands come from the summary cube; statistics that cannot be
 * summed (median, percentiles) and the per-service split (not a cube dimension) read `facts`.
 */
import { filterWhere } from '../filters';
import { ident } from '../sql';
import { measures } from './context';
import type { ReportContext, ReportDefinition } from './types';

/** storeCost per service name (facts.service holds services.name), or null without a cost column. */
export function serviceCostsSql(ctx: ReportContext): string | null {
	const t = ctx.shape.table('services');
	const name = ctx.shape.column('services', 'name');
	const cost = ctx.shape.column('services', 'storeCost');
	if (!t || !name || !cost) return null;
	// Several services may share a name; their costs are averaged so a name never fans rows out.
	return `SELECT ${ident(name.name)} AS service, avg(TRY_CAST(${ident(cost.name)} AS DOUBLE)) AS storeCost, count(*) AS services
FROM ${t.ref} GROUP BY 1`;
}

export const storage: ReportDefinition = {
	id: 'storage',
	statements(ctx) {
		const m = measures(ctx.cube);
		const costs = serviceCostsSql(ctx);
		const perService = `SELECT service, count(*) AS files, coalesce(sum(size), 0) AS bytes FROM facts WHERE ${ctx.where} GROUP BY 1`;
		return {
			stats: `SELECT count(*) AS files, count(size) AS sized, coalesce(sum(size), 0) AS bytes, avg(size) AS mean,
	quantile_disc(size, 0.5) AS median, quantile_disc(size, 0.9) AS p90, quantile_disc(size, 0.99) AS p99,
	max(size) AS max, min(size) AS min, count(*) FILTER (WHERE size = 0) AS empty
FROM facts WHERE ${ctx.where}`,
			// Crossfilter: the band chart ignores its own filter, so every band stays visible.
			sizeBands: `SELECT sizeBand, ${m.files} AS files, ${m.bytes} AS bytes
FROM ${ctx.cube} WHERE sizeBand IS NOT NULL AND ${filterWhere(ctx.filters, 'sizeBand')} GROUP BY 1 ORDER BY 1`,
			services: costs
				? `SELECT s.service, s.files, s.bytes, c.storeCost, c.services, s.bytes / 1e9 * c.storeCost AS cost
FROM (${perService}) AS s LEFT JOIN (${costs}) AS c ON c.service = s.service
ORDER BY s.bytes DESC, s.service NULLS LAST LIMIT 200`
				: `SELECT service, files, bytes, NULL AS storeCost, NULL AS services, NULL AS cost FROM (${perService}) ORDER BY bytes DESC, service NULLS LAST LIMIT 200`
		};
	}
};
