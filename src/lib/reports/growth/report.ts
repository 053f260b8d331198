/**
 * Growth: files and bytes added to the index per month (`added`, objects.createdAt), with the
 * running total of bytes (summed on the page), and the files without a valid added time. Read from
 * the Summary's month tables.
 */
import { aggregate, defineReport } from '../kit/define';

export const report = defineReport({
	id: 'growth',
	page: {
		slug: 'growth',
		group: 'Lifecycle',
		order: 3,
		title: 'Growth',
		description: 'Files and bytes added to the index per month, and the running total of bytes.'
	},
	parts: {
		/** The monthly chart is brushed over the added month: it shows every month (crossfilter). */
		months: aggregate({ by: ['addedMonth'], measures: ['files', 'bytes'], except: 'addedMonth' }),
		/** Under every filter: summed for the totals; its NULL month is the files without a valid added time. */
		totals: aggregate({ by: ['addedMonth'], measures: ['files', 'bytes'] })
	}
});
