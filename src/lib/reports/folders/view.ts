/**
 * Folder Organization shaped for the page: the treemap's hierarchy from subtree totals, its SVG
 * (a squarified d3-hierarchy layout; Plot has no nested treemap), the top folders and the columns.
 */
import { hierarchy, treemap, treemapSquarify, type HierarchyRectangularNode } from 'd3-hierarchy';
import { formatBytes, formatCount } from '$lib/format';
import type { Column } from '$lib/components/table';
import type { Cell, ResultOfReport } from '../kit/define';
import { n, textOrder } from '../kit/shape';
import { CHILDREN_LIMIT, TOP_FOLDERS, TREEMAP_NODES, depthOf, type ChildRow, type TreeRow, type folderChildren, type report } from './report';

type Tables = NonNullable<ResultOfReport<typeof report>['tables']>;

export type Measure = 'bytes' | 'files';

export interface FolderNode {
	folder: string;
	/** The last segment, for labels ('(all folders)' for ''). */
	name: string;
	level: number;
	files: number;
	bytes: number;
	hasChildren: boolean;
	children: FolderNode[];
}

/** The parent path of a `/`-terminated folder: `a/b/c/` → `a/b/`; a top segment's parent is ''. */
export function parentOf(folder: string): string {
	const i = folder.slice(0, -1).lastIndexOf('/');
	return i < 0 ? '' : folder.slice(0, i + 1);
}

/** Whether `folder` lies above `below` (a strict ancestor; '' is above every folder). */
export function isAncestor(folder: string, below: string): boolean {
	return folder !== below && below.startsWith(folder);
}

export function lastSegment(folder: string): string {
	if (folder === '') return '(all folders)';
	const p = parentOf(folder);
	const seg = folder.slice(p.length, -1);
	return seg === '' ? '/' : seg;
}

/** Breadcrumbs from the top down to `root`: each an ancestor path. */
export function breadcrumbs(root: string): { folder: string; name: string }[] {
	const out = [{ folder: '', name: 'All folders' }];
	let at = 0;
	while (at < root.length) {
		const next = root.indexOf('/', at);
		if (next < 0) break;
		const folder = root.slice(0, next + 1);
		out.push({ folder, name: lastSegment(folder) });
		at = next + 1;
	}
	return out;
}

export interface FolderView {
	/** Files and bytes in the root and below; folders holding files there (null while counted). */
	totals: { files: number; bytes: number; folders: number | null };
	/** Treemap nodes: nearest levels first, then biggest first. */
	nodes: TreeRow[];
	topByBytes: TreeRow[];
	topByFiles: TreeRow[];
}

const byBytes = (a: { bytes: number; folder: string }, b: { bytes: number; folder: string }) => b.bytes - a.bytes || textOrder(a.folder, b.folder);

/** The first `k` segments of a `/`-terminated folder. */
const prefixOf = (folder: string, k: number) => folder.split('/').slice(0, k).join('/') + '/';

type TopRow = { topFolder: Cell; files: Cell; bytes: Cell };

/**
 * Totals of the folders `from`..`to` segments deep below `root`, from files and bytes per top folder
 * (report.ts TOP_DEPTH_EXACT: a top folder is a whole subtree, or a short folder's own files).
 */
function foldersFromTops(tops: readonly TopRow[], root: string, from: number, to: number): Map<string, { files: number; bytes: number; own: number }> {
	const out = new Map<string, { files: number; bytes: number; own: number }>();
	for (const t of tops) {
		const top = String(t.topFolder ?? '');
		if (top === '' || !top.startsWith(root)) continue;
		const d = depthOf(top);
		for (let k = from; k <= Math.min(d, to); k++) {
			const folder = prefixOf(top, k);
			const node = out.get(folder) ?? { files: 0, bytes: 0, own: 0 };
			node.files += n(t.files);
			node.bytes += n(t.bytes);
			if (k === d) node.own += n(t.files);
			out.set(folder, node);
		}
	}
	return out;
}

/** The treemap's rows, as report.ts treeSql gives them, from files per top folder. */
export function treeFromTops(tops: readonly TopRow[], root: string, levels: number): TreeRow[] {
	const r = depthOf(root);
	const nodes = [...foldersFromTops(tops, root, r + 1, r + levels)].map(
		([folder, v]): TreeRow => ({ kind: 'node', folder, level: depthOf(folder) - r, files: v.files, bytes: v.bytes, hasChildren: v.files > v.own, folders: null })
	);
	const deepest = nodes.filter((x) => x.level === levels);
	const inRoot = tops.filter((t) => String(t.topFolder ?? '') !== '' && String(t.topFolder).startsWith(root));
	return [
		...[...nodes].sort((a, b) => a.level - b.level || byBytes(a, b)).slice(0, TREEMAP_NODES),
		...[...deepest].sort(byBytes).slice(0, TOP_FOLDERS).map((x) => ({ ...x, kind: 'bytes' as const })),
		...[...deepest].sort((a, b) => b.files - a.files || textOrder(a.folder, b.folder)).slice(0, TOP_FOLDERS).map((x) => ({ ...x, kind: 'files' as const })),
		{ kind: 'root', folder: root, level: 0, files: inRoot.reduce((a, t) => a + n(t.files), 0), bytes: inRoot.reduce((a, t) => a + n(t.bytes), 0), hasChildren: nodes.length > 0, folders: null }
	];
}

