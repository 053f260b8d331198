/** Save a chart as SVG or PNG, in the browser: the picture the person sees, on a white page. */

function chartSvg(root: Element): SVGSVGElement | null {
	// Plot returns a <figure> when it adds a legend; the chart is its largest <svg>.
	if (root instanceof SVGSVGElement) return root;
	const svgs = [...root.querySelectorAll('svg')];
	return svgs.sort((a, b) => b.clientWidth * b.clientHeight - a.clientWidth * a.clientHeight)[0] ?? null;
}

function serialise(svg: SVGSVGElement): { text: string; width: number; height: number } {
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

export function downloadSvg(root: Element, name: string): boolean {
	const svg = chartSvg(root);
	if (!svg) return false;
	save(new Blob([serialise(svg).text], { type: 'image/svg+xml' }), `${name}.svg`);
	return true;
}

export async function downloadPng(root: Element, name: string, scale = 2): Promise<boolean> {
	const svg = chartSvg(root);
	if (!svg) return false;
	const { text, width, height } = serialise(svg);
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
