/**
 * Cleanup (ROT): redundant, obsolete and trivial files, and what removing them would give back.
 * The rules live in ../rot.ts; these are the questions each page asks under the shared filters.
 * Duplicate and class figures need the rows (a name, a window over copies), so these read `facts`;
 * each statement is one scan, and each page keeps to a few.
 */
import { categoryExpr } from '../categories';
import { copyBandCase, duplicateGroupsSql, DUPLICATE_CANDIDATE, KEPT_COPY_ORDER, obsoleteCondition, obsoleteYears, rotFlagsSql, trivialCase } from '../rot';
import { num, str } from '../sql';
import { measures } from './context';
import type { ReportDefinition } from './types';

/** Longest file lists a page receives. */
export const LIST_LIMIT = 1000;
/** Top folders a chart shows. */
export const FOLDER_LIMIT = 25;

export const redundant: ReportDefinition = {
	id: 'redundant',
	statements(ctx) {
		const where = ctx.where;
		return {
			// What is left out of the candidates, said on the page.
			scope: `SELECT count(*) AS files, count(*) FILTER (WHERE size = 0) AS zeroByte, count(*) FILTER (WHERE size IS NULL) AS unknownSize,
	count(*) FILTER (WHERE name = '' AND size > 0) AS unnamed
FROM facts WHERE ${where}`,
			// One statement so the costly grouping of every candidate by (name, size) runs once: the
			// severity bands (part 'band') and the top groups with their names, folders and newest
			// copy (part 'group', details joined back for those groups only).
			duplicates: `WITH g AS MATERIALIZED (${duplicateGroupsSql(where)}),
top AS MATERIALIZED (SELECT nameKey, size, copies FROM g ORDER BY size * (copies - 1) DESC, copies DESC, nameKey, size LIMIT ${LIST_LIMIT}),
detail AS (
	SELECT top.nameKey, top.size, top.copies, min(f.name) AS name, count(DISTINCT f.folder) AS folders, max(f.modified) AS newest
	FROM top JOIN (SELECT lower(name) AS nameKey, name, folder, size, modified FROM facts WHERE ${DUPLICATE_CANDIDATE} AND ${where}) AS f
		ON f.nameKey = top.nameKey AND f.size = top.size
	GROUP BY 1, 2, 3
)
SELECT 'band' AS part, band, groups, files, wasted, band AS ord FROM (
	SELECT ${copyBandCase('copies')} AS band, count(*) AS groups, sum(copies) AS files, sum(size * (copies - 1)) AS wasted FROM g GROUP BY 1
)
UNION ALL BY NAME
SELECT 'group' AS part, nameKey, name, size, copies, size * (copies - 1) AS wasted, folders, epoch_ms(newest) AS newest,
	row_number() OVER (ORDER BY size * (copies - 1) DESC, copies DESC, nameKey, size) AS ord
FROM detail
ORDER BY part, ord`
		};
	}
};

/** The copies of one duplicate group (params nameKey, size), the kept one first. */
export const redundantCopies: ReportDefinition = {
	id: 'redundant-copies',
	statements(ctx) {
		const nameKey = typeof ctx.params.nameKey === 'string' ? ctx.params.nameKey : null;
		const size = Number(ctx.params.size);
		const known = nameKey !== null && Number.isSafeInteger(size) && size > 0;
		const group = known ? `lower(name) = ${str(nameKey)} AND size = ${num(size)}` : 'FALSE';
		return {
			copies: `SELECT objectId, name, folder, size, epoch_ms(modified) AS modified, row_number() OVER (ORDER BY ${KEPT_COPY_ORDER}) = 1 AS kept
FROM facts WHERE ${group} AND ${ctx.where}
ORDER BY ${KEPT_COPY_ORDER} LIMIT ${LIST_LIMIT}`
		};
	}
};

