/**
 * Folder Organization: folder totals that count each file once at every depth. A folder's total is
 * the files in it and in every folder below it. They come from prefix aggregation over per-folder
 * counts (s_folder when no filter applies, else one grouping scan of `facts`), never by adding up
 * totals of nested folders, so no file is counted twice.
 *
 * Paths are `/`-terminated segments (`File System/D:/data/HR/`). A folder's child is its path plus
 * one more segment; depth is the number of segments (slashes).
 */
import { hasFilters } from '../filters';
import { num, str } from '../sql';
import type { ReportContext, ReportDefinition } from './types';

export const MAX_TREEMAP_DEPTH = 4;
export const TREEMAP_NODES = 2000;
export const TOP_FOLDERS = 50;
export const CHILDREN_LIMIT = 500;

/** Files and bytes directly in each folder, under the filters. */
export function folderCountsSql(ctx: ReportContext): string {
	if (!hasFilters(ctx.filters)) return `SELECT folder, files, coalesce(bytes, 0) AS bytes FROM s_folder`;
	return `SELECT folder, count(*) AS files, coalesce(sum(size), 0) AS bytes FROM facts WHERE ${ctx.where} GROUP BY 1`;
}

/** A text param as a folder path: '' (the root) or a `/`-terminated path. */
export function folderParam(value: unknown): string {
	const s = typeof value === 'string' ? value.slice(0, 4096) : '';
	return s === '' || s.endsWith('/') ? s : `${s}/`;
}

export function depthParam(value: unknown, fallback = 2): number {
	const n = Math.floor(Number(value));
	return Number.isFinite(n) ? Math.min(MAX_TREEMAP_DEPTH, Math.max(1, n)) : fallback;
}

/**
 * The folders below `root`, each with its subtree total, for levels 1..depth below it. `segs` is
 * the path below the root split on `/` (the trailing `/` leaves a last empty element).
 */
function subtreeSql(ctx: ReportContext, root: string, depth: number): string {
	const rootLen = [...root].length;
	return `WITH c AS (${folderCountsSql(ctx)}),
below AS (
	SELECT files, bytes, string_split(substr(folder, ${num(rootLen + 1)}), '/') AS segs
	FROM c WHERE folder IS NOT NULL AND starts_with(folder, ${str(root)}) AND folder <> ${str(root)}
),
levels AS (
	SELECT files, bytes, len(segs) - 1 AS below, unnest(generate_series(1, least(len(segs) - 1, ${num(depth)}))) AS level, segs FROM below
)
SELECT ${str(root)} || array_to_string(segs[1:level], '/') || '/' AS folder, level,
	sum(files)::BIGINT AS files, sum(bytes)::DOUBLE AS bytes, max(below) > level AS hasChildren
FROM levels GROUP BY 1, 2`;
}

export const folders: ReportDefinition = {
	id: 'folders',
	statements(ctx) {
		const root = folderParam(ctx.params.root);
		const depth = depthParam(ctx.params.depth);
		const counts = folderCountsSql(ctx);
		return {
			/* The root's own total: files in it and below (the whole selection when the root is ''). */
			root: `SELECT count(*) FILTER (WHERE files > 0) AS folders, coalesce(sum(files), 0)::BIGINT AS files, coalesce(sum(bytes), 0)::DOUBLE AS bytes,
	coalesce(sum(files) FILTER (WHERE folder = ${str(root)}), 0)::BIGINT AS ownFiles, coalesce(sum(bytes) FILTER (WHERE folder = ${str(root)}), 0)::DOUBLE AS ownBytes
FROM (${counts}) WHERE folder IS NOT NULL AND starts_with(folder, ${str(root)})`,
			/* Treemap nodes: every level down to `depth`, biggest first, bounded. */
			nodes: `SELECT * FROM (${subtreeSql(ctx, root, depth)}) ORDER BY level, bytes DESC, folder LIMIT ${TREEMAP_NODES}`,
			/* Folders at the treemap's deepest level: disjoint subtrees, so these never double-count. */
			topByBytes: `SELECT folder, files, bytes FROM (${subtreeSql(ctx, root, depth)}) WHERE level = ${num(depth)} ORDER BY bytes DESC, folder LIMIT ${TOP_FOLDERS}`,
			topByFiles: `SELECT folder, files, bytes FROM (${subtreeSql(ctx, root, depth)}) WHERE level = ${num(depth)} ORDER BY files DESC, folder LIMIT ${TOP_FOLDERS}`
		};
	}
};

/** One level of the folder tree, asked for when a person expands a folder. */
export const folderChildren: ReportDefinition = {
	id: 'folder-children',
	statements(ctx) {
		const parent = folderParam(ctx.params.parent);
		return {
			children: `SELECT folder, files, bytes, hasChildren FROM (${subtreeSql(ctx, parent, 1)}) ORDER BY bytes DESC, folder LIMIT ${CHILDREN_LIMIT}`,
			own: `SELECT coalesce(sum(files), 0)::BIGINT AS files, coalesce(sum(bytes), 0)::DOUBLE AS bytes FROM (${folderCountsSql(ctx)}) WHERE folder = ${str(parent)}`
		};
	}
};
