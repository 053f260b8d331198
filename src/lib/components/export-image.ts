/**
 * Save a chart as SVG or PNG, in the browser: the picture the person sees, on a white page, under a
 * header that says what it is (title), of what (dataset, as-of) and under which filters, so a
 * picture pasted into a report still tells its own story.
 */

/** What a saved picture says above the chart. */
export interface PictureCaption {
	title: string;
	/** Each a line under the title: the dataset and as-of, the filters. */
	lines: string[];
}

function chartSvg(root: Element): SVGSVGElement | null {
	// Plot returns a <figure> when it adds a legend; the chart is its largest <svg>.
	if (root instanceof SVGSVGElement) return root;
	const svgs = [...root.querySelectorAll('svg')];
	return svgs.sort((a, b) => b.clientWidth * b.clientHeight - a.clientWidth * a.clientHeight)[0] ?? null;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Lines of at most `max` characters, broken at spaces (a long filter list wraps). */
export function wrapText(text: string, max: number): string[] {
	const out: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		if (line && line.length + 1 + word.length > max) {
			out.push(line);
			line = word;
		} else line = line ? `${line} ${word}` : word;
	}
	if (line) out.push(line);
	return out;
}

/** The header drawn above a saved chart: its title, then the caption's lines, wrapped to the width. */
function captionGroup(caption: PictureCaption, width: number): { group: SVGGElement; height: number } {
	const g = document.createElementNS(SVG_NS, 'g');
	g.setAttribute('data-caption', '');
	let y = 20;
	const text = (content: string, size: number, weight: string, fill: string) => {
		const t = document.createElementNS(SVG_NS, 'text');
		t.setAttribute('x', '8');
		t.setAttribute('y', String(y));
		t.setAttribute('font-size', String(size));
		t.setAttribute('font-weight', weight);
		t.setAttribute('fill', fill);
		t.textContent = content;
		g.append(t);
		y += size + 5;
	};
	const chars = Math.max(30, Math.floor((width - 16) / 6.5));
	for (const line of wrapText(caption.title, Math.floor(chars * 0.8))) text(line, 15, '600', '#1d2733');
	for (const part of caption.lines) for (const line of wrapText(part, chars)) text(line, 11, '400', '#4a5563');
	return { group: g, height: y + 4 };
}

function serialise(svg: SVGSVGElement, caption?: PictureCaption): { text: string; width: number; height: number } {
	const chart = serialiseChart(svg);
	if (!caption) return chart;
	// The chart as a nested <svg> under its header, in one picture.
	const page = document.createElementNS(SVG_NS, 'svg');
	const { group, height: top } = captionGroup(caption, chart.width);
	const width = chart.width;
	const height = chart.height + top;
	page.setAttribute('xmlns', SVG_NS);
	page.setAttribute('width', String(width));
	page.setAttribute('height', String(height));
	page.setAttribute('viewBox', `0 0 ${width} ${height}`);
	page.setAttribute('style', 'background:#ffffff;font-family:system-ui,sans-serif');
	const background = document.createElementNS(SVG_NS, 'rect');
	background.setAttribute('width', '100%');
	background.setAttribute('height', '100%');
	background.setAttribute('fill', '#ffffff');
	page.append(background, group);
	const inner = new DOMParser().parseFromString(chart.text, 'image/svg+xml').documentElement;
	inner.setAttribute('y', String(top));
	page.append(document.importNode(inner, true));
	return { text: new XMLSerializer().serializeToString(page), width, height };
}

function serialiseChart(svg: SVGSVGElement): { text: string; width: number; height: number } {
	const clone = svg.cloneNode(true) as SVGSVGElement;
	const width = svg.width.baseVal.value || svg.clientWidth || 640;
	const height = svg.height.baseVal.value || svg.clientHeight || 400;
	clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
	clone.setAttribute('width', String(width));
	clone.setAttribute('height', String(height));
	// Plot draws axes in currentColor: fix it to dark ink so a picture from dark mode stays readable.
	clone.setAttribute('style', `color:#1d2733;background:#ffffff;font-family:system-ui,sans-serif;font-size:12px`);
	// Marks drawn on a canvas over the chart (the point cloud) go into the picture as an image.
	const box = svg.getBoundingClientRect();
	for (const canvas of svg.parentElement?.querySelectorAll<HTMLCanvasElement>('canvas[data-overlay]') ?? []) {
		const r = canvas.getBoundingClientRect();
		const image = document.createElementNS('http://www.w3.org/2000/svg', 'image');
		image.setAttribute('x', String(r.left - box.left));
		image.setAttribute('y', String(r.top - box.top));
		image.setAttribute('width', String(r.width));
		image.setAttribute('height', String(r.height));
		image.setAttribute('href', canvas.toDataURL('image/png'));
		clone.append(image);
	}
	return { text: new XMLSerializer().serializeToString(clone), width, height };
}

function save(blob: Blob, filename: string): void {
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = filename;
	a.click();
	setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function downloadSvg(root: Element, name: string, caption?: PictureCaption): boolean {
	const svg = chartSvg(root);
	if (!svg) return false;
	save(new Blob([serialise(svg, caption).text], { type: 'image/svg+xml' }), `${name}.svg`);
	return true;
}

export async function downloadPng(root: Element, name: string, caption?: PictureCaption, scale = 2): Promise<boolean> {
	const svg = chartSvg(root);
	if (!svg) return false;
	const { text, width, height } = serialise(svg, caption);
	const image = new Image();
	const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
	try {
		image.src = url;
		await image.decode();
		const canvas = document.createElement('canvas');
		canvas.width = Math.round(width * scale);
		canvas.height = Math.round(height * scale);
		const ctx = canvas.getContext('2d');
		if (!ctx) return false;
		ctx.fillStyle = '#ffffff';
		ctx.fillRect(0, 0, canvas.width, canvas.height);
		ctx.scale(scale, scale);
		ctx.drawImage(image, 0, 0, width, height);
		const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
		if (!blob) return false;
		save(blob, `${name}.png`);
		return true;
	} finally {
		URL.revokeObjectURL(url);
	}
}
