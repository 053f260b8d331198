/**
 * Sensitive files: names that suggest secrets, key and certificate files, environment and config
 * files that hold credentials, executables (src/lib/model/reports/security.ts holds the lists).
 * Plain string functions per row, no regex: at 10M rows a regex costs seconds in wasm.
 */
import { str } from '../sql';
import { CONFIG_EXTENSIONS, CONFIG_NAMES, CONFIG_WORDS, EXECUTABLE_EXTENSIONS, KEY_EXTENSIONS, KEY_NAMES, SECRET_WORDS, SENSITIVE_CLASSES } from './security';
import { measures } from './context';
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
		const m = measures(ctx.cube);
		return {
			// One scan: the name tests run once per file, the few sensitive files are kept and read
			// three ways (part 'classes', 'file', 'folder'; each in its own order, `ord`). Three
			// statements each scanning the names took 94 s at 10M files in the browser.
			sensitive: `WITH s AS MATERIALIZED (SELECT * FROM (${classified(ctx.where)}) WHERE sensitive)
SELECT 'classes' AS part, (SELECT ${m.files} FROM ${ctx.cube} WHERE ${ctx.where}) AS files, ${per},
	count(*) AS anyFiles, coalesce(sum(size), 0) AS anyBytes, 0 AS ord
FROM s
UNION ALL BY NAME
-- Secrets, keys and config first (they are few and matter most), then executables; largest first.
(SELECT 'file' AS part, folder || name AS path, name, extension, size, epoch_ms(modified) AS modified, concat_ws(', ', ${labels}) AS classes,
	row_number() OVER (ORDER BY (secrets OR keys OR config) DESC, size DESC NULLS LAST, folder || name) AS ord
	FROM s ORDER BY ord LIMIT 1000)
UNION ALL BY NAME
(SELECT 'folder' AS part, topFolder, count(*) AS files, coalesce(sum(size), 0) AS bytes, count(*) FILTER (WHERE secrets OR keys OR config) AS secretFiles,
	row_number() OVER (ORDER BY count(*) DESC, topFolder) AS ord
	FROM s GROUP BY topFolder ORDER BY ord LIMIT 50)
ORDER BY part, ord`
		};
	}
};
