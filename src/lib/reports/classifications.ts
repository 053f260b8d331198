/** Content Categories shaped for the view: policy bars, tier heatmap cells, state totals. */
import { CONFIDENCE_TIERS } from '$lib/model/reports/classifications';
import type { Row } from '$lib/model/reports/types';
import { formatBytes, formatCount } from '$lib/format';
import type { BarSpec } from '$lib/components/charts';
import type { Column } from '$lib/components/table';

const n = (v: unknown): number => Number(v ?? 0);

export const TIER_LABELS: Record<string, string> = { ...Object.fromEntries(CONFIDENCE_TIERS.map((t) => [t.id, t.label])), unknown: 'no confidence' };
export const TIER_ORDER = [...CONFIDENCE_TIERS.map((t) => t.label), 'no confidence'];

export interface StateTotals {
	classified: { files: number; bytes: number };
	unclassified: { files: number; bytes: number };
	none: { files: number; bytes: number };
	files: number;
	bytes: number;
}

export function stateTotals(keys: Row[]): StateTotals {
	const t: StateTotals = { classified: { files: 0, bytes: 0 }, unclassified: { files: 0, bytes: 0 }, none: { files: 0, bytes: 0 }, files: 0, bytes: 0 };
	for (const k of keys) {
		const s = t[k.state as 'classified' | 'unclassified' | 'none'];
		if (!s) continue;
		s.files += n(k.files);
		s.bytes += n(k.bytes);
		t.files += n(k.files);
		t.bytes += n(k.bytes);
	}
	return t;
}

/** Per policy over every tier: files, bytes and the files per tier (a row of the table). */
export function policyRows(rows: Row[]): Row[] {
	const by = new Map<string, Row>();
	for (const r of rows) {
		const p = String(r.policy);
		const acc = by.get(p) ?? { policy: p, files: 0, bytes: 0, high: 0, medium: 0, low: 0, weak: 0, unknown: 0 };
		acc.files = n(acc.files) + n(r.files);
		acc.bytes = n(acc.bytes) + n(r.bytes);
		acc[String(r.tier)] = n(acc[String(r.tier)]) + n(r.files);
		by.set(p, acc);
	}
	return [...by.values()].sort((a, b) => n(b.files) - n(a.files) || String(a.policy).localeCompare(String(b.policy)));
}

export function policyChart(rows: Row[], measure: 'files' | 'bytes'): BarSpec {
	return {
		id: `policies-${measure}`,
		title: measure === 'bytes' ? 'Bytes matched per policy' : 'Files matched per policy',
		orientation: 'horizontal',
		rows: rows.slice(0, 25).map((r) => ({ key: String(r.policy), label: String(r.policy), value: n(r[measure]), files: n(r.files), bytes: n(r.bytes) })),
		format: measure === 'bytes' ? formatBytes : formatCount,
		valueName: measure === 'bytes' ? 'Bytes' : 'Files',
		labelWidth: 150
	};
}

export function tierCells(rows: Row[]): Row[] {
	return rows.map((r) => ({ policy: String(r.policy), tier: TIER_LABELS[String(r.tier)] ?? String(r.tier), files: n(r.files), bytes: n(r.bytes) }));
}

export const POLICY_COLUMNS: Column[] = [
	{ key: 'policy', label: 'Policy' },
	{ key: 'files', label: 'Files', kind: 'count' },
	{ key: 'bytes', label: 'Bytes', kind: 'bytes' },
	...CONFIDENCE_TIERS.map((t): Column => ({ key: t.id, label: `Files, confidence ${t.label}`, kind: 'count' }))
];

export const TIER_COLUMNS: Column[] = [
	{ key: 'policy', label: 'Policy' },
	{ key: 'tier', label: 'Confidence' },
	{ key: 'files', label: 'Files', kind: 'count' },
	{ key: 'bytes', label: 'Bytes', kind: 'bytes' }
];

export const KEY_COLUMNS: Column[] = [
	{ key: 'key', label: 'Classification result', format: (v) => (v === null ? '(none)' : String(v)) },
	{ key: 'state', label: 'State' },
	{ key: 'files', label: 'Files', kind: 'count' },
	{ key: 'bytes', label: 'Bytes', kind: 'bytes' }
];
