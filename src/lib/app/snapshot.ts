/**
 * The app's half of the boot snapshot (static/boot.js paints it on the next visit): once the
 * Summary is drawn, keep an inert copy of the page as HTML; once the live page is on screen, take
 * the painted copy away.
 */
import { bootPictureSave } from '$lib/cache/boot';
import { whenIdle } from '$lib/idle';

/** Attributes that would make the copy a second, competing page: ids, test ids, links, focus. */
const STRIP = ['id', 'data-testid', 'for', 'href', 'tabindex', 'aria-controls', 'aria-describedby', 'aria-labelledby', 'aria-live', 'role'];
/** Parts that are not part of the picture, or do not survive as HTML (a canvas is blank). */
const DROP = 'canvas, dialog, script, [role="alert"], [data-testid="progress"], [data-testid="performance-panel"], [data-testid="update-banner"]';

/** Parts of the page left out of the picture when they start below the first screen. */
const FOLDABLE = '[data-chart], [data-table]';


/**
 * How long the page must stay as drawn before it is copied: cloning, measuring and stripping the
 * page costs tens of ms on the main thread, which must not land on the next cross-filter click.
 */
const SETTLE_MS = 1500;
let settling: ReturnType<typeof setTimeout> | undefined;

/** Keep the page as it is now (once it has settled) for the next visit at this address. */
export function saveSnapshot(fingerprint: string): void {
	clearTimeout(settling);
	const at = location.pathname + location.search;
	settling = setTimeout(() => void whenIdle().then(() => copyPage(fingerprint, at)), SETTLE_MS);
}

function copyPage(fingerprint: string, at: string): void {
	// Moved on meanwhile (another page, other filters, another dataset loading): not this picture.
	if (location.pathname + location.search !== at || !document.querySelector('[data-testid="summary"][data-ready="true"]')) return;
	const shell = document.querySelector<HTMLElement>('[data-app-shell]');
	if (!shell) return;
	const copy = shell.cloneNode(true) as HTMLElement;
	// Only the charts and tables the first screen shows: the picture is painted at the top of the
	// page, and those further down (most of the SVG) would only cost parsing and layout. What is
	// dropped from the copy (a progress bar, the performance panel) moves the fold down.
	const dropped = [...shell.querySelectorAll(DROP)].reduce((h, el) => h + el.getBoundingClientRect().height, 0);
	const fold = window.innerHeight + dropped;
	const live = shell.querySelectorAll(FOLDABLE);
	const copies = copy.querySelectorAll(FOLDABLE);
	live.forEach((el, i) => {
		if (el.getBoundingClientRect().top + window.scrollY > fold) copies[i]?.remove();
	});
	for (const el of copy.querySelectorAll(DROP)) el.remove();
	for (const el of [copy, ...copy.querySelectorAll('*')]) for (const a of STRIP) el.removeAttribute(a);
	bootPictureSave({ fingerprint, at, html: copy.outerHTML });
}

/** The live page is drawn (or there is nothing to show): the painted copy goes. */
export function dismissSnapshot(): void {
	document.querySelector('[data-boot-snapshot]')?.remove();
}
