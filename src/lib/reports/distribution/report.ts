/**
 * File Distribution: type categories per top folder, from the Summary's tables (files and bytes per
 * top folder and extension; the view groups extensions into categories and keeps the top folders
 * with the most bytes, plus any the person selected).
 */
import { aggregate, defineReport } from '../kit/define';

export const report = defineReport({
	id: 'distribution',
	page: {
		slug: 'distribution',
		group: 'Storage & structure',
		order: 4,
		title: 'File Distribution',
		description: 'Type categories per top folder: which kinds of files fill each share, volume or mailbox.'
	},
	parts: {
		// Crossfilter: the folder axis ignores the folder filter, so choosing one keeps the others drawn.
		cells: aggregate({ by: ['topFolder', 'extension'], measures: ['files', 'bytes'], except: 'topFolder' })
	}
});
