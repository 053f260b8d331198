/**
 * Content Categories: files and bytes per classification result as recorded (the classification
 * key), from the report build's classification cubes. The view splits each key into policies and
 * confidence tiers (src/lib/model/classifications.ts), so no file is read on a filter change.
 */
import { aggregate, defineReport } from '../kit/define';

export const report = defineReport({
	id: 'classifications',
	page: {
		slug: 'classifications',
		group: 'Content',
		order: 3,
		title: 'Content Categories',
		description: 'Files and bytes per classification policy and confidence tier, and how many files are unclassified.'
	},
	parts: {
		keys: aggregate({ by: ['classification'], measures: ['files', 'bytes'] })
	}
});
