/** Service Interactions, shaped for the view. */
import type { ReportResult, Row } from '$lib/model/reports/types';
import { formatBytes, formatCount } from '$lib/format';
import type { BarSpec } from '$lib/components/charts';
import type { Column } from '$lib/components/table';

const n = (v: unknown): number => Number(v ?? 0);
export const serviceLabel = (v: unknown): string => (v === null || v === undefined ? '(no service)' : String(v));

/** 'absent': the export has no services table, so no file names a service. */
export function servicesState(tables: ReportResult['tables']): 'absent' | 'data' {
	return tables.services ? 'data' : 'absent';
}

export function serviceChart(rows: Row[], measure: 'files' | 'bytes'): BarSpec {
	return {
		id: `services-${measure}`,
		title: measure === 'bytes' ? 'Bytes per service' : 'Files per service',
		orientation: 'horizontal',
		rows: rows.slice(0, 20).map((r) => ({ key: serviceLabel(r.service), label: serviceLabel(r.service), value: n(r[measure]), files: n(r.files), bytes: n(r.bytes) })),
		format: measure === 'bytes' ? formatBytes : formatCount,
		valueName: measure === 'bytes' ? 'Bytes' : 'Files',
		labelWidth: 180
	};
}

/** Files and bytes per service type, summed from the per-service rows. */
export function typeRows(rows: Row[]): Row[] {
	const by = new Map<string, { type: string; services: number; files: number; bytes: number }>();
	for (const r of rows) {
		const type = r.type === null || r.type === undefined ? '(unknown)' : String(r.type);
		const t = by.get(type) ?? { type, services: 0, files: 0, bytes: 0 };
		t.services += r.service === null ? 0 : 1;
		t.files += n(r.files);
		t.bytes += n(r.bytes);
		by.set(type, t);
	}
	return [...by.values()].sort((a, b) => b.bytes - a.bytes);
}

/** Services the export defines that hold no file under the current filters. */
export function idleServices(rows: Row[], catalogue: Row[]): Row[] {
	const used = new Set(rows.map((r) => r.service));
	return catalogue.filter((c) => !used.has(c.service));
}

export const SERVICE_COLUMNS: Column[] = [
	{ key: 'service', label: 'Service', format: serviceLabel },
	{ key: 'type', label: 'Type' },
	{ key: 'files', label: 'Files', kind: 'count' },
	{ key: 'bytes', label: 'Bytes', kind: 'bytes' },
	{ key: 'averageSize', label: 'Average size', kind: 'bytes' },
	{ key: 'lastModified', label: 'Newest modified', kind: 'datetime' },
	{ key: 'lastAccessed', label: 'Newest access', kind: 'datetime' },
	{ key: 'lastAdded', label: 'Last indexed', kind: 'datetime' }
];

export const TYPE_COLUMNS: Column[] = [
	{ key: 'type', label: 'Service type' },
	{ key: 'services', label: 'Services', kind: 'count' },
	{ key: 'files', label: 'Files', kind: 'count' },
	{ key: 'bytes', label: 'Bytes', kind: 'bytes' }
];

export const CATALOGUE_COLUMNS: Column[] = [
	{ key: 'service', label: 'Service' },
	{ key: 'type', label: 'Type' },
	{ key: 'mode', label: 'Mode' }
];

export function serviceRows(rows: Row[]): Row[] {
	return rows.map((r) => ({ ...r, averageSize: n(r.sized) ? n(r.bytes) / n(r.sized) : null }));
}
