/**
 * The scales of a bar chart drawn by Svelte (BarChart.svelte): a linear value axis with a few round
 * ticks from zero, and evenly spaced bands for the categories, laid out as Observable Plot lays out
 * its bars (padding 0.1), so the picture matches the other charts.
 */

/** A round step (1, 2 or 5 × 10^k) giving about `count` ticks over [0, max]. */
export function tickStep(max: number, count: number): number {
	const raw = max / Math.max(1, count);
	const power = 10 ** Math.floor(Math.log10(raw));
	const error = raw / power;
	return power * (error >= 7.07 ? 10 : error >= 3.16 ? 5 : error >= 1.41 ? 2 : 1);
}

export interface LinearScale {
	/** Pixels for a value. */
	at: (v: number) => number;
	ticks: number[];
}

/** [0, max] onto [from, to]; the domain's end rounded up to a tick, so the longest bar meets a grid line. */
export function linearScale(max: number, from: number, to: number, count = 4): LinearScale {
	const top = Number.isFinite(max) && max > 0 ? max : 1;
	const step = tickStep(top, count);
	const end = Math.ceil(top / step - 1e-9) * step;
	const ticks: number[] = [];
	// Multiplying (not adding) keeps 0.1-style steps free of accumulated rounding.
	for (let i = 0; i * step <= end + step * 1e-9; i++) ticks.push(i * step);
	return { at: (v: number) => from + ((to - from) * Math.max(0, v)) / end, ticks };
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

/** A label cut to `max` characters from the left: the end of a path or name says the most. */
export function truncate(label: string, max: number): string {
	return label.length > max ? '…' + label.slice(label.length - Math.max(1, max) + 1) : label;
}
