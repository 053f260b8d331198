/**
 * File Distribution: type categories per top folder, from the summary cube. Only the top folders
 * with the most bytes are drawn (plus any the person selected), so the result stays small.
 */
import { categoryExpr } from '../categories';
import { filterWhere, selectedValues } from '../filters';
import { num, str } from '../sql';
import { measures } from './context';
import type { ReportDefinition } from './types';

export const DISTRIBUTION_TOP = 20;

export const distribution: ReportDefinition = {
	id: 'distribution',
	statements(ctx) {
		const m = measures(ctx.cube);
		// Crossfilter: the folder axis ignores the folder filter, so choosing one keeps the others drawn.
		const where = filterWhere(ctx.filters, 'topFolder');
		const selected = selectedValues(ctx.filters, 'topFolder');
		const keep = selected.length ? ` OR topFolder IN (${selected.map(str).join(', ')})` : '';
		return {
			cells: `WITH cells AS (
	SELECT topFolder, ${categoryExpr('extension')} AS category, ${m.files} AS files, ${m.bytes} AS bytes
	FROM ${ctx.cube} WHERE ${where} GROUP BY 1, 2 HAVING ${m.files} > 0
), folders AS (
	SELECT topFolder, sum(files) AS folderFiles, sum(bytes) AS folderBytes,
		row_number() OVER (ORDER BY sum(bytes) DESC, topFolder) AS rank
	FROM cells GROUP BY 1
)
SELECT c.topFolder, c.category, c.files, c.bytes, f.folderFiles, f.folderBytes, f.rank
FROM cells c JOIN folders f USING (topFolder)
WHERE f.rank <= ${num(DISTRIBUTION_TOP)}${keep}
ORDER BY f.rank, c.bytes DESC`,
			folders: `SELECT count(DISTINCT topFolder) AS topFolders FROM ${ctx.cube} WHERE ${where} AND ${m.files.startsWith('count') ? 'TRUE' : 'files > 0'}`
		};
	}
};
