/**
 * Access Controls shaped for the page: files per permission set (the cube) joined here with each
 * set's principals (parsed at the report build) into the summary, the sets, the principals and the
 * top folders with files open to broad groups. Every figure is over the sets that hold files under
 * the filters.
 */
import type { Filters } from '$lib/model/filters';
import { formatCount } from '$lib/format';
import type { BarSpec } from '$lib/components/charts';
import type { Column } from '$lib/components/table';
import type { ResultOfReport, Row } from '../kit/define';
import { n, textOrder, topFolderChart } from '../kit/shape';
import type { PrincipalRow, report } from './report';

type Tables = NonNullable<ResultOfReport<typeof report>['tables']>;
type SetRows = NonNullable<Tables['sets']>;

/** How many sets and principals the tables list, and top folders the broad-access table. */
export const MAX_SETS = 1000;
export const MAX_PRINCIPALS = 1000;
export const MAX_FOLDERS = 50;

/** No permission set: none recorded, or blank. */
export const isNone = (set: string | null): boolean => set === null || set.trim() === '';

interface SetFlags {
	principals: number;
	/** A broad group is among its principals. */
	broad: boolean;
	/** A broad group among its principals may change files. */
	broadWrite: boolean;
}

/** Per permission set: its principals' count and flags. */
export function setFlags(principals: readonly PrincipalRow[]): Map<string, SetFlags> {
	const out = new Map<string, SetFlags>();
	for (const p of principals) {
		const f = out.get(p.permissionSet) ?? { principals: 0, broad: false, broadWrite: false };
		f.principals += 1;
		f.broad ||= p.broad;
		f.broadWrite ||= p.broad && p.writes;
		out.set(p.permissionSet, f);
	}
	return out;
}

export interface AccessSummary {
	files: number;
	bytes: number;
	noneFiles: number;
	noneBytes: number;
	broadFiles: number;
	broadBytes: number;
	broadWriteFiles: number;
	broadWriteBytes: number;
	/** Distinct permission sets holding files. */
	sets: number;
	/** Distinct principals those sets name. */
	principals: number;
}

export function accessSummary(sets: SetRows, principals: readonly PrincipalRow[]): AccessSummary {
	const flags = setFlags(principals);
	const s: AccessSummary = { files: 0, bytes: 0, noneFiles: 0, noneBytes: 0, broadFiles: 0, broadBytes: 0, broadWriteFiles: 0, broadWriteBytes: 0, sets: 0, principals: 0 };
	const held = new Set<string>();
	for (const r of sets) {
		const files = n(r.files);
		const bytes = n(r.bytes);
		s.files += files;
		s.bytes += bytes;
		if (isNone(r.permissionSet)) {
			s.noneFiles += files;
			s.noneBytes += bytes;
			continue;
		}
		s.sets += 1;
		held.add(r.permissionSet!);
		const f = flags.get(r.permissionSet!);
		if (f?.broad) {
			s.broadFiles += files;
			s.broadBytes += bytes;
		}
		if (f?.broadWrite) {
			s.broadWriteFiles += files;
			s.broadWriteBytes += bytes;
		}
	}
	s.principals = new Set(principals.filter((p) => held.has(p.permissionSet)).map((p) => p.principal)).size;
	return s;
}

/** The sets holding the most files, with their principals' count and flags. */
export function setRows(sets: SetRows, principals: readonly PrincipalRow[]): Row[] {
	const flags = setFlags(principals);
	return [...sets]
		.sort((a, b) => n(b.files) - n(a.files) || nullsLast(a.permissionSet, b.permissionSet))
		.slice(0, MAX_SETS)
		.map((r) => {
			const f = r.permissionSet === null ? undefined : flags.get(r.permissionSet);
			return { permissionSet: r.permissionSet, files: n(r.files), bytes: n(r.bytes), principals: f?.principals ?? 0, broad: f?.broad ?? false, broadWrite: f?.broadWrite ?? false };
		});
}

