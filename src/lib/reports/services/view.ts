/** Service Interactions shaped for the page: per service with its type, per type, idle services. */
import { formatBytes, formatCount } from '$lib/format';
import type { BarSpec } from '$lib/components/charts';
import type { Column } from '$lib/components/table';
import type { ResultOfReport, Row } from '../kit/define';
import { n, textOrder } from '../kit/shape';
import type { ServiceRow, report } from './report';

type Tables = NonNullable<ResultOfReport<typeof report>['tables']>;

/** How many services the page lists. */
export const MAX_SERVICES = 500;

export const serviceLabel = (v: unknown): string => (v === null || v === undefined ? '(no service)' : String(v));

/** Each service name's types, as the export lists them (several rows may share a name). */
function typesByName(catalogue: readonly ServiceRow[]): Map<string, string> {
	const types = new Map<string, Set<string>>();
	for (const c of catalogue) {
		if (c.service === null) continue;
		const t = types.get(c.service) ?? new Set<string>();
		if (c.type !== null) t.add(c.type);
		types.set(c.service, t);
	}
	return new Map([...types].filter(([, t]) => t.size > 0).map(([name, t]) => [name, [...t].sort(textOrder).join(', ')]));
}

/** Per service, most bytes first: files, bytes, average size, latest activity, and its type. */
export function serviceRows(rows: NonNullable<Tables['services']>, catalogue: readonly ServiceRow[]): Row[] {
	const types = typesByName(catalogue);
	return [...rows]
		.sort((a, b) => n(b.bytes) - n(a.bytes) || (a.service === null ? 1 : b.service === null ? -1 : textOrder(a.service, b.service)))
		.slice(0, MAX_SERVICES)
		.map((r) => ({
			service: r.service,
			type: r.service === null ? null : (types.get(r.service) ?? null),
			files: n(r.files),
			bytes: n(r.bytes),
			sized: n(r.sized),
			averageSize: n(r.sized) ? n(r.bytes) / n(r.sized) : null,
			lastModified: r.lastModified,
			lastAccessed: r.lastAccessed,
			lastAdded: r.lastAdded
		}));
}

export function serviceChart(rows: Row[] | null, measure: 'files' | 'bytes'): BarSpec {
	return {
		id: `services-${measure}`,
		title: measure === 'bytes' ? 'Bytes per service' : 'Files per service',
		orientation: 'horizontal',
		rows: rows ? rows.slice(0, 20).map((r) => ({ key: serviceLabel(r.service), label: serviceLabel(r.service), value: n(r[measure]), files: n(r.files), bytes: n(r.bytes) })) : null,
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
export function idleServices(rows: NonNullable<Tables['services']>, catalogue: readonly ServiceRow[]): Row[] {
	const used = new Set(rows.map((r) => r.service));
	return catalogue.filter((c) => !used.has(c.service)).slice(0, MAX_SERVICES);
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
