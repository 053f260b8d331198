/** System Messages shaped for the page. */
import type { Column } from '$lib/components/table';
import type { ResultOfReport } from '../kit/define';
import type { report } from './report';

type Tables = NonNullable<ResultOfReport<typeof report>['tables']>;

/** 'pending': not answered yet; 'absent': the export has no messages table; 'empty': it has one without rows. */
export function messagesState(tables: Pick<Tables, 'totals'>): 'pending' | 'absent' | 'empty' | 'data' {
	if (tables.totals === undefined) return 'pending';
	if (tables.totals === null) return 'absent';
	return Number(tables.totals[0]?.messages ?? 0) > 0 ? 'data' : 'empty';
}

/** A month (YYYY-MM) as the instants its bar spans. */
export function monthSpan(month: string): { start: Date; end: Date } {
	const start = new Date(`${month}-01T00:00:00Z`);
	const end = new Date(start);
	end.setUTCMonth(end.getUTCMonth() + 1);
	return { start, end };
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
