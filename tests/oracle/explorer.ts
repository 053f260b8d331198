/**
 * Oracle for the Explorer: native DuckDB over the oracle's own file table `f` (oracleFiles),
 * ordering and matching written from the words, not from the app's SQL: sizes largest or
 * smallest first with files of unknown size last, a search as a case-insensitive substring of
 * folder + name (done here with ILIKE and escaped wildcards).
 */
import { oracleFiles, type OracleFormat } from './summary';

type Source = { format: OracleFormat; dir: string };

export interface ExplorerOracle {
	/** Files whose path contains `search` (all files when empty). */
	count(search?: string): Promise<number>;
	/** Sizes at display positions [from, to) sorted by size, NULL sizes last. */
	sizes(descending: boolean, from: number, to: number, search?: string): Promise<(number | null)[]>;
	/** objectId → size, name, folder for the rows a page showed. */
	files(ids: string[]): Promise<Map<string, { size: number | null; name: string; folder: string }>>;
	/** Count and sum of sizes of the files a search (and a least size in bytes) keeps: what an export must hold. */
	totals(search?: string, sizeMin?: number): Promise<{ files: number; bytes: number }>;
	/** Read an exported file back: its row count and sum of sizes. */
	readExport(path: string, format: 'csv' | 'parquet'): Promise<{ files: number; bytes: number; objectIds: number }>;
	close(): void;
}

const likeText = (s: string) => `'%${s.replaceAll('\\', '\\\\').replaceAll('%', '\\%').replaceAll('_', '\\_').replaceAll("'", "''")}%'`;

export async function explorerOracle(source: Source, asOfMs: number): Promise<ExplorerOracle> {
	const { conn, all } = await oracleFiles(source, asOfMs);
	const where = (search?: string, sizeMin?: number) => {
		const conditions = [search ? `(folder || name) ILIKE ${likeText(search)} ESCAPE '\\'` : null, sizeMin !== undefined ? `size >= ${Math.floor(sizeMin)}` : null].filter(Boolean);
		return conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
	};
	const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
	return {
		async count(search) {
			return Number((await all(`SELECT count(*) AS n FROM f ${where(search)}`))[0].n);
		},
		async sizes(descending, from, to, search) {
			const rows = await all(`SELECT size FROM f ${where(search)} ORDER BY size ${descending ? 'DESC' : 'ASC'} NULLS LAST LIMIT ${to - from} OFFSET ${from}`);
			return rows.map((r) => n(r.size));
		},
		async files(ids) {
			const list = ids.map((id) => `'${id.replaceAll("'", "''")}'`).join(',');
			const rows = await all(`SELECT objectId, size, name, folder FROM f WHERE objectId IN (${list})`);
			return new Map(rows.map((r) => [String(r.objectId), { size: n(r.size), name: String(r.name), folder: String(r.folder) }]));
		},
		async totals(search, sizeMin) {
			const [r] = await all(`SELECT count(*) AS files, coalesce(sum(size), 0)::BIGINT AS bytes FROM f ${where(search, sizeMin)}`);
			return { files: Number(r.files), bytes: Number(r.bytes) };
		},
		async readExport(path, format) {
			const reader = format === 'csv' ? `read_csv('${path}', header = true, all_varchar = true)` : `read_parquet('${path}')`;
			const [r] = await all(`SELECT count(*) AS files, coalesce(sum(CAST(size AS BIGINT)), 0)::BIGINT AS bytes, count(DISTINCT objectId) AS objectIds FROM ${reader}`);
			return { files: Number(r.files), bytes: Number(r.bytes), objectIds: Number(r.objectIds) };
		},
		close: () => conn.closeSync()
	};
}
