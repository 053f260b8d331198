/**
 * Resolves when the page is idle (at the latest after two seconds): for work that must not land
 * between a click and the figures it asks for, such as cache writes and the boot snapshot.
 */
export function whenIdle(): Promise<void> {
	return new Promise((resolve) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(() => resolve(), { timeout: 2000 }) : setTimeout(resolve, 0)));
}