export function folderView(tables: Tables, root: string, levels: number): FolderView | null {
	// One of the three answers, the others are null (not needed under these filters); undefined is still to come.
	const rows = tables.tree ?? tables.treeScan ?? (tables.tops ? treeFromTops(tables.tops, root, levels) : null);
	if (!rows && (tables.tree === undefined || tables.treeScan === undefined || tables.tops === undefined)) return null;
	const all = (rows ?? []).map((r): TreeRow => ({ ...r, level: n(r.level), files: n(r.files), bytes: n(r.bytes), hasChildren: Boolean(r.hasChildren), folders: r.folders === null ? null : n(r.folders) }));
	const of = (kind: TreeRow['kind']) => all.filter((r) => r.kind === kind);
	const rootRow = of('root')[0];
	const whole = tables.totals?.[0];
	// From the top folders, the folder count is the one figure they cannot give: the folder sets' or a scan's (undefined while it runs).
	const count = tables.folderCount ?? tables.folderCountScan;
	const counted = tables.tops ? (count === undefined ? null : n(count?.[0]?.folders)) : (rootRow?.folders ?? 0);
	return {
		totals: {
			files: root === '' ? n(whole?.files) : (rootRow?.files ?? 0),
			bytes: root === '' ? n(whole?.bytes) : (rootRow?.bytes ?? 0),
			folders: counted
		},
		nodes: of('node').sort((a, b) => a.level - b.level || byBytes(a, b)),
		topByBytes: of('bytes').sort(byBytes),
		topByFiles: of('files').sort((a, b) => b.files - a.files || textOrder(a.folder, b.folder))
	};
}

/** The tree of nodes below `root`; nodes whose parent was trimmed from the result hang nowhere. */
export function folderTree(root: string, totals: { files: number; bytes: number }, nodes: TreeRow[]): FolderNode {
	const top: FolderNode = { folder: root, name: lastSegment(root), level: 0, files: totals.files, bytes: totals.bytes, hasChildren: nodes.length > 0, children: [] };
	const by = new Map<string, FolderNode>([[root, top]]);
	for (const r of [...nodes].sort((a, b) => a.level - b.level)) {
		const node: FolderNode = { folder: r.folder, name: lastSegment(r.folder), level: r.level, files: r.files, bytes: r.bytes, hasChildren: r.hasChildren, children: [] };
		const parent = by.get(r.level === 1 ? root : parentOf(node.folder));
		if (!parent) continue;
		parent.children.push(node);
		by.set(node.folder, node);
	}
	return top;
}

/** What a node holds beyond its drawn children: its own files and any children not drawn. */
const own = (d: FolderNode, m: Measure) => Math.max(0, d[m] - d.children.reduce((a, c) => a + c[m], 0));

const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
const SVG = 'http://www.w3.org/2000/svg';

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
	const e = document.createElementNS(SVG, tag);
	for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
	return e;
}

/**
 * The treemap as SVG. A rectangle per folder, nested; a folder with deeper levels (drawn or not)
 * is a button: click or Enter zooms into it (`onzoom`).
 */
/** What a click on a treemap folder does: zoom into one with subfolders, list the files of one without. */
export interface TreemapActions {
	zoom: (folder: string) => void;
	open: (folder: string) => void;
}

