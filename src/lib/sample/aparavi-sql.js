// @ts-check
/**
 * SQL that generates an Aparavi-shaped export, with the quirks of real ones (see
 * shared/reference/aparavi-export.md): folders among the objects, mixed-case, dotted and missing
 * extensions, NULL and negative sizes, epoch seconds next to milliseconds, junk epochs, hostile
 * and non-Latin names, duplicate candidates, several instances per object, deleted versions.
 *
 * Plain JavaScript so that both the Node generator (scripts/gen.mjs, native DuckDB) and the
 * browser's "Try with sample data" (the engine worker, DuckDB-WASM) run the very same statements.
 * Values come from hash(seed, row): the same rows and seed always give the same export.
 */

/** 2026-10-01T00:00:00Z: generated times are spread before this instant. */
const GENERATED_UNTIL_MS = 1790812800000;

const DAY_MS = 86400000;

/** Extensions with a weight, a typical size (bytes) and a content type for the Tika metadata. */
const TYPES = [
	['docx', 14, 60000, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
	['xlsx', 9, 90000, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
	['pptx', 4, 2500000, 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
	['pdf', 14, 400000, 'application/pdf'],
	['txt', 6, 4000, 'text/plain'],
	['csv', 3, 250000, 'text/csv'],
	['jpg', 10, 1800000, 'image/jpeg'],
	['png', 5, 300000, 'image/png'],
	['mp4', 1, 150000000, 'video/mp4'],
	['zip', 2, 40000000, 'application/zip'],
	['msg', 6, 120000, 'application/vnd.ms-outlook'],
	['eml', 3, 60000, 'message/rfc822'],
	['exe', 1, 5000000, 'application/x-msdownload'],
	['dll', 2, 800000, 'application/x-msdownload'],
	['py', 2, 8000, 'text/x-python'],
	['js', 2, 20000, 'text/javascript'],
	['log', 4, 1000000, 'text/plain'],
	['tmp', 2, 30000, 'application/octet-stream'],
	['bak', 1, 8000000, 'application/octet-stream'],
	['html', 2, 50000, 'text/html'],
	['iso', 1, 700000000, 'application/x-iso9660-image']
];

const ROOTS = [
	'File System/D:/data/DriveD/',
	'File System/E:/archive/',
	'Shares/10.1.10.163/data/',
	'Shares/fileserver01/projects/',
	'Microsoft/Outlook/'
];
const DEPARTMENTS = ['HR', 'Finance', 'Legal', 'Engineering', 'Science', 'Marketing', 'Sales', 'IT', 'Operations', 'Research'];
const SUBFOLDERS = ['2019', '2020', '2021', '2022', '2023', '2024', '2025', 'Projects', 'Archive', 'Shared', 'Reports', 'Drafts', 'Контракты', 'Έγγραφα', '报告', 'Team "A"', "O'Brien"];
const STEMS = ['report', 'budget', 'minutes', 'plan', 'invoice', 'contract', 'photo', 'scan', 'notes', 'presentation', 'backup', 'data', 'export', 'summary', 'draft', 'Отчёт', 'Σύμβαση', '会议纪要', 'تقرير', 'résumé', 'naïve café', 'passwords', 'secret_keys', 'token'];
const HOSTILE = ['<b>report</b>', '<img src=x onerror=alert(1)>', "'; DROP TABLE files; --", 'quote"inside', 'comma, separated', 'line\nbreak', '\u202Eexe.txt', 'zero\u200Bwidth', '🚀 launch plan'];
const PERMISSIONS = [
	'Everyone:R;BUILTIN\\Administrators:F',
	'CORP\\Domain Users:M;BUILTIN\\Administrators:F',
	'NT AUTHORITY\\Authenticated Users:R;CORP\\hr-team:M',
	'CORP\\finance:M;BUILTIN\\Administrators:F',
	'CORP\\legal:F',
	'CORP\\jdoe:F;CORP\\asmith:R',
	'CORP\\engineering:M;Everyone:R',
	'BUILTIN\\Administrators:F;NT AUTHORITY\\SYSTEM:F'
];
const CLASSIFICATIONS = [
	'Unclassified:100',
	'FISMA:091;NIST 800-171:091',
	'PII:075',
	'HIPAA:055;PII:088',
	'PCI DSS:093',
	'GDPR:081;PII:079',
	'Confidential:062',
	'Export Control:097'
];
const SERVICES = [
	['File System', 'filesys', 0.023],
	['SMB share fileserver01', 'smb', 0.018],
	['Archive storage', 'archive', 0.004],
	['Outlook mailboxes', 'outlook', 0.05],
	['Amazon S3 bucket', 's3', 0.021]
];
const TAGS = ['*HR*', '*Science*', '*Legal Hold*', '*Finance*', '*Project X*', '*Review*'];

/** @param {string} s */
const lit = (s) => "'" + s.replaceAll("'", "''") + "'";
/** @param {unknown[]} values */
const list = (values) => '[' + values.map((v) => (typeof v === 'string' ? lit(v) : String(v))).join(', ') + ']';

/**
 * A deterministic pseudo-random integer in [0, mod) for row `i`, stream `k`.
 * @param {number} seed @param {string} i @param {number} k @param {number} mod
 */
const rnd = (seed, i, k, mod) => `CAST(hash(${seed}, ${i}, ${k}) % ${mod} AS BIGINT)`;
/** Uniform in [0, 1). @param {number} seed @param {string} i @param {number} k */
const unit = (seed, i, k) => `(${rnd(seed, i, k, 1000000)} / 1000000.0)`;

/**
 * The statements that create every table of the export in the current schema.
 * @param {{ rows: number, seed?: number, schema?: string, until?: number }} options
 *   `until`: the newest generated time (epoch ms); fixed by default so exports are reproducible.
 * @returns {{ table: string, sql: string }[]}
 */
export function aparaviExportSql({ rows, seed = 42, schema, until = GENERATED_UNTIL_MS }) {
	/** @param {string} table */
	const q = (table) => (schema ? `"${schema}"."${table}"` : table);
	const files = Math.max(1, Math.floor(rows));
	const folders = Math.max(5, Math.ceil(files / 50));
	const s = seed;
	const typeWeights = TYPES.map((t) => Number(t[1]));
	const cumulative = typeWeights.map((_, i) => typeWeights.slice(0, i + 1).reduce((a, b) => a + b, 0));
	const total = cumulative[cumulative.length - 1];
	/** @param {string} expr */
	const typeCase = (expr) => `CASE ${cumulative.map((c, i) => `WHEN ${expr} < ${c} THEN ${i + 1}`).join(' ')} END`;
	const span = 20 * 365 * DAY_MS; // 2006..2026

	/** @type {{ table: string, sql: string }[]} */
	const out = [];

	out.push({
		table: 'parentPaths',
		sql: `CREATE OR REPLACE TABLE ${q('parentPaths')} AS
SELECT 'p' || i AS parentId,
	'aparavi://' || md5(CAST(i AS VARCHAR))[1:12] AS uri,
	CASE WHEN ${rnd(s, 'i', 1, 5)} = 4
		THEN 'Microsoft/Outlook/' || lower(${list(['jdoe', 'asmith', 'mchen', 'olga.p', 'r.oconnor'])}[1 + ${rnd(s, 'i', 2, 5)}]) || '@example.com/' || ${list(['Inbox', 'Sent Items', 'Archive', 'Projects'])}[1 + ${rnd(s, 'i', 3, 4)}] || '/'
		ELSE ${list(ROOTS.slice(0, 4))}[1 + ${rnd(s, 'i', 4, 4)}]
			|| ${list(DEPARTMENTS)}[1 + ${rnd(s, 'i', 5, DEPARTMENTS.length)}] || '/'
			|| CASE WHEN ${rnd(s, 'i', 6, 4)} > 0 THEN ${list(SUBFOLDERS)}[1 + ${rnd(s, 'i', 7, SUBFOLDERS.length)}] || '/' ELSE '' END
			|| CASE WHEN ${rnd(s, 'i', 8, 3)} > 0 THEN ${list(SUBFOLDERS)}[1 + ${rnd(s, 'i', 9, SUBFOLDERS.length)}] || '/' ELSE '' END
			|| 'f' || i || '/'
	END AS parentPath
FROM range(${folders}) t(i)`
	});

	// Files: type, size, times and name are derived per row; the export's own columns follow.
	out.push({
		table: 'objects',
		sql: `CREATE OR REPLACE TABLE ${q('objects')} AS
WITH f AS (
	SELECT i,
		${typeCase(rnd(s, 'i', 10, total))} AS t,
		${rnd(s, 'i', 11, 1000)} AS q,
		${rnd(s, 'i', 12, folders)} AS folder,
		${rnd(s, 'i', 13, 1000)} AS nameKind,
		${rnd(s, 'i', 14, 100)} AS dup
	FROM range(${files}) t(i)
),
named AS (
	SELECT *,
		${list(TYPES.map((t) => t[0]))}[t] AS ext,
		-- log-normal-ish size around the type's typical size; some zero-byte files
		CASE WHEN q < 8 THEN 0 ELSE CAST(${list(TYPES.map((t) => t[2]))}[t] * exp(2.0 * (${unit(s, 'i', 15)} + ${unit(s, 'i', 16)} + ${unit(s, 'i', 17)} - 1.5)) AS BIGINT) END AS trueSize,
		CASE
			WHEN nameKind < 6 THEN ${list(HOSTILE)}[1 + ${rnd(s, 'i', 18, HOSTILE.length)}]
			WHEN nameKind < 10 THEN '~$' || ${list(STEMS)}[1 + ${rnd(s, 'i', 19, STEMS.length)}]
			-- duplicate candidates: a small pool of names reused across folders with the same size
			WHEN dup < 4 THEN 'shared_' || ${rnd(s, 'i', 20, 500)}
			ELSE ${list(STEMS)}[1 + ${rnd(s, 'i', 21, STEMS.length)}] || '_' || i
		END AS stem
	FROM f
)
SELECT
	'o' || lpad(CAST(i AS VARCHAR), 10, '0') AS objectId,
	'p' || folder AS parentId,
	'idxobject' AS classId,
	CASE
		WHEN nameKind = 990 THEN 'README'
		WHEN nameKind = 991 THEN '.DS_Store'
		WHEN nameKind = 992 THEN 'Thumbs.db'
		WHEN nameKind = 993 THEN 'archive.tar.gz'
		ELSE stem || '.' || CASE WHEN q % 7 = 3 THEN upper(ext) WHEN q % 11 = 5 THEN upper(ext[1]) || ext[2:] ELSE ext END
	END AS name,
	stem AS uniqueName,
	CASE
		WHEN nameKind BETWEEN 990 AND 993 THEN NULL
		WHEN q < 30 THEN NULL
		WHEN q < 40 THEN ''
		WHEN q < 60 THEN '.' || ext
		WHEN q % 5 = 1 THEN upper(ext)
		WHEN q % 13 = 2 THEN upper(ext[1]) || ext[2:]
		ELSE ext
	END AS extension,
	CAST(${rnd(s, 'i', 22, 4)} AS BIGINT) AS flags,
	CASE WHEN ${rnd(s, 'i', 23, 10)} = 0 THEN ${list(TAGS)}[1 + ${rnd(s, 'i', 24, TAGS.length)}] END AS tags,
	CASE WHEN ${rnd(s, 'i', 25, 50)} = 0 THEN CAST(${rnd(s, 'i', 26, 1000)} AS VARCHAR) END AS messageIds,
	CAST(1 + ${rnd(s, 'i', 27, PERMISSIONS.length)} AS BIGINT) AS permissionId,
	'node-01' AS nodeObjectId,
	CAST(i // 10000 AS BIGINT) AS batchId,
	CASE WHEN dup < 4 THEN 1000 + ${rnd(s, 'i', 20, 500)} * 37 WHEN q = 999 THEN NULL ELSE trueSize END AS primarySize,
	CASE
		WHEN q = 7 THEN 0
		ELSE ${until} - CAST(${unit(s, 'i', 28)} * ${span / 4} AS BIGINT)
	END AS createdAt,
	${until} - CAST(${unit(s, 'i', 29)} * ${span / 8} AS BIGINT) AS updatedAt,
	md5(CAST(i AS VARCHAR)) AS uniqueId
FROM named
UNION ALL
SELECT 'c' || lpad(CAST(i AS VARCHAR), 10, '0'), 'p' || i, 'idxcontainer', 'folder_' || i, 'f' || i, NULL, 0::BIGINT, NULL, NULL, NULL, 'node-01', 0::BIGINT, NULL,
	${until} - ${span / 2}, ${until} - ${span / 4}, md5('c' || i)
FROM range(${folders}) t(i)`
	});

	// Instances: 1 per file, a second version for ~12%, a third for ~3%; older versions may be
	// deleted; ~0.3% of files have no instance, ~0.5% only deleted ones.
	out.push({
		table: 'instances',
		sql: `CREATE OR REPLACE TABLE ${q('instances')} AS
WITH o AS (
	SELECT objectId, primarySize, CAST(objectId[2:] AS BIGINT) AS i, extension
	FROM ${q('objects')} WHERE classId = 'idxobject'
),
versions AS (
	SELECT o.*, v.version,
		CASE WHEN ${rnd(s, 'o.i', 30, 100)} < 12 THEN 2 ELSE 1 END + CASE WHEN ${rnd(s, 'o.i', 31, 100)} < 3 THEN 1 ELSE 0 END AS versions
	FROM o, range(1, 4) v(version)
),
kept AS (
	SELECT * FROM versions
	WHERE version <= versions AND ${rnd(s, 'i', 32, 1000)} >= 3
)
SELECT
	CAST(i * 4 + version AS BIGINT) AS instanceId,
	objectId,
	CASE
		WHEN ${rnd(s, 'i', 33, 100)} = 0 THEN NULL
		WHEN ${rnd(s, 'i', 34, 2000)} = 0 THEN -1
		WHEN version < versions THEN CAST(coalesce(primarySize, 1000) * (0.5 + ${unit(s, 'i', 35)}) AS BIGINT)
		ELSE primarySize
	END AS size,
	CAST(primarySize * 0.6 AS BIGINT) AS storeSize,
	-- createTime in SECONDS
	CASE ${rnd(s, 'i', 36, 400)}
		WHEN 0 THEN 0 WHEN 1 THEN -86400 WHEN 2 THEN 86400 * 3 WHEN 3 THEN 7258118400
		ELSE (${until} - CAST(${unit(s, 'i', 37)} * ${span} AS BIGINT)) // 1000
	END AS createTime,
	-- modifyTime in MILLISECONDS, mostly recent years
	CASE ${rnd(s, 'i', 38, 400)}
		WHEN 0 THEN 0 WHEN 1 THEN -1000 WHEN 2 THEN 1000 * 86400 * 5 WHEN 3 THEN 7258118400000
		ELSE ${until} - CAST(pow(${unit(s, 'i', 39)}, 2) * ${span} AS BIGINT) - (3 - version) * ${30 * DAY_MS}
	END AS modifyTime,
	-- accessTime in MILLISECONDS, after the modification
	CASE ${rnd(s, 'i', 40, 400)}
		WHEN 0 THEN 0 WHEN 1 THEN 7258118400000
		ELSE ${until} - CAST(pow(${unit(s, 'i', 41)}, 3) * ${span} AS BIGINT)
	END AS accessTime,
	${until} - CAST(${unit(s, 'i', 42)} * ${span / 4} AS BIGINT) AS storeTime,
	CASE WHEN ${rnd(s, 'i', 43, 3)} = 0 THEN ${until} - CAST(${unit(s, 'i', 44)} * ${span} AS BIGINT) END AS docCreateTime,
	CASE WHEN ${rnd(s, 'i', 43, 3)} = 0 THEN ${until} - CAST(${unit(s, 'i', 45)} * ${span / 2} AS BIGINT) END AS docModifyTime,
	CASE WHEN ${rnd(s, 'i', 46, 3)} = 0 THEN ${list(['John Doe', 'Anna Smith', 'Олег Петров', '陈明', "Mary O'Connor"])}[1 + ${rnd(s, 'i', 47, 5)}] END AS docCreator,
	NULL::VARCHAR AS docModifier,
	'{"Content-Type":"' || ${list(TYPES.map((t) => t[3]))}[1 + ${rnd(s, 'i', 48, TYPES.length)}] || '","X-TIKA:Parsed-By-Full-Set":"org.apache.tika.parser.DefaultParser"'
		|| CASE WHEN ${rnd(s, 'i', 49, 3)} = 0 THEN ',"dc:creator":"' || ${list(['John Doe', 'Anna Smith', 'Chen Ming'])}[1 + ${rnd(s, 'i', 50, 3)}] || '"' ELSE '' END
		|| CASE WHEN lower(extension) LIKE '%pdf' THEN ',"xmpTPg:NPages":"' || (1 + ${rnd(s, 'i', 51, 300)}) || '","pdf:PDFVersion":"1.7"' ELSE '' END
		|| CASE WHEN lower(extension) LIKE '%msg' OR lower(extension) LIKE '%eml' THEN ',"Message-From":"user' || ${rnd(s, 'i', 52, 50)} || '@example.com"' ELSE '' END
		|| CASE WHEN ${rnd(s, 'i', 53, 20)} = 0 THEN ',"MSIP_Label_3a5f_Enabled":"true"' ELSE '' END
		|| '}' AS metadata,
	CASE WHEN ${rnd(s, 'i', 54, 20)} = 0 THEN NULL WHEN ${rnd(s, 'i', 55, 100)} < 80 THEN 1 ELSE 2 + ${rnd(s, 'i', 56, CLASSIFICATIONS.length - 1)} END AS classificationId,
	CAST(1 + ${rnd(s, 'i', 57, SERVICES.length)} AS BIGINT) AS serviceId,
	CASE WHEN ${rnd(s, 'i', 58, 8)} = 0 THEN 1 + ${rnd(s, 'i', 59, TAGS.length)} END AS tagSetId,
	CASE WHEN ${rnd(s, 'i', 60, 50)} = 0 THEN 1 END AS datasetId,
	NULL::BIGINT AS encryptionId,
	CAST(${rnd(s, 'i', 61, 4)} AS BIGINT) AS flags,
	CAST(32 AS BIGINT) AS attrib,
	CAST(version AS BIGINT) AS version,
	md5(objectId || version)[1:16] AS changeKey,
	${until} - CAST(${unit(s, 'i', 62)} * ${span / 10} AS BIGINT) AS processTime,
	'default' AS processPipe,
	CASE
		WHEN version < versions AND ${rnd(s, 'i', 63, 2)} = 0 THEN ${until} - CAST(${unit(s, 'i', 64)} * ${span / 10} AS BIGINT)
		WHEN version = versions AND ${rnd(s, 'i', 65, 1000)} < 5 THEN ${until} - CAST(${unit(s, 'i', 66)} * ${span / 10} AS BIGINT)
		ELSE NULL
	END AS deletedAt
FROM kept`
	});

	out.push({
		table: 'osPermissions',
		sql: `CREATE OR REPLACE TABLE ${q('osPermissions')} AS
SELECT CAST(i + 1 AS BIGINT) AS permissionId, 'node-01' AS nodeObjectId, ${list(PERMISSIONS)}[i + 1] AS permissionSet FROM range(${PERMISSIONS.length}) t(i)`
	});
	out.push({
		table: 'osSecurity',
		sql: `CREATE OR REPLACE TABLE ${q('osSecurity')} AS
SELECT CAST(i + 1 AS BIGINT) AS securityId, 'node-01' AS nodeObjectId, 'S-1-5-21-' || (1000 + i) AS osId, i % 4 = 0 AS isLocal, i % 3 = 0 AS isGroup,
	NULL::VARCHAR AS members, NULL::VARCHAR AS groups, CASE WHEN i % 4 = 0 THEN 'BUILTIN' ELSE 'CORP' END AS authority,
	${list(['Everyone', 'Administrators', 'Domain Users', 'Authenticated Users', 'jdoe', 'asmith', 'hr-team', 'finance', 'legal', 'engineering'])}[1 + i % 10] AS name
FROM range(20) t(i)`
	});
	out.push({
		table: 'classifications',
		sql: `CREATE OR REPLACE TABLE ${q('classifications')} AS
SELECT CAST(i + 1 AS BIGINT) AS classificationId, ${list(CLASSIFICATIONS)}[i + 1] AS classificationKey, ${list(CLASSIFICATIONS)}[i + 1] AS classificationSet FROM range(${CLASSIFICATIONS.length}) t(i)`
	});
	out.push({
		table: 'services',
		sql: `CREATE OR REPLACE TABLE ${q('services')} AS
SELECT CAST(i + 1 AS BIGINT) AS serviceId, 'svc-' || i AS key, 'active' AS mode, ${list(SERVICES.map((x) => x[1]))}[i + 1] AS type,
	${list(SERVICES.map((x) => x[0]))}[i + 1] AS name, '{}' AS parameters, CAST(i * 10 AS BIGINT) AS accessDelay, CAST(100 AS BIGINT) AS accessRate,
	0.001 * (i + 1) AS accessCost, ${list(SERVICES.map((x) => x[2]))}[i + 1] AS storeCost,
	${until - span} AS createdAt, ${until} AS updatedAt, NULL::BIGINT AS deletedAt
FROM range(${SERVICES.length}) t(i)`
	});
	out.push({
		table: 'messages',
		sql: `CREATE OR REPLACE TABLE ${q('messages')} AS
SELECT CAST(i AS BIGINT) AS messageId, md5('m' || i) AS messageGuid, ${until} - CAST(${unit(s, 'i', 70)} * ${span / 10} AS BIGINT) AS messageTime,
	${list(['Failed to open file: access denied', 'Document is encrypted; content not indexed', 'Timeout while parsing', 'File changed during scan', 'Unsupported format'])}[1 + ${rnd(s, 'i', 71, 5)}] AS message
FROM range(${Math.floor(files / 1000) + 5}) t(i)`
	});
	out.push({
		table: 'tagSets',
		sql: `CREATE OR REPLACE TABLE ${q('tagSets')} AS SELECT CAST(i + 1 AS BIGINT) AS tagSetId, ${list(TAGS)}[i + 1] AS tagSet FROM range(${TAGS.length}) t(i)`
	});
	out.push({
		table: 'datasets',
		sql: `CREATE OR REPLACE TABLE ${q('datasets')} AS SELECT CAST(1 AS BIGINT) AS datasetId, 'Default' AS name, 'normal' AS mode`
	});
	return out;
}
