/**
 * Oracle for the Cleanup (ROT) pages: native DuckDB over the oracle's own file table `f`
 * (oracleFiles), each figure written from docs/MODEL.md ("ROT classes"), not from the app's SQL
 * (src/lib/model/rot.ts is not imported). Name rules are regexes here, string functions there;
 * the kept copy is found by a window here (row_number over each group, newest first), a
 * per-group maximum and a join there.
 */
import { oracleFiles, type OracleFormat } from './summary';

type Source = { format: OracleFormat; dir: string };
const num = (v: unknown): number => Number(v ?? 0);

export interface Figure {
	files: number;
	bytes: number;
}

export interface OracleRot {
	duplicates: { groups: number; filesInGroups: number; redundantCopies: number; wasted: number; zeroByte: number; bands: { groups: number; files: number; wasted: number }[] };
	/** The kept copy of each group, by `lower(name)` and size joined with a NUL (keptKey). */
	kept: Map<string, { folder: string; name: string }>;
	obsolete: Figure & { unknownModified: number };
	trivial: { rules: Record<string, Figure>; files: number; bytes: number };
	rot: { redundant: Figure; obsolete: Figure; trivial: Figure; total: Figure; overlap: Figure };
}

/** The trivial rules of MODEL.md, first match wins, as regexes over the lower-cased name. */
const TRIVIAL = `CASE
	WHEN size = 0 THEN 'empty'
	WHEN regexp_matches(ln, '^~\\$') THEN 'office-owner'
	WHEN regexp_matches(ln, '^~|\\.(tmp|temp)$') THEN 'temporary'
	WHEN regexp_matches(ln, '\\.(swp|swo)$') THEN 'swap'
	WHEN regexp_matches(ln, '(\\.(bak|bkp|old)|~)$') THEN 'backup'
	WHEN regexp_matches(ln, '^(thumbs\\.db|ehthumbs\\.db|\\.ds_store|desktop\\.ini)$|^\\._') THEN 'system'
END`;

/** The key of a duplicate group in OracleRot.kept. */
export const keptKey = (lowerName: string, size: number): string => `${lowerName}\u0000${size}`;

export async function oracleRot(source: Source, asOfMs: number, years: number): Promise<OracleRot> {
	const { conn, all } = await oracleFiles(source, asOfMs);
	const cutoff = asOfMs - years * 365 * 86_400_000;
	// Every candidate copy (a name and a size above 0) with its group's size and its place in the
	// group: 1 is the kept copy, the newest modified (unknown times last), ties by the smallest objectId.
	await conn.run(`CREATE TABLE ranked AS
		SELECT rowid AS rid,
			count(*) OVER (PARTITION BY lower(name), size) AS copies,
			row_number() OVER (PARTITION BY lower(name), size ORDER BY modifiedMs DESC NULLS LAST, objectId) AS place
		FROM f WHERE size > 0 AND name <> ''`);
	await conn.run(`CREATE TABLE groups AS
		SELECT lower(f.name) AS k, f.size, any_value(r.copies) AS copies
		FROM ranked r JOIN f ON f.rowid = r.rid WHERE r.copies >= 2 GROUP BY 1, 2`);
	await conn.run(`CREATE TABLE flags AS
		SELECT size,
			coalesce(r.copies >= 2 AND r.place > 1, false) AS r,
			(modifiedMs IS NOT NULL AND modifiedMs < ${cutoff}) AS o,
			rule IS NOT NULL AS t,
			rule
		FROM (SELECT rid, size, modifiedMs, ${TRIVIAL} AS rule FROM (SELECT rowid AS rid, *, lower(name) AS ln FROM f)) x
		LEFT JOIN ranked r USING (rid)`);

	const kept = await all(`SELECT lower(f.name) AS k, f.size, f.folder, f.name FROM ranked r JOIN f ON f.rowid = r.rid WHERE r.copies >= 2 AND r.place = 1`);
	const [d] = await all(`SELECT count(*) AS groups, sum(copies) AS files, sum(copies * size - size) AS wasted FROM groups`);
	const [z] = await all(`SELECT count(*) FILTER (WHERE size = 0) AS zero, count(*) FILTER (WHERE modifiedMs IS NULL) AS unknown FROM f`);
	const bandRows = await all(`SELECT CASE WHEN copies = 2 THEN 0 WHEN copies BETWEEN 3 AND 5 THEN 1 WHEN copies BETWEEN 6 AND 10 THEN 2 ELSE 3 END AS band,
		count(*) AS groups, sum(copies) AS files, sum(copies * size - size) AS wasted FROM groups GROUP BY 1`);
	const bands = [0, 1, 2, 3].map((b) => {
		const r = bandRows.find((x) => num(x.band) === b);
		return { groups: num(r?.groups), files: num(r?.files), wasted: num(r?.wasted) };
	});
	const fig = async (cond: string): Promise<Figure> => {
		const [r] = await all(`SELECT count(*) AS files, coalesce(sum(size), 0) AS bytes FROM flags WHERE ${cond}`);
		return { files: num(r.files), bytes: num(r.bytes) };
	};
	const rules = Object.fromEntries(
		(await all(`SELECT rule, count(*) AS files, coalesce(sum(size), 0) AS bytes FROM flags WHERE rule IS NOT NULL GROUP BY 1`)).map((r) => [String(r.rule), { files: num(r.files), bytes: num(r.bytes) }])
	);
	const trivial = await fig('t');
	const result: OracleRot = {
		duplicates: { groups: num(d.groups), filesInGroups: num(d.files), redundantCopies: num(d.files) - num(d.groups), wasted: num(d.wasted), zeroByte: num(z.zero), bands },
		kept: new Map(kept.map((r) => [keptKey(String(r.k), num(r.size)), { folder: String(r.folder), name: String(r.name) }])),
		obsolete: { ...(await fig('o')), unknownModified: num(z.unknown) },
		trivial: { rules, ...trivial },
		rot: {
			redundant: await fig('r'),
			obsolete: await fig('o'),
			trivial,
			total: await fig('r OR o OR t'),
			overlap: await fig('(r::INT + o::INT + t::INT) >= 2')
		}
	};
	conn.closeSync();
	return result;
}
