/**
 * Word lists and rules of the security reports (docs/MODEL.md, "Lifecycle and security rules"):
 * which names are sensitive, which principals are broad, how a permission set is read.
 */
import { str } from './sql';

/**
 * Principals that mean "almost everybody": matched on the account name after the last backslash,
 * case-insensitively (`NT AUTHORITY\Authenticated Users`, `CORP\Domain Users`, `Everyone`).
 */
export const BROAD_PRINCIPALS = ['everyone', 'authenticated users', 'domain users', 'users', 'guests', 'domain guests', 'anonymous logon', 'domain computers'] as const;

/** Substrings of a (lower-case) file name that suggest it holds a secret. */
export const SECRET_WORDS = ['passw', 'secret', 'token', 'credential', 'apikey', 'api_key', 'api-key', 'private_key', 'privatekey'] as const;

/** Extensions of key stores, private keys and certificates. */
export const KEY_EXTENSIONS = ['pem', 'key', 'pfx', 'p12', 'cer', 'crt', 'der', 'jks', 'keystore', 'kdbx', 'kdb', 'ppk', 'p7b', 'gpg', 'pgp', 'ovpn'] as const;
/** SSH private keys carry no extension. */
export const KEY_NAMES = ['id_rsa', 'id_dsa', 'id_ecdsa', 'id_ed25519'] as const;

/** Files that by name usually hold credentials or connection strings. */
export const CONFIG_NAMES = ['.env', 'web.config', 'app.config', 'appsettings.json', '.npmrc', '.pypirc', '.pgpass', '.netrc', '.htpasswd', '.git-credentials', 'wp-config.php', 'credentials', 'secrets.json', 'secrets.yml', 'secrets.yaml'] as const;
/** Config extensions that count when the name also looks secret-like (CONFIG_WORDS). */
export const CONFIG_EXTENSIONS = ['env', 'ini', 'conf', 'cfg', 'config', 'properties', 'yml', 'yaml', 'toml', 'json', 'xml'] as const;
export const CONFIG_WORDS = [...SECRET_WORDS, 'key', 'auth', 'connection', 'login'] as const;

/** Programs and scripts that run when opened. */
export const EXECUTABLE_EXTENSIONS = ['exe', 'dll', 'msi', 'msp', 'bat', 'cmd', 'ps1', 'psm1', 'vbs', 'vbe', 'wsf', 'hta', 'scr', 'com', 'cpl', 'jar', 'sh', 'apk', 'app'] as const;

export const SENSITIVE_CLASSES = [
	{ id: 'secrets', label: 'Secret-like names', description: `names containing ${SECRET_WORDS.join(', ')}` },
	{ id: 'keys', label: 'Keys and certificates', description: `.${KEY_EXTENSIONS.join(' .')}, ${KEY_NAMES.join(', ')}` },
	{ id: 'config', label: 'Environment and config files', description: `${CONFIG_NAMES.join(', ')}, .env.*, and config files (.${CONFIG_EXTENSIONS.join(' .')}) with secret-like names` },
	{ id: 'executables', label: 'Executables and scripts', description: `.${EXECUTABLE_EXTENSIONS.join(' .')}` }
] as const;

export type SensitiveClass = (typeof SENSITIVE_CLASSES)[number]['id'];

/* ------------------------------------------------------------------------------------------ */
/* As SQL                                                                                       */

/** The bit of each sensitive class in a file's `sensitive` code (0: none). */
export const SENSITIVE_BITS: Record<SensitiveClass, number> = { secrets: 1, keys: 2, config: 4, executables: 8 };

/** Classes whose files hold secrets themselves (listed first): every bit but executables. */
export const SECRET_BEARING_MASK = SENSITIVE_BITS.secrets | SENSITIVE_BITS.keys | SENSITIVE_BITS.config;

const list = (values: readonly string[]) => values.map(str).join(', ');
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Whether the text holds any of the words: one regular expression (a chain of contains() costs several times more per file). */
const anyWord = (col: string, words: readonly string[]) => `regexp_matches(${col}, ${str(words.map(escapeRegex).join('|'))})`;

/** Per class, its test over the lower-case name and the (normalised) extension. */
export function sensitiveConditions(lname: string, extension: string): Record<SensitiveClass, string> {
	return {
		secrets: anyWord(lname, SECRET_WORDS),
		keys: `(${extension} IN (${list(KEY_EXTENSIONS)}) OR ${lname} IN (${list(KEY_NAMES)}))`,
		config: `(${lname} IN (${list(CONFIG_NAMES)}) OR starts_with(${lname}, '.env.') OR (${extension} IN (${list(CONFIG_EXTENSIONS)}) AND ${anyWord(lname, CONFIG_WORDS)}))`,
		executables: `${extension} IN (${list(EXECUTABLE_EXTENSIONS)})`
	};
}

/**
 * A file's sensitive classes as one small integer, a bit per class (SENSITIVE_BITS). Plain string
 * functions, no regex: this runs once per file in the report build.
 */
export function sensitiveMaskExpr(lname: string, extension: string): string {
	const c = sensitiveConditions(lname, extension);
	return (Object.keys(SENSITIVE_BITS) as SensitiveClass[]).map((k) => `(CASE WHEN ${c[k]} THEN ${SENSITIVE_BITS[k]} ELSE 0 END)`).join(' + ');
}

/** The classes whose bits are set in a mask, in SENSITIVE_CLASSES order. */
export function sensitiveClassesOf(mask: number): SensitiveClass[] {
	return SENSITIVE_CLASSES.map((c) => c.id).filter((id) => (mask & SENSITIVE_BITS[id]) !== 0);
}

/* ------------------------------------------------------------------------------------------ */
/* Permission sets                                                                              */

/** Rights text that grants more than reading: a standalone F/M/W/C code or the words. */
const WRITES = `(regexp_matches(upper(rights), '(^|[^A-Z])[FMWC]([^A-Z]|$)') OR regexp_matches(lower(rights), 'full|modify|write|change'))`;

/**
 * One row per (permission set, principal) of the sets in `setsSql` (a relation with a
 * `permissionSet` column): the principal's rights, whether it is broad and whether it may write.
 * A set is text of `principal:rights` entries separated by `;` or line breaks; the rights follow
 * the last `:`. Parsed once per distinct set (a few thousand), never per file.
 */
export function permissionPrincipalsSql(setsSql: string): string {
	return `WITH entries AS (
	SELECT permissionSet, trim(entry) AS entry
	FROM (SELECT permissionSet, unnest(string_split(replace(permissionSet, chr(10), ';'), ';')) AS entry FROM (${setsSql}) WHERE permissionSet IS NOT NULL)
	WHERE trim(entry) <> ''
)
SELECT permissionSet, principal, string_agg(DISTINCT rights, ', ' ORDER BY rights) AS rights,
	lower(split_part(principal, '\\', -1)) IN (${list(BROAD_PRINCIPALS)}) AS broad,
	bool_or(coalesce(${WRITES}, false)) AS writes
FROM (
	SELECT permissionSet,
		CASE WHEN contains(entry, ':') THEN trim(regexp_extract(entry, '^(.*):[^:]*$', 1)) ELSE entry END AS principal,
		CASE WHEN contains(entry, ':') THEN trim(regexp_extract(entry, ':([^:]*)$', 1)) END AS rights
	FROM entries
)
GROUP BY permissionSet, principal`;
}
