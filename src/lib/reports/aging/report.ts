/**
 * Document Aging: files and bytes per age band of the modified, created and accessed times (the
 * bands of src/lib/model/bands.ts, measured from as-of), and per UTC year of each time. The
 * modified bands come from the Summary's tables; years and the created and accessed times from
 * the report cubes (docs/MODEL.md, "Lifecycle and security rules").
 */
import { aggregate, defineReport } from '../kit/define';

export const report = defineReport({
	id: 'aging',
	page: {
		slug: 'aging',
		group: 'Lifecycle',
		order: 1,
		title: 'Document Aging',
		description: 'Files and bytes by time since last modified, created and accessed, and per year of each.'
	},
	parts: {
		/** Files under the filters, and how many have a valid modified time. */
		totals: aggregate({ by: [], measures: ['files', 'bytes', 'dated'] }),
		/** The chart filters by age band: it keeps every band drawn (crossfilter). */
		modifiedBands: aggregate({ by: ['ageBand'], measures: ['files', 'bytes'], except: 'ageBand' }),
		modifiedYears: aggregate({ by: ['modifiedYear'], measures: ['files', 'bytes'] }),
		created: aggregate({ by: ['createdBand', 'createdYear'], measures: ['files', 'bytes'] }),
		accessed: aggregate({ by: ['accessedBand', 'accessedYear'], measures: ['files', 'bytes'] })
	}
});
