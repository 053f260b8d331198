// Reference 2: the naive way, as the old Streamlit dashboard did it: one query per chart straight
// over the raw `files` view, no summary tables. Same figures as the Executive Summary, same bands
// (the model's own CASE expressions), same as-of instant, so only the strategy differs.

/** The Executive Summary's charts as one query each over `files`. `model` is scripts/bench/model.mjs's. */
export function naiveQueries(model, asOfMs) {
	const sizeBand = model.bandCase('size', model.SIZE_BANDS);
	const ageBand = model.ageBandCase('modified', asOfMs);
	return [
		{
			name: 'kpis',
			sql: `SELECT count(*) AS files, sum(size) AS bytes, count(DISTINCT folder) AS folders,
	count(DISTINCT extension) FILTER (WHERE extension <> '') AS extensions,
	epoch_ms(min(modified)) AS oldestModified, epoch_ms(max(modified)) AS newestModified,
	avg(size) AS averageSize, quantile_disc(size, 0.5) AS medianSize,
	count(*) - count(modified) AS invalidModified, count(*) - count(size) AS nullSize
FROM files`
		},
		{
			name: 'topByBytes',
			sql: `SELECT extension AS key, count(*) AS files, coalesce(sum(size), 0) AS bytes FROM files GROUP BY 1 ORDER BY bytes DESC, key LIMIT 15`
		},
		{
			name: 'topByFiles',
			sql: `SELECT extension AS key, count(*) AS files, coalesce(sum(size), 0) AS bytes FROM files GROUP BY 1 ORDER BY files DESC, key LIMIT 15`
		},
		{
			name: 'sizeBands',
			sql: `SELECT ${sizeBand} AS key, count(*) AS files, coalesce(sum(size), 0) AS bytes FROM files WHERE size IS NOT NULL GROUP BY 1 ORDER BY 1`
		},
		{
			name: 'ageBands',
			sql: `SELECT ${ageBand} AS key, count(*) AS files, coalesce(sum(size), 0) AS bytes FROM files WHERE modified IS NOT NULL GROUP BY 1 ORDER BY 1`
		},
		{
			name: 'addedPerMonth',
			sql: `SELECT strftime(date_trunc('month', added), '%Y-%m') AS key, count(*) AS files, coalesce(sum(size), 0) AS bytes FROM files WHERE added IS NOT NULL GROUP BY 1 ORDER BY 1`
		}
	];
}
