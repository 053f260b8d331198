/** Trivial shaped for the page: every rule with its files, the top folders and the largest files. */
import { TRIVIAL_RULES } from '$lib/model/rot';
import type { Filters } from '$lib/model/filters';
import { formatBytes, formatCount } from '$lib/format';
import type { BarSpec } from '$lib/components/charts';
import type { Column } from '$lib/components/table';
import type { ListRow, ResultOfReport, Row } from '../kit/define';
import { n, textOrder, topFolderChart } from '../kit/shape';
import type { report } from './report';

type Tables = ResultOfReport<typeof report>['tables'];

/** Top folders a chart and its table show. */
export const FOLDER_LIMIT = 25;

/** Every trivial rule, in rule order, with zeros for rules nothing matched. */
export function trivialRuleRows(t: Tables): Row[] {
	return TRIVIAL_RULES.map((rule, i) => {
		const r = (t.rules ?? []).find((x) => x.trivialRule === i);
		return { rule: rule.id, label: rule.label, patterns: rule.patterns, files: n(r?.files), bytes: n(r?.bytes) };
	});
}

/** Trivial files per top folder, most files first, the first 25. */
export function trivialFolders(t: Tables): Row[] {
	const m = new Map<string, { files: number; bytes: number }>();
	for (const r of (t.folders ?? []).filter((r) => r.trivialRule !== null)) {
		const f = m.get(r.topFolder ?? '') ?? { files: 0, bytes: 0 };
		f.files += n(r.files);
		f.bytes += n(r.bytes);
		m.set(r.topFolder ?? '', f);
	}
	return [...m]
		.map(([topFolder, f]) => ({ topFolder, ...f }))
		.sort((a, b) => b.files - a.files || textOrder(a.topFolder, b.topFolder))
		.slice(0, FOLDER_LIMIT);
}

/** The largest trivial files, with their rule's id. */
export function trivialFiles(rows: ListRow[]): Row[] {
	return rows.map((r) => ({ ...r, rule: r.trivialRule === null ? null : TRIVIAL_RULES[r.trivialRule].id }));
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

export function folderChart(rows: Row[], filters: Filters): BarSpec {
	return topFolderChart(rows, filters, { id: 'trivial-folders', title: 'Trivial files per top folder (top 25)', measure: 'files', bars: FOLDER_LIMIT });
}

const RULE_LABELS: Record<string, string> = Object.fromEntries(TRIVIAL_RULES.map((r) => [r.id, r.label]));

export const TRIVIAL_COLUMNS: Column[] = [
	{ key: 'rule', label: 'Rule', format: (_, row) => String(row.label) },
	{ key: 'patterns', label: 'Names matched' },
	{ key: 'files', label: 'Files', kind: 'count' },
	{ key: 'bytes', label: 'Bytes', kind: 'bytes' }
];

export const TRIVIAL_FILE_COLUMNS: Column[] = [
	{ key: 'name', label: 'Name' },
	{ key: 'rule', label: 'Rule', format: (v) => RULE_LABELS[String(v)] ?? String(v) },
	{ key: 'folder', label: 'Folder', format: (v) => (v ? String(v) : '(unknown)') },
	{ key: 'size', label: 'Size', kind: 'bytes' },
	{ key: 'modified', label: 'Modified', kind: 'date' }
];
