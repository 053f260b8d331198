/**
 * Content Categories shaped for the page: each classification key split into its policies at
 * their confidence tiers, by the rules of src/lib/model/classifications.ts; state totals count
 * each file once, policy figures count a file once under each policy it names.
 */
import { CONFIDENCE_TIERS, UNCLASSIFIED_POLICY, policiesOf, stateOf, tierOf, type ClassificationState, type TierId } from '$lib/model/classifications';
import { formatBytes, formatCount } from '$lib/format';
import type { BarSpec } from '$lib/components/charts';
import type { Column } from '$lib/components/table';
import type { ResultOfReport } from '../kit/define';
import { n, textOrder } from '../kit/shape';
import type { report } from './report';

type Tables = NonNullable<ResultOfReport<typeof report>['tables']>;

export const TIER_LABELS: Record<TierId, string> = { ...(Object.fromEntries(CONFIDENCE_TIERS.map((t) => [t.id, t.label])) as Record<Exclude<TierId, 'unknown'>, string>), unknown: 'no confidence' };
export const TIER_ORDER = [...CONFIDENCE_TIERS.map((t) => t.label), TIER_LABELS.unknown];

/** Classification results the table lists at most, most files first. */
export const KEY_ROWS = 5000;

export interface KeyRow {
	key: string | null;
	state: ClassificationState;
	files: number;
	bytes: number;
	[k: string]: string | number | null;
}

/** Every classification key with files, its state, most files first (ties by key, no result last). */
export function keyRows(rows: Tables['keys']): KeyRow[] {
	return (rows ?? [])
		.filter((r) => n(r.files) > 0)
		.map((r) => ({ key: r.classification, state: stateOf(r.classification), files: n(r.files), bytes: n(r.bytes) }))
		.sort((a, b) => b.files - a.files || (a.key === null ? 1 : b.key === null ? -1 : textOrder(a.key, b.key)));
}

export interface StateTotals {
	classified: { files: number; bytes: number };
	unclassified: { files: number; bytes: number };
	none: { files: number; bytes: number };
	files: number;
	bytes: number;
}

export function stateTotals(keys: KeyRow[]): StateTotals {
	const t: StateTotals = { classified: { files: 0, bytes: 0 }, unclassified: { files: 0, bytes: 0 }, none: { files: 0, bytes: 0 }, files: 0, bytes: 0 };
	for (const k of keys) {
		t[k.state].files += k.files;
		t[k.state].bytes += k.bytes;
		t.files += k.files;
		t.bytes += k.bytes;
	}
	return t;
}

export interface PolicyTierRow {
	policy: string;
	tier: TierId;
	files: number;
	bytes: number;
	minConfidence: number | null;
	maxConfidence: number | null;
}

const TIER_RANK: Record<TierId, number> = { high: 0, medium: 1, low: 2, weak: 3, unknown: 4 };

/** Per policy and tier: the files of every key naming the policy at a confidence in that tier. */
export function policyTiers(keys: KeyRow[]): PolicyTierRow[] {
	const by = new Map<string, PolicyTierRow>();
	for (const k of keys) {
		for (const { policy, confidence } of policiesOf(k.key)) {
			const tier = tierOf(confidence);
			const id = `${policy}\u0000${tier}`;
			const r = by.get(id) ?? { policy, tier, files: 0, bytes: 0, minConfidence: null, maxConfidence: null };
			r.files += k.files;
			r.bytes += k.bytes;
			if (confidence !== null) {
				r.minConfidence = r.minConfidence === null ? confidence : Math.min(r.minConfidence, confidence);
				r.maxConfidence = r.maxConfidence === null ? confidence : Math.max(r.maxConfidence, confidence);
			}
			by.set(id, r);
		}
	}
	return [...by.values()].sort((a, b) => b.files - a.files || textOrder(a.policy, b.policy) || TIER_RANK[a.tier] - TIER_RANK[b.tier]);
}

export interface PolicyRow {
	policy: string;
	files: number;
	bytes: number;
	high: number;
	medium: number;
	low: number;
	weak: number;
	unknown: number;
	[k: string]: string | number;
}

/** Per policy over every tier: files, bytes and the files per tier (a row of the table). */
export function policyRows(tiers: PolicyTierRow[]): PolicyRow[] {
	const by = new Map<string, PolicyRow>();
	for (const r of tiers) {
		const acc = by.get(r.policy) ?? { policy: r.policy, files: 0, bytes: 0, high: 0, medium: 0, low: 0, weak: 0, unknown: 0 };
		acc.files += r.files;
		acc.bytes += r.bytes;
		acc[r.tier] += r.files;
		by.set(r.policy, acc);
	}
	return [...by.values()].sort((a, b) => b.files - a.files || textOrder(a.policy, b.policy));
}

/** Policies other than the classifier's "nothing found". */
export const matchedPolicies = (policies: PolicyRow[]): number => policies.filter((p) => p.policy !== UNCLASSIFIED_POLICY).length;

export function policyChart(rows: PolicyRow[], measure: 'files' | 'bytes'): BarSpec {
	return {
		id: `policies-${measure}`,
		title: measure === 'bytes' ? 'Bytes matched per policy' : 'Files matched per policy',
		orientation: 'horizontal',
		rows: rows.slice(0, 25).map((r) => ({ key: r.policy, label: r.policy, value: r[measure], files: r.files, bytes: r.bytes })),
		format: measure === 'bytes' ? formatBytes : formatCount,
		valueName: measure === 'bytes' ? 'Bytes' : 'Files',
		labelWidth: 150
	};
}

export interface TierCell {
	policy: string;
	tier: string;
	files: number;
	bytes: number;
	[k: string]: string | number;
}

export function tierCells(rows: PolicyTierRow[]): TierCell[] {
	return rows.map((r) => ({ policy: r.policy, tier: TIER_LABELS[r.tier], files: r.files, bytes: r.bytes }));
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
