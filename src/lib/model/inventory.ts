/**
 * Generic inventories (find -printf, PowerShell Get-ChildItem | Export-Csv, WizTree, TreeSize,
 * ncdu, diskover, ...): one table with a path (or folder + name), a size and a modified time,
 * mapped onto `files` (docs/MODEL.md, "Generic inventories"). How the columns are recognised lives
 * in ./listings; this module says what a mapping is and builds the view from one.
 */
import type { TimeUnit } from './dataset';
import { extensionExpr, sizeExpr } from './files-view';
import type { ColumnShape, TableShape } from './shape';
import { cleanTime } from './times';
import { ident, str } from './sql';
import { FOLDER_WORDS, mappingByName } from './listings/columns';
import { listingTopFolderSql, modelPathSql } from './listings/paths';
import { numberSql, type NumberFormatId } from './listings/numbers';
import { timeReadSql, type DateOrder, type TimeRead } from './listings/times';

export const MAPPING_FIELDS = ['path', 'folder', 'name', 'size', 'modified', 'created', 'accessed', 'owner', 'extension'] as const;

export type MappingField = (typeof MAPPING_FIELDS)[number];

/** A column that tells folder rows from file rows (WizTree, TreeSize, PowerShell, diskover list both). */
export interface FolderRule {
	column: string;
	/** flag: True/1/yes is a folder (PSIsContainer); mode: starts with d (d-----); type: a word for folder; count: above 0 (WizTree's Files, Folders). */
	rule: 'flag' | 'mode' | 'type' | 'count';
}

export interface InventoryMapping extends Record<MappingField, string | null> {
	table: string;
	/** Folder rows to leave out, besides rows whose path ends in a separator. */
	folderRows?: FolderRule[];
	/** How a text size column writes its numbers (decided from its values, or chosen by the person). */
	numbers?: NumberFormatId | null;
	/** Day or month first, for text dates like 03/04/2024 (chosen by the person when the values do not say). */
	dateOrder?: DateOrder | null;
}

/** The mapping by column names (./listings/columns.ts holds the names every tool uses). */
export function guessMapping(table: string, columns: ColumnShape[]): InventoryMapping {
	return mappingByName(table, columns);
}

/** A mapping names a file by a full path or a file name; everything else may be unknown. */
export function mappingComplete(m: InventoryMapping): boolean {
	return m.path !== null || m.name !== null;
}

export const INVENTORY_TIME_FIELDS = ['modified', 'created', 'accessed'] as const;
export type InventoryTimeField = (typeof INVENTORY_TIME_FIELDS)[number];

/** How each mapped value is read, when the listing's values decided it (./listings). */
export interface ListingReads {
	times: Partial<Record<InventoryTimeField, TimeRead>>;
	/** Sizes written as text: their number format and whether they carry units (`12 KB`). */
	size: { format: NumberFormatId; units: boolean } | null;
}

/** SQL that is TRUE for a folder row, over the path (in the model's spelling) and the folder rules. */
export function folderRowSql(path: string | null, rules: FolderRule[]): string {
	const v = (c: string) => `lower(trim(CAST(t.${ident(c)} AS VARCHAR)))`;
	const tests = rules.map(({ column, rule }) => {
		switch (rule) {
			case 'flag':
				return `${v(column)} IN ('true', '1', 'yes', 'y')`;
			case 'mode':
				return `starts_with(${v(column)}, 'd')`;
			case 'type':
				return `${v(column)} IN (${FOLDER_WORDS.map(str).join(', ')})`;
			case 'count':
				return `TRY_CAST(${v(column)} AS DOUBLE) > 0`;
		}
	});
	if (path) tests.unshift(`ends_with(${path}, '/')`);
	return tests.length ? `coalesce(${tests.join(' OR ')}, false)` : 'false';
}

export function inventoryFilesViewSql(table: TableShape, m: InventoryMapping, units: Record<string, TimeUnit>, openedMs: number, reads?: ListingReads): string {
	const col = (c: string | null) => (c ? `t.${ident(c)}` : 'NULL');
	// Windows paths use backslashes (./listings/paths.ts says when); the model speaks forward slashes
	// with a trailing slash on folders.
	const path = m.path ? modelPathSql(col(m.path)) : null;
	const name = path ? `regexp_extract(${path}, '[^/]*$')` : `coalesce(CAST(${col(m.name)} AS VARCHAR), '')`;
	let folder: string;
	if (path) folder = `regexp_replace(${path}, '[^/]*$', '')`;
	else if (m.folder) {
		const f = modelPathSql(col(m.folder));
		folder = `CASE WHEN ${col(m.folder)} IS NULL OR ${f} = '' THEN '' WHEN ends_with(${f}, '/') THEN ${f} ELSE ${f} || '/' END`;
	} else folder = `''`;
	const time = (field: InventoryTimeField) => {
		const c = m[field];
		if (!c) return 'CAST(NULL AS TIMESTAMP)';
		const read = reads?.times[field];
		if (read) return timeReadSql(col(c), read, openedMs);
		return units[field] ? cleanTime(col(c), units[field], openedMs) : 'CAST(NULL AS TIMESTAMP)';
	};
	const size = m.size && reads?.size ? `round(${numberSql(col(m.size), reads.size.format, reads.size.units)})` : col(m.size);
	const folderRows = folderRowSql(path, m.folderRows ?? []);
	return `CREATE OR REPLACE VIEW files AS
SELECT
	CAST(t.rowid AS VARCHAR) AS objectId,
	coalesce(${folder}, '') AS folder,
	coalesce(${listingTopFolderSql(`coalesce(${folder}, '')`)}, '') AS topFolder,
	coalesce(${name}, '') AS name,
	${extensionExpr(m.extension ? col(m.extension) : null, `coalesce(${name}, '')`)} AS extension,
	${sizeExpr(size)} AS size,
	${time('created')} AS created,
	${time('modified')} AS modified,
	${time('accessed')} AS accessed,
	CAST(NULL AS TIMESTAMP) AS added,
	CAST(${col(m.owner)} AS VARCHAR) AS permissionSet,
	CAST(NULL AS VARCHAR) AS classification,
	CAST(NULL AS VARCHAR) AS service,
	CAST(NULL AS VARCHAR) AS tags
FROM ${table.ref} AS t
WHERE NOT ${folderRows}`;
}

/** One way to read an ambiguous size column, with what its values then say. */
export interface NumberChoice {
	id: NumberFormatId;
	label: string;
	/** A few of the column's values and how this choice reads them ("1.024" → "1,024 bytes"). */
	readings: { text: string; reads: string }[];
}

/** What the person is asked when a listing's columns or formats cannot be settled from the file. */
export interface MappingNeed {
	table: string;
	/** The file (or `table (n parts)`) as the person knows it. */
	label: string;
	columns: string[];
	guess: InventoryMapping;
	/** The first few non-empty values of each column. */
	samples: Record<string, string[]>;
	/** Why the dialog is shown and what is missing, in plain words. */
	reasons: string[];
	/** The size column's numbers read differently under these formats: the person says which. */
	numbers: { column: string; choices: NumberChoice[] } | null;
	/** A date column whose values do not tell the day from the month (03/04/2024). */
	dates: { column: string; examples: string[] } | null;
}