export const obsolete: ReportDefinition = {
	id: 'obsolete',
	statements(ctx) {
		const old = obsoleteCondition(ctx.asOfMs, obsoleteYears(ctx.params.years));
		const where = `${ctx.where} AND ${old}`;
		return {
			totals: `SELECT count(*) AS files, coalesce(sum(size), 0) AS bytes,
	count(*) FILTER (WHERE ${old}) AS obsoleteFiles, coalesce(sum(size) FILTER (WHERE ${old}), 0) AS obsoleteBytes,
	count(*) FILTER (WHERE modified IS NULL) AS unknownModified
FROM facts WHERE ${ctx.where}`,
			folders: `SELECT topFolder, count(*) AS files, coalesce(sum(size), 0) AS bytes
FROM facts WHERE ${where} GROUP BY 1 ORDER BY bytes DESC, topFolder LIMIT ${FOLDER_LIMIT}`,
			// Grouped by extension first: the category CASE then runs once per extension, not per file.
			categories: `SELECT ${categoryExpr('extension')} AS category, sum(files) AS files, sum(bytes) AS bytes
FROM (SELECT extension, count(*) AS files, coalesce(sum(size), 0) AS bytes FROM facts WHERE ${where} GROUP BY 1)
GROUP BY 1 ORDER BY bytes DESC, category`,
			years: `SELECT year(modified) AS year, count(*) AS files, coalesce(sum(size), 0) AS bytes
FROM facts WHERE ${where} GROUP BY 1 ORDER BY 1`,
			oldest: `SELECT objectId, name, folder, size, epoch_ms(modified) AS modified
FROM facts WHERE ${where} ORDER BY modified, objectId LIMIT ${LIST_LIMIT}`
		};
	}
};

export const trivial: ReportDefinition = {
	id: 'trivial',
	statements(ctx) {
		const m = measures(ctx.cube);
		const ruled = `SELECT ${trivialCase('lname')} AS rule, objectId, name, folder, topFolder, size, modified
FROM (SELECT *, lower(name) AS lname FROM facts WHERE ${ctx.where})`;
		return {
			totals: `SELECT ${m.files} AS files, ${m.bytes} AS bytes FROM ${ctx.cube} WHERE ${ctx.where}`,
			// One scan: the name rules run once per file; the few trivial files are kept and read
			// three ways (part 'rule', 'folder', 'file'), each part in its own order (ord).
			trivial: `WITH t AS MATERIALIZED (SELECT * FROM (${ruled}) WHERE rule IS NOT NULL)
SELECT 'rule' AS part, rule, count(*) AS files, coalesce(sum(size), 0) AS bytes, 0 AS ord FROM t GROUP BY rule
UNION ALL BY NAME
(SELECT 'folder' AS part, topFolder, count(*) AS files, coalesce(sum(size), 0) AS bytes, row_number() OVER (ORDER BY count(*) DESC, topFolder) AS ord
	FROM t GROUP BY topFolder ORDER BY ord LIMIT ${FOLDER_LIMIT})
UNION ALL BY NAME
(SELECT 'file' AS part, objectId, name, folder, rule, size, epoch_ms(modified) AS modified, row_number() OVER (ORDER BY size DESC NULLS LAST, objectId) AS ord
	FROM t ORDER BY ord LIMIT ${LIST_LIMIT})
ORDER BY part, ord, rule`
		};
	}
};

/**
 * The ROT headline: files and bytes per combination of classes (at most 7 rows), from which the
 * page reads each class, the overlaps and the total with every file counted once; plus the top
 * folders by reclaimable bytes (files in any class, each counted once).
 */
export const rotSummary: ReportDefinition = {
	id: 'rot',
	statements(ctx) {
		const m = measures(ctx.cube);
		const flags = rotFlagsSql(ctx.where, ctx.asOfMs, obsoleteYears(ctx.params.years));
		const any = 'redundant OR obsolete OR trivial';
		return {
			totals: `SELECT ${m.files} AS files, ${m.bytes} AS bytes FROM ${ctx.cube} WHERE ${ctx.where}`,
			// One scan (the copy window is the costly part): the class combinations, and the top
			// folders by reclaimable bytes, as two grouping sets told apart by `part`.
			classes: `SELECT CASE WHEN GROUPING(topFolder) = 1 THEN 'classes' ELSE 'folder' END AS part,
	topFolder, redundant, obsolete, trivial, count(*) AS files, coalesce(sum(size), 0) AS bytes
FROM (${flags}) WHERE ${any}
GROUP BY GROUPING SETS ((redundant, obsolete, trivial), (topFolder))
QUALIFY GROUPING(topFolder) = 1 OR row_number() OVER (PARTITION BY GROUPING(topFolder) ORDER BY coalesce(sum(size), 0) DESC, topFolder) <= ${FOLDER_LIMIT}
ORDER BY part, bytes DESC, topFolder, redundant, obsolete, trivial`
		};
	}
};
