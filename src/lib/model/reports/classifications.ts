/**
 * Content Categories: classification results split into policies and confidences. A file's
 * classificationKey reads `FISMA:091;NIST 800-171:091`: `;`-separated policies, each a name, a
 * colon and a confidence (0–100). `Unclassified` is the classifier's "nothing found".
 *
 * The split runs per distinct key (a few hundred at most), after one grouping scan of `facts`.
 */
import type { ReportDefinition } from './types';

/** Confidence tiers, highest first: a policy's confidence falls in the first tier it reaches. */
export const CONFIDENCE_TIERS = [
	{ id: 'high', label: '≥ 90', min: 90 },
	{ id: 'medium', label: '75–89', min: 75 },
	{ id: 'low', label: '50–74', min: 50 },
	{ id: 'weak', label: '< 50', min: 0 }
] as const;

export const UNCLASSIFIED_POLICY = 'Unclassified';

const tierCase = (conf: string) =>
	`CASE WHEN ${conf} IS NULL THEN 'unknown' ${CONFIDENCE_TIERS.filter((t) => t.min > 0)
		.map((t) => `WHEN ${conf} >= ${t.min} THEN '${t.id}'`)
		.join(' ')} ELSE 'weak' END`;

export const classifications: ReportDefinition = {
	id: 'classifications',
	statements(ctx) {
		if (!ctx.shape.table('classifications')) {
			// No classification table: every file's classification is NULL; nothing to split.
			return { keys: null, policies: null };
		}
		const keys = `SELECT nullif(trim(classification), '') AS key, count(*) AS files, coalesce(sum(size), 0) AS bytes
	FROM facts WHERE ${ctx.where} GROUP BY 1`;
		return {
			/*
			 * Per key: files and bytes, and which state it is: 'none' (no result), 'unclassified' (only
			 * the Unclassified policy) or 'classified'. The page sums these, so each file counts once.
			 */
			keys: `WITH k AS (${keys})
SELECT key, files, bytes,
	CASE WHEN key IS NULL THEN 'none'
		WHEN list_filter(string_split(key, ';'), p -> trim(split_part(p, ':', 1)) NOT IN ('', '${UNCLASSIFIED_POLICY}')) = [] THEN 'unclassified'
		ELSE 'classified' END AS state
FROM k ORDER BY files DESC, key NULLS LAST LIMIT 5000`,
			/*
			 * Per policy and confidence tier: a file with two policies counts under each (a policy's
			 * figure is "files this policy matched"), once per policy even if a key repeats it.
			 */
			policies: `WITH k AS (${keys}),
parts AS (
	SELECT key, files, bytes, trim(p) AS part FROM (SELECT key, files, bytes, unnest(string_split(key, ';')) AS p FROM k WHERE key IS NOT NULL)
	WHERE trim(p) <> ''
),
split AS (
	SELECT key, files, bytes,
		CASE WHEN regexp_matches(part, ':\\s*[0-9]{1,3}$') THEN trim(regexp_extract(part, '^(.*):\\s*[0-9]{1,3}$', 1)) ELSE part END AS policy,
		TRY_CAST(regexp_extract(part, ':\\s*([0-9]{1,3})$', 1) AS INTEGER) AS confidence
	FROM parts
),
best AS (SELECT key, files, bytes, policy, max(confidence) AS confidence FROM split GROUP BY ALL)
SELECT policy, ${tierCase('confidence')} AS tier, sum(files) AS files, sum(bytes) AS bytes, min(confidence) AS minConfidence, max(confidence) AS maxConfidence
FROM best GROUP BY 1, 2 ORDER BY sum(files) DESC, policy, tier LIMIT 2000`
		};
	}
};
