/**
 * A chart's width, from a ResizeObserver only. `bind:clientWidth` also reads the width when the
 * element mounts, which forces a layout: a page of eight charts was laid out eight times over before
 * its first paint (a good part of a return visit's first draw). One shared observer reports every new
 * chart's width after the frame's single layout, in one callback, and the charts draw together.
 * The width is 0 until then: a chart draws nothing at width 0.
 */
import type { Attachment } from 'svelte/attachments';

const listeners = new WeakMap<Element, (width: number) => void>();
let observer: ResizeObserver | null = null;

function shared(): ResizeObserver {
	// Layout is clean inside the callback, so reading clientWidth here costs nothing.
	observer ??= new ResizeObserver((entries) => {
		for (const e of entries) listeners.get(e.target)?.((e.target as HTMLElement).clientWidth);
	});
	return observer;
}

export function observeWidth(set: (width: number) => void): Attachment<HTMLElement> {
	return (element) => {
		listeners.set(element, set);
		shared().observe(element);
		return () => {
			shared().unobserve(element);
			listeners.delete(element);
		};
	};
}
