import { VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { wait } from '../../src/util/wait.js';

describe('wait', () => {
  it('resolves once the scheduler reaches the delay, not before', async () => {
    const scheduler = new VirtualTimeScheduler();
    const resolved = vi.fn();
    wait(1_000, scheduler, new AbortController().signal).then(resolved);

    scheduler.maxFrames = 999;
    scheduler.flush();
    await Promise.resolve();
    expect(resolved).not.toHaveBeenCalled();

    scheduler.maxFrames = Number.POSITIVE_INFINITY;
    scheduler.flush();
    await vi.waitFor(() => expect(resolved).toHaveBeenCalledOnce());
    expect(scheduler.frame).toBe(1_000);
  });

  it("rejects with the signal's reason when aborted, leaving nothing scheduled", async () => {
    const scheduler = new VirtualTimeScheduler();
    const controller = new AbortController();
    const waiting = wait(1_000, scheduler, controller.signal);
    expect(scheduler.actions).toHaveLength(1);

    controller.abort(new Error('stop'));

    await expect(waiting).rejects.toThrow('stop');
    expect(scheduler.actions).toEqual([]);
  });

  it('rejects at once, scheduling nothing, when the signal has already aborted', async () => {
    const scheduler = new VirtualTimeScheduler();
    await expect(wait(1_000, scheduler, AbortSignal.abort(new Error('gone')))).rejects.toThrow(
      'gone',
    );
    expect(scheduler.actions).toEqual([]);
  });
});
