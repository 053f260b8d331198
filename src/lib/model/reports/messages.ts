/**
 * System Messages: the export's processing messages (errors and warnings the indexer logged),
 * per month, by type when the export has such a column, the most frequent texts and the latest
 * 100. Messages are not files: the file filters do not apply to them.
 */
import { DAY_MS } from '../bands';
import { ident, num } from '../sql';
import { monthExpr, monthTextExpr } from '../summary';
import type { ReportDefinition } from './types';

/** Columns that, when present, say what kind of message it is (the first found is used). */
const KIND_COLUMNS = ['severity', 'level', 'type', 'messageType', 'kind', 'category'];

/**
 * Epoch milliseconds of a message time. The table is small, so the unit is decided per value:
 * valid dates (1980 to as-of + 1 year) in seconds, milliseconds and microseconds fall in disjoint
 * ranges, so nothing is ambiguous. Junk (outside that span) becomes NULL, as in the model.
 */
function messageMs(column: string, type: string, asOfMs: number): string {
	const earliest = num(Date.UTC(1980, 0, 1));
	const latest = num(asOfMs + 365 * DAY_MS);
	if (type.startsWith('TIMESTAMP') || type === 'DATE') {
		return `CASE WHEN epoch_ms(CAST(${column} AS TIMESTAMP)) BETWEEN ${earliest} AND ${latest} THEN epoch_ms(CAST(${column} AS TIMESTAMP)) END`;
	}
	const v = `TRY_CAST(${column} AS DOUBLE)`;
	const ms = `CASE WHEN ${v} >= 1e14 THEN ${v} / 1000 WHEN ${v} >= 1e11 THEN ${v} WHEN ${v} >= 1e8 THEN ${v} * 1000 END`;
	return `CAST(CASE WHEN (${ms}) BETWEEN ${earliest} AND ${latest} THEN floor(${ms}) END AS BIGINT)`;
}

export const messages: ReportDefinition = {
	id: 'messages',
	statements(ctx) {
		const t = ctx.shape.table('messages');
		if (!t) return { totals: null, months: null, kinds: null, frequent: null, latest: null };
		const c = (name: string) => ctx.shape.column('messages', name);
		const time = c('messageTime');
		const text = c('message');
		const id = c('messageId');
		const kind = KIND_COLUMNS.map(c).find((x) => x !== undefined);
		const ms = time ? messageMs(ident(time.name), time.type, ctx.asOfMs) : 'CAST(NULL AS BIGINT)';
		// Long texts are cut: a page shows them in a table, and results cross to the main thread.
		const m = `(SELECT ${id ? `CAST(${ident(id.name)} AS VARCHAR)` : 'CAST(rowid AS VARCHAR)'} AS id, ${ms} AS ms,
	${text ? `left(CAST(${ident(text.name)} AS VARCHAR), 500)` : 'CAST(NULL AS VARCHAR)'} AS message,
	${kind ? `CAST(${ident(kind.name)} AS VARCHAR)` : 'CAST(NULL AS VARCHAR)'} AS kind
	FROM ${t.ref})`;
		const month = monthExpr('epoch_ms(ms)');
		return {
			totals: `SELECT count(*) AS messages, count(ms) AS dated, min(ms) AS first, max(ms) AS last FROM ${m}`,
			months: `SELECT ${monthTextExpr('k')} AS month, messages FROM (SELECT ${month} AS k, count(*) AS messages FROM ${m} WHERE ms IS NOT NULL GROUP BY 1) ORDER BY k`,
			kinds: kind ? `SELECT coalesce(kind, '(none)') AS kind, count(*) AS messages FROM ${m} GROUP BY 1 ORDER BY messages DESC, kind LIMIT 100` : null,
			frequent: `SELECT coalesce(message, '(empty)') AS message, count(*) AS messages, max(ms) AS last FROM ${m} GROUP BY 1 ORDER BY messages DESC, message LIMIT 20`,
			latest: `SELECT id, ms AS time, kind, message FROM ${m} ORDER BY ms DESC NULLS LAST, id DESC LIMIT 100`
		};
	}
};
