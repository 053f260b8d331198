/**
 * Folder Organization: folder totals that count each file once at every depth. A folder's total is
 * the files in it and in every folder below it, never a sum of nested folders' totals.
 *
 * Every figure is read from one relation of node totals `nt` (folder, depth, files, bytes, ownFiles,
 * ownBytes): files in the folder and below, and in the folder itself. Unfiltered it is the report
 * build's r_tree (every folder and ancestor, src/lib/model/report-build.ts treeSql); under a
 * top-folder filter alone it is derived from r_tree too, because every folder belongs to exactly one
 * top folder; under any other filter folders down to the second level are sums of top folders, and
 * deeper ones are summed by prefix from files per folder (the second phase: the report build's folder
 * codes, or `facts` before the build). With the top folders, the count of folders holding files
 * comes from the report build's folder sets under a filter on one dimension (model/folder-sets.ts),
 * else from the same scan.
 *
 * Paths are `/`-terminated segments (`File System/D:/data/HR/`): a folder's depth is its number of
 * slashes, its child is its path plus one more segment.
 */
import { activeDimensions, filterWhere, selectedValues, type Filters } from '$lib/model/filters';
import { FOLDER_DICTIONARY } from '$lib/model/report-build';
import { folderSetDimension, folderSetsCountSql } from '$lib/model/folder-sets';
import { topFolderExpr } from '$lib/model/files-view';
import { num, str } from '$lib/model/sql';
import { aggregate, defineReport, sql, type ReportParams, type SqlContext } from '../kit/define';

export const MAX_TREEMAP_DEPTH = 4;
export const TREEMAP_NODES = 2000;
export const TOP_FOLDERS = 50;
export const CHILDREN_LIMIT = 500;

/** A text param as a folder path: '' (the root) or a `/`-terminated path. */
export function folderParam(value: unknown): string {
	const s = typeof value === 'string' ? value.slice(0, 4096) : '';
	return s === '' || s.endsWith('/') ? s : `${s}/`;
}

export function depthParam(value: unknown, fallback = 2): number {
	if (value === null || value === undefined || value === '') return fallback;
	const n = Math.floor(Number(value));
	return Number.isFinite(n) ? Math.min(MAX_TREEMAP_DEPTH, Math.max(1, n)) : fallback;
}

/** A folder's depth: its number of segments, as r_tree counts it ('' is 0). */
export const depthOf = (folder: string): number => folder.split('/').length - 1;

/** r_tree answers these filters: none, or top folders only. */
export const treeAnswers = (filters: Filters): boolean => activeDimensions(filters).every((d) => d === 'topFolder');

/**
 * The deepest folder whose totals, own files included, follow from files per top folder: a top
 * folder holds its first three segments and everything below, so folders of two segments or fewer
 * are sums of whole top folders (a short top folder is a folder's own files).
 */
export const TOP_DEPTH_EXACT = 2;

/** Under filters r_tree cannot answer, folders down to TOP_DEPTH_EXACT come from files per top folder (the summary tables), not a scan. */
export const topsAnswer = (filters: Filters, deepest: number): boolean => !treeAnswers(filters) && deepest <= TOP_DEPTH_EXACT;

/**
 * Node totals from r_tree under the top-folder filter (when there is one). A folder belongs to the
 * top folder of its path (docs/MODEL.md, "Top folder"): a top folder of three segments holds its
 * whole subtree, whose r_tree totals stand as they are; a shorter one (a folder of one or two
 * segments is its own top folder) holds only its own files, its subfolders having top folders of
 * their own. Each ancestor of a kept top folder holds that top folder's files (a short top folder
 * can be both kept and the ancestor of another kept one: the rows of a folder are summed).
 */
