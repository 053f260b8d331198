/**
 * The guard on steps that stop making progress (workers/engine/watchdog.ts), on a fake clock: a step
 * that stays silent past its budget is interrupted; one that does not stop within the grace period is
 * ended; Cancel takes the same road; activity keeps a long step alive; booting does not count.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { Activity, guard, STALLED } from '../../workers/engine/watchdog';
import { STOP_GRACE_MS } from '$lib/engine/stall';
import { EngineError } from '$lib/engine/errors';

beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'performance'] }));
afterEach(() => vi.useRealTimers());

/** A step that never ends by itself, unless `settle` is called. */
function stuck<T>() {
	let settle!: (v: T) => void;
	let fail!: (e: unknown) => void;
	const promise = new Promise<T>((resolve, reject) => ((settle = resolve), (fail = reject)));
	return { promise, settle, fail };
}

function setupGuard(work: Promise<unknown>, limitMs = 10_000, paused = () => false) {
	const activity = new Activity();
	const controller = new AbortController();
	const kill = vi.fn(async () => undefined);
	const outcome = guard(work, { activity, controller, limitMs, kill, paused, stalled: () => new EngineError('stalled', 'stopped making progress') }).then(
		(v) => ({ ok: v }),
		(e: EngineError) => ({ error: e.code })
	);
	return { activity, controller, kill, outcome };
}

describe('guard', () => {
	test('silent past its budget: interrupted, then ended after the grace period', async () => {
		const step = stuck();
		const g = setupGuard(step.promise);
		await vi.advanceTimersByTimeAsync(10_250);
		expect(g.controller.signal.reason).toBe(STALLED);
		expect(g.kill).not.toHaveBeenCalled();
		await vi.advanceTimersByTimeAsync(STOP_GRACE_MS + 250);
		expect(g.kill).toHaveBeenCalledTimes(1);
		expect(await g.outcome).toEqual({ error: 'stalled' });
	});

	test('an interrupt DuckDB obeys ends the step as stalled, without ending anything', async () => {
		const step = stuck();
		const g = setupGuard(step.promise);
		g.controller.signal.addEventListener('abort', () => step.fail(new EngineError('cancelled', 'interrupted')));
		await vi.advanceTimersByTimeAsync(10_500);
		expect(await g.outcome).toEqual({ error: 'stalled' });
		expect(g.kill).not.toHaveBeenCalled();
	});

	test('activity keeps a long step going; its answer comes through', async () => {
		const step = stuck<number>();
		const g = setupGuard(step.promise);
		for (let i = 0; i < 10; i++) {
			await vi.advanceTimersByTimeAsync(8_000);
			g.activity.touch('Materialising the file model');
		}
		step.settle(42);
		expect(await g.outcome).toEqual({ ok: 42 });
		expect(g.controller.signal.aborted).toBe(false);
	});

	test('Cancel: the step is ended after the grace period when it does not stop, as cancelled', async () => {
		const step = stuck();
		const g = setupGuard(step.promise);
		await vi.advanceTimersByTimeAsync(1_000);
		g.controller.abort();
		await vi.advanceTimersByTimeAsync(STOP_GRACE_MS + 250);
		expect(g.kill).toHaveBeenCalledTimes(1);
		expect(await g.outcome).toEqual({ error: 'cancelled' });
	});

	test('while DuckDB boots the clock does not run', async () => {
		const step = stuck<string>();
		let booting = true;
		const g = setupGuard(step.promise, 10_000, () => booting);
		await vi.advanceTimersByTimeAsync(30_000);
		expect(g.controller.signal.aborted).toBe(false);
		booting = false;
		step.settle('booted');
		expect(await g.outcome).toEqual({ ok: 'booted' });
	});
});
