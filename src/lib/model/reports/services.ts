/**
 * Service Interactions: files and bytes per storage service (the current instance's service),
 * with the service's type from the services table, and the latest modification, access and
 * indexing among its files. One scan of `facts`; the services table is small.
 */
import { ident } from '../sql';
import type { ReportDefinition } from './types';

export const services: ReportDefinition = {
	id: 'services',
	statements(ctx) {
		const t = ctx.shape.table('services');
		const name = ctx.shape.column('services', 'name');
		// Without the services table no file names a service.
		if (!t || !name) return { services: null, catalogue: null };
		const col = (c: string) => {
			const found = ctx.shape.column('services', c);
			return found ? `CAST(${ident(found.name)} AS VARCHAR)` : 'CAST(NULL AS VARCHAR)';
		};
		const types = `SELECT CAST(${ident(name.name)} AS VARCHAR) AS service, string_agg(DISTINCT ${col('type')}, ', ') AS type FROM ${t.ref} GROUP BY 1`;
		return {
			services: `SELECT f.service, t.type, f.files, f.bytes, f.sized, f.lastModified, f.lastAccessed, f.lastAdded
FROM (
	SELECT service, count(*) AS files, coalesce(sum(size), 0) AS bytes, count(size) AS sized,
		epoch_ms(max(modified)) AS lastModified, epoch_ms(max(accessed)) AS lastAccessed, epoch_ms(max(added)) AS lastAdded
	FROM facts WHERE ${ctx.where} GROUP BY 1
) AS f LEFT JOIN (${types}) AS t ON t.service = f.service
ORDER BY f.bytes DESC, f.service NULLS LAST LIMIT 500`,
			// Every service the export defines, so one without files (under the filters) still shows.
			catalogue: `SELECT CAST(${ident(name.name)} AS VARCHAR) AS service, ${col('type')} AS type, ${col('mode')} AS mode FROM ${t.ref} ORDER BY 1 LIMIT 500`
		};
	}
};
