/** Heatmap labels (src/lib/components/heat-colour.ts): WCAG contrast by the cell's luminance. */
import { describe, expect, test } from 'vitest';
import { contrastRatio, heatColours, labelColourOn, parseColour, relativeLuminance } from '../../src/lib/components/heat-colour';

describe('luminance and contrast (WCAG 2.x definitions)', () => {
	test('the ends of the scale', () => {
		expect(relativeLuminance([0, 0, 0])).toBe(0);
		expect(relativeLuminance([255, 255, 255])).toBeCloseTo(1, 10);
		expect(contrastRatio([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 6);
		// WCAG's own example: #777 on white is about 4.48:1.
		expect(contrastRatio([0x77, 0x77, 0x77], [255, 255, 255])).toBeCloseTo(4.48, 2);
	});
	test('colours as Plot writes them', () => {
		expect(parseColour('#08306b')).toEqual([8, 48, 107]);
		expect(parseColour('rgb(247, 251, 255)')).toEqual([247, 251, 255]);
		expect(parseColour('#fff')).toEqual([255, 255, 255]);
	});
});

describe('label colour', () => {
	test('dark cells get white text, light cells black, each at least AA (4.5:1)', () => {
		expect(labelColourOn('#08306b')).toBe('#ffffff');
		expect(labelColourOn('#5c3a1e')).toBe('#ffffff'); // dark brown: the light-mode complaint
		expect(labelColourOn('#f7fbff')).toBe('#000000'); // near-white: the dark-mode complaint
		for (let v = 0; v <= 255; v += 5) {
			for (const fill of [[v, v, v], [v, 0, 0], [0, v, 0], [0, 0, v], [v, v, 0], [255, v, 255 - v]] as [number, number, number][]) {
				const text = parseColour(labelColourOn(`rgb(${fill.join(', ')})`))!;
				expect(contrastRatio(fill, text)).toBeGreaterThanOrEqual(4.5);
			}
		}
	});
	test('every cell of a Plot colour scale gets a readable label', () => {
		for (const scheme of ['blues', 'ylorbr', 'viridis', 'oranges'] as const) {
			const heat = heatColours({ domain: [0, 100], scheme });
			for (let v = 0; v <= 100; v += 10) {
				const fill = parseColour(heat.fill(v));
				expect(fill, `${scheme} ${v}: ${heat.fill(v)}`).not.toBeNull();
				expect(contrastRatio(fill!, parseColour(heat.label(v))!)).toBeGreaterThanOrEqual(4.5);
			}
		}
	});
});