function treeNodes(filters: Filters): string {
	const tops = selectedValues(filters, 'topFolder');
	if (!tops.length) return `SELECT folder, depth, files, bytes, ownFiles, ownBytes FROM r_tree`;
	return `WITH sel AS (
	SELECT t AS top, ${topFolderExpr('t')} = t AS isTop, ${topFolderExpr(`t || 'x/'`)} = t AS whole FROM (VALUES ${tops.map((t) => `(${str(t)})`).join(', ')}) v(t)
),
inside AS (SELECT r.folder, r.depth, r.files, r.bytes, r.ownFiles, r.ownBytes FROM r_tree r JOIN sel ON sel.whole AND starts_with(r.folder, sel.top)),
shorts AS (SELECT r.folder, r.depth, r.ownFiles AS files, r.ownBytes AS bytes, r.ownFiles, r.ownBytes FROM r_tree r JOIN sel ON sel.isTop AND NOT sel.whole AND r.folder = sel.top),
kept AS (SELECT folder, files, bytes FROM inside WHERE folder IN (SELECT top FROM sel) UNION ALL SELECT folder, files, bytes FROM shorts),
above AS (
	SELECT array_to_string(string_split(folder, '/')[1:k], '/') || '/' AS folder, k AS depth, files, bytes
	FROM (SELECT *, unnest(generate_series(1, len(string_split(folder, '/')) - 2)) AS k FROM kept)
)
SELECT folder, depth, sum(files) AS files, sum(bytes) AS bytes, sum(ownFiles) AS ownFiles, sum(ownBytes) AS ownBytes FROM (
	SELECT * FROM inside
	UNION ALL SELECT * FROM shorts
	UNION ALL SELECT folder, depth, files, bytes, 0, 0 FROM above
) GROUP BY folder, depth`;
}

/**
 * Files and bytes per folder under `root` that the filters keep. Once the report build is done, from
 * its codes: one grouping of small integers over `r_codes`, the folders below the root being one
 * range of folder codes (r_dict_folder is numbered in path order). Before it, from `facts`.
 */
function folderFiles(ctx: SqlContext, root: string): string {
	if (codedFolders(ctx))
		return `SELECT d.value AS folder, c.files, c.bytes FROM (
	SELECT folderCode, count(*) AS files, coalesce(sum(size), 0) AS bytes FROM r_codes WHERE ${codedWhere(ctx)} AND ${folderCodeRange(root)} GROUP BY 1
) c JOIN ${FOLDER_DICTIONARY} d ON d.code = c.folderCode`;
	return `SELECT folder, count(*) AS files, coalesce(sum(size), 0) AS bytes FROM facts WHERE ${ctx.where} AND starts_with(folder, ${str(root)}) AND folder <> '' GROUP BY 1`;
}

/** Folders holding files under `root` that the filters keep. */
function folderCountSql(ctx: SqlContext, root: string): string {
	if (codedFolders(ctx)) return `SELECT count(DISTINCT folderCode) AS folders FROM r_codes WHERE ${codedWhere(ctx)} AND ${folderCodeRange(root)}`;
	return `SELECT count(DISTINCT folder) AS folders FROM facts WHERE ${ctx.where} AND starts_with(folder, ${str(root)}) AND folder <> ''`;
}

const codedFolders = (ctx: SqlContext) => ctx.available('r_codes') && ctx.available(FOLDER_DICTIONARY);
const codedWhere = (ctx: SqlContext) => filterWhere(ctx.filters, undefined, { coded: true });

/** The folder codes of `root` and every folder below it (every known folder for the top, ''). */
function folderCodeRange(root: string): string {
	if (root === '') return 'folderCode IS NOT NULL';
	const bound = (f: 'min' | 'max') => `(SELECT ${f}(code) FROM ${FOLDER_DICTIONARY} WHERE starts_with(value, ${str(root)}))`;
	return `folderCode BETWEEN ${bound('min')} AND ${bound('max')}`;
}

/**
 * Node totals for `root` and the folders below it (down to `levels` below it when given) from files
 * per folder (`perFolder`: folder, files, bytes): each folder is counted under every prefix of its
 * path.
 */
