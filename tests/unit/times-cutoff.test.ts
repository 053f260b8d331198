/**
 * The far-future junk cut-off (docs/MODEL.md, "Times"): a time more than 365 days after the moment
 * the export was opened is junk; one within is kept. Run by native DuckDB on values placed either
 * side of the cut-off by construction, in every unit.
 */
import { expect, test } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { cleanTime } from '$lib/model/times';

const DAY = 86_400_000;
const OPENED = Date.UTC(2026, 10, 29, 12);

test('kept up to 365 days after opening, junk after; 1980 and later only; every unit', async () => {
	const conn = await (await DuckDBInstance.create(':memory:')).connect();
	const ms = [OPENED + 364 * DAY, OPENED + 365 * DAY, OPENED + 365 * DAY + 1000, OPENED + 400 * DAY, Date.UTC(1980, 0, 1), Date.UTC(1979, 11, 31)];
	const kept = [true, true, false, false, true, false];
	const units = [
		['seconds', 1 / 1000],
		['milliseconds', 1],
		['microseconds', 1000]
	] as const;
	for (const [unit, scale] of units) {
		const values = ms.map((v) => Math.floor(v * scale));
		const rows = (await conn.runAndReadAll(`SELECT epoch_ms(${cleanTime('v', unit, OPENED)}) AS t FROM (SELECT unnest([${values.join(', ')}]::BIGINT[]) AS v, generate_subscripts([${values.join(', ')}], 1) AS i) ORDER BY i`)).getRowObjectsJS();
		expect(rows.length).toBe(ms.length);
		expect(rows.map((r) => (r.t === null ? null : Number(r.t))), unit).toEqual(ms.map((v, i) => (kept[i] ? v : null)));
	}
	const iso = ms.map((v) => `'${new Date(v).toISOString().replace('T', ' ').replace('Z', '')}'`);
	const rows = (await conn.runAndReadAll(`SELECT epoch_ms(${cleanTime('v', 'text', OPENED)}) AS t FROM (SELECT unnest([${iso.join(', ')}]) AS v, generate_subscripts([${iso.join(', ')}], 1) AS i) ORDER BY i`)).getRowObjectsJS();
	expect(rows.length).toBe(ms.length);
	expect(rows.map((r) => (r.t === null ? null : Number(r.t)))).toEqual(ms.map((v, i) => (kept[i] ? v : null)));
});
