/**
 * Which tool wrote a listing, from its first lines and column names: said in a note so the person
 * knows how the file was read. Recognition does not depend on it; the columns do the work.
 */
import { squash } from './columns';

export type ListingTool = 'WizTree' | 'TreeSize' | 'PowerShell' | 'diskover' | 'find' | 'ncdu';

const has = (names: Set<string>, ...wanted: string[]) => wanted.every((w) => names.has(w));

export function listingTool(preamble: string[], columns: string[], headerless: boolean): ListingTool | null {
	const first = preamble.join('\n');
	const names = new Set(columns.map(squash));
	if (/wiztree/i.test(first) || has(names, 'filename', 'size', 'allocated', 'modified', 'attributes')) return 'WizTree';
	if (/treesize/i.test(first) || ((names.has('fullpath') || names.has('path')) && has(names, 'size', 'allocated') && (names.has('lastmodified') || names.has('type')))) return 'TreeSize';
	if (/^#TYPE /m.test(first) || names.has('psiscontainer') || names.has('pspath') || has(names, 'fullname', 'length', 'lastwritetime')) return 'PowerShell';
	if ((names.has('parentpath') || names.has('pathparent')) && names.has('name') && (names.has('sizedu') || names.has('type'))) return 'diskover';
	if (headerless) return 'find';
	return null;
}

/** How a note names what the file is. */
export const TOOL_NAMES: Record<ListingTool, string> = {
	WizTree: 'a WizTree export',
	TreeSize: 'a TreeSize export',
	PowerShell: 'a PowerShell Get-ChildItem | Export-Csv listing',
	diskover: 'a diskover export',
	find: 'a find -printf listing',
	ncdu: 'an ncdu export (ncdu -o)'
};
