/**
 * The guard on steps that stop making progress (docs/ROBUSTNESS.md, "Hangs"). A damaged database
 * can make DuckDB read forever, a view can recurse without end; neither reports progress nor
 * answers. Every request runs under `guard`: when nothing has moved for the step's budget
 * (src/lib/engine/stall.ts) the request is stopped, first with DuckDB's own interrupt and, when
 * DuckDB does not come back (it is stuck inside one call and never reads the interrupt), by ending
 * its worker: the engine boots a fresh DuckDB for the next request. Cancel takes the same road.
 */
import { EngineError } from '../../src/lib/engine/errors';
import { STOP_GRACE_MS } from '../../src/lib/engine/stall';

/** Why a request's signal was aborted by the engine itself. */
export const STALLED = 'stalled';

const TICK_MS = 250;

/** When something last moved: a progress report, a statement started or finished. */
export class Activity {
	private last = performance.now();
	/** The step running, as its last progress label named it. */
	step: string | null = null;

	touch(step?: string): void {
		this.last = performance.now();
		if (step !== undefined) this.step = step;
	}

	/** Start of a request: nothing has been late yet. */
	reset(): void {
		this.last = performance.now();
		this.step = null;
	}

	idleMs(): number {
		return performance.now() - this.last;
	}
}

export interface GuardOptions {
	activity: Activity;
	/** The request's controller: aborted by Cancel, or here with the reason STALLED. */
	controller: AbortController;
	limitMs: number;
	/** End DuckDB for good (its worker), when it did not stop within the grace period. */
	kill: () => Promise<void>;
	/** The message for a stalled request, written when it happens (it names the step reached). */
	stalled: () => EngineError;
	/** While true the clock does not run (DuckDB booting: a slow machine compiling wasm is not a stall). */
	paused?: () => boolean;
}

/** `work`, or the reason it was stopped: it settles within the grace period of a stall or a Cancel. */
export function guard<T>(work: Promise<T>, o: GuardOptions): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		let settled = false;
		let stoppingSince: number | null = null;
		const stopped = () => (o.controller.signal.reason === STALLED ? o.stalled() : new EngineError('cancelled', 'The request was cancelled.'));
		const settle = (action: () => void) => {
			if (settled) return;
			settled = true;
			clearInterval(timer);
			action();
		};
		const timer = setInterval(() => {
			if (settled) return;
			if (o.paused?.()) o.activity.touch();
			if (!o.controller.signal.aborted) {
				// DuckDB's interrupt (DuckDBHost.run listens to the signal) and every step's own check.
				if (o.activity.idleMs() > o.limitMs) o.controller.abort(STALLED);
				return;
			}
			stoppingSince ??= performance.now();
			if (performance.now() - stoppingSince < STOP_GRACE_MS) return;
			// DuckDB did not come back: it is inside one call that never looks at the interrupt.
			settled = true;
			clearInterval(timer);
			const error = stopped();
			o.kill().then(
				() => reject(error),
				(e) => {
					console.warn('Ending the stuck engine failed', e);
					reject(error);
				}
			);
		}, TICK_MS);
		work.then(
			// Finished as it was being stopped: the answer stands (the engine's state matches it).
			(value) => settle(() => resolve(value)),
			(e) => settle(() => reject(o.controller.signal.aborted ? stopped() : e))
		);
	});
}
