/**
 * Document Analysis: files by type category and by extension, with average sizes, and how many
 * carry tags. Category and extension figures come from the summary cube; tagging needs the rows.
 */
import { categoryExpr } from '../categories';
import { measures } from './context';
import type { ReportDefinition } from './types';

export const documents: ReportDefinition = {
	id: 'documents',
	statements(ctx) {
		const m = measures(ctx.cube);
		const where = ctx.where;
		return {
			totals: `SELECT ${m.files} AS files, ${m.bytes} AS bytes, count(DISTINCT extension) FILTER (WHERE extension <> '') AS extensions
FROM ${ctx.cube} WHERE ${where}`,
			categories: `SELECT ${categoryExpr('extension')} AS category, ${m.files} AS files, ${m.bytes} AS bytes, ${m.sized} AS sized
FROM ${ctx.cube} WHERE ${where} GROUP BY 1 ORDER BY bytes DESC, category`,
			extensions: `SELECT extension, ${categoryExpr('extension')} AS category, ${m.files} AS files, ${m.bytes} AS bytes, ${m.sized} AS sized
FROM ${ctx.cube} WHERE ${where} GROUP BY 1 ORDER BY files DESC, extension LIMIT 100`,
			tagging: `SELECT ${categoryExpr('extension')} AS category, count(tags) AS tagged, count(*) - count(tags) AS untagged,
	coalesce(sum(size) FILTER (WHERE tags IS NOT NULL), 0) AS taggedBytes
FROM facts WHERE ${where} GROUP BY 1 ORDER BY category`
		};
	}
};
