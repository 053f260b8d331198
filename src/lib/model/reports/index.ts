/** Every report the engine can answer, by id. A page asks by id; the engine looks it up here. */
import { classifications } from './classifications';
import { distribution } from './distribution';
import { documents } from './documents';
import { folderChildren, folders } from './folders';
import { largest } from './largest';
import { metadata } from './metadata';
import { points } from './points';
import { obsolete, redundant, redundantCopies, rotSummary, trivial } from './rot';
import { storage } from './storage';
import type { ReportDefinition } from './types';

export const REPORTS: Record<string, ReportDefinition> = Object.fromEntries(
	[documents, points, metadata, classifications, storage, folders, folderChildren, largest, distribution, redundant, redundantCopies, obsolete, trivial, rotSummary].map((r) => [r.id, r])
);

export type { ReportDefinition, ReportContext, ReportParams, ReportResult, Row, Cell } from './types';
export { reportContext, cubeFor, measures, readsFacts } from './context';
