/** System Messages, shaped for the view. */
import type { ReportResult } from '$lib/model/reports/types';
import type { Column } from '$lib/components/table';

/** 'absent': the export has no messages table; 'empty': it has one without rows. */
export function messagesState(tables: ReportResult['tables']): 'absent' | 'empty' | 'data' {
	if (!tables.totals) return 'absent';
	return Number(tables.totals[0]?.messages ?? 0) > 0 ? 'data' : 'empty';
}

export const MONTH_COLUMNS: Column[] = [
	{ key: 'month', label: 'Month' },
	{ key: 'messages', label: 'Messages', kind: 'count' }
];

export const KIND_COLUMNS: Column[] = [
	{ key: 'kind', label: 'Type' },
	{ key: 'messages', label: 'Messages', kind: 'count' }
];

export const FREQUENT_COLUMNS: Column[] = [
	{ key: 'message', label: 'Message' },
	{ key: 'messages', label: 'Times logged', kind: 'count' },
	{ key: 'last', label: 'Last logged', kind: 'datetime' }
];

export function latestColumns(withKind: boolean): Column[] {
	return [
		{ key: 'time', label: 'Time (UTC)', kind: 'datetime' },
		...(withKind ? [{ key: 'kind', label: 'Type' }] : []),
		{ key: 'message', label: 'Message' },
		{ key: 'id', label: 'Message id' }
	];
}
