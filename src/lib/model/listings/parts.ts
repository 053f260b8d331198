/**
 * A listing split in parts: files in one folder sharing a stem and a part number are one table.
 * `listing-00.csv`, `listing_1.csv`, `part-3.csv`, `objects_part2.csv`, `x.csv.001`, and GNU
 * `split` output (`xaa`, `xab`, …, or `x00`, `x01`, … with `-d`). Only names are read here.
 */
import { canonicalTableName } from '../shape';

/** Extensions a part may carry (before or after its number). */
const DATA_EXTENSIONS = /^(csv|tsv|txt|psv|json|parquet|parq|pq)$/i;

type Pattern = 'number-after-extension' | 'number' | 'letters';

interface Candidate {
	pattern: Pattern;
	/** Groups parts: folder, stem, extension, pattern. */
	key: string;
	stem: string;
	/** The data extension, lower case, '' when the part has none (GNU split). */
	extension: string;
	/** Position among the parts: the number, or the letters' rank (aa = 0, ab = 1, …). */
	order: number;
	/** The part number had a leading zero (`00`, `07`): zero-padded numbering, as split -d writes. */
	padded: boolean;
	/** Something marks the number as a part number: a separator or a word such as `part`. */
	marked: boolean;
}

export interface PartGroup {
	/** The table the parts make. */
	table: string;
	/** The parts' paths in part order. */
	paths: string[];
	/** The data extension of the parts ('' for GNU split output without one). */
	extension: string;
}

function splitPath(path: string): { dir: string; base: string } {
	const at = path.lastIndexOf('/');
	return at < 0 ? { dir: '', base: path } : { dir: path.slice(0, at), base: path.slice(at + 1) };
}

/** aa → 0, ab → 1, …, zz → 675. */
const letterRank = (s: string) => (s.charCodeAt(0) - 97) * 26 + (s.charCodeAt(1) - 97);

function candidates(path: string): Candidate[] {
	const { dir, base } = splitPath(path);
	const out: Candidate[] = [];
	const add = (pattern: Pattern, stem: string, extension: string, order: number, padded: boolean, marked: boolean) =>
		out.push({ pattern, key: [dir, stem.toLowerCase(), extension.toLowerCase(), pattern].join('\u0000'), stem, extension: extension.toLowerCase(), order, padded, marked });

	// x.csv.001
	let m = /^(.+)\.([A-Za-z]{2,7})\.(\d{1,6})$/.exec(base);
	if (m && DATA_EXTENSIONS.test(m[2])) add('number-after-extension', m[1], m[2], Number(m[3]), m[3].startsWith('0'), true);

	// listing-00.csv, listing_1.csv, part-3.csv, objects_part2.parquet, x00
	m = /^(.*?)([-_. ]?)(\d{1,6})(?:\.([A-Za-z]{2,7}))?$/.exec(base);
	if (m && (m[4] === undefined || DATA_EXTENSIONS.test(m[4]))) {
		const marked = m[2] !== '' || /(part|chunk|split|file)$/i.test(m[1]);
		add('number', m[1], m[4] ?? '', Number(m[3]), m[3].length > 1 && m[3].startsWith('0'), marked);
	}

	// GNU split: xaa, xab, …; listing.csv.aa; xaa.csv (--additional-suffix)
	m = /^(.+\.(?:csv|tsv|txt|psv|json))\.([a-z]{2})$/i.exec(base);
	if (m) add('letters', m[1], '', letterRank(m[2].toLowerCase()), false, true);
	else {
		m = /^(.*?)([a-z]{2})(?:\.([A-Za-z]{2,7}))?$/.exec(base);
		if (m && (m[3] === undefined || DATA_EXTENSIONS.test(m[3]))) add('letters', m[1], m[3] ?? '', letterRank(m[2]), false, true);
	}
	return out;
}

/** Whether candidates sharing a key really are parts of one table. */
function isGroup(members: Candidate[]): boolean {
	if (members.length < 2) return false;
	const orders = members.map((c) => c.order).sort((a, b) => a - b);
	if (new Set(orders).size !== orders.length) return false;
	const pattern = members[0].pattern;
	// Letters: split names its parts aa, ab, ac, … without gaps; anything else is a coincidence of names.
	if (pattern === 'letters') return orders.every((o, i) => o === i);
	// Numbers: marked as part numbers, or zero-padded (split -d, or a tool counting 01, 02, …);
	// `report2023.csv` and `report2024.csv` are two listings, not two parts.
	return members.every((c) => c.marked) || members.some((c) => c.padded);
}

/** A table name from a group's stem: `listing.csv.` → listing, `objects_part` → objects. */
function tableName(stem: string, dir: string): string {
	let name = stem.replace(/\.(csv|tsv|txt|psv|json)\.?$/i, '');
	name = name.replace(/[-_. ]*(part|chunk|split)?[-_. ]*$/i, '');
	if (!name) name = dir.split('/').filter(Boolean).pop() ?? '';
	if (!name) name = 'listing';
	return canonicalTableName(name) ?? name;
}

/**
 * Group the parts among these paths. A path belongs to at most one group; paths in no group are
 * not returned. Groups keep their parts in part order (by number, or aa, ab, …).
 */
export function groupParts(paths: string[]): PartGroup[] {
	const all = paths.map((path) => ({ path, candidates: candidates(path) }));
	const taken = new Set<string>();
	const groups: PartGroup[] = [];
	for (const pattern of ['number-after-extension', 'number', 'letters'] as Pattern[]) {
		const byKey = new Map<string, { path: string; c: Candidate }[]>();
		for (const { path, candidates } of all) {
			if (taken.has(path)) continue;
			const c = candidates.find((x) => x.pattern === pattern);
			if (!c) continue;
			const list = byKey.get(c.key) ?? [];
			list.push({ path, c });
			byKey.set(c.key, list);
		}
		for (const members of byKey.values()) {
			if (!isGroup(members.map((m) => m.c))) continue;
			members.sort((a, b) => a.c.order - b.c.order);
			for (const m of members) taken.add(m.path);
			const first = members[0];
			groups.push({ table: tableName(first.c.stem, splitPath(first.path).dir), paths: members.map((m) => m.path), extension: first.c.extension });
		}
	}
	return groups;
}

/** A title naming one table split in parts (`listing (3 parts)`), or null when the paths are not that. */
export function partsTitle(paths: string[]): string | null {
	if (paths.length < 2) return null;
	const groups = groupParts(paths);
	return groups.length === 1 && groups[0].paths.length === paths.length ? `${groups[0].table} (${paths.length} parts)` : null;
}
