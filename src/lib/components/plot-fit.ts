/**
 * Observable Plot leaves a fixed margin under the x axis: with long or turned tick labels, the
 * axis title ("Confidence →") is drawn over them. After Plot has drawn (in the page), the title is
 * moved below the lowest tick label and the picture grown to hold it.
 */

const overlaps = (a: DOMRect, b: DOMRect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The chart's own <svg> (Plot returns a <figure> when it adds a legend). */
function plotSvg(root: Element): SVGSVGElement | null {
	if (root instanceof SVGSVGElement) return root;
	return root.querySelector('svg[class^="plot"], svg');
}

/** Move an x-axis title that overlaps its tick labels below them; returns whether it moved. */
export function fitAxisTitles(root: Element): boolean {
	const svg = plotSvg(root);
	if (!svg) return false;
	const title = svg.querySelector<SVGGElement>('g[aria-label="x-axis label"]');
	const ticks = [...svg.querySelectorAll<SVGTextElement>('g[aria-label="x-axis tick label"] text')];
	if (!title || !ticks.length) return false;
	const box = (el: SVGGraphicsElement) => el.getBoundingClientRect();
	const t = box(title);
	if (!ticks.some((tick) => overlaps(t, box(tick)))) return false;
	const lowest = Math.max(...ticks.map((tick) => box(tick).bottom));
	// Screen pixels to SVG units (the picture may be scaled to its box).
	const scale = svg.viewBox.baseVal?.height ? svg.viewBox.baseVal.height / svg.getBoundingClientRect().height : 1;
	const shift = Math.ceil((lowest - t.top + 4) * (Number.isFinite(scale) && scale > 0 ? scale : 1));
	title.setAttribute('transform', `${title.getAttribute('transform') ?? ''} translate(0,${shift})`.trim());
	const height = Number(svg.getAttribute('height')) || svg.viewBox.baseVal.height;
	if (height) {
		svg.setAttribute('height', String(height + shift));
		const vb = svg.viewBox.baseVal;
		if (vb && vb.height) svg.setAttribute('viewBox', `${vb.x} ${vb.y} ${vb.width} ${vb.height + shift}`);
	}
	return true;
}

/**
 * A Plot picture inside a container that is itself the image for assistive technology
 * (role="img" with its own label): Plot names its marks with aria-label on plain <g>/<rect>
 * elements ("line", "frame"), which ARIA does not allow on elements without a role. The container
 * speaks for the picture, so the marks' names go.
 */
export function quietMarks(root: Element): void {
	for (const el of root.querySelectorAll('svg [aria-label], svg [aria-description]')) {
		el.removeAttribute('aria-label');
		el.removeAttribute('aria-description');
	}
}