/** Per principal: the files and bytes of every set naming it (a file counts once per principal), its sets and rights. */
export function principalRows(sets: SetRows, principals: readonly PrincipalRow[]): Row[] {
	const perSet = new Map<string, { files: number; bytes: number }>();
	for (const r of sets) if (r.permissionSet !== null) perSet.set(r.permissionSet, { files: n(r.files), bytes: n(r.bytes) });
	const out = new Map<string, { principal: string; files: number; bytes: number; sets: number; rights: Set<string>; broad: boolean }>();
	for (const p of principals) {
		const s = perSet.get(p.permissionSet);
		if (!s) continue;
		const row = out.get(p.principal) ?? { principal: p.principal, files: 0, bytes: 0, sets: 0, rights: new Set<string>(), broad: false };
		row.files += s.files;
		row.bytes += s.bytes;
		row.sets += 1;
		if (p.rights !== null) row.rights.add(p.rights);
		row.broad ||= p.broad;
		out.set(p.principal, row);
	}
	return [...out.values()]
		.sort((a, b) => b.files - a.files || textOrder(a.principal, b.principal))
		.slice(0, MAX_PRINCIPALS)
		.map((r) => ({ principal: r.principal, files: r.files, bytes: r.bytes, sets: r.sets, rights: r.rights.size ? [...r.rights].sort(textOrder).join(', ') : null, broad: r.broad }));
}

/** Top folders by files open to broad groups (most first). */
export function broadFolderRows(folders: NonNullable<Tables['folders']>, principals: readonly PrincipalRow[]): Row[] {
	const flags = setFlags(principals);
	const out = new Map<string | null, { topFolder: string | null; files: number; bytes: number }>();
	for (const r of folders) {
		if (r.permissionSet === null || !flags.get(r.permissionSet)?.broad) continue;
		const f = out.get(r.topFolder) ?? { topFolder: r.topFolder, files: 0, bytes: 0 };
		f.files += n(r.files);
		f.bytes += n(r.bytes);
		out.set(r.topFolder, f);
	}
	return [...out.values()].sort((a, b) => b.files - a.files || nullsLast(a.topFolder, b.topFolder)).slice(0, MAX_FOLDERS);
}

/** Text in DuckDB's ascending order with NULL last. */
function nullsLast(a: string | null, b: string | null): number {
	if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
	return textOrder(a, b);
}

export function principalChart(rows: Row[] | null): BarSpec {
	return {
		id: 'principals-files',
		title: 'Files each principal has access to (top 20)',
		orientation: 'horizontal',
		rows: rows ? rows.slice(0, 20).map((r) => ({ key: String(r.principal), label: String(r.principal), value: n(r.files), files: n(r.files), bytes: n(r.bytes) })) : null,
		format: formatCount,
		valueName: 'Files',
		labelWidth: 220
	};
}

/** Top folders holding files open to broad groups: a click filters every page by that folder. */
export function broadFolderChart(rows: Row[] | null, filters: Filters): BarSpec {
	const spec = topFolderChart(rows ?? [], filters, { id: 'broad-folders', title: 'Files open to broad groups, per top folder', measure: 'files' });
	return rows ? spec : { ...spec, rows: null };
}

const yesNo = (v: unknown) => (v ? 'yes' : 'no');

export const SET_COLUMNS: Column[] = [
	{ key: 'permissionSet', label: 'Permission set', format: (v) => (v === null || v === '' ? '(none)' : String(v)) },
	{ key: 'files', label: 'Files', kind: 'count' },
	{ key: 'bytes', label: 'Bytes', kind: 'bytes' },
	{ key: 'principals', label: 'Principals', kind: 'count' },
	{ key: 'broad', label: 'Broad access', format: yesNo },
	{ key: 'broadWrite', label: 'Broad write', format: yesNo }
];

export const PRINCIPAL_COLUMNS: Column[] = [
	{ key: 'principal', label: 'Principal' },
	{ key: 'files', label: 'Files', kind: 'count' },
	{ key: 'bytes', label: 'Bytes', kind: 'bytes' },
	{ key: 'sets', label: 'Permission sets', kind: 'count' },
	{ key: 'rights', label: 'Rights seen' },
	{ key: 'broad', label: 'Broad group', format: yesNo }
];

export const FOLDER_COLUMNS: Column[] = [
	{ key: 'topFolder', label: 'Top folder', format: (v) => (v ? String(v) : '(unknown)') },
	{ key: 'files', label: 'Files', kind: 'count' },
	{ key: 'bytes', label: 'Bytes', kind: 'bytes' }
];
