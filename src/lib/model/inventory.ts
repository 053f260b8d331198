/**
 * Generic file inventories (find -printf, PowerShell Get-ChildItem | Export-Csv, diskover, ...):
 * one table with a path (or folder + name), a size and a modified time, mapped onto `files`.
 */
import type { TimeUnit } from './dataset';
import { extensionExpr, sizeExpr, topFolderExpr } from './files-view';
import type { ColumnShape, TableShape } from './shape';
import { cleanTime } from './times';
import { ident } from './sql';

export interface InventoryMapping {
	table: string;
	path: string | null;
	folder: string | null;
	name: string | null;
	size: string | null;
	modified: string | null;
	created: string | null;
	accessed: string | null;
	owner: string | null;
	extension: string | null;
}

export type MappingField = Exclude<keyof InventoryMapping, 'table'>;

/** Names we recognise for each field, compared without case, spaces, dashes or underscores. */
const SYNONYMS: Record<MappingField, string[]> = {
	path: ['path', 'fullpath', 'fullname', 'file', 'filepath', 'filename_full', 'abspath', 'uri'],
	folder: ['folder', 'directory', 'directoryname', 'dir', 'parentpath', 'parent', 'dirname'],
	name: ['name', 'filename', 'basename'],
	size: ['size', 'bytes', 'length', 'filesize', 'sizebytes', 'size_bytes'],
	modified: ['modified', 'mtime', 'lastwritetime', 'lastwritetimeutc', 'modifytime', 'modifiedat', 'lastmodified', 'datemodified'],
	created: ['created', 'ctime', 'creationtime', 'creationtimeutc', 'createtime', 'createdat', 'birthtime', 'datecreated'],
	accessed: ['accessed', 'atime', 'lastaccesstime', 'lastaccesstimeutc', 'accesstime', 'accessedat'],
	owner: ['owner', 'user', 'uid', 'username', 'owneruser'],
	extension: ['extension', 'ext', 'suffix', 'filetype']
};

const squash = (s: string) => s.toLowerCase().replace(/[\s_\-.]/g, '');

export function guessMapping(table: string, columns: ColumnShape[]): InventoryMapping {
	const pick = (field: MappingField): string | null => {
		const wanted = SYNONYMS[field].map(squash);
		return columns.find((c) => wanted.includes(squash(c.name)))?.name ?? null;
	};
	const m: InventoryMapping = { table, path: pick('path'), folder: pick('folder'), name: pick('name'), size: pick('size'), modified: pick('modified'), created: pick('created'), accessed: pick('accessed'), owner: pick('owner'), extension: pick('extension') };
	// A `name` column next to a full path is redundant; the path wins.
	if (m.path && m.path === m.name) m.name = null;
	return m;
}

/** A mapping is usable with a size and either a path or a name. */
export function mappingComplete(m: InventoryMapping): boolean {
	return m.size !== null && (m.path !== null || m.name !== null);
}

export const INVENTORY_TIME_FIELDS = ['modified', 'created', 'accessed'] as const;

export function inventoryFilesViewSql(table: TableShape, m: InventoryMapping, units: Record<string, TimeUnit>, openedMs: number): string {
	const col = (c: string | null) => (c ? `t.${ident(c)}` : 'NULL');
	// Windows paths use backslashes; the model speaks forward slashes with a trailing slash on folders.
	const path = m.path ? `replace(CAST(${col(m.path)} AS VARCHAR), '\\', '/')` : null;
	const name = path ? `regexp_extract(${path}, '[^/]*$')` : `coalesce(CAST(${col(m.name)} AS VARCHAR), '')`;
	let folder: string;
	if (path) folder = `regexp_replace(${path}, '[^/]*$', '')`;
	else if (m.folder) {
		const f = `replace(CAST(${col(m.folder)} AS VARCHAR), '\\', '/')`;
		folder = `CASE WHEN ${f} IS NULL OR ${f} = '' THEN '' WHEN ends_with(${f}, '/') THEN ${f} ELSE ${f} || '/' END`;
	} else folder = `''`;
	const time = (field: (typeof INVENTORY_TIME_FIELDS)[number]) => {
		const c = m[field];
		return c && units[field] ? cleanTime(col(c), units[field], openedMs) : 'CAST(NULL AS TIMESTAMP)';
	};
	return `CREATE OR REPLACE VIEW files AS
SELECT
	CAST(t.rowid AS VARCHAR) AS objectId,
	coalesce(${folder}, '') AS folder,
	coalesce(${topFolderExpr(folder)}, '') AS topFolder,
	coalesce(${name}, '') AS name,
	${extensionExpr(m.extension ? col(m.extension) : null, `coalesce(${name}, '')`)} AS extension,
	${sizeExpr(col(m.size))} AS size,
	${time('created')} AS created,
	${time('modified')} AS modified,
	${time('accessed')} AS accessed,
	CAST(NULL AS TIMESTAMP) AS added,
	CAST(${col(m.owner)} AS VARCHAR) AS permissionSet,
	CAST(NULL AS VARCHAR) AS classification,
	CAST(NULL AS VARCHAR) AS service,
	CAST(NULL AS VARCHAR) AS tags
FROM ${table.ref} AS t`;
}
