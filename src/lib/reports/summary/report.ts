/**
 * The Summary's point chart reads one report of its own: a sample of the filtered files for a
 * scatter of size against last-modified time (one mark per file never scales to 25M files), with the
 * exact number of files it stands for. The Summary's figures themselves are src/lib/model/summary.ts.
 */
import { num } from '$lib/model/sql';
import { aggregate, defineReport, sql } from '../kit/define';

/** Dots drawn at most: the first files of the report build's random sample that pass the filters. */
export const POINT_SAMPLE = 50_000;

export const points = defineReport({
	id: 'points',
	parts: {
		/** Files with both a size and a modified time: `sized` among files whose obsolete age (their modified time) is known. */
		population: aggregate({ by: ['obsoleteAge'], measures: ['sized'] }),
		points: sql<{ size: number; modified: number; extension: string }>(['r_points'], (ctx) => `SELECT size, modified, extension FROM r_points WHERE ${ctx.where} LIMIT ${num(POINT_SAMPLE)}`)
	}
});
