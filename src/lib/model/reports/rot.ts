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
			bands: `SELECT ${copyBandCase('copies')} AS band, count(*) AS groups, sum(copies) AS files, sum(size * (copies - 1)) AS wasted
FROM (${duplicateGroupsSql(where)}) GROUP BY 1 ORDER BY 1`,
			groups: `SELECT lower(name) AS nameKey, min(name) AS name, size, count(*) AS copies, size * (count(*) - 1) AS wasted,
	count(DISTINCT folder) AS folders, epoch_ms(max(modified)) AS newest
FROM facts WHERE ${DUPLICATE_CANDIDATE} AND ${where}
GROUP BY lower(name), size HAVING count(*) > 1
ORDER BY wasted DESC, copies DESC, nameKey, size LIMIT ${LIST_LIMIT}`
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
			rules: `SELECT rule, count(*) AS files, coalesce(sum(size), 0) AS bytes FROM (${ruled}) WHERE rule IS NOT NULL GROUP BY 1 ORDER BY 1`,
			folders: `SELECT topFolder, count(*) AS files, coalesce(sum(size), 0) AS bytes FROM (${ruled}) WHERE rule IS NOT NULL
GROUP BY 1 ORDER BY files DESC, topFolder LIMIT ${FOLDER_LIMIT}`,
			largest: `SELECT objectId, name, folder, rule, size, epoch_ms(modified) AS modified FROM (${ruled}) WHERE rule IS NOT NULL
ORDER BY size DESC NULLS LAST, objectId LIMIT ${LIST_LIMIT}`
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