export function drawTreemap(tree: FolderNode, measure: Measure, width: number, actions: TreemapActions): SVGSVGElement {
	const height = Math.round(Math.min(640, Math.max(320, width * 0.6)));
	const root = hierarchy(tree, (d) => d.children)
		.sum((d) => own(d, measure))
		.sort((a, b) => (b.value ?? 0) - (a.value ?? 0));
	const laid = treemap<FolderNode>()
		.tile(treemapSquarify)
		.size([width, height])
		.paddingOuter(2)
		.paddingTop((d) => (d.depth === 0 ? 2 : 17))
		.paddingInner(2)
		.round(true)(root);
	const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, width, height, 'font-size': 11, 'font-family': 'system-ui, sans-serif' });
	svg.style.background = 'transparent';
	const colourOf = (d: HierarchyRectangularNode<FolderNode>) => {
		const top = d.ancestors().find((a) => a.depth === 1);
		return top ? PALETTE[(top.parent?.children?.indexOf(top) ?? 0) % PALETTE.length] : '#999';
	};
	for (const d of laid.descendants()) {
		if (d.depth === 0) continue;
		const w = d.x1 - d.x0;
		const h = d.y1 - d.y0;
		if (w < 1 || h < 1) continue;
		const g = el('g', { transform: `translate(${d.x0},${d.y0})`, 'data-folder': d.data.folder });
		const rect = el('rect', { width: w, height: h, fill: colourOf(d), 'fill-opacity': 0.35 + 0.15 * Math.min(d.depth, 4), stroke: '#fff', 'stroke-width': 0.5 });
		const title = el('title', {});
		title.textContent = `${d.data.folder}\n${formatCount(d.data.files)} files · ${formatBytes(d.data.bytes)}${d.data.hasChildren ? '\nClick to zoom in' : '\nClick to list its files in the Explorer'}`;
		g.append(rect, title);
		if (w > 40 && h > 14) {
			const label = el('text', { x: 4, y: 12, fill: 'currentColor' });
			const text = `${d.data.name} · ${measure === 'bytes' ? formatBytes(d.data.bytes) : formatCount(d.data.files)}`;
			label.textContent = text.length * 6 > w ? text.slice(0, Math.max(1, Math.floor(w / 6) - 1)) + '…' : text;
			g.append(label);
		}
		const zoom = d.data.hasChildren;
		const act = () => (zoom ? actions.zoom(d.data.folder) : actions.open(d.data.folder));
		g.setAttribute('tabindex', '0');
		g.setAttribute('role', zoom ? 'button' : 'link');
		g.setAttribute('aria-label', `${zoom ? 'Zoom into' : 'List the files of'} ${d.data.folder}: ${formatCount(d.data.files)} files, ${formatBytes(d.data.bytes)}`);
		g.style.cursor = zoom ? 'zoom-in' : 'pointer';
		g.addEventListener('click', (e) => {
			e.stopPropagation();
			act();
		});
		g.addEventListener('keydown', (e) => {
			if (e.key === 'Enter' || (zoom && e.key === ' ')) {
				e.preventDefault();
				e.stopPropagation();
				act();
			}
		});
		svg.append(g);
	}
	return svg;
}

export function nodeRows(nodes: TreeRow[]): { folder: string; level: number; files: number; bytes: number }[] {
	return nodes.map((r) => ({ folder: r.folder, level: r.level, files: r.files, bytes: r.bytes }));
}

export const NODE_COLUMNS: Column[] = [
	{ key: 'folder', label: 'Folder' },
	{ key: 'level', label: 'Levels below', kind: 'count' },
	{ key: 'files', label: 'Files (in it and below)', kind: 'count' },
	{ key: 'bytes', label: 'Bytes (in it and below)', kind: 'bytes' }
];

export const TOP_COLUMNS: Column[] = [
	{ key: 'folder', label: 'Folder' },
	{ key: 'files', label: 'Files (in it and below)', kind: 'count' },
	{ key: 'bytes', label: 'Bytes (in it and below)', kind: 'bytes' }
];

type ChildTables = NonNullable<ResultOfReport<typeof folderChildren>['tables']>;

export interface FolderLevel {
	children: ChildRow[];
	/** Files directly in the parent (for the top: files with no known folder). */
	own: { files: number; bytes: number };
}

/** One level of the tree from whichever part answered; null while it is computed. */
/** One level of the folder tree, as report.ts childrenSql gives it, from files per top folder. */
export function childrenFromTops(tops: readonly TopRow[], parent: string): ChildRow[] {
	const p = depthOf(parent);
	const children = [...foldersFromTops(tops, parent, p + 1, p + 1)]
		.map(([folder, v]): ChildRow => ({ kind: 'child', folder, files: v.files, bytes: v.bytes, hasChildren: v.files > v.own }))
		.sort(byBytes)
		.slice(0, CHILDREN_LIMIT);
	const sum = (keep: (top: string) => boolean) => {
		const rows = tops.filter((t) => keep(String(t.topFolder ?? '')));
		return { files: rows.reduce((a, t) => a + n(t.files), 0), bytes: rows.reduce((a, t) => a + n(t.bytes), 0) };
	};
	// At the top: the files at depth 1 (every file with a folder); below it: the parent's own files (its short top folder).
	const rest: ChildRow = parent === '' ? { kind: 'top', folder: '', ...sum((t) => t !== ''), hasChildren: false } : { kind: 'own', folder: parent, ...sum((t) => t === parent), hasChildren: false };
	return [...children, rest];
}

export function folderLevel(tables: ChildTables, parent: string): FolderLevel | null {
	const rows = tables.children ?? tables.childrenScan ?? (tables.tops ? childrenFromTops(tables.tops, parent) : null);
	if (!rows && (tables.children === undefined || tables.childrenScan === undefined || tables.tops === undefined)) return null;
	const all = (rows ?? []).map((r): ChildRow => ({ ...r, files: n(r.files), bytes: n(r.bytes), hasChildren: Boolean(r.hasChildren) }));
	const children = all.filter((r) => r.kind === 'child').sort((a, b) => b.bytes - a.bytes || textOrder(a.folder, b.folder));
	let own = all.find((r) => r.kind === 'own') ?? { files: 0, bytes: 0 };
	if (parent === '') {
		// What lies directly at the top is every file less those in a folder at depth 1: the files with no known folder.
		const top = all.find((r) => r.kind === 'top');
		const whole = tables.totals?.[0];
		own = { files: Math.max(0, n(whole?.files) - n(top?.files)), bytes: Math.max(0, n(whole?.bytes) - n(top?.bytes)) };
	}
	return { children, own: { files: own.files, bytes: own.bytes } };
}
