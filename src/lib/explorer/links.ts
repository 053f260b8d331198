/**
 * Links into the Explorer from anywhere (a report's folder, a file's folder in the drawer): the
 * Explorer on one folder and everything below it, under the filters the page already shows.
 * The parameter is `prefix` (src/lib/model/explorer.ts EXPLORER_PARAMS): a folder ending in `/`
 * is that folder and below, compared case- and slash-insensitively (a leading `/` optional).
 */
import { resolve } from '$app/paths';
import { EXPLORER_PARAMS } from '$lib/model/explorer';

/** A folder as the `prefix` parameter: forward slashes and a trailing slash (one folder and below). */
export function folderPrefixParam(folder: string): string {
	const f = folder.replaceAll('\\', '/');
	return f.endsWith('/') ? f : `${f}/`;
}

/**
 * The Explorer on `folder` and below. `keep` carries the current page's parameters (its filters,
 * `?src=`, `?debug`); the Explorer's own search and other narrowing are left out, so the link shows
 * every file of the folder under the shared filters.
 */
export function explorerFolderHref(folder: string, keep?: URLSearchParams): string {
	const params = new URLSearchParams();
	const own = new Set<string>(Object.values(EXPLORER_PARAMS));
	for (const [k, v] of keep ?? []) if (!own.has(k)) params.append(k, v);
	// The root ('' as the folder reports name it) is every file: no prefix.
	if (folder !== '') params.set(EXPLORER_PARAMS.folderPrefix, folderPrefixParam(folder));
	return `${resolve('/explorer')}/?${params.toString()}`;
}
