/**
 * Options for opening a dataset that a page URL may carry: `?partitions=4` (how many slices the
 * facts build takes: tests and tuning), `?fresh-after=1000` (from how many files a build is reopened
 * in a fresh engine: tests), `?builders=1|2` (whether a second DuckDB helps build the facts: tests and
 * measurements) and `?asof=2026-01-31` (the instant ages are measured from,
 * so a report can be reproduced later). Anything unreadable is ignored.
 */
import { MAX_PARTITIONS } from './partitions';
import { DAY_MS } from './bands';

export interface OpenOptions {
	partitions?: number;
	/** Files from which a finished build is reopened in a fresh engine (src/lib/model/memory-plan.ts). */
	freshAfter?: number;
	/** How many DuckDB instances build the facts (1 or 2; src/lib/model/memory-plan.ts decides when unset). */
	builders?: number;
	/** Epoch ms; default: the moment the dataset is opened. */
	asOfMs?: number;
}

const EARLIEST = Date.UTC(1980, 0, 1);

export function openOptionsFromParams(params: URLSearchParams): OpenOptions {
	const out: OpenOptions = {};
	const p = Number(params.get('partitions'));
	if (params.has('partitions') && Number.isInteger(p) && p >= 1 && p <= MAX_PARTITIONS) out.partitions = p;
	const fresh = Number(params.get('fresh-after'));
	if (params.has('fresh-after') && Number.isInteger(fresh) && fresh >= 1) out.freshAfter = fresh;
	const builders = Number(params.get('builders'));
	if (params.has('builders') && (builders === 1 || builders === 2)) out.builders = builders;
	const a = params.get('asof');
	if (a) {
		const ms = /^\d{4}-\d{2}-\d{2}$/.test(a) ? Date.parse(`${a}T00:00:00Z`) : /^\d{10,14}$/.test(a) ? Number(a) : NaN;
		if (Number.isFinite(ms) && ms >= EARLIEST && ms <= Date.now() + 366 * DAY_MS) out.asOfMs = ms;
	}
	return out;
}
