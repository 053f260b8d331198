/**
 * Which column of a listing is which: by name (the synonyms every tool uses), and, for a listing
 * without a header (find -printf), by what the values look like. Also which rows are folders:
 * WizTree, TreeSize, PowerShell and diskover list folders as rows beside the files.
 */
import type { FolderRule, InventoryMapping, MappingField } from '../inventory';
import { classify, dominantFamily, epochUnitOf, family } from './values';

/**
 * Names we recognise for each field, compared without case, spaces, dashes, dots or underscores,
 * in order of preference (a UTC time before the local one).
 */
export const SYNONYMS: Record<MappingField, string[]> = {
	path: ['path', 'fullpath', 'fullname', 'filepath', 'pathname', 'filenamefull', 'abspath', 'absolutepath', 'file', 'uri', 'vollständigerpfad', 'pfad', 'chemin'],
	folder: ['folder', 'directory', 'directoryname', 'dir', 'parentpath', 'pathparent', 'parent', 'dirname', 'ordner'],
	name: ['name', 'filename', 'basename', 'dateiname', 'nom'],
	size: ['size', 'bytes', 'length', 'filesize', 'sizebytes', 'sizeinbytes', 'asize', 'apparentsize', 'logicalsize', 'größe', 'grösse', 'groesse', 'taille'],
	modified: ['lastwritetimeutc', 'modified', 'mtime', 'lastwritetime', 'modifytime', 'modifiedat', 'lastmodified', 'datemodified', 'modificationtime', 'modificationdate', 'lastmodifieddate', 'geändert', 'änderungsdatum', 'zuletztgeändert'],
	created: ['creationtimeutc', 'created', 'creationtime', 'createtime', 'createdat', 'creationdate', 'datecreated', 'birthtime', 'btime', 'ctime', 'erstellt'],
	accessed: ['lastaccesstimeutc', 'accessed', 'atime', 'lastaccesstime', 'accesstime', 'accessedat', 'lastaccessed', 'lastaccess', 'letzterzugriff'],
	owner: ['owner', 'user', 'username', 'owneruser', 'uid', 'besitzer'],
	extension: ['extension', 'ext', 'suffix']
};

/** Other columns file listing tools write: they too say "this line is a header". */
const OTHER_LISTING_COLUMNS = ['allocated', 'attributes', 'files', 'folders', 'mode', 'psiscontainer', 'pspath', 'type', 'group', 'sizedu', 'inode', 'ino', 'nlink', 'permissions'];

export const squash = (s: string) => s.toLowerCase().replace(/[\s_\-.]/g, '');

const KNOWN = new Set([...Object.values(SYNONYMS).flat(), ...OTHER_LISTING_COLUMNS]);

/** How many cells of a line are names of listing columns (2 or more: a header). */
export function knownHeaderScore(cells: string[]): number {
	return cells.filter((c) => KNOWN.has(squash(c))).length;
}

/** Column names DuckDB gives a file without a header (column0, column1, …). */
export const isGeneratedName = (name: string) => /^column\d+$/i.test(name);

export interface Column {
	name: string;
	/** DuckDB type, upper case. */
	type: string;
}

/** The mapping by column names alone; fields whose name nobody uses stay null. */
export function mappingByName(table: string, columns: Column[]): InventoryMapping {
	const pick = (field: MappingField): string | null => {
		for (const wanted of SYNONYMS[field]) {
			const c = columns.find((c) => squash(c.name) === wanted);
			if (c) return c.name;
		}
		return null;
	};
	const m: InventoryMapping = {
		table,
		path: pick('path'),
		folder: pick('folder'),
		name: pick('name'),
		size: pick('size'),
		modified: pick('modified'),
		created: pick('created'),
		accessed: pick('accessed'),
		owner: pick('owner'),
		extension: pick('extension')
	};
	// A `name` column next to a full path is redundant; the path wins.
	if (m.path && m.path === m.name) m.name = null;
	return m;
}

const pathLike = (values: string[]) => values.length > 0 && values.filter((v) => classify(v) === 'path').length >= 0.8 * values.length;

/** A numeric column of epoch times: most values are instants between 1980 and 2100 in one unit. */
function epochLike(values: string[]): boolean {
	const numbers = values.map(Number).filter((n) => Number.isFinite(n));
	if (numbers.length === 0 || numbers.length < 0.9 * values.length) return false;
	const units = numbers.map(epochUnitOf);
	const top = ['seconds', 'milliseconds', 'microseconds'].map((u) => units.filter((x) => x === u).length);
	return Math.max(...top) >= 0.9 * numbers.length;
}