function scannedNodes(perFolder: string, root: string, levels?: number): string {
	const r = depthOf(root);
	const last = levels === undefined ? 'len(segs) - 1' : `least(len(segs) - 1, ${num(r + levels)})`;
	return `WITH c AS (${perFolder}),
up AS (
	SELECT files, bytes, segs, k FROM (
		SELECT files, bytes, segs, unnest(generate_series(${num(Math.max(1, r))}, ${last})) AS k
		FROM (SELECT *, string_split(folder, '/') AS segs FROM c)
	)
)
SELECT array_to_string(segs[1:k], '/') || '/' AS folder, k AS depth, sum(files) AS files, sum(bytes) AS bytes,
	coalesce(sum(files) FILTER (WHERE k = len(segs) - 1), 0) AS ownFiles, coalesce(sum(bytes) FILTER (WHERE k = len(segs) - 1), 0) AS ownBytes
FROM up GROUP BY 1, 2`;
}

/** One row of the treemap's answer: the root's totals, a node, or one of the top folders by bytes or files. */
export interface TreeRow {
	kind: 'root' | 'node' | 'bytes' | 'files';
	folder: string;
	/** Levels below the root (1 = a child). */
	level: number;
	files: number;
	bytes: number;
	hasChildren: boolean;
	/** The root's row only: folders holding files in it and below. */
	folders: number | null;
	[k: string]: string | number | boolean | null;
}

/**
 * The treemap's rows below `root`, `levels` deep, over node totals `nt`: the nodes (at most
 * TREEMAP_NODES, nearest levels and biggest first), the TOP_FOLDERS largest at the deepest level by
 * bytes and by files (folders at one depth are disjoint, so these never double-count), and the root.
 */
function treeSql(nt: string, root: string, levels: number): string {
	const r = depthOf(root);
	const cols = (kind: string) => `${str(kind)} AS kind, folder, CAST(depth - ${num(r)} AS INTEGER) AS level, CAST(files AS BIGINT) AS files, CAST(bytes AS BIGINT) AS bytes, files > ownFiles AS hasChildren, CAST(NULL AS BIGINT) AS folders`;
	const below = `starts_with(folder, ${str(root)}) AND depth > ${num(r)} AND depth <= ${num(r + levels)}`;
	return `WITH nt AS MATERIALIZED (${nt}),
nodes AS MATERIALIZED (SELECT * FROM nt WHERE ${below})
SELECT * FROM (SELECT ${cols('node')} FROM nodes ORDER BY depth, bytes DESC, folder LIMIT ${num(TREEMAP_NODES)})
UNION ALL SELECT * FROM (SELECT ${cols('bytes')} FROM nodes WHERE depth = ${num(r + levels)} ORDER BY bytes DESC, folder LIMIT ${num(TOP_FOLDERS)})
UNION ALL SELECT * FROM (SELECT ${cols('files')} FROM nodes WHERE depth = ${num(r + levels)} ORDER BY files DESC, folder LIMIT ${num(TOP_FOLDERS)})
UNION ALL SELECT 'root', ${str(root)}, 0, CAST(coalesce(sum(files) FILTER (WHERE folder = ${str(root)}), 0) AS BIGINT), CAST(coalesce(sum(bytes) FILTER (WHERE folder = ${str(root)}), 0) AS BIGINT),
	NULL, count(*) FILTER (WHERE ownFiles > 0) FROM nt WHERE starts_with(folder, ${str(root)})`;
}

const rootOf = (params: ReportParams) => folderParam(params.root);
const levelsOf = (params: ReportParams) => depthParam(params.depth);
/** The depth of the deepest folders the treemap shows. */
const deepestShown = (params: ReportParams) => depthOf(rootOf(params)) + levelsOf(params);

