/**
 * System Messages: the export's processing messages (errors and warnings the indexer logged), per
 * month, by type when the export has such a column, the most frequent texts and the latest 100.
 * Read from the copy of the messages table the report build keeps (r_messages). Messages are not
 * files: the file filters do not apply to them.
 */
import { DAY_MS } from '$lib/model/bands';
import { ident, num } from '$lib/model/sql';
import { monthExpr, monthTextExpr } from '$lib/model/summary';
import { defineReport, sql, type SqlContext } from '../kit/define';

/** Columns that, when present, say what kind of message it is (the first found is used). */
const KIND_COLUMNS = ['severity', 'level', 'type', 'messageType', 'kind', 'category'];

/**
 * Epoch milliseconds of a message time. The table is small, so the unit is decided per value:
 * valid dates (1980 to a year after the export was opened) in seconds, milliseconds and microseconds fall in disjoint
 * ranges, so nothing is ambiguous. Junk (outside that span) becomes NULL, as in the model.
 */
function messageMs(column: string, type: string, openedMs: number): string {
	const earliest = num(Date.UTC(1980, 0, 1));
	const latest = num(openedMs + 365 * DAY_MS);
	if (type.startsWith('TIMESTAMP') || type === 'DATE') {
		return `CASE WHEN epoch_ms(CAST(${column} AS TIMESTAMP)) BETWEEN ${earliest} AND ${latest} THEN epoch_ms(CAST(${column} AS TIMESTAMP)) END`;
	}
	const v = `TRY_CAST(${column} AS DOUBLE)`;
	const ms = `CASE WHEN ${v} >= 1e14 THEN ${v} / 1000 WHEN ${v} >= 1e11 THEN ${v} WHEN ${v} >= 1e8 THEN ${v} * 1000 END`;
	return `CAST(CASE WHEN (${ms}) BETWEEN ${earliest} AND ${latest} THEN floor(${ms}) END AS BIGINT)`;
}

const kindColumn = (ctx: SqlContext) => KIND_COLUMNS.map((c) => ctx.shape.column('messages', c)).find((x) => x !== undefined);

/**
 * The messages as (id, ms, message, kind), or null when the export has no messages table. Long
 * texts are cut: a page shows them in a table, and results cross to the main thread.
 */
function messagesRelation(ctx: SqlContext): string | null {
	if (!ctx.shape.table('messages')) return null;
	const c = (name: string) => ctx.shape.column('messages', name);
	const time = c('messageTime');
	const text = c('message');
	const id = c('messageId');
	const kind = kindColumn(ctx);
	const ms = time ? messageMs(ident(time.name), time.type, ctx.openedMs) : 'CAST(NULL AS BIGINT)';
	return `(SELECT ${id ? `CAST(${ident(id.name)} AS VARCHAR)` : 'CAST(rowid AS VARCHAR)'} AS id, ${ms} AS ms,
	${text ? `left(CAST(${ident(text.name)} AS VARCHAR), 500)` : 'CAST(NULL AS VARCHAR)'} AS message,
	${kind ? `CAST(${ident(kind.name)} AS VARCHAR)` : 'CAST(NULL AS VARCHAR)'} AS kind
	FROM r_messages)`;
}

/** A statement over the messages relation, null when there is none. */
const over = <R extends Record<string, string | number | null>>(statement: (m: string, ctx: SqlContext) => string | null) =>
	sql<R>(['r_messages'], (ctx) => {
		const m = messagesRelation(ctx);
		return m === null ? null : statement(m, ctx);
	});

export const report = defineReport({
	id: 'messages',
	page: {
		slug: 'messages',
		group: 'Security & governance',
		order: 4,
		title: 'System Messages',
		description: 'Messages the indexer logged: per month, per type, most frequent and latest.',
		needs: ['messages']
	},
	parts: {
		totals: over<{ messages: number; dated: number; first: number | null; last: number | null }>(
			(m) => `SELECT count(*) AS messages, count(ms) AS dated, min(ms) AS first, max(ms) AS last FROM ${m}`
		),
		months: over<{ month: string; messages: number }>(
			(m) => `SELECT ${monthTextExpr('k')} AS month, messages FROM (SELECT ${monthExpr('epoch_ms(ms)')} AS k, count(*) AS messages FROM ${m} WHERE ms IS NOT NULL GROUP BY 1) ORDER BY k`
		),
		/** Null when the export says nothing of a message's kind. */
		kinds: over<{ kind: string; messages: number }>((m, ctx) =>
			kindColumn(ctx) ? `SELECT coalesce(kind, '(none)') AS kind, count(*) AS messages FROM ${m} GROUP BY 1 ORDER BY messages DESC, kind LIMIT 100` : null
		),
		frequent: over<{ message: string; messages: number; last: number | null }>(
			(m) => `SELECT coalesce(message, '(empty)') AS message, count(*) AS messages, max(ms) AS last FROM ${m} GROUP BY 1 ORDER BY messages DESC, message LIMIT 20`
		),
		latest: over<{ id: string; time: number | null; kind: string | null; message: string | null }>(
			(m) => `SELECT id, ms AS time, kind, message FROM ${m} ORDER BY ms DESC NULLS LAST, id DESC LIMIT 100`
		)
	}
});
