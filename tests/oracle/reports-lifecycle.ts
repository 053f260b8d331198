/**
 * Oracles for the Lifecycle and Security & governance pages: native DuckDB over the oracle's own
 * file table (oracleFiles, epoch-ms times) and the raw export tables, each figure written from the
 * page's definition (issue #5, docs/MODEL.md), not from the app's SQL. Where the app parses text in
 * SQL (permission sets, names, message times), this parses it in JavaScript. The word lists are
 * docs/MODEL.md's ("Lifecycle and security rules"), written out here: the app's lists
 * (src/lib/model/reports/security.ts) are never imported, so a wrong entry there fails a test.
 */
import { oracleFiles, type OracleFormat } from './summary';

type Source = { format: OracleFormat; dir: string };
const num = (v: unknown): number => Number(v ?? 0);
const DAY = 86_400_000;
const words = (text: string): readonly string[] => text.split(' ');

/** Account names that mean "almost everybody" (the part after the last backslash, lower-cased). */
const BROAD = new Set(['everyone', 'authenticated users', 'domain users', 'users', 'guests', 'domain guests', 'anonymous logon', 'domain computers']);
/** Sensitive files (docs/MODEL.md): each list as the spec writes it. */
const SECRET_WORDS = words('passw secret token credential apikey api_key api-key private_key privatekey');
const KEY_EXTENSIONS = words('pem key pfx p12 cer crt der jks keystore kdbx kdb ppk p7b gpg pgp ovpn');
const KEY_NAMES = words('id_rsa id_dsa id_ecdsa id_ed25519');
const CONFIG_NAMES = words('.env web.config app.config appsettings.json .npmrc .pypirc .pgpass .netrc .htpasswd .git-credentials wp-config.php credentials secrets.json secrets.yml secrets.yaml');
const CONFIG_EXTENSIONS = words('env ini conf cfg config properties yml yaml toml json xml');
/** A config file counts when its name holds one of these: the secret words and four more. */
const CONFIG_WORDS = [...SECRET_WORDS, 'key', 'auth', 'connection', 'login'];
const EXECUTABLE_EXTENSIONS = words('exe dll msi msp bat cmd ps1 psm1 vbs vbe wsf hta scr com cpl jar sh apk app');

/** Age band label of an epoch-ms time (docs/MODEL.md, "Bands"), or 'No valid time'. */
function ageLabel(asOfMs: number, t: number | null): string {
	if (t === null) return 'No valid time';
	const days = (asOfMs - t) / DAY;
	if (days < 30) return '< 30 days';
	if (days < 90) return '30–90 days';
	if (days < 180) return '90–180 days';
	if (days < 365) return '180–365 days';
	if (days < 1095) return '1–3 years';
	return '> 3 years';
}

export interface OracleAging {
	/** Per time, per band label (and 'No valid time'): files. */
	bands: Record<'modified' | 'created' | 'accessed', Record<string, number>>;
	/** Per time, per UTC year: files. */
	years: Record<'modified' | 'created' | 'accessed', Record<number, number>>;
	files: number;
}

/** Bands and years by binning each distinct time in JS (one row per distinct time from DuckDB). */
export async function oracleAging(source: Source, asOfMs: number): Promise<OracleAging> {
	const { conn, all } = await oracleFiles(source, asOfMs);
	const out: OracleAging = { bands: { modified: {}, created: {}, accessed: {} }, years: { modified: {}, created: {}, accessed: {} }, files: 0 };
	for (const [time, col] of [['modified', 'modifiedMs'], ['created', 'createdMs'], ['accessed', 'accessedMs']] as const) {
		for (const r of await all(`SELECT ${col} AS t, count(*) AS n FROM f GROUP BY 1`)) {
			const t = r.t === null ? null : num(r.t);
			const band = ageLabel(asOfMs, t);
			out.bands[time][band] = (out.bands[time][band] ?? 0) + num(r.n);
			if (t !== null) {
				const y = new Date(t).getUTCFullYear();
				out.years[time][y] = (out.years[time][y] ?? 0) + num(r.n);
			}
		}
	}
	out.files = num((await all(`SELECT count(*) AS n FROM f`))[0].n);
	conn.closeSync();
	return out;
}

