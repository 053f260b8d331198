/**
 * Access Controls: files and bytes per permission set and per principal, broad access, files
 * without a permission set. A permission set is text listing entries `principal:rights` separated
 * by `;` (osPermissions.permissionSet, e.g. `CORP\Domain Users:M;BUILTIN\Administrators:F`).
 *
 * Files are grouped by their permission set first (one scan of `facts`); the few thousand distinct
 * sets are then split into entries, so parsing text never happens per file.
 */
import { ident, str } from '../sql';
import { BROAD_PRINCIPALS } from './security';
import type { ReportContext, ReportDefinition } from './types';

/** Rights text that grants more than reading: a standalone F/M/W/C code or the words. */
const WRITES = `(regexp_matches(upper(rights), '(^|[^A-Z])[FMWC]([^A-Z]|$)') OR regexp_matches(lower(rights), 'full|modify|write|change'))`;

/**
 * CTEs: `s` files and bytes per permission set under the filters; `p` one row per (set,
 * principal) with its rights and whether the principal is broad.
 */
function parsed(ctx: ReportContext): string {
	return `WITH s AS (
	SELECT permissionSet, count(*) AS files, coalesce(sum(size), 0) AS bytes FROM facts WHERE ${ctx.where} GROUP BY 1
),
entries AS (
	SELECT permissionSet, trim(entry) AS entry
	FROM (SELECT permissionSet, unnest(string_split(replace(permissionSet, chr(10), ';'), ';')) AS entry FROM s WHERE permissionSet IS NOT NULL)
	WHERE trim(entry) <> ''
),
p AS (
	SELECT permissionSet, principal, string_agg(DISTINCT rights, ', ' ORDER BY rights) AS rights,
		lower(split_part(principal, '\\', -1)) IN (${BROAD_PRINCIPALS.map(str).join(', ')}) AS broad,
		bool_or(coalesce(${WRITES}, false)) AS writes
	FROM (
		SELECT permissionSet,
			CASE WHEN contains(entry, ':') THEN trim(regexp_extract(entry, '^(.*):[^:]*$', 1)) ELSE entry END AS principal,
			CASE WHEN contains(entry, ':') THEN trim(regexp_extract(entry, ':([^:]*)$', 1)) END AS rights
		FROM entries
	)
	GROUP BY permissionSet, principal
),
flags AS (
	SELECT permissionSet, count(*) AS principals, bool_or(broad) AS broad, bool_or(broad AND writes) AS broadWrite FROM p GROUP BY 1
)`;
}

export const accessControls: ReportDefinition = {
	id: 'access-controls',
	statements(ctx) {
		const perms = ctx.shape.table('osPermissions');
		const setCol = ctx.shape.column('osPermissions', 'permissionSet');
		// Without the permissions table no file carries a set: the page says so instead of 100% "none".
		if (!perms || !setCol) return { summary: null, sets: null, principals: null, broadFolders: null };
		const head = parsed(ctx);
		const none = `(s.permissionSet IS NULL OR trim(s.permissionSet) = '')`;
		return {
			summary: `${head}
SELECT coalesce(sum(files), 0) AS files, coalesce(sum(bytes), 0) AS bytes,
	coalesce(sum(files) FILTER (WHERE ${none}), 0) AS noneFiles, coalesce(sum(bytes) FILTER (WHERE ${none}), 0) AS noneBytes,
	coalesce(sum(files) FILTER (WHERE flags.broad), 0) AS broadFiles, coalesce(sum(bytes) FILTER (WHERE flags.broad), 0) AS broadBytes,
	coalesce(sum(files) FILTER (WHERE flags.broadWrite), 0) AS broadWriteFiles, coalesce(sum(bytes) FILTER (WHERE flags.broadWrite), 0) AS broadWriteBytes,
	count(*) FILTER (WHERE NOT ${none}) AS sets,
	(SELECT count(DISTINCT principal) FROM p) AS principals
FROM s LEFT JOIN flags USING (permissionSet)`,
			sets: `${head}
SELECT s.permissionSet, s.files, s.bytes, coalesce(flags.principals, 0) AS principals, coalesce(flags.broad, false) AS broad, coalesce(flags.broadWrite, false) AS broadWrite
FROM s LEFT JOIN flags USING (permissionSet)
ORDER BY s.files DESC, s.permissionSet NULLS LAST LIMIT 1000`,
			principals: `${head}
SELECT p.principal, sum(s.files) AS files, sum(s.bytes) AS bytes, count(*) AS sets,
	string_agg(DISTINCT p.rights, ', ' ORDER BY p.rights) AS rights, bool_or(p.broad) AS broad
FROM p JOIN s USING (permissionSet)
GROUP BY 1 ORDER BY files DESC, principal LIMIT 1000`,
			// The broad sets are found among the export's own permission sets (a small table), so
			// this statement scans the rows once.
			broadFolders: `WITH sets AS (SELECT DISTINCT CAST(${ident(setCol.name)} AS VARCHAR) AS permissionSet FROM ${perms.ref}),
broadSets AS (
	SELECT DISTINCT permissionSet FROM (
		SELECT permissionSet, trim(unnest(string_split(replace(permissionSet, chr(10), ';'), ';'))) AS entry FROM sets WHERE permissionSet IS NOT NULL
	)
	WHERE lower(split_part(CASE WHEN contains(entry, ':') THEN trim(regexp_extract(entry, '^(.*):[^:]*$', 1)) ELSE entry END, '\\', -1)) IN (${BROAD_PRINCIPALS.map(str).join(', ')})
)
SELECT topFolder, count(*) AS files, coalesce(sum(size), 0) AS bytes
FROM facts SEMI JOIN broadSets USING (permissionSet)
WHERE ${ctx.where}
GROUP BY 1 ORDER BY files DESC, topFolder LIMIT 50`
		};
	}
};
