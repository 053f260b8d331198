/**
 * Document Analysis: files and bytes per type category and per extension, average sizes, and how
 * many files carry tags. Per extension from the Summary's tables; tagged per extension from the
 * report build's flags cubes. Categories are extensions grouped (src/lib/model/categories.ts), in
 * the view.
 */
import { aggregate, defineReport } from '../kit/define';

export const report = defineReport({
	id: 'documents',
	page: {
		slug: 'documents',
		group: 'Content',
		order: 1,
		title: 'Document Analysis',
		description: 'Files and bytes per type category and extension, average sizes, and how many carry tags.'
	},
	parts: {
		extensions: aggregate({ by: ['extension'], measures: ['files', 'bytes', 'sized'] }),
		tagging: aggregate({ by: ['extension', 'tagged'], measures: ['files', 'bytes'] })
	}
});
