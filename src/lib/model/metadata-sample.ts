/**
 * Which part of a Parquet `instances` file is read for its `metadata` column. The column (Tika
 * fields as JSON text) is most of the file's bytes and only Metadata Insights reads it, on a
 * sample; so an import from Parquet reads it from whole row groups spread evenly over the file(s),
 * into a table of its own, instead of carrying every file's metadata through the model.
 */

/** The table in the `raw` schema holding the rows read. */
export const METADATA_SAMPLE_TABLE = 'instances_metadata_sample';

/** Columns read for it (lower case): enough to find each file's current instance. */
export const METADATA_SAMPLE_COLUMNS = ['objectid', 'instanceid', 'deletedat', 'metadata'];

/** About this many instance rows are read (whole row groups, so a little more). */
export const METADATA_SAMPLE_ROWS = 150_000;

/**
 * Row groups chosen evenly across the list (in file order) until they hold about `rows` rows: the
 * k-th of n chosen sits at the middle of the k-th n-th of the list. All of them when they hold less.
 */
export function spreadRowGroups<G extends { rows: number }>(groups: G[], rows: number): G[] {
	const total = groups.reduce((n, g) => n + g.rows, 0);
	if (total <= rows) return groups;
	const mean = total / groups.length;
	const n = Math.min(groups.length, Math.max(1, Math.ceil(rows / mean)));
	const picked = new Set<number>();
	for (let k = 0; k < n; k++) picked.add(Math.floor(((k + 0.5) * groups.length) / n));
	return groups.filter((_, i) => picked.has(i));
}
