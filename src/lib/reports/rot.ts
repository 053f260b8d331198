/** The Cleanup (ROT) pages, shaped for the view: the engine's rows become chart specs, figures and table rows. */
import { COPY_BANDS, ROT_CLASSES, ROT_LABELS, TRIVIAL_LABELS, TRIVIAL_RULES, type RotClass } from '$lib/model/rot';
import { selectedValues, valueLabel, type Filters } from '$lib/model/filters';
import type { Row } from '$lib/model/reports/types';
import { formatBytes, formatCount } from '$lib/format';
import type { BarSpec } from '$lib/components/charts';
import type { Column } from '$lib/components/table';
import { categoryLabel } from './documents';

const n = (v: unknown): number => Number(v ?? 0);


/* Redundant ------------------------------------------------------------------------------------ */

/** Every severity band, with zeros for the bands no group falls in. */
export function copyBandRows(rows: Row[]): Row[] {
	return COPY_BANDS.map((b) => {
		const r = rows.find((x) => n(x.band) === b.index);
		return { band: b.index, label: b.label, groups: n(r?.groups), files: n(r?.files), wasted: n(r?.wasted) };
	});
}

export function duplicateTotals(bands: Row[]): { groups: number; files: number; redundant: number; wasted: number } {
	const groups = bands.reduce((a, r) => a + n(r.groups), 0);
	const files = bands.reduce((a, r) => a + n(r.files), 0);
	return { groups, files, redundant: files - groups, wasted: bands.reduce((a, r) => a + n(r.wasted), 0) };
}

export function copyBandChart(bands: Row[], measure: 'wasted' | 'groups'): BarSpec {
	return {
		id: `copy-bands-${measure}`,
		title: measure === 'wasted' ? 'Wasted bytes per number of copies' : 'Duplicate groups per number of copies',
		orientation: 'horizontal',
		rows: bands.map((r) => ({ key: String(r.band), label: String(r.label), value: n(r[measure]), files: n(r.files), bytes: n(r.wasted) })),
		format: measure === 'wasted' ? formatBytes : formatCount,
		valueName: measure === 'wasted' ? 'Wasted bytes' : 'Groups',
		labelWidth: 150
	};
}

export const COPY_BAND_COLUMNS: Column[] = [
	{ key: 'label', label: 'Copies' },
	{ key: 'groups', label: 'Groups', kind: 'count' },
	{ key: 'files', label: 'Files in groups', kind: 'count' },
	{ key: 'wasted', label: 'Wasted bytes', kind: 'bytes' }
];

export const GROUP_COLUMNS: Column[] = [
	{ key: 'name', label: 'Name' },
	{ key: 'size', label: 'Size', kind: 'bytes' },
	{ key: 'copies', label: 'Copies', kind: 'count' },
	{ key: 'wasted', label: 'Wasted bytes', kind: 'bytes' },
	{ key: 'folders', label: 'Folders', kind: 'count' },
	{ key: 'newest', label: 'Newest modified', kind: 'date' }
];

export const COPY_COLUMNS: Column[] = [
	{ key: 'folder', label: 'Folder', format: (v) => (v ? String(v) : '(unknown)') },
	{ key: 'name', label: 'Name' },
	{ key: 'modified', label: 'Modified', kind: 'datetime' },
	{ key: 'kept', label: 'Role', format: (v) => (v ? 'kept (newest)' : 'redundant copy') }
];

/* Obsolete and trivial --------------------------------------------------------------------------- */

/** Top folders, clickable: a click filters every page by that top folder. */
export function folderChart(id: string, title: string, rows: Row[], filters: Filters, measure: 'files' | 'bytes'): BarSpec {
	const selected = new Set(selectedValues(filters, 'topFolder'));
	return {
		id,
		title,
		orientation: 'horizontal',
		dimension: 'topFolder',
		rows: rows.map((r) => ({
			key: String(r.topFolder ?? ''),
			label: valueLabel('topFolder', String(r.topFolder ?? '')),
			value: n(r[measure]),
			files: n(r.files),
			bytes: n(r.bytes),
			selected: selected.has(String(r.topFolder ?? ''))
		})),
		format: measure === 'bytes' ? formatBytes : formatCount,
		valueName: measure === 'bytes' ? 'Bytes' : 'Files',
		labelWidth: 220
	};
}

export const FOLDER_COLUMNS: Column[] = [
	{ key: 'topFolder', label: 'Top folder', format: (v) => valueLabel('topFolder', String(v ?? '')) },
	{ key: 'files', label: 'Files', kind: 'count' },
	{ key: 'bytes', label: 'Bytes', kind: 'bytes' }
];

export function categoryChart(rows: Row[]): BarSpec {
	return {
		id: 'obsolete-categories',
		title: 'Bytes of obsolete files per type category',
		orientation: 'horizontal',
		rows: rows.map((r) => ({ key: String(r.category), label: categoryLabel(r.category), value: n(r.bytes), files: n(r.files), bytes: n(r.bytes) })),
		format: formatBytes,
		valueName: 'Bytes',
		labelWidth: 130
	};
}

export const CATEGORY_COLUMNS: Column[] = [
	{ key: 'category', label: 'Category', format: (v) => categoryLabel(v) },
	{ key: 'files', label: 'Files', kind: 'count' },
	{ key: 'bytes', label: 'Bytes', kind: 'bytes' }
];

export function yearChart(rows: Row[]): BarSpec {
	return {
		id: 'obsolete-years',
		title: 'Obsolete files by year last modified',
		orientation: 'vertical',
		rows: rows.map((r) => ({ key: String(r.year), label: String(r.year), value: n(r.files), files: n(r.files), bytes: n(r.bytes) })),
		format: formatCount,
		valueName: 'Files'
	};
}

