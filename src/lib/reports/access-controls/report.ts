/**
 * Access Controls: files and bytes per permission set and per principal, broad access, files
 * without a permission set (docs/MODEL.md, "Lifecycle and security rules"). Files per set come from
 * the permission cubes; the sets' entries were parsed once at the report build (r_permissions, one
 * row per set and principal, src/lib/model/security.ts), so no text is parsed per question.
 */
import { aggregate, defineReport, sql } from '../kit/define';

/** A principal of a permission set, with its rights and whether it is broad and may write. */
export type PrincipalRow = { permissionSet: string; principal: string; rights: string | null; broad: boolean; writes: boolean };

export const report = defineReport({
	id: 'access-controls',
	page: {
		slug: 'access-controls',
		group: 'Security & governance',
		order: 1,
		title: 'Access Controls',
		description: 'Files and bytes per permission set and principal, access by broad groups, files without permissions.',
		needs: ['osPermissions']
	},
	parts: {
		sets: aggregate({ by: ['permissionSet'], measures: ['files', 'bytes'] }),
		/** Every set's principals (unfiltered): null when the export has no permissions table. */
		principals: sql<PrincipalRow>(['r_permissions'], (ctx) =>
			ctx.shape.table('osPermissions') ? `SELECT permissionSet, principal, rights, broad, writes FROM r_permissions ORDER BY permissionSet, principal` : null
		),
		/** Per top folder and set: the folders of files open to broad groups. */
		folders: aggregate({ by: ['topFolder', 'permissionSet'], measures: ['files', 'bytes'] })
	}
});
