/**
 * Oracle for the Cleanup (ROT) pages: native DuckDB over the oracle's own file table `f`
 * (oracleFiles), each figure written from docs/MODEL.md ("ROT classes"), not from the app's SQL
 * (src/lib/model/rot.ts is not imported). Name rules are regexes here, string functions there;
 * the kept copy is found by a per-group maximum and a join here, a window there.
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

export async function oracleRot(source: Source, asOfMs: number, years: number): Promise<OracleRot> {
	const { conn, all } = await oracleFiles(source, asOfMs);
	const cutoff = asOfMs - years * 365 * 86_400_000;
	await conn.run(`CREATE TABLE groups AS
		SELECT lower(name) AS k, size, count(*) AS copies, max(modifiedMs) AS newest
		FROM f WHERE size > 0 AND name <> '' GROUP BY 1, 2 HAVING count(*) >= 2`);
	// The kept copy: the newest, ties (and groups with no valid time) by the smallest objectId.
	await conn.run(`CREATE TABLE kept AS
		SELECT g.k, g.size, min(f.objectId) AS objectId
		FROM groups g JOIN f ON lower(f.name) = g.k AND f.size = g.size
		WHERE f.modifiedMs = g.newest OR (g.newest IS NULL)
		GROUP BY 1, 2`);
	await conn.run(`CREATE TABLE flags AS
		SELECT f.objectId, f.size,
			(g.k IS NOT NULL AND f.objectId <> kept.objectId) AS r,
			(f.modifiedMs IS NOT NULL AND f.modifiedMs < ${cutoff}) AS o,
			t.rule IS NOT NULL AS t,
			t.rule
		FROM f
		LEFT JOIN groups g ON g.k = lower(f.name) AND g.size = f.size AND f.size > 0 AND f.name <> ''
		LEFT JOIN kept ON kept.k = g.k AND kept.size = g.size
		LEFT JOIN (SELECT objectId, ${TRIVIAL} AS rule FROM (SELECT objectId, size, lower(name) AS ln FROM f)) t ON t.objectId = f.objectId`);

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
