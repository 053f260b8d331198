/**
 * Every report the engine can answer, by id: read from the report folders (./<id>/report.ts), so a
 * new folder is a new report with nothing to register. The worker imports this; it holds no Svelte.
 */
import type { ReportDefinition } from './kit/define';

const modules = import.meta.glob<Record<string, unknown>>('./*/report.ts', { eager: true });

const isDefinition = (v: unknown): v is ReportDefinition => typeof v === 'object' && v !== null && 'id' in v && 'parts' in v;

/** Each definition with the folder it lives in. */
export const DEFINITIONS: readonly { folder: string; definition: ReportDefinition }[] = Object.entries(modules).flatMap(([path, module]) => {
	const folder = path.split('/')[1];
	return Object.values(module)
		.filter(isDefinition)
		.map((definition) => ({ folder, definition }));
});

export const REPORTS: Readonly<Record<string, ReportDefinition>> = Object.fromEntries(DEFINITIONS.map((d) => [d.definition.id, d.definition]));
