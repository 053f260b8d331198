/** Sensitive files shaped for the page: per class from the bitmask, per top folder, the list. */
import { SECRET_BEARING_MASK, SENSITIVE_BITS, SENSITIVE_CLASSES, sensitiveClassesOf, type SensitiveClass } from '$lib/model/security';
import type { Filters } from '$lib/model/filters';
import { formatCount } from '$lib/format';
import type { BarSpec } from '$lib/components/charts';
import type { Column } from '$lib/components/table';
import type { ListRow, ResultOfReport, Row } from '../kit/define';
import { n, textOrder, topFolderChart } from '../kit/shape';
import type { report } from './report';

type Tables = NonNullable<ResultOfReport<typeof report>['tables']>;

/** How many top folders the page lists. */
export const MAX_FOLDERS = 50;

export interface ClassRow {
	id: SensitiveClass;
	label: string;
	description: string;
	files: number;
	bytes: number;
	[k: string]: string | number;
}

export interface SensitiveFigures {
	classes: ClassRow[];
	/** Files of any class: a file of several classes counts once. */
	anyFiles: number;
	anyBytes: number;
}

export function sensitiveFigures(rows: NonNullable<Tables['classes']>): SensitiveFigures {
	const classes: ClassRow[] = SENSITIVE_CLASSES.map((c) => ({ id: c.id, label: c.label, description: c.description, files: 0, bytes: 0 }));
	let anyFiles = 0;
	let anyBytes = 0;
	for (const r of rows) {
		const mask = n(r.sensitive);
		if (mask === 0) continue;
		anyFiles += n(r.files);
		anyBytes += n(r.bytes);
		for (const c of classes) {
			if ((mask & SENSITIVE_BITS[c.id]) === 0) continue;
			c.files += n(r.files);
			c.bytes += n(r.bytes);
		}
	}
	return { classes, anyFiles, anyBytes };
}

/** Per top folder: its sensitive files and bytes, and those that hold secrets themselves; most files first. */
export function folderRows(rows: NonNullable<Tables['folders']>): Row[] {
	const out = new Map<string | null, { topFolder: string | null; files: number; bytes: number; secretFiles: number }>();
	for (const r of rows) {
		const mask = n(r.sensitive);
		if (mask === 0) continue;
		const f = out.get(r.topFolder) ?? { topFolder: r.topFolder, files: 0, bytes: 0, secretFiles: 0 };
		f.files += n(r.files);
		f.bytes += n(r.bytes);
		if (mask & SECRET_BEARING_MASK) f.secretFiles += n(r.files);
		out.set(r.topFolder, f);
	}
	return [...out.values()]
		.sort((a, b) => b.files - a.files || (a.topFolder === null ? 1 : b.topFolder === null ? -1 : textOrder(a.topFolder, b.topFolder)))
		.slice(0, MAX_FOLDERS);
}

const LABELS = new Map<SensitiveClass, string>(SENSITIVE_CLASSES.map((c) => [c.id, c.label]));

/** The listed files with their path and the names of their classes. */
export function fileRows(rows: readonly ListRow[]): Row[] {
	return rows.map((r) => ({
		path: `${r.folder}${r.name}`,
		name: r.name,
		extension: r.extension,
		size: r.size,
		modified: r.modified,
		classes: sensitiveClassesOf(n(r.sensitive))
			.map((c) => LABELS.get(c))
			.join(', ')
	}));
}

export function classChart(rows: ClassRow[] | null): BarSpec {
	return {
		id: 'sensitive-classes-files',
		title: 'Sensitive files per kind (a file may be of several kinds)',
		orientation: 'horizontal',
		rows: rows ? rows.map((r) => ({ key: r.id, label: r.label, value: r.files, files: r.files, bytes: r.bytes })) : null,
		format: formatCount,
		valueName: 'Files',
		labelWidth: 200
	};
}

export function sensitiveFolderChart(rows: Row[] | null, filters: Filters): BarSpec {
	const spec = topFolderChart(rows ?? [], filters, { id: 'sensitive-folders', title: 'Sensitive files per top folder', measure: 'files' });
	return rows ? spec : { ...spec, rows: null };
}

export const CLASS_COLUMNS: Column[] = [
	{ key: 'label', label: 'Kind' },
	{ key: 'files', label: 'Files', kind: 'count' },
	{ key: 'bytes', label: 'Bytes', kind: 'bytes' },
	{ key: 'description', label: 'Matches' }
];

export const FILE_COLUMNS: Column[] = [
	{ key: 'path', label: 'Path' },
	{ key: 'classes', label: 'Kind' },
	{ key: 'size', label: 'Size', kind: 'bytes' },
	{ key: 'modified', label: 'Modified', kind: 'date' }
];

export const SENSITIVE_FOLDER_COLUMNS: Column[] = [
	{ key: 'topFolder', label: 'Top folder', format: (v) => (v ? String(v) : '(unknown)') },
	{ key: 'files', label: 'Sensitive files', kind: 'count' },
	{ key: 'bytes', label: 'Bytes', kind: 'bytes' },
	{ key: 'secretFiles', label: 'Secrets, keys and config', kind: 'count' }
];
