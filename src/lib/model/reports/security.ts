/**
 * Word lists of the security reports, as data so pages can show them and tests can reuse them.
 */

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
