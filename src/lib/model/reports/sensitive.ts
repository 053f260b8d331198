/**
 * Sensitive files: names that suggest secrets, key and certificate files, environment and config
 * files that hold credentials, executables (src/lib/model/reports/security.ts holds the lists).
 * Plain string functions per row, no regex: at 10M rows a regex costs seconds in wasm.
 */
import { str } from '../sql';
import { CONFIG_EXTENSIONS, CONFIG_NAMES, CONFIG_WORDS, EXECUTABLE_EXTENSIONS, KEY_EXTENSIONS, KEY_NAMES, SECRET_WORDS, SENSITIVE_CLASSES } from './security';
import type { ReportDefinition } from './types';

const list = (values: readonly string[]) => values.map(str).join(', ');
const anyWord = (col: string, words: readonly string[]) => `(${words.map((w) => `contains(${col}, ${str(w)})`).join(' OR ')})`;

/** One row per file under the filters with a boolean per class; `ln` is the lower-case name. */
function classified(where: string): string {
	return `SELECT *, (secrets OR keys OR config OR executables) AS sensitive FROM (
	SELECT folder, name, topFolder, extension, size, modified,
		${anyWord('ln', SECRET_WORDS)} AS secrets,
		(extension IN (${list(KEY_EXTENSIONS)}) OR ln IN (${list(KEY_NAMES)})) AS keys,
		(ln IN (${list(CONFIG_NAMES)}) OR starts_with(ln, '.env.') OR (extension IN (${list(CONFIG_EXTENSIONS)}) AND ${anyWord('ln', CONFIG_WORDS)})) AS config,
		extension IN (${list(EXECUTABLE_EXTENSIONS)}) AS executables
	FROM (SELECT *, lower(name) AS ln FROM facts WHERE ${where})
)`;
}

export const sensitive: ReportDefinition = {
	id: 'sensitive',
	statements(ctx) {
		const ids = SENSITIVE_CLASSES.map((c) => c.id);
		const per = ids.map((c) => `count(*) FILTER (WHERE ${c}) AS ${c}Files, coalesce(sum(size) FILTER (WHERE ${c}), 0) AS ${c}Bytes`).join(',\n\t');
		const labels = SENSITIVE_CLASSES.map((c) => `CASE WHEN ${c.id} THEN ${str(c.label)} END`).join(', ');
		return {
			classes: `SELECT count(*) AS files, ${per},
	count(*) FILTER (WHERE sensitive) AS anyFiles, coalesce(sum(size) FILTER (WHERE sensitive), 0) AS anyBytes
FROM (${classified(ctx.where)})`,
			// Secrets, keys and config first (they are few and matter most), then executables; largest first.
			files: `SELECT folder || name AS path, name, extension, size, epoch_ms(modified) AS modified, concat_ws(', ', ${labels}) AS classes
FROM (${classified(ctx.where)})
WHERE sensitive
ORDER BY (secrets OR keys OR config) DESC, size DESC NULLS LAST, path LIMIT 1000`,
			folders: `SELECT topFolder, count(*) AS files, coalesce(sum(size), 0) AS bytes, count(*) FILTER (WHERE secrets OR keys OR config) AS secretFiles
FROM (${classified(ctx.where)})
WHERE sensitive
GROUP BY 1 ORDER BY files DESC, topFolder LIMIT 50`
		};
	}
};
