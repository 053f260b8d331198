/**
 * Obsolete: files not modified for a number of years the person chooses (docs/MODEL.md, "ROT
 * classes"). Every figure is read per obsolete age (whole years since the last modification), so a
 * new choice of years needs no new question: only the oldest files are asked again.
 */
import { num } from '$lib/model/sql';
import { obsoleteYears } from '$lib/model/rot';
import { aggregate, defineReport, list } from '../kit/define';

export const OLDEST_LIMIT = 1000;

export const report = defineReport({
	id: 'obsolete',
	page: {
		slug: 'obsolete',
		group: 'Cleanup (ROT)',
		order: 3,
		title: 'Obsolete',
		description: 'Files not modified for a number of years you choose: how many, how big, where, and the oldest.'
	},
	parts: {
		ages: aggregate({ by: ['obsoleteAge'], measures: ['files', 'bytes'] }),
		folders: aggregate({ by: ['topFolder', 'obsoleteAge'], measures: ['files', 'bytes'] }),
		categories: aggregate({ by: ['extension', 'obsoleteAge'], measures: ['files', 'bytes'] }),
		years: aggregate({ by: ['modifiedYear', 'obsoleteAge'], measures: ['files', 'bytes'] }),
		oldest: list('oldest', OLDEST_LIMIT, (params) => `obsoleteAge >= ${num(obsoleteYears(params.years))}`)
	}
});