export const FILE_COLUMNS: Column[] = [
	{ key: 'name', label: 'Name' },
	{ key: 'folder', label: 'Folder', format: (v) => (v ? String(v) : '(unknown)') },
	{ key: 'size', label: 'Size', kind: 'bytes' },
	{ key: 'modified', label: 'Modified', kind: 'date' }
];

/** Every trivial rule, in rule order, with zeros for rules nothing matched. */
export function trivialRuleRows(rows: Row[]): Row[] {
	return TRIVIAL_RULES.map((rule) => {
		const r = rows.find((x) => x.rule === rule.id);
		return { rule: rule.id, label: rule.label, patterns: rule.patterns, files: n(r?.files), bytes: n(r?.bytes) };
	});
}

export function trivialChart(rules: Row[], measure: 'files' | 'bytes'): BarSpec {
	return {
		id: `trivial-${measure}`,
		title: measure === 'bytes' ? 'Bytes of trivial files per rule' : 'Trivial files per rule',
		orientation: 'horizontal',
		rows: rules.map((r) => ({ key: String(r.rule), label: String(r.label), value: n(r[measure]), files: n(r.files), bytes: n(r.bytes) })),
		format: measure === 'bytes' ? formatBytes : formatCount,
		valueName: measure === 'bytes' ? 'Bytes' : 'Files',
		labelWidth: 170
	};
}

export const TRIVIAL_COLUMNS: Column[] = [
	{ key: 'rule', label: 'Rule', format: (_, row) => String(row.label) },
	{ key: 'patterns', label: 'Names matched' },
	{ key: 'files', label: 'Files', kind: 'count' },
	{ key: 'bytes', label: 'Bytes', kind: 'bytes' }
];

export const TRIVIAL_FILE_COLUMNS: Column[] = [
	{ key: 'name', label: 'Name' },
	{ key: 'rule', label: 'Rule', format: (v) => TRIVIAL_LABELS[String(v)] ?? String(v) },
	{ key: 'folder', label: 'Folder', format: (v) => (v ? String(v) : '(unknown)') },
	{ key: 'size', label: 'Size', kind: 'bytes' },
	{ key: 'modified', label: 'Modified', kind: 'date' }
];

/* ROT summary ------------------------------------------------------------------------------------ */

export interface Figure {
	files: number;
	bytes: number;
}

export interface RotFigures {
	perClass: Record<RotClass, Figure>;
	/** Files in any class, each once: what removing every ROT file would give back. */
	total: Figure;
	/** Files in two or three classes (counted in each of their classes, once in the total). */
	overlap: Figure;
	/** Each combination of classes present, largest first. */
	combinations: Row[];
}

/** The figures from the class combinations (rows with part = 'classes'). */
export function rotFigures(rows: Row[]): RotFigures {
	const combos = rows.filter((r) => r.part === 'classes');
	const sum = (keep: (r: Row) => boolean): Figure => {
		const rs = combos.filter(keep);
		return { files: rs.reduce((a, r) => a + n(r.files), 0), bytes: rs.reduce((a, r) => a + n(r.bytes), 0) };
	};
	const classesOf = (r: Row) => ROT_CLASSES.filter((c) => r[c] === true);
	return {
		perClass: Object.fromEntries(ROT_CLASSES.map((c) => [c, sum((r) => r[c] === true)])) as Record<RotClass, Figure>,
		total: sum(() => true),
		overlap: sum((r) => classesOf(r).length > 1),
		combinations: combos
			.map((r) => ({ combination: classesOf(r).map((c) => ROT_LABELS[c]).join(' + '), classes: classesOf(r).length, files: n(r.files), bytes: n(r.bytes) }))
			.sort((a, b) => b.bytes - a.bytes || a.combination.localeCompare(b.combination))
	};
}

export function rotClassChart(f: RotFigures): BarSpec {
	return {
		id: 'rot-classes',
		title: 'Reclaimable bytes per ROT class (a file in several classes is in each bar)',
		orientation: 'horizontal',
		rows: [
			...ROT_CLASSES.map((c) => ({ key: c, label: ROT_LABELS[c], value: f.perClass[c].bytes, files: f.perClass[c].files, bytes: f.perClass[c].bytes })),
			{ key: 'total', label: 'Total (each file once)', value: f.total.bytes, files: f.total.files, bytes: f.total.bytes }
		],
		format: formatBytes,
		valueName: 'Bytes',
		labelWidth: 170
	};
}

export function rotClassRows(f: RotFigures): Row[] {
	return [
		...ROT_CLASSES.map((c) => ({ class: c, label: ROT_LABELS[c], files: f.perClass[c].files, bytes: f.perClass[c].bytes })),
		{ class: 'overlap', label: 'In more than one class', files: f.overlap.files, bytes: f.overlap.bytes },
		{ class: 'total', label: 'Total, each file once', files: f.total.files, bytes: f.total.bytes }
	];
}

export const ROT_CLASS_COLUMNS: Column[] = [
	{ key: 'class', label: 'Class', format: (_, row) => String(row.label) },
	{ key: 'files', label: 'Files', kind: 'count' },
	{ key: 'bytes', label: 'Bytes', kind: 'bytes' }
];

export const COMBINATION_COLUMNS: Column[] = [
	{ key: 'combination', label: 'Classes' },
	{ key: 'files', label: 'Files', kind: 'count' },
	{ key: 'bytes', label: 'Bytes', kind: 'bytes' }
];
