/** What cleaning did, in sentences a person reads under the Summary. */
import type { CleaningNote } from './dataset';
import { formatCount } from '../format';

export function cleaningNotes(counts: { undatedModified: number; unsized: number; duplicateIds?: number; extraRows?: number }): CleaningNote[] {
	const notes: CleaningNote[] = [];
	const files = (n: number) => `${formatCount(n)} ${n === 1 ? 'file has' : 'files have'}`;
	if (counts.undatedModified > 0) {
		notes.push({ key: 'invalidModified', count: counts.undatedModified, text: `${files(counts.undatedModified)} no valid modified time (missing, 0, before 1980 or in the far future).` });
	}
	if (counts.unsized > 0) {
		notes.push({ key: 'nullSize', count: counts.unsized, text: `${files(counts.unsized)} no known size.` });
	}
	if (counts.duplicateIds && counts.extraRows) {
		const ids = counts.duplicateIds === 1 ? '1 objectId appears' : `${formatCount(counts.duplicateIds)} objectIds appear`;
		const rows = `${formatCount(counts.extraRows)} extra ${counts.extraRows === 1 ? 'row' : 'rows'}`;
		notes.push({ key: 'duplicateObjectIds', count: counts.duplicateIds, text: `${ids} more than once in objects (${rows}): each file is counted once, as its newest row.` });
	}
	return notes;
}