const isNumericType = (type: string) => /^(BIGINT|INTEGER|SMALLINT|TINYINT|HUGEINT|UBIGINT|UINTEGER|USMALLINT|UTINYINT|DOUBLE|FLOAT|REAL|DECIMAL.*)$/.test(type);
const isTimeType = (type: string) => type.startsWith('TIMESTAMP') || type === 'DATE';

export interface ContentGuess {
	mapping: InventoryMapping;
	/** Fields set from the values rather than the names, for the note (and for a person to check). */
	byContent: MappingField[];
}

/**
 * Fill what names left open from the values (`samples`: a few hundred non-empty values per
 * column, as text). A `name` column holding full paths is a path (WizTree's "File Name").
 */
export function mappingByContent(byName: InventoryMapping, columns: Column[], samples: Record<string, string[]>): ContentGuess {
	const m = { ...byName };
	const byContent: MappingField[] = [];
	const used = () => new Set([m.path, m.folder, m.name, m.size, m.modified, m.created, m.accessed, m.owner, m.extension].filter((c) => c !== null));
	const values = (c: string) => samples[c] ?? [];
	if (!m.path && m.name && !m.folder && pathLike(values(m.name))) {
		m.path = m.name;
		m.name = null;
		byContent.push('path');
	}
	if (!m.path && !m.name) {
		const c = columns.find((c) => !used().has(c.name) && pathLike(values(c.name))) ?? (columns.length === 1 ? columns[0] : undefined);
		if (c) {
			m.path = c.name;
			byContent.push('path');
		}
	}
	const free = () => columns.filter((c) => !used().has(c.name));
	const numeric = (c: Column) => isNumericType(c.type) || (values(c.name).length > 0 && dominantFamily(values(c.name)) === 'number');
	const timeLike = (c: Column) => isTimeType(c.type) || (numeric(c) && epochLike(values(c.name))) || (!isNumericType(c.type) && dominantFamily(values(c.name)) === 'date');
	if (!m.modified) {
		const c = free().find(timeLike);
		if (c) {
			m.modified = c.name;
			byContent.push('modified');
		}
	}
	if (!m.size) {
		const c = free().find((c) => (numeric(c) && !timeLike(c)) || dominantFamily(values(c.name)) === 'sized');
		if (c) {
			m.size = c.name;
			byContent.push('size');
		}
	}
	return { mapping: m, byContent };
}

/** Words that mark a folder in a type column (TreeSize's Type, diskover's type, find's %y). */
export const FOLDER_WORDS = ['d', 'dir', 'directory', 'folder', 'ordner', 'verzeichnis', 'dossier', 'répertoire', 'carpeta', 'cartella', 'map', 'container'];

/**
 * How this listing marks its folder rows, besides a path ending in a separator (which every
 * listing's folder rows may have): PSIsContainer True, Mode `d-----`, a type column saying
 * folder, WizTree's Files/Folders counts above 0.
 */
export function folderRules(columns: Column[], samples: Record<string, string[]>, mapped: Set<string>): FolderRule[] {
	const rules: FolderRule[] = [];
	for (const c of columns) {
		if (mapped.has(c.name)) continue;
		const key = squash(c.name);
		const vs = (samples[c.name] ?? []).map((v) => v.trim().toLowerCase());
		if (['psiscontainer', 'isdir', 'isdirectory', 'isfolder', 'directory', 'folder'].includes(key) && vs.every((v) => ['true', 'false', '1', '0', 'yes', 'no', 'y', 'n'].includes(v))) {
			rules.push({ column: c.name, rule: 'flag' });
		} else if (key === 'mode' && vs.length > 0 && vs.every((v) => family(classify(v)) === 'flag' || /^[-dl][-rwxsStTarhl]{3,9}$/.test(v))) {
			rules.push({ column: c.name, rule: 'mode' });
		} else if ((['type', 'kind', 'itemtype', 'objecttype', 'entrytype', 'typ'].includes(key) || isGeneratedName(c.name)) && vs.length > 0 && vs.some((v) => FOLDER_WORDS.includes(v)) && vs.every((v) => v.length <= 40)) {
			// A type column of a headerless find listing (%y) holds single letters: f, d, l.
			if (!isGeneratedName(c.name) || vs.every((v) => v.length === 1)) rules.push({ column: c.name, rule: 'type' });
		} else if (['files', 'folders', 'filecount', 'foldercount', 'subfolders'].includes(key) && vs.every((v) => /^\d*$/.test(v))) {
			rules.push({ column: c.name, rule: 'count' });
		}
	}
	return rules;
}

