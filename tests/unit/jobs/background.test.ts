import { describe, expect, it } from 'vitest';
import { BackgroundTasks } from '../../../main/core/background';
import { AppError } from '../../../main/core/errors';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('BackgroundTasks', () => {
  it('runs one piece of work per key at a time, at most `limit` at once, in the order started', async () => {
    const tasks = new BackgroundTasks(1);
    const order: string[] = [];
    let releaseA = () => {};
    tasks.start('a', () => new Promise<void>((resolve) => { order.push('a'); releaseA = resolve; }));
    tasks.start('a', async () => void order.push('a again'));
    tasks.start('b', async () => void order.push('b'));
    await tick();
    expect(order).toEqual(['a']);
    releaseA();
    await tasks.idle();
    expect(order).toEqual(['a', 'b']);
    // Done and succeeded: the same key may run again (its result may have been deleted since).
    tasks.start('a', async () => void order.push('a later'));
    await tasks.idle();
    expect(order).toEqual(['a', 'b', 'a later']);
  });

  it('does not try a failed key again', async () => {
    const tasks = new BackgroundTasks();
    let runs = 0;
    const fail = async () => {
      runs++;
      throw new AppError('MEDIA_UNREADABLE', 'gone');
    };
    tasks.start('x', fail);
    await tasks.idle();
    tasks.start('x', fail);
    await tasks.idle();
    expect(runs).toBe(1);
  });

  it('close stops the running work through its signal, drops what waits and starts nothing more', async () => {
    const tasks = new BackgroundTasks(1);
    let aborted = false;
    let waitingRan = false;
    tasks.start('running', (signal) => new Promise<void>((resolve) => signal.addEventListener('abort', () => { aborted = true; resolve(); })));
    tasks.start('waiting', async () => void (waitingRan = true));
    await tick();
    await tasks.close();
    expect(aborted).toBe(true);
    expect(waitingRan).toBe(false);
    tasks.start('later', async () => void (waitingRan = true));
    await tasks.idle();
    expect(waitingRan).toBe(false);
  });
});
