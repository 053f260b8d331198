/**
 * Ranked lists under filters (the largest files, the oldest, trivial and sensitive files): read from
 * the candidates the report build keeps (src/lib/model/report-build.ts, "Ranked lists") and checked
 * to be exact; when they cannot be (a filter finer than the cells the candidates are kept for),
 * read from `r_files` and `facts` in the slower scan phase. Both give the same rows.
 */
import { filterWhere, hasFilters, type Filters } from './filters';
import { LIST_PARTITIONS, LISTS, listCellsTable, listTable, type ListDef } from './report-build';
import { rowsWithPositionSql, type RowStore } from './explorer';
import { num } from './sql';
import { PACK_TOP_FILES } from './pack';

export type ListId = ListDef['id'];

export const listDef = (id: ListId): ListDef => LISTS.find((l) => l.id === id)!;

/** Columns every list row carries to the page. */
export const LIST_COLUMNS = 'objectId, name, folder, size, modifiedMs AS modified, extension, permissionSet, trivialRule, sensitive, obsoleteAge';

export interface ListQuery {
	list: ListId;
	filters: Filters;
	/** Further conditions over the list's own columns (obsoleteAge, trivialRule, sensitive). */
	where?: string;
	limit: number;
}

const condition = (q: ListQuery, coded: boolean) => {
	const shared = filterWhere(q.filters, undefined, { coded });
	return q.where ? `${shared} AND (${q.where})` : shared;
};

/** The first rows from the candidates, in list order. */
export function listRowsSql(q: ListQuery): string {
	return `SELECT ${LIST_COLUMNS} FROM ${listTable(q.list)} WHERE ${condition(q, false)} ORDER BY ${listDef(q.list).order} LIMIT ${num(q.limit)}`;
}

/**
 * Whether those rows are exact, in either partition: every cell the filters keep (by the
 * partition's own dimensions) that has files beyond its candidates (truncated) must have its
 * threshold no earlier than the last row returned, and a short answer must have no such cell. One
 * row: `rows`, `lastBucket`, and per partition `min_<id>` (NULL: no cell kept is truncated).
 */
export function listCheckSql(q: ListQuery): string {
	const list = listDef(q.list);
	const kept = (dims: readonly string[]) =>
		filterWhere(
			{
				...q.filters,
				extensions: dims.includes('extension') ? q.filters.extensions : [],
				topFolders: dims.includes('topFolder') ? q.filters.topFolders : [],
				sizeBands: [],
				ageBands: [],
				modified: dims.includes('modifiedMonth') ? q.filters.modified : null,
				added: null
			},
			undefined,
			{ coded: true }
		);
	const mins = LIST_PARTITIONS.map((p) => `(SELECT min(threshold) FROM ${listCellsTable(q.list, p.id)} WHERE truncated AND ${kept(p.dims)}) AS min_${p.id}`);
	return `WITH res AS (
	SELECT c.bucket FROM (SELECT * FROM ${listTable(q.list)} WHERE ${condition(q, false)} ORDER BY ${list.order} LIMIT ${num(q.limit)}) c
)
SELECT (SELECT count(*) FROM res) AS rows, (SELECT max(bucket) FROM res) AS lastBucket, ${mins.join(', ')}`;
}

/** Exact when, in some partition, nothing beyond the candidates could enter the first `limit` rows. */
export function listIsExact(check: Record<string, unknown>, limit: number): boolean {
	const rows = Number(check.rows);
	const last = check.lastBucket === null || check.lastBucket === undefined ? null : Number(check.lastBucket);
	return LIST_PARTITIONS.some((p) => {
		const min = check[`min_${p.id}`];
		if (min === null || min === undefined) return true;
		return rows >= limit && last !== null && last <= Number(min);
	});
}

/**
 * The scan phase: the list's files under the filters straight from `r_files`, every file up to the
 * bucket of the `limit`-th (so ties at the edge are all there), then their details from `facts`.
 */
export function listScanSql(q: ListQuery, facts: RowStore): string {
	const list = listDef(q.list);
	const rows = `SELECT r.pos, r.obsoleteAge, r.trivialRule, r.sensitive, r.sizeBucket, ${list.bucket('r')} AS bucket
	FROM r_files r WHERE ${list.subset('r')} AND ${condition(q, true)}`;
	return `WITH keep AS (${rows}),
edge AS (SELECT bucket FROM keep ORDER BY bucket LIMIT 1 OFFSET ${num(Math.max(0, q.limit - 1))}),
cand AS (SELECT * FROM keep WHERE (SELECT count(*) FROM edge) = 0 OR bucket <= (SELECT bucket FROM edge))
SELECT * FROM (
	SELECT f.objectId, f.name, f.folder, f.size, f.modified, epoch_ms(f.modified) AS modifiedMs, f.extension, f.permissionSet,
		cand.obsoleteAge, cand.trivialRule, cand.sensitive
	FROM ${rowsWithPositionSql(facts)} f JOIN cand ON cand.pos = f.rid
) ORDER BY ${list.order} LIMIT ${num(q.limit)}`;
}

/** The scan phase's rows carry the same columns as listRowsSql's. */
export function listScanRowsSql(q: ListQuery, facts: RowStore): string {
	return `SELECT ${LIST_COLUMNS} FROM (${listScanSql(q, facts)})`;
}

/**
 * A summary pack has no ranked lists but keeps its largest files (p_top_files, src/lib/model/pack.ts):
 * the 'largest' list without filters is read from them, exactly. Null for anything else.
 */
export function packListSql(q: ListQuery): string | null {
	if (q.list !== 'largest' || q.where || hasFilters(q.filters) || q.limit > PACK_TOP_FILES) return null;
	return `SELECT objectId, name, folder, size, epoch_ms(modified) AS modified, extension, permissionSet,
	CAST(NULL AS UTINYINT) AS trivialRule, CAST(NULL AS UTINYINT) AS sensitive, CAST(NULL AS UTINYINT) AS obsoleteAge
FROM p_top_files WHERE size IS NOT NULL ORDER BY size DESC, objectId LIMIT ${num(q.limit)}`;
}
