/** Trivial: empty, temporary, lock, swap, backup and system files, per rule (docs/MODEL.md, "ROT classes"). */
import { aggregate, defineReport, list } from '../kit/define';

export const FILE_LIMIT = 1000;

export const report = defineReport({
	id: 'trivial',
	page: {
		slug: 'trivial',
		group: 'Cleanup (ROT)',
		order: 4,
		title: 'Trivial',
		description: 'Empty, temporary, lock, backup and system files, per rule.'
	},
	parts: {
		totals: aggregate({ by: [], measures: ['files', 'bytes'] }),
		rules: aggregate({ by: ['trivialRule'], measures: ['files', 'bytes'] }),
		folders: aggregate({ by: ['topFolder', 'trivialRule'], measures: ['files', 'bytes'] }),
		files: list('trivial', FILE_LIMIT)
	}
});
