/**
 * Redundant: duplicate candidates, files with the same name (any case) and size over the whole
 * export (docs/MODEL.md, "ROT classes"). Every copy but the newest is redundant; its bytes are wasted.
 * Under filters the figures count the copies the filters keep, each judged against every copy of
 * its group wherever it is.
 */
import { num } from '$lib/model/sql';
import { aggregate, defineReport, sql } from '../kit/define';

/** Groups a page lists, most wasted bytes first. */
export const GROUP_LIMIT = 1000;
/** Copies of one group listed. */
export const COPY_LIMIT = 1000;

/** The duplicate groups with a redundant copy among the files the filters keep, with what that selection holds of them. */
function groupsHere(where: string): string {
	return `SELECT groupId, count(*) AS here, count(*) FILTER (WHERE NOT kept) AS redundantHere, coalesce(sum(size) FILTER (WHERE NOT kept), 0) AS wastedHere
FROM r_dup WHERE ${where} GROUP BY groupId HAVING count(*) FILTER (WHERE NOT kept) > 0`;
}

export const report = defineReport({
	id: 'redundant',
	page: {
		slug: 'redundant',
		group: 'Cleanup (ROT)',
		order: 2,
		title: 'Redundant',
		description: 'Duplicate candidates (same name and size): copies, wasted bytes, and where the copies are.'
	},
	parts: {
		/** Files in duplicate groups per copy band, redundant copies apart: their bytes are the wasted bytes. */
		bands: aggregate({ by: ['copyBand', 'redundant'], measures: ['files', 'bytes'] }),
		/** What cannot be a candidate: empty files (the first trivial rule), unknown sizes, no name. */
		scope: aggregate({ by: ['unnamed', 'trivialRule'], measures: ['files', 'sized'] }),
		/** Per copy band, the groups with a redundant copy here. */
		bandGroups: sql<{ copyBand: number; groups: number }>(
			['r_dup', 'r_dupgroups'],
			(ctx) => `SELECT g.copyBand, count(*) AS groups FROM (${groupsHere(ctx.where)}) h JOIN r_dupgroups g USING (groupId) GROUP BY 1 ORDER BY 1`
		),
		groups: sql<{ groupId: number; nameKey: string; name: string; size: number; copies: number; here: number; redundantHere: number; wastedHere: number; folders: number; newest: number | null }>(
			['r_dup', 'r_dupgroups'],
			(ctx) => `SELECT g.groupId, g.nameKey, g.name, g.size, g.copies, h.here, h.redundantHere, h.wastedHere, g.folders, g.newest
FROM (${groupsHere(ctx.where)}) h JOIN r_dupgroups g USING (groupId)
ORDER BY h.wastedHere DESC, g.groupId LIMIT ${num(GROUP_LIMIT)}`,
			{ list: true }
		)
	}
});

/** Every copy of one duplicate group (params.groupId), the kept one first, and whether the filters keep it. */
export const copies = defineReport({
	id: 'redundant-copies',
	parts: {
		copies: sql<{ objectId: string; name: string; folder: string; size: number; modified: number | null; kept: boolean; here: boolean }>(['r_dup'], (ctx) => {
			const id = Number(ctx.params.groupId);
			if (!Number.isSafeInteger(id)) return `SELECT * FROM r_dup WHERE false`;
			return `SELECT objectId, name, folder, size, modified, kept, (${ctx.where}) AS here FROM r_dup WHERE groupId = ${num(id)}
ORDER BY kept DESC, modified DESC NULLS LAST, objectId LIMIT ${num(COPY_LIMIT)}`;
		})
	}
});