/** Hot/cold tiers by label: files and bytes. */
export async function oracleHotCold(source: Source, asOfMs: number): Promise<Record<string, { files: number; bytes: number }>> {
	const { conn, all } = await oracleFiles(source, asOfMs);
	const rows = await all(`SELECT CASE
			WHEN accessedMs IS NULL THEN 'No access time'
			WHEN accessedMs > ${asOfMs - 30 * DAY} THEN 'Accessed within 30 days'
			WHEN accessedMs > ${asOfMs - 90 * DAY} THEN '30–90 days ago'
			WHEN accessedMs > ${asOfMs - 365 * DAY} THEN '90–365 days ago'
			ELSE 'Over a year ago' END AS tier, count(*) AS files, coalesce(sum(size), 0) AS bytes
		FROM f GROUP BY 1`);
	conn.closeSync();
	return Object.fromEntries(rows.map((r) => [String(r.tier), { files: num(r.files), bytes: num(r.bytes) }]));
}

export interface OracleGrowth {
	months: { month: string; files: number; bytes: number; cumulativeBytes: number }[];
	last12: { files: number; bytes: number };
	undated: number;
}

export async function oracleGrowth(source: Source, asOfMs: number): Promise<OracleGrowth> {
	const { conn, all } = await oracleFiles(source, asOfMs);
	const rows = await all(`SELECT strftime(make_timestamp(addedMs * 1000), '%Y-%m') AS month, count(*) AS files, coalesce(sum(size), 0) AS bytes
		FROM f WHERE addedMs IS NOT NULL GROUP BY 1 ORDER BY 1`);
	const undated = num((await all(`SELECT count(*) AS n FROM f WHERE addedMs IS NULL`))[0].n);
	conn.closeSync();
	let running = 0;
	const months = rows.map((r) => ({ month: String(r.month), files: num(r.files), bytes: num(r.bytes), cumulativeBytes: (running += num(r.bytes)) }));
	// The 12 calendar months ending with as-of's month.
	const end = new Date(asOfMs);
	const keys = new Set(Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - i, 1)).toISOString().slice(0, 7)));
	const recent = months.filter((m) => keys.has(m.month));
	return { months, undated, last12: { files: recent.reduce((a, m) => a + m.files, 0), bytes: recent.reduce((a, m) => a + m.bytes, 0) } };
}

/** Files per weekday name (Mon..Sun) and per hour (0..23) of the access time, UTC. */
export async function oracleAccess(source: Source, asOfMs: number): Promise<{ days: Record<string, number>; hours: Record<number, number>; withAccess: number }> {
	const { conn, all } = await oracleFiles(source, asOfMs);
	// dayofweek: 0 = Sunday (the app uses ISO days; this maps names itself).
	const rows = await all(`SELECT dayofweek(make_timestamp(accessedMs * 1000)) AS d, hour(make_timestamp(accessedMs * 1000)) AS h, count(*) AS n
		FROM f WHERE accessedMs IS NOT NULL GROUP BY 1, 2`);
	conn.closeSync();
	const NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
	const days: Record<string, number> = {};
	const hours: Record<number, number> = {};
	let withAccess = 0;
	for (const r of rows) {
		days[NAMES[num(r.d)]] = (days[NAMES[num(r.d)]] ?? 0) + num(r.n);
		hours[num(r.h)] = (hours[num(r.h)] ?? 0) + num(r.n);
		withAccess += num(r.n);
	}
	return { days, hours, withAccess };
}

export interface OracleAccessControls {
	files: number;
	broadFiles: number;
	broadBytes: number;
	broadWriteFiles: number;
	noneFiles: number;
	sets: number;
	principals: Record<string, { files: number; bytes: number }>;
}

/** Permission sets parsed in JS: `principal:rights` entries split on `;`, the rights after the last colon. */
export async function oracleAccessControls(source: Source, asOfMs: number): Promise<OracleAccessControls> {
	const { conn, all } = await oracleFiles(source, asOfMs);
	const rows = await all(`SELECT permissionSet AS s, count(*) AS files, coalesce(sum(size), 0) AS bytes FROM f GROUP BY 1`);
	conn.closeSync();
	const out: OracleAccessControls = { files: 0, broadFiles: 0, broadBytes: 0, broadWriteFiles: 0, noneFiles: 0, sets: 0, principals: {} };
	for (const r of rows) {
		const files = num(r.files);
		const bytes = num(r.bytes);
		out.files += files;
		const text = r.s === null ? '' : String(r.s);
		if (text.trim() === '') {
			out.noneFiles += files;
			continue;
		}
		out.sets += 1;
		const entries = text
			.split(/[;\n]/)
			.map((e) => e.trim())
			.filter(Boolean)
			.map((e) => {
				const at = e.lastIndexOf(':');
				return at < 0 ? { principal: e, rights: '' } : { principal: e.slice(0, at).trim(), rights: e.slice(at + 1).trim() };
			});
		const names = new Set(entries.map((e) => e.principal));
		for (const p of names) {
			const t = (out.principals[p] ??= { files: 0, bytes: 0 });
			t.files += files;
			t.bytes += bytes;
		}
		const isBroad = (p: string) => BROAD.has(p.slice(p.lastIndexOf('\\') + 1).toLowerCase());
		if (entries.some((e) => isBroad(e.principal))) {
			out.broadFiles += files;
			out.broadBytes += bytes;
		}
		if (entries.some((e) => isBroad(e.principal) && /\b[FMWC]\b|full|modify|write|change/i.test(e.rights))) out.broadWriteFiles += files;
	}
	return out;
}

