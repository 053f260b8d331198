/** The ROT summary shaped for the page: each class, their overlaps, the total with every file once. */
import { ROT_CLASSES, ROT_LABELS, type RotClass } from '$lib/model/rot';
import type { Filters } from '$lib/model/filters';
import { formatBytes } from '$lib/format';
import type { BarSpec } from '$lib/components/charts';
import type { Column } from '$lib/components/table';
import type { ResultOfReport, Row } from '../kit/define';
import { byLargest, n, topFolderChart } from '../kit/shape';
import type { report } from './report';

type Tables = ResultOfReport<typeof report>['tables'];

/** Top folders a chart and its table show. */
export const FOLDER_LIMIT = 25;

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

/** Which classes a row of codes is in, for "obsolete" meaning not modified for `years` years. */
function classesOf(r: { redundant: number | null; obsoleteAge: number | null; trivialRule: number | null }, years: number): RotClass[] {
	const flags: Record<RotClass, boolean> = { redundant: r.redundant === 1, obsolete: r.obsoleteAge !== null && r.obsoleteAge >= years, trivial: r.trivialRule !== null };
	return ROT_CLASSES.filter((c) => flags[c]);
}

export function rotFigures(t: Tables, years: number): RotFigures {
	const zero = (): Figure => ({ files: 0, bytes: 0 });
	const perClass = { redundant: zero(), obsolete: zero(), trivial: zero() } as Record<RotClass, Figure>;
	const total = zero();
	const overlap = zero();
	const combos = new Map<string, Figure & { classes: number }>();
	for (const r of t.classes ?? []) {
		const classes = classesOf(r, years);
		if (!classes.length) continue;
		const files = n(r.files);
		const bytes = n(r.bytes);
		for (const c of classes) {
			perClass[c].files += files;
			perClass[c].bytes += bytes;
		}
		total.files += files;
		total.bytes += bytes;
		if (classes.length > 1) {
			overlap.files += files;
			overlap.bytes += bytes;
		}
		const name = classes.map((c) => ROT_LABELS[c]).join(' + ');
		const combo = combos.get(name) ?? { files: 0, bytes: 0, classes: classes.length };
		combo.files += files;
		combo.bytes += bytes;
		combos.set(name, combo);
	}
	const combinations = [...combos]
		.map(([combination, f]) => ({ combination, classes: f.classes, files: f.files, bytes: f.bytes }))
		.sort((a, b) => b.bytes - a.bytes || a.combination.localeCompare(b.combination));
	return { perClass, total, overlap, combinations };
}

/** Reclaimable files and bytes per top folder (files in any class, each once), most bytes first. */
export function reclaimableFolders(t: Tables, years: number): Row[] {
	const m = new Map<string, Figure>();
	for (const r of t.folders ?? []) {
		if (!classesOf(r, years).length) continue;
		const f = m.get(r.topFolder ?? '') ?? { files: 0, bytes: 0 };
		f.files += n(r.files);
		f.bytes += n(r.bytes);
		m.set(r.topFolder ?? '', f);
	}
	return byLargest([...m].map(([topFolder, f]) => ({ topFolder, ...f })), 'bytes').slice(0, FOLDER_LIMIT);
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

export function folderChart(rows: Row[], filters: Filters): BarSpec {
	return topFolderChart(rows, filters, { id: 'rot-folders', title: 'Reclaimable bytes per top folder (top 25, each file once)', measure: 'bytes', bars: FOLDER_LIMIT });
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
