/**
 * Mount a page's charts one animation frame at a time. Drawing a page of charts in one task is a
 * long task of the main thread (the Summary, its preview while a large export loads): one chart per
 * frame keeps every task short and the page answering input while the rest appears.
 *
 * `total` is read reactively; when it drops to 0 the count starts again from 0 (a new dataset).
 * Call from a component's script (it creates an effect).
 */
export function stagger(total: () => number): { readonly count: number } {
	let count = $state(0);
	$effect(() => {
		const n = total();
		if (n === 0) {
			count = 0;
			return;
		}
		if (count >= n) return;
		const frame = requestAnimationFrame(() => (count += 1));
		return () => cancelAnimationFrame(frame);
	});
	return {
		get count() {
			return count;
		}
	};
}