export interface OracleSensitive {
	classes: Record<'secrets' | 'keys' | 'config' | 'executables' | 'any', { files: number; bytes: number }>;
}

/** Each file's name and extension classified in JS. */
export async function oracleSensitive(source: Source, asOfMs: number): Promise<OracleSensitive> {
	const { conn, all } = await oracleFiles(source, asOfMs);
	const rows = await all(`SELECT name, extension, size FROM f`);
	conn.closeSync();
	const inList = (list: readonly string[], v: string) => list.includes(v);
	const hasWord = (list: readonly string[], v: string) => list.some((w) => v.includes(w));
	const classes: OracleSensitive['classes'] = { secrets: { files: 0, bytes: 0 }, keys: { files: 0, bytes: 0 }, config: { files: 0, bytes: 0 }, executables: { files: 0, bytes: 0 }, any: { files: 0, bytes: 0 } };
	for (const r of rows) {
		const name = String(r.name).toLowerCase();
		const ext = String(r.extension);
		const size = r.size === null ? 0 : num(r.size);
		const hits = {
			secrets: hasWord(SECRET_WORDS, name),
			keys: inList(KEY_EXTENSIONS, ext) || inList(KEY_NAMES, name),
			config: inList(CONFIG_NAMES, name) || name.startsWith('.env.') || (inList(CONFIG_EXTENSIONS, ext) && hasWord(CONFIG_WORDS, name)),
			executables: inList(EXECUTABLE_EXTENSIONS, ext)
		};
		for (const [k, v] of Object.entries(hits)) if (v) {
			classes[k as keyof typeof hits].files += 1;
			classes[k as keyof typeof hits].bytes += size;
		}
		if (Object.values(hits).some(Boolean)) {
			classes.any.files += 1;
			classes.any.bytes += size;
		}
	}
	return { classes };
}

/** Files and bytes per service name (null: no service), with the services table's type. */
export async function oracleServices(source: Source, asOfMs: number): Promise<Map<string | null, { files: number; bytes: number; type: string | null }>> {
	const { conn, all } = await oracleFiles(source, asOfMs);
	const rows = await all(`SELECT f.service, count(*) AS files, coalesce(sum(f.size), 0) AS bytes, (SELECT min(type) FROM services s WHERE s.name = f.service) AS type
		FROM f GROUP BY f.service`);
	conn.closeSync();
	return new Map(rows.map((r) => [r.service === null ? null : String(r.service), { files: num(r.files), bytes: num(r.bytes), type: r.type === null ? null : String(r.type) }]));
}

export interface OracleMessages {
	messages: number;
	undated: number;
	months: Record<string, number>;
	/** Message ids, newest first (undated last, then by id descending). */
	latest: string[];
}

/** Message times read in JS: seconds, milliseconds or microseconds by magnitude; junk outside 1980..as-of + 1 year. */
export async function oracleMessages(source: Source, asOfMs: number): Promise<OracleMessages> {
	const { conn, all } = await oracleFiles(source, asOfMs);
	const rows = await all(`SELECT messageId, CAST(messageTime AS DOUBLE) AS t FROM messages`);
	conn.closeSync();
	const lo = Date.UTC(1980, 0, 1);
	const hi = asOfMs + 365 * DAY;
	const toMs = (v: number | null): number | null => {
		if (v === null) return null;
		const ms = v >= 1e14 ? v / 1000 : v >= 1e11 ? v : v >= 1e8 ? v * 1000 : null;
		return ms !== null && ms >= lo && ms <= hi ? Math.floor(ms) : null;
	};
	const list = rows.map((r) => ({ id: num(r.messageId), ms: toMs(r.t === null ? null : num(r.t)) }));
	const months: Record<string, number> = {};
	for (const m of list) if (m.ms !== null) months[new Date(m.ms).toISOString().slice(0, 7)] = (months[new Date(m.ms).toISOString().slice(0, 7)] ?? 0) + 1;
	const latest = [...list].sort((a, b) => (b.ms ?? -Infinity) - (a.ms ?? -Infinity) || b.id - a.id).map((m) => String(m.id));
	return { messages: list.length, undated: list.filter((m) => m.ms === null).length, months, latest };
}
