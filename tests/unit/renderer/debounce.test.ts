import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDebouncer } from '../../../renderer/src/store/debounce';

describe('createDebouncer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs once, the delay after the last of many quick calls', async () => {
    const action = vi.fn();
    const d = createDebouncer(action, 300);
    d.schedule();
    await vi.advanceTimersByTimeAsync(200);
    d.schedule();
    await vi.advanceTimersByTimeAsync(200);
    d.schedule();
    expect(action).not.toHaveBeenCalled();
    expect(d.pending()).toBe(true);
    await vi.advanceTimersByTimeAsync(299);
    expect(action).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(action).toHaveBeenCalledTimes(1);
    expect(d.pending()).toBe(false);
  });

  it('runs again for a call after the run', async () => {
    const action = vi.fn();
    const d = createDebouncer(action, 300);
    d.schedule();
    await vi.advanceTimersByTimeAsync(300);
    d.schedule();
    await vi.advanceTimersByTimeAsync(300);
    expect(action).toHaveBeenCalledTimes(2);
  });

  it('cancel forgets a waiting run', async () => {
    const action = vi.fn();
    const d = createDebouncer(action, 300);
    d.schedule();
    d.cancel();
    expect(d.pending()).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(action).not.toHaveBeenCalled();
    d.cancel();
  });

  it('uses the timers it is given', () => {
    const timers: Array<() => void> = [];
    const cleared: unknown[] = [];
    const action = vi.fn();
    const d = createDebouncer(
      action,
      300,
      (fn) => timers.push(fn),
      (h) => cleared.push(h),
    );
    d.schedule();
    d.schedule();
    expect(cleared).toEqual([1]);
    timers[1]!();
    expect(action).toHaveBeenCalledTimes(1);
    expect(d.pending()).toBe(false);
  });
});
