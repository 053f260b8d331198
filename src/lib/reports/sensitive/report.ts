/**
 * Sensitive files: names that suggest secrets, key and certificate files, environment and config
 * files that hold credentials, executables (src/lib/model/security.ts holds the lists). Each file's
 * classes are a bitmask derived once at the report build (SENSITIVE_BITS); the list of files comes
 * from the ranked list kept sorted at the build: secret-bearing first, then largest.
 */
import { aggregate, defineReport, list } from '../kit/define';

/** How many files the page lists. */
export const LISTED = 1000;

export const report = defineReport({
	id: 'sensitive',
	page: {
		slug: 'sensitive',
		group: 'Security & governance',
		order: 2,
		title: 'Sensitive files',
		description: 'Files whose names suggest secrets, keys and certificates, credential-bearing config, executables.'
	},
	parts: {
		classes: aggregate({ by: ['sensitive'], measures: ['files', 'bytes'] }),
		folders: aggregate({ by: ['topFolder', 'sensitive'], measures: ['files', 'bytes'] }),
		files: list('sensitive', LISTED)
	}
});
