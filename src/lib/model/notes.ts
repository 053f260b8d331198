/** What cleaning did, in sentences a person reads under the Summary. */
import type { CleaningNote } from './dataset';
import { formatCount } from '../format';

export function cleaningNotes(counts: { undatedModified: number; unsized: number }): CleaningNote[] {
	const notes: CleaningNote[] = [];
	const files = (n: number) => `${formatCount(n)} ${n === 1 ? 'file has' : 'files have'}`;
	if (counts.undatedModified > 0) {
		notes.push({ key: 'invalidModified', count: counts.undatedModified, text: `${files(counts.undatedModified)} no valid modified time (missing, 0, before 1980 or in the far future).` });
	}
	if (counts.unsized > 0) {
		notes.push({ key: 'nullSize', count: counts.unsized, text: `${files(counts.unsized)} no known size.` });
	}
	return notes;
}
