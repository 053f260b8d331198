/**
 * ROT — redundant, obsolete, trivial: the rules that put a file in a cleanup class, defined once
 * (docs/MODEL.md, "ROT classes") and compiled to SQL over `facts`. The Cleanup pages and the
 * Explorer's "ROT class" filter read them. Name rules use string functions on lower(name)
 * (prefix, suffix, equality), never a regex: a regex per row is slow at millions of rows in wasm.
 */
import { DAY_MS } from './bands';
import { num, str } from './sql';

export type RotClass = 'redundant' | 'obsolete' | 'trivial';
export const ROT_CLASSES: readonly RotClass[] = ['redundant', 'obsolete', 'trivial'];
export const ROT_LABELS: Record<RotClass, string> = { redundant: 'Redundant', obsolete: 'Obsolete', trivial: 'Trivial' };

/* ------------------------------------------------------------------------------------------ */
/* Redundant                                                                                    */

/*
 * Duplicate candidates: files with the same name (case-insensitive: Windows shares and mailboxes
 * do not tell `Budget.xlsx` from `budget.xlsx`) and the same size (the report build groups them,
 * src/lib/model/report-build.ts duplicateFilesSql). The Aparavi export carries no content hash
 * (objects.uniqueId names an object and instances.changeKey a version, both unique per row), so
 * equal name and size is the best evidence it offers: candidates, not proof.
 */

/**
 * A file that can be a duplicate: a known, non-zero size and a name. Zero-byte files all "match"
 * each other without being copies of anything (they are trivial instead); an unknown size or
 * name proves nothing.
 */
export const DUPLICATE_CANDIDATE = `size > 0 AND name <> ''`;

/**
 * Of a group of copies one is kept: the most recently modified (the one people are likely to
 * use), ties broken by objectId. Every other copy is redundant, so the redundant bytes of a group
 * are size × (copies − 1): its wasted bytes.
 */
export const KEPT_COPY_ORDER = 'modified DESC NULLS LAST, objectId';

export interface CopyBand {
	index: number;
	label: string;
	min: number;
	/** Inclusive upper bound, null for the last band. */
	max: number | null;
}

/** Severity of a duplicate group by its number of copies. */
export const COPY_BANDS: readonly CopyBand[] = [
	{ index: 0, label: '2 copies', min: 2, max: 2 },
	{ index: 1, label: '3–5 copies', min: 3, max: 5 },
	{ index: 2, label: '6–10 copies', min: 6, max: 10 },
	{ index: 3, label: 'More than 10 copies', min: 11, max: null }
];

/** The copy band index of a group's copy count (≥ 2). */
export function copyBandCase(copiesExpr: string): string {
	const whens = COPY_BANDS.filter((b) => b.max !== null)
		.map((b) => `WHEN ${copiesExpr} <= ${num(b.max)} THEN ${b.index}`)
		.join(' ');
	return `CASE ${whens} ELSE ${COPY_BANDS[COPY_BANDS.length - 1].index} END`;
}

/* ------------------------------------------------------------------------------------------ */
/* Obsolete                                                                                     */

/** "Not modified for N years", N chosen by the person: 1–10, 3 by default. */
export const OBSOLETE_YEARS = { min: 1, max: 10, default: 3 } as const;

/** The years from a page param or a URL value; anything unreadable is the default. */
export function obsoleteYears(value: unknown): number {
	const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
	if (!Number.isInteger(n) || n < OBSOLETE_YEARS.min || n > OBSOLETE_YEARS.max) return OBSOLETE_YEARS.default;
	return n;
}

/** A year is 365 days, as in the age bands: "1–3 years" ends at 1,095 days. */
export function obsoleteCutoffMs(asOfMs: number, years: number): number {
	return asOfMs - years * 365 * DAY_MS;
}

/**
 * Obsolete: last modified more than N × 365 days before the as-of time. A file without a valid
 * modified time is never obsolete (its age is unknown; the pages count those apart).
 */
export function obsoleteCondition(asOfMs: number, years: number): string {
	return `(modified IS NOT NULL AND modified < epoch_ms(${num(obsoleteCutoffMs(asOfMs, years))}))`;
}

/* ------------------------------------------------------------------------------------------ */
/* Trivial                                                                                      */

export interface TrivialRule {
	id: string;
	label: string;
	/** The patterns as a person reads them. */
	patterns: string;
	/** Zero-byte files (size = 0, not an unknown size). */
	zeroByte?: boolean;
	/** Matches on lower(name). */
	prefixes?: readonly string[];
	suffixes?: readonly string[];
	names?: readonly string[];
}

/**
 * Trivial files: no business value, safe to remove. A file falls in the FIRST rule that matches,
 * so each is counted once. Zero-byte comes first: its count is every empty file, whatever its name.
 * Not trivial on purpose: `*.log` (logs are records that retention rules often require; old ones
 * are caught as obsolete) and `*.old`-like names that are not listed.
 */
