/**
 * ROT summary: the bytes reclaimable from redundant, obsolete and trivial files, a file in several
 * classes counted once in the total (docs/MODEL.md, "ROT classes"). Read per combination of the
 * three classes' codes, so the obsolete years chosen need no new question.
 */
import { aggregate, defineReport } from '../kit/define';

export const report = defineReport({
	id: 'rot',
	page: {
		slug: 'rot',
		group: 'Cleanup (ROT)',
		order: 1,
		title: 'ROT summary',
		description: 'Bytes reclaimable from redundant, obsolete and trivial files, with each file counted once.'
	},
	parts: {
		totals: aggregate({ by: [], measures: ['files', 'bytes'] }),
		classes: aggregate({ by: ['redundant', 'obsoleteAge', 'trivialRule'], measures: ['files', 'bytes'] }),
		folders: aggregate({ by: ['topFolder', 'redundant', 'obsoleteAge', 'trivialRule'], measures: ['files', 'bytes'] })
	}
});