export const report = defineReport({
	id: 'folders',
	page: {
		slug: 'folders',
		group: 'Storage & structure',
		order: 2,
		title: 'Folder Organization',
		description: 'Folder sizes as a zoomable treemap and a folder tree; every total counts the files in a folder and below, once.'
	},
	parts: {
		/** Every file under the filters: the totals of "all folders" (files with no known folder included). */
		totals: aggregate({ by: [], measures: ['files', 'bytes'] }),
		tree: sql<TreeRow>(['r_tree'], (ctx) => (treeAnswers(ctx.filters) ? treeSql(treeNodes(ctx.filters), rootOf(ctx.params), levelsOf(ctx.params)) : null)),
		/** Shallow folders under other filters: files per top folder, shaped into the tree by the view (view.ts treeFromTops). */
		tops: aggregate({ by: ['topFolder'], measures: ['files', 'bytes'] }, { when: (filters, params) => topsAnswer(filters, deepestShown(params)) }),
		/** With `tops`, the one figure it cannot give: folders holding files below the root, from the folder sets under a filter on one dimension... */
		folderCount: sql<{ folders: number }>([], (ctx) => {
			const d = folderSetDimension(ctx.filters, ctx.available);
			return d && topsAnswer(ctx.filters, deepestShown(ctx.params)) ? folderSetsCountSql(ctx.filters, d, { under: rootOf(ctx.params) }) : null;
		}),
		/** ...and by a scan of every file's folder under others. */
		folderCountScan: sql<{ folders: number }>(
			[],
			(ctx) => (!folderSetDimension(ctx.filters, ctx.available) && topsAnswer(ctx.filters, deepestShown(ctx.params)) ? folderCountSql(ctx, rootOf(ctx.params)) : null),
			{ scan: true }
		),
		treeScan: sql<TreeRow>(
			[],
			(ctx) =>
				treeAnswers(ctx.filters) || topsAnswer(ctx.filters, deepestShown(ctx.params)) ? null : treeSql(scannedNodes(folderFiles(ctx, rootOf(ctx.params)), rootOf(ctx.params)), rootOf(ctx.params), levelsOf(ctx.params)),
			{ scan: true }
		)
	}
});

/** One level of the folder tree, or the parent's own files ('own'), or for the top the files at depth 1 ('top'). */
export interface ChildRow {
	kind: 'child' | 'own' | 'top';
	folder: string;
	files: number;
	bytes: number;
	hasChildren: boolean;
	[k: string]: string | number | boolean;
}

/** The children of `parent` (at most CHILDREN_LIMIT, biggest first) and what lies directly in it. */
function childrenSql(nt: string, parent: string): string {
	const p = depthOf(parent);
	const cols = `CAST(files AS BIGINT) AS files, CAST(bytes AS BIGINT) AS bytes`;
	return `WITH nt AS MATERIALIZED (${nt})
SELECT * FROM (SELECT 'child' AS kind, folder, ${cols}, files > ownFiles AS hasChildren FROM nt WHERE depth = ${num(p + 1)} AND starts_with(folder, ${str(parent)}) ORDER BY bytes DESC, folder LIMIT ${num(CHILDREN_LIMIT)})
UNION ALL ${
		parent === ''
			? `SELECT 'top', '', CAST(coalesce(sum(files), 0) AS BIGINT), CAST(coalesce(sum(bytes), 0) AS BIGINT), false FROM nt WHERE depth = 1`
			: `SELECT 'own', ${str(parent)}, CAST(coalesce(sum(ownFiles), 0) AS BIGINT), CAST(coalesce(sum(ownBytes), 0) AS BIGINT), false FROM nt WHERE folder = ${str(parent)}`
	}`;
}

const parentOf = (params: ReportParams) => folderParam(params.parent);

/** One level of the folder tree, asked for when a person expands a folder. */
export const folderChildren = defineReport({
	id: 'folder-children',
	parts: {
		/** Files with no known folder are directly under the top: every file less those at depth 1. */
		totals: aggregate({ by: [], measures: ['files', 'bytes'] }),
		children: sql<ChildRow>(['r_tree'], (ctx) => (treeAnswers(ctx.filters) ? childrenSql(treeNodes(ctx.filters), parentOf(ctx.params)) : null)),
		/** Children of a shallow folder under other filters: files per top folder (view.ts childrenFromTops). */
		tops: aggregate({ by: ['topFolder'], measures: ['files', 'bytes'] }, { when: (filters, params) => topsAnswer(filters, depthOf(parentOf(params)) + 1) }),
		childrenScan: sql<ChildRow>(
			[],
			(ctx) =>
				treeAnswers(ctx.filters) || topsAnswer(ctx.filters, depthOf(parentOf(ctx.params)) + 1)
					? null
					: childrenSql(scannedNodes(folderFiles(ctx, parentOf(ctx.params)), parentOf(ctx.params), 1), parentOf(ctx.params)),
			{ scan: true }
		)
	}
});
