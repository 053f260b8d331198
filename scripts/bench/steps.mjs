// Naming the steps of an open, so the browser's query log and the native run line up: the fixed
// steps (attach, describe, time units, `files` view, counts) by their SQL, and the summary build by
// the model's own step labels (summaryBuildSql), matched on the table each statement creates.

export const ATTACH = 'attach / load';
export const UNLOGGED = 'not in the query log (Parquet decode + Arrow insert, file registration)';
export const RESET = 'reset + describe';
export const UNITS = 'time-unit detection';
export const VIEW = 'files view';
const COUNTS = 'counts';
export const OTHER = 'other';

const created = (sql) => /^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP(?:ORARY)?\s+)?TABLE\s+"?(\w+)"?\s+AS\b/i.exec(sql)?.[1] ?? null;
/** A slice of a table built in parts (facts, after its first slice) belongs to that table's step. */
const appended = (sql) => /^\s*INSERT\s+INTO\s+"?(\w+)"?\s/i.exec(sql)?.[1] ?? null;
const dropped = (sql) => /^\s*DROP\s+TABLE\s+(?!IF\s)"?(\w+)"?/i.exec(sql)?.[1] ?? null;

/** The model's summary build: its step labels in order, and which step creates (or drops) which table. */
export function modelSteps(model) {
	const labels = [];
	const byTable = {};
	for (const build of model.summaryBuildSql(0)) {
		labels.push(build.label);
		for (const statement of model.splitStatements(build.sql)) {
			const t = created(statement);
			if (t) byTable[t.toLowerCase()] = build.label;
		}
	}
	return { labels, byTable };
}

/** The step a logged SQL statement belongs to. */
export function categorizeSql(sql, steps) {
	// A build helper's statements carry a leading comment (workers/engine/build-helper.ts); they run
	// alongside the engine's, so a category's sum can then exceed its wall time.
	const s = sql.replace(/\s+/g, ' ').trim().replace(/^\/\*.*?\*\/\s*/, '');
	if (/^ATTACH /i.test(s) || /^CREATE TABLE raw\./i.test(s)) return ATTACH;
	const table = created(s) ?? appended(s);
	if (table && steps.byTable[table.toLowerCase()]) return steps.byTable[table.toLowerCase()];
	// `DROP TABLE x` without IF EXISTS is the build cleaning up after itself (the reset uses IF EXISTS).
	const gone = dropped(s);
	if (gone && steps.byTable[gone.toLowerCase()]) return steps.byTable[gone.toLowerCase()];
	if (/count_if\(/i.test(s)) return UNITS;
	if (/^CREATE OR REPLACE VIEW files/i.test(s)) return VIEW;
	if (/undated|^SELECT count\(\*\) AS n FROM/i.test(s)) return COUNTS;
	if (/duckdb_databases|^DETACH|^DROP |^CREATE SCHEMA|information_schema|current_database\(\)/i.test(s)) return RESET;
	return OTHER;
}

/** The step a native run's labelled step belongs to (scripts/bench/native.mjs names them). */
export function categorizeNative(label, steps) {
	if (/^(attach|view |load )/.test(label)) return ATTACH;
	if (/^time units/.test(label)) return UNITS;
	if (label === 'files view') return VIEW;
	if (label === 'counts') return COUNTS;
	if (steps.labels.includes(label)) return label;
	return OTHER;
}

/** Every category, in the order an open goes through them. */
export function categoryOrder(steps) {
	return [ATTACH, UNLOGGED, RESET, UNITS, VIEW, ...steps.labels, COUNTS, OTHER];
}
