/** Every report the engine can answer, by id. A page asks by id; the engine looks it up here. */
import { points } from './points';
import { obsolete, redundant, redundantCopies, rotSummary, trivial } from './rot';
import { aging } from './aging';
import { hotCold } from './hot-cold';
import { growth } from './growth';
import { access } from './access';
import { accessControls } from './access-controls';
import { sensitive } from './sensitive';
import { services } from './services';
import { messages } from './messages';
import type { ReportDefinition } from './types';

export const REPORTS: Record<string, ReportDefinition> = Object.fromEntries(
	[points, redundant, redundantCopies, obsolete, trivial, rotSummary, aging, hotCold, growth, access, accessControls, sensitive, services, messages].map((r) => [r.id, r])
);

export type { ReportDefinition, ReportContext, ReportParams, ReportResult, Row, Cell } from './types';
export { reportContext, cubeFor, measures, readsFacts } from './context';
