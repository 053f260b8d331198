/**
 * "About 40 s left" for a progress bar: the rate since the current phase began, projected to its
 * end. A phase is one run of progress with the same unit, total and label (a label's "(3 of 10
 * parts…)" aside, so the parts of one step are one phase); a new phase starts the estimate again.
 * Steps of unequal weight (unit 'steps') get no estimate, and none is given before the phase has run
 * long enough for its rate to mean something.
 */
import type { Progress } from '$lib/engine/protocol';

/** Before this long into a phase, or this share of it, the rate is noise. */
const SETTLE_MS = 3000;
const SETTLE_SHARE = 0.03;

const stem = (label: string) => label.replace(/\s*\(.*\)\s*$/, '');

export class TimeLeft {
	private phase: { key: string; at: number; fraction: number } | null = null;

	/** Milliseconds left in the current phase, or null when there is no honest estimate yet. */
	update(progress: Progress | null, now: number): number | null {
		if (!progress || progress.unit === 'steps' || !(progress.total > 0)) {
			this.phase = null;
			return null;
		}
		const fraction = Math.min(1, Math.max(0, progress.done / progress.total));
		const key = `${progress.unit}|${progress.total}|${progress.unit === 'percent' ? '' : stem(progress.label)}`;
		if (!this.phase || this.phase.key !== key || fraction < this.phase.fraction) {
			this.phase = { key, at: now, fraction };
			return null;
		}
		const elapsed = now - this.phase.at;
		const moved = fraction - this.phase.fraction;
		if (elapsed < SETTLE_MS || moved < SETTLE_SHARE) return null;
		return ((1 - fraction) * elapsed) / moved;
	}
}

/** A time left as a person says it: "about 40 s", "about 3 min", "under 5 s". */
export function formatTimeLeft(ms: number): string {
	if (ms < 5000) return 'under 5 s left';
	if (ms < 60_000) return `about ${Math.round(ms / 5000) * 5} s left`;
	if (ms < 90 * 60_000) return `about ${Math.round(ms / 60_000)} min left`;
	return `about ${Math.round(ms / 3_600_000)} h left`;
}
