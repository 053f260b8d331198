/**
 * Hot/cold: files and bytes by when they were last accessed: within 30 days, 30–90 days, 90–365
 * days, over a year ago, or no access time at all (never recorded, or junk). The tiers are the age
 * bands of the accessed time, merged (docs/MODEL.md, "Lifecycle and security rules").
 */
import { aggregate, defineReport } from '../kit/define';

export const report = defineReport({
	id: 'hot-cold',
	page: {
		slug: 'hot-cold',
		group: 'Lifecycle',
		order: 2,
		title: 'Hot/cold',
		description: 'Files and bytes by last access: within 30, 90 or 365 days, longer ago, or never.'
	},
	parts: {
		tiers: aggregate({ by: ['accessedBand'], measures: ['files', 'bytes'] }),
		folders: aggregate({ by: ['topFolder', 'accessedBand'], measures: ['files', 'bytes'] })
	}
});
