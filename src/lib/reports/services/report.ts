/**
 * Service Interactions: files and bytes per storage service (the current instance's service), the
 * latest modification, access and indexing among its files (the service cubes), and each service's
 * type and mode from the services table the report build keeps (r_services).
 */
import { ident } from '$lib/model/sql';
import { aggregate, defineReport, sql, type SqlContext } from '../kit/define';

/** A service the export defines: its name, type and mode as text. */
export type ServiceRow = { service: string | null; type: string | null; mode: string | null };

/** A column of the services table as text, or NULL when the export has no such column. */
function column(ctx: SqlContext, name: string): string {
	const found = ctx.shape.column('services', name);
	return found ? `CAST(${ident(found.name)} AS VARCHAR)` : 'CAST(NULL AS VARCHAR)';
}

export const report = defineReport({
	id: 'services',
	page: {
		slug: 'services',
		group: 'Security & governance',
		order: 3,
		title: 'Service Interactions',
		description: 'Files, bytes and latest activity per storage service.',
		needs: ['services']
	},
	parts: {
		services: aggregate({ by: ['service'], measures: ['files', 'bytes', 'sized', 'lastModified', 'lastAccessed', 'lastAdded'] }),
		/** Every service the export defines (so one without files still shows): null without a services table. */
		catalogue: sql<ServiceRow>(['r_services'], (ctx) =>
			ctx.shape.column('services', 'name') ? `SELECT ${column(ctx, 'name')} AS service, ${column(ctx, 'type')} AS type, ${column(ctx, 'mode')} AS mode FROM r_services ORDER BY 1, 2, 3` : null
		)
	}
});
