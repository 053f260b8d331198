/**
 * Queries as data: the main thread names what it wants; the engine compiles it with the model.
 * Results are small and typed by construction.
 */
import type { SummaryResult } from './summary';

export type ModelQuery = { kind: 'summary' };

export type QueryResult = SummaryResult;
