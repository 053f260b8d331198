/**
 * Largest files: the 1,000 biggest files under the filters, with where they live, when they
 * changed and their permissions; from the report build's ranked list (read until the first 1,000
 * that pass the filters), the totals they are a share of from the summary tables.
 */
import { aggregate, defineReport, list } from '../kit/define';

export const LARGEST_LIMIT = 1000;

export const report = defineReport({
	id: 'largest',
	page: {
		slug: 'largest',
		group: 'Storage & structure',
		order: 3,
		title: 'Largest files',
		description: 'The 1,000 largest files, with where they are, when they changed and their permissions.'
	},
	parts: {
		files: list('largest', LARGEST_LIMIT),
		totals: aggregate({ by: [], measures: ['files', 'bytes'] })
	}
});
