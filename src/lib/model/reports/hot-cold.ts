/**
 * Hot/cold: files and bytes by when they were last accessed: within 30 days, 30–90 days, 90–365
 * days, over a year ago, or no access time at all (never recorded, or junk). One scan of `facts`
 * for the tiers, one for the tiers per top folder.
 */
import { daysBefore } from './lifecycle';
import type { ReportDefinition } from './types';

/** Tier indexes, hottest first; 4 is "no access time". Future times count as hot, like the age bands. */
export function tierCase(asOfMs: number): string {
	const t = 'epoch_ms(accessed)';
	return `CASE WHEN accessed IS NULL THEN 4 WHEN ${t} > ${daysBefore(asOfMs, 30)} THEN 0 WHEN ${t} > ${daysBefore(asOfMs, 90)} THEN 1 WHEN ${t} > ${daysBefore(asOfMs, 365)} THEN 2 ELSE 3 END`;
}

export const hotCold: ReportDefinition = {
	id: 'hot-cold',
	statements(ctx) {
		const tier = tierCase(ctx.asOfMs);
		const per = (i: number) => `count(*) FILTER (WHERE tier = ${i}) AS files${i}, coalesce(sum(size) FILTER (WHERE tier = ${i}), 0) AS bytes${i}`;
		return {
			tiers: `SELECT ${tier} AS tier, count(*) AS files, coalesce(sum(size), 0) AS bytes
FROM facts WHERE ${ctx.where} GROUP BY 1 ORDER BY 1`,
			// Cold = not accessed for a year, or never: what an archive tier would take first.
			folders: `SELECT topFolder, count(*) AS files, coalesce(sum(size), 0) AS bytes, ${[0, 1, 2, 3, 4].map(per).join(', ')},
	count(*) FILTER (WHERE tier >= 3) AS coldFiles, coalesce(sum(size) FILTER (WHERE tier >= 3), 0) AS coldBytes
FROM (SELECT topFolder, size, ${tier} AS tier FROM facts WHERE ${ctx.where})
GROUP BY 1 ORDER BY coldBytes DESC, topFolder LIMIT 200`
		};
	}
};
