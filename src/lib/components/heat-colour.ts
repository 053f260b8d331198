/**
 * Heatmap cell labels readable on any cell, in light and dark mode: the label's colour is chosen by
 * the cell's own fill (its relative luminance, WCAG 2.x), black or white, whichever contrasts more.
 * Either reaches at least 4.58:1 against any fill, above WCAG AA's 4.5:1 for text. The page's theme
 * does not enter into it: the fill is the same in both themes, so is its label.
 *
 * Use with Observable Plot: `const heat = heatColours({ domain: [0, max] })`, then
 * `Plot.cell(cells, { fill: (d) => heat.fill(d.files) })` and
 * `Plot.text(cells, { text: ..., fill: (d) => heat.label(d.files) })`.
 */
import * as Plot from '@observablehq/plot';
import type { ColorScheme } from '@observablehq/plot';

type Rgb = [number, number, number];

/** A CSS colour as Plot's colour scales write it (#rrggbb, #rgb, rgb(r, g, b)) to 0–255 channels. */
export function parseColour(colour: string): Rgb | null {
	const c = colour.trim().toLowerCase();
	let m = /^#([0-9a-f]{6})$/.exec(c);
	if (m) return [0, 2, 4].map((i) => parseInt(m![1].slice(i, i + 2), 16)) as Rgb;
	m = /^#([0-9a-f]{3})$/.exec(c);
	if (m) return [0, 1, 2].map((i) => parseInt(m![1][i] + m![1][i], 16)) as Rgb;
	m = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/.exec(c);
	if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
	return null;
}

/** WCAG relative luminance of an sRGB colour (0 black – 1 white). */
export function relativeLuminance([r, g, b]: Rgb): number {
	const lin = (v: number) => {
		const s = v / 255;
		return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
	};
	return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio of two colours (1–21). */
export function contrastRatio(a: Rgb, b: Rgb): number {
	const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
	return (hi + 0.05) / (lo + 0.05);
}

const BLACK: Rgb = [0, 0, 0];
const WHITE: Rgb = [255, 255, 255];

/** The label colour for text on `fill`: black or white, whichever contrasts more. */
export function labelColourOn(fill: string): '#000000' | '#ffffff' {
	const rgb = parseColour(fill);
	if (!rgb) return '#000000';
	return contrastRatio(rgb, BLACK) >= contrastRatio(rgb, WHITE) ? '#000000' : '#ffffff';
}

export interface HeatColours {
	/** A value's cell colour. */
	fill: (v: number) => string;
	/** The colour of a label drawn on that cell. */
	label: (v: number) => string;
}

/**
 * A sequential colour scale over `domain` (Plot's own, so a legend drawn with the same options
 * matches), with the label colour of each cell derived from its fill.
 */
export function heatColours({ domain, scheme = 'blues', type = 'linear' }: { domain: [number, number]; scheme?: ColorScheme; type?: 'linear' | 'sqrt' | 'log' | 'symlog' }): HeatColours {
	const scale = Plot.scale({ color: { type, scheme, domain } });
	const fill = (v: number) => String(scale.apply(v));
	return { fill, label: (v: number) => labelColourOn(fill(v)) };
}
