/**
 * Oracles for the report pages: native DuckDB over the oracle's own file table (oracleFiles), each
 * figure written from docs/MODEL.md and the report's definition, not from the app's SQL.
 */
import { categoryTableSql } from './categories';
import { oracleFiles, type OracleFormat } from './summary';

type Source = { format: OracleFormat; dir: string };
const num = (v: unknown): number => Number(v ?? 0);

/** Files and bytes per type category (docs/MODEL.md "Type categories", written out in ./categories). */
export async function oracleCategories(source: Source, asOfMs: number): Promise<Map<string, { files: number; bytes: number; tagged: number }>> {
	const { conn, all } = await oracleFiles(source, asOfMs);
	await conn.run(categoryTableSql());
	const rows = await all(`SELECT coalesce(cat.category, 'other') AS category, count(*) AS files, coalesce(sum(size), 0) AS bytes, count(tags) AS tagged
		FROM f LEFT JOIN cat ON cat.ext = f.extension GROUP BY ALL`);
	conn.closeSync();
	return new Map(rows.map((r) => [String(r.category), { files: num(r.files), bytes: num(r.bytes), tagged: num(r.tagged) }]));
}
