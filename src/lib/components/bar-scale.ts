/**
 * The scales of a bar chart drawn by Svelte (BarChart.svelte): a linear value axis with a few round
 * ticks from zero, and evenly spaced bands for the categories, laid out as Observable Plot lays out
 * its bars (padding 0.1), so the picture matches the other charts.
 */

import { byteTicks, countTicks, niceStep, niceTicks } from '$lib/format';

/** A round step (1, 2 or 5 × 10^k) giving about `count` ticks over [0, max]. */
export function tickStep(max: number, count: number): number {
	return niceStep(max, count);
}

/** What the value axis counts: bytes tick in their own unit (100 GB steps), counts in whole files. */
export type AxisKind = 'bytes' | 'count' | 'number';

export interface LinearScale {
	/** Pixels for a value. */
	at: (v: number) => number;
	ticks: number[];
	/** A tick's label, with just the decimals its step needs. */
	label: (v: number) => string;
}

/**
 * [0, max] onto [from, to]; the domain's end rounded up to a tick, so the longest bar meets a grid
 * line. Ticks are round in the axis' own unit (src/lib/format.ts byteTicks, countTicks).
 */
export function linearScale(max: number, from: number, to: number, count = 4, kind: AxisKind = 'number'): LinearScale {
	const top = Number.isFinite(max) && max > 0 ? max : 1;
	if (kind === 'bytes' || kind === 'count') {
		const t = kind === 'bytes' ? byteTicks(top, count) : countTicks(top, count);
		const end = t.ticks[t.ticks.length - 1] || 1;
		return { at: (v: number) => from + ((to - from) * Math.max(0, v)) / end, ticks: t.ticks, label: t.label };
	}
	const step = tickStep(top, count);
	const ticks = niceTicks(top, step);
	const end = ticks[ticks.length - 1];
	return { at: (v: number) => from + ((to - from) * Math.max(0, v)) / end, ticks, label: (v: number) => String(v) };
}

export interface BandScale {
	/** Where band i starts, in pixels. */
	at: (i: number) => number;
	/** A bar's thickness. */
	bandwidth: number;
	/** From one band's start to the next one's. */
	step: number;
}

export function bandScale(n: number, from: number, to: number, padding = 0.1): BandScale {
	const step = (to - from) / Math.max(1, n - padding + padding * 2);
	const start = from + step * padding;
	return { at: (i: number) => start + i * step, bandwidth: step * (1 - padding), step };
}

/**
 * A category label fitted to `max` characters: a path keeps its end (the last folder says the
 * most), words are shortened from their end ("90–180 days" → "90–180 d…"), the full text goes in
 * the tooltip.
 */
export function fitLabel(label: string, max: number): string {
	if (label.length <= max) return label;
	if (label.includes('/') || label.includes('\\')) return truncate(label, max);
	return label.slice(0, Math.max(1, max - 1)).trimEnd() + '…';
}

/** A label cut to `max` characters from the left: the end of a path or name says the most. */
export function truncate(label: string, max: number): string {
	return label.length > max ? '…' + label.slice(label.length - Math.max(1, max) + 1) : label;
}