export const TRIVIAL_RULES: readonly TrivialRule[] = [
	{ id: 'empty', label: 'Zero-byte files', patterns: 'size 0', zeroByte: true },
	{ id: 'office-owner', label: 'Office owner/lock files', patterns: '~$*', prefixes: ['~$'] },
	{ id: 'temporary', label: 'Temporary files', patterns: '~*, *.tmp, *.temp', prefixes: ['~'], suffixes: ['.tmp', '.temp'] },
	{ id: 'swap', label: 'Editor swap files', patterns: '*.swp, *.swo', suffixes: ['.swp', '.swo'] },
	{ id: 'backup', label: 'Backup copies', patterns: '*.bak, *.bkp, *.old, *~', suffixes: ['.bak', '.bkp', '.old', '~'] },
	{
		id: 'system',
		label: 'System clutter',
		patterns: 'Thumbs.db, ehthumbs.db, .DS_Store, desktop.ini, ._*',
		names: ['thumbs.db', 'ehthumbs.db', '.ds_store', 'desktop.ini'],
		prefixes: ['._']
	}
];

function ruleCondition(rule: TrivialRule, lowerName: string, size: string): string {
	const parts = [
		...(rule.zeroByte ? [`${size} = 0`] : []),
		...(rule.prefixes ?? []).map((p) => `starts_with(${lowerName}, ${str(p)})`),
		...(rule.suffixes ?? []).map((s) => `ends_with(${lowerName}, ${str(s)})`),
		...(rule.names?.length ? [`${lowerName} IN (${rule.names.map(str).join(', ')})`] : [])
	];
	return parts.join(' OR ');
}

/** The trivial rule id of a file, or NULL. `lowerName` should be lower(name) computed once. */
export function trivialCase(lowerName = 'lower(name)', size = 'size'): string {
	return `CASE ${TRIVIAL_RULES.map((r) => `WHEN ${ruleCondition(r, lowerName, size)} THEN ${str(r.id)}`).join(' ')} END`;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One regular expression any name some rule matches also matches: most files are decided by it alone. */
function trivialNamePattern(): string {
	const parts = TRIVIAL_RULES.flatMap((r) => [
		...(r.prefixes ?? []).map((p) => `^${escapeRegex(p)}`),
		...(r.suffixes ?? []).map((x) => `${escapeRegex(x)}$`),
		...(r.names ?? []).map((n) => `^${escapeRegex(n)}$`)
	]);
	return parts.join('|');
}

/**
 * The index in TRIVIAL_RULES of a file's first matching rule, or NULL: the `trivialRule` code. One
 * regular expression rules most names out (in DuckDB-WASM a chain of string tests per file costs
 * several times one match); the rules themselves then pick the first that holds.
 */
export function trivialIndexCase(lowerName = 'lower(name)', size = 'size'): string {
	const rules = `CASE ${TRIVIAL_RULES.map((r, i) => `WHEN ${ruleCondition(r, lowerName, size)} THEN ${i}`).join(' ')} END`;
	return `CASE WHEN ${size} = 0 OR regexp_matches(${lowerName}, ${str(trivialNamePattern())}) THEN ${rules} END`;
}

/* ------------------------------------------------------------------------------------------ */
/* All three                                                                                    */

/**
 * `base` (the rows `baseSql` keeps: objectId, name, lname, size, modified at least), its duplicate
 * `groups` and the `kept` copy of each (keptId), as a WITH clause for a query over `base b`.
 */
function keptCopiesCtes(baseSql: string): string {
	return `WITH base AS NOT MATERIALIZED (${baseSql}),
groups AS (
	SELECT lname, size, max(modified) AS newest FROM base WHERE ${DUPLICATE_CANDIDATE}
	GROUP BY lname, size HAVING count(*) > 1
),
kept AS (
	SELECT b.lname, b.size, min(b.objectId) AS keptId
	FROM base b JOIN groups g ON b.lname = g.lname AND b.size = g.size
	WHERE b.modified = g.newest OR g.newest IS NULL
	GROUP BY b.lname, b.size
)`;
}

/**
 * The objectIds of the redundant copies among the rows `where` keeps (every copy of a group but
 * the kept one), as rotFlagsSql flags them: what the Explorer's "Redundant" filter lists.
 */
export function redundantIdsSql(where: string): string {
	return `${keptCopiesCtes(`SELECT objectId, name, lower(name) AS lname, size, modified FROM facts WHERE ${where}`)}
SELECT b.objectId FROM base b JOIN kept k ON b.lname = k.lname AND b.size = k.size WHERE b.objectId <> k.keptId`;
}

/** A file of the trivial rules, as a condition over `facts` columns. */
export function trivialCondition(): string {
	return `(${trivialCase()}) IS NOT NULL`;
}

/**
 * One row per file the filters keep (its topFolder and size), with a flag per class. A copy is
 * redundant when its group has two or more copies and it is not the kept one (KEPT_COPY_ORDER:
 * newest modified, then smallest objectId). Worked out with grouping, not a window: a window over
 * every file sorts all of them (at 10M files in DuckDB-WASM it did not finish, docs/BENCHMARKS.md),
 * while grouping hashes them once and the kept copy is looked up among the few groups with copies.
 * `base` is read three times and must not be materialised: DuckDB would otherwise copy every file's
 * row, names included, before the first read (over the memory limit at 10M files in the browser).
 */
export function rotFlagsSql(where: string, asOfMs: number, years: number): string {
	return `${keptCopiesCtes(`SELECT objectId, name, lower(name) AS lname, topFolder, size, modified FROM facts WHERE ${where}`)}
SELECT b.topFolder, b.size,
	k.keptId IS NOT NULL AND b.objectId <> k.keptId AS redundant,
	${obsoleteCondition(asOfMs, years)} AS obsolete,
	(${trivialCase('b.lname', 'b.size')}) IS NOT NULL AS trivial
FROM base b LEFT JOIN kept k ON b.lname = k.lname AND b.size = k.size`;
}
