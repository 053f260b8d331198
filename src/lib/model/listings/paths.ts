/**
 * Paths in a file listing (docs/MODEL.md, "Generic inventories"). A backslash is a folder
 * separator only where the path is plainly Windows: a drive (`D:\…`), a UNC share
 * (`\\server\share\…`), or a path with no `/` at all. Linux allows `\` inside a name
 * (systemd's `system-systemd\x2dcryptsetup.slice`): there it stays part of the name.
 */
import { topFolderExpr } from '../files-view';

/** Whether this path's backslashes separate folders. */
export function backslashSeparates(path: string): boolean {
	return /^[A-Za-z]:\\/.test(path) || path.startsWith('\\\\') || !path.includes('/');
}

/** The path in the model's spelling: forward slashes where backslashes separate folders. */
export function modelPath(path: string): string {
	return backslashSeparates(path) ? path.replaceAll('\\', '/') : path;
}

/**
 * SQL for modelPath over a VARCHAR expression. String functions only (no regex per row): the
 * expression is evaluated for every file.
 */
export function modelPathSql(expr: string): string {
	const p = `CAST(${expr} AS VARCHAR)`;
	const windows = `(substr(${p}, 2, 2) = ':\\' OR starts_with(${p}, '\\\\') OR strpos(${p}, '/') = 0)`;
	return `CASE WHEN ${windows} THEN replace(${p}, '\\', '/') ELSE ${p} END`;
}

/**
 * A listing folder's top folder: as for any folder (its first three segments), except that a UNC
 * share's `//server/share/` counts as two segments, like a drive: `//srv/data/HR/2024/` →
 * `//srv/data/HR/`.
 */
export function listingTopFolderSql(folderExpr: string): string {
	return `CASE WHEN starts_with(${folderExpr}, '//') THEN '/' || ${topFolderExpr(`substr(${folderExpr}, 2)`)} ELSE ${topFolderExpr(folderExpr)} END`;
}
