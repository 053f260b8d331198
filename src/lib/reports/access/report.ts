/**
 * Access patterns: when files were last accessed, by ISO day of week (1 = Monday … 7 = Sunday) and
 * hour of day, UTC. Files without an access time fall in the NULL cell: together the cells are every
 * file under the filters.
 */
import { aggregate, defineReport } from '../kit/define';

export const report = defineReport({
	id: 'access',
	page: {
		slug: 'access',
		group: 'Lifecycle',
		order: 4,
		title: 'Access patterns',
		description: 'When files were last accessed, by hour of day and day of week (UTC).'
	},
	parts: {
		cells: aggregate({ by: ['accessDay', 'accessHour'], measures: ['files', 'bytes'] })
	}
});
