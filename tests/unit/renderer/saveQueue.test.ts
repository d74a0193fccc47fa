import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSaveQueue } from '../../../renderer/src/store/saveQueue';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('createSaveQueue', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('debounces: many quick edits make one save of the last state', async () => {
    const save = vi.fn(async (v: number) => v * 10);
    const onSaved = vi.fn();
    const q = createSaveQueue({ save, onSaved, onError: vi.fn(), delayMs: 250 });
    q.schedule(1);
    await vi.advanceTimersByTimeAsync(100);
    q.schedule(2);
    await vi.advanceTimersByTimeAsync(100);
    q.schedule(3);
    expect(save).not.toHaveBeenCalled();
    expect(q.busy()).toBe(true);
    await vi.advanceTimersByTimeAsync(250);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledWith(3);
    expect(onSaved).toHaveBeenCalledWith(30);
    expect(q.busy()).toBe(false);
  });

  it('flush saves at once and resolves after the save finished', async () => {
    const save = vi.fn(async (v: string) => v.toUpperCase());
    const onSaved = vi.fn();
    const q = createSaveQueue({ save, onSaved, onError: vi.fn(), delayMs: 250 });
    q.schedule('x');
    await q.flush();
    expect(save).toHaveBeenCalledWith('x');
    expect(onSaved).toHaveBeenCalledWith('X');
    await vi.advanceTimersByTimeAsync(1000);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('flush with nothing pending waits for the save in flight', async () => {
    const d = deferred<number>();
    const save = vi.fn(() => d.promise);
    const onSaved = vi.fn();
    const q = createSaveQueue({ save, onSaved, onError: vi.fn(), delayMs: 10 });
    q.schedule(1);
    await vi.advanceTimersByTimeAsync(10);
    let flushed = false;
    void q.flush().then(() => (flushed = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(flushed).toBe(false);
    d.resolve(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(flushed).toBe(true);
  });

  it('sends in order, one at a time, and ignores a reply made stale by a newer edit', async () => {
    const calls: Array<{ v: number; d: ReturnType<typeof deferred<number>> }> = [];
    const save = vi.fn((v: number) => {
      const d = deferred<number>();
      calls.push({ v, d });
      return d.promise;
    });
    const onSaved = vi.fn();
    const q = createSaveQueue({ save, onSaved, onError: vi.fn(), delayMs: 10 });
    q.schedule(1);
    await vi.advanceTimersByTimeAsync(10);
    expect(calls.map((c) => c.v)).toEqual([1]);
    q.schedule(2);
    await vi.advanceTimersByTimeAsync(10);
    // The second save waits for the first.
    expect(calls.map((c) => c.v)).toEqual([1]);
    calls[0]!.d.resolve(100);
    await vi.advanceTimersByTimeAsync(0);
    expect(onSaved).not.toHaveBeenCalled(); // 1 is stale: 2 is newer
    expect(calls.map((c) => c.v)).toEqual([1, 2]);
    calls[1]!.d.resolve(200);
    await vi.advanceTimersByTimeAsync(0);
    expect(onSaved).toHaveBeenCalledTimes(1);
    expect(onSaved).toHaveBeenCalledWith(200);
  });

  it('reports a failed save and keeps working', async () => {
    const save = vi
      .fn<(v: number) => Promise<number>>()
      .mockRejectedValueOnce(new Error('disk full'))
      .mockResolvedValueOnce(2);
    const onSaved = vi.fn();
    const onError = vi.fn();
    const q = createSaveQueue({ save, onSaved, onError, delayMs: 10 });
    q.schedule(1);
    await q.flush();
    expect(onError).toHaveBeenCalledWith(new Error('disk full'));
    q.schedule(2);
    await q.flush();
    expect(onSaved).toHaveBeenCalledWith(2);
  });

  it('dispose drops a pending edit and silences replies', async () => {
    const save = vi.fn(async (v: number) => v);
    const onSaved = vi.fn();
    const q = createSaveQueue({ save, onSaved, onError: vi.fn(), delayMs: 10 });
    q.schedule(1);
    q.dispose();
    await vi.advanceTimersByTimeAsync(100);
    expect(save).not.toHaveBeenCalled();
    q.schedule(2);
    await q.flush();
    expect(save).not.toHaveBeenCalled();
  });

  it('hold keeps new edits waiting until released, then saves them on the usual delay', async () => {
    const save = vi.fn(async (v: number) => v);
    const onSaved = vi.fn();
    const q = createSaveQueue({ save, onSaved, onError: vi.fn(), delayMs: 250 });
    const release = q.hold();
    q.schedule(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(save).not.toHaveBeenCalled();
    expect(q.busy()).toBe(true);
    q.schedule(2);
    release();
    release(); // a second release changes nothing
    await vi.advanceTimersByTimeAsync(249);
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledWith(2);
    expect(onSaved).toHaveBeenCalledWith(2);
  });

  it('flush sends even while held', async () => {
    const save = vi.fn(async (v: number) => v);
    const q = createSaveQueue({ save, onSaved: vi.fn(), onError: vi.fn(), delayMs: 250 });
    const release = q.hold();
    q.schedule(1);
    await q.flush();
    expect(save).toHaveBeenCalledWith(1);
    release();
    await vi.advanceTimersByTimeAsync(1000);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('stays held until every hold is released', async () => {
    const save = vi.fn(async (v: number) => v);
    const q = createSaveQueue({ save, onSaved: vi.fn(), onError: vi.fn(), delayMs: 10 });
    const first = q.hold();
    const second = q.hold();
    q.schedule(1);
    first();
    await vi.advanceTimersByTimeAsync(100);
    expect(save).not.toHaveBeenCalled();
    second();
    await vi.advanceTimersByTimeAsync(10);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('reports every successful answer as confirmed, even one a newer edit supersedes', async () => {
    const first = deferred<number>();
    const save = vi.fn((v: number) => (v === 1 ? first.promise : Promise.resolve(v)));
    const onSaved = vi.fn();
    const onConfirmed = vi.fn();
    const q = createSaveQueue({ save, onSaved, onConfirmed, onError: vi.fn(), delayMs: 10 });
    q.schedule(1);
    await vi.advanceTimersByTimeAsync(10);
    q.schedule(2);
    first.resolve(10);
    await vi.advanceTimersByTimeAsync(0);
    expect(onConfirmed).toHaveBeenCalledWith(10);
    expect(onSaved).not.toHaveBeenCalled();
    await q.flush();
    expect(onConfirmed).toHaveBeenLastCalledWith(2);
    expect(onSaved).toHaveBeenCalledWith(2);
  });
});
