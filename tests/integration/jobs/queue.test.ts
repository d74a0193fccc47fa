// The job queue against a real SQLite library. Work is simulated by handlers whose promises the tests
// settle by hand, so every interleaving is chosen, not waited for.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Job, JobState } from '../../../preload/contract';
import { AppError } from '../../../main/core/errors';
import { estimateEtaSec } from '../../../main/core/jobs/eta';
import { INTERRUPTED_ERROR, JobQueue, type JobContext, type JobHandler } from '../../../main/core/jobs/queue';
import { openLibrary, type Library } from '../../../main/core/library/openLibrary';

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets queued microtasks and promise chains run (the queue starts jobs in a microtask). */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Run {
  params: unknown;
  ctx: JobContext;
  work: Deferred<unknown>;
}

/**
 * A handler whose runs wait until the test settles them; runs are recorded by job id. By default a run
 * rejects with the signal's reason when aborted, like well-behaved work; 'ignore' leaves it to the test.
 */
function manualHandler(
  kind: string,
  opts: Partial<JobHandler> = {},
  onAbort: 'reject' | 'ignore' | ((run: Run) => void) = 'reject',
) {
  const runs = new Map<number, Run>();
  let running = 0;
  let maxRunning = 0;
  const handler: JobHandler = {
    kind,
    concurrency: 1,
    title: (params) => `${kind} ${JSON.stringify(params)}`,
    async run(params, ctx) {
      const work = deferred<unknown>();
      const run = { params, ctx, work };
      runs.set(ctx.jobId, run);
      ctx.signal.addEventListener('abort', () => {
        if (onAbort === 'reject') work.reject(ctx.signal.reason);
        else if (typeof onAbort === 'function') onAbort(run);
      });
      running++;
      maxRunning = Math.max(maxRunning, running);
      try {
        return await work.promise;
      } finally {
        running--;
      }
    },
    ...opts,
  };
  return {
    handler,
    runs,
    run(jobId: number): Run {
      const run = runs.get(jobId);
      if (!run) throw new Error(`job ${jobId} has not started`);
      return run;
    },
    get running() {
      return running;
    },
    get maxRunning() {
      return maxRunning;
    },
  };
}

let dir: string;
let lib: Library;
let queue: JobQueue;
let events: Job[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hl-queue-'));
  lib = openLibrary(dir);
  queue = new JobQueue(lib.jobs);
  events = [];
  queue.on((job) => events.push(job));
});

afterEach(async () => {
  await queue.close();
  lib.close();
  rmSync(dir, { recursive: true, force: true });
});

const statesOf = (jobId: number, list: Job[] = events): JobState[] =>
  list.filter((e) => e.id === jobId).map((e) => e.state).filter((s, i, all) => i === 0 || all[i - 1] !== s);

describe('JobQueue: running jobs', () => {
  it('persists a job as queued, runs it, and stores its result', async () => {
    const m = manualHandler('export');
    queue.register(m.handler);
    const job = queue.enqueue('export', { out: '/reel.mp4' });
    expect(job).toMatchObject({ kind: 'export', title: 'export {"out":"/reel.mp4"}', state: 'queued', projectId: null });
    expect(lib.jobs.get(job.id)?.state).toBe('queued');

    await flush();
    expect(queue.get(job.id)?.state).toBe('running');
    expect(lib.jobs.get(job.id)?.state).toBe('running');
    expect(m.run(job.id).params).toEqual({ out: '/reel.mp4' });

    m.run(job.id).work.resolve({ path: '/reel.mp4', bytes: 10 });
    const done = await queue.waitFor(job.id);
    expect(done).toMatchObject({ state: 'done', result: { path: '/reel.mp4', bytes: 10 }, error: null });
    expect(done.progress.fraction).toBe(1);
    expect(lib.jobs.get(job.id)).toEqual(done);
    expect(statesOf(job.id)).toEqual(['queued', 'running', 'done']);
  });

  it('records the project a job belongs to', async () => {
    const media = lib.media.upsert(join(dir, 'v.mp4'), { durationSec: 1, sizeBytes: 1, formatName: 'mp4', video: null, audio: null }, { size: 1, mtimeMs: 1 });
    const project = lib.projects.create({ name: 'p', mediaId: media.id });
    const m = manualHandler('export');
    queue.register(m.handler);
    const job = queue.enqueue('export', {}, { projectId: project.id });
    expect(job.projectId).toBe(project.id);
    expect(lib.jobs.get(job.id)?.projectId).toBe(project.id);
  });

  it('respects the concurrency of each kind and starts queued jobs first come first served', async () => {
    const downloads = manualHandler('download', { concurrency: 2 });
    const exports = manualHandler('export', { concurrency: 1 });
    queue.register(downloads.handler);
    queue.register(exports.handler);
    const d = [1, 2, 3, 4].map((n) => queue.enqueue('download', { n }).id);
    const e = [1, 2].map((n) => queue.enqueue('export', { n }).id);
    await flush();

    expect(downloads.running).toBe(2);
    expect(exports.running).toBe(1);
    expect([...downloads.runs.keys()]).toEqual([d[0], d[1]]);
    expect(queue.get(d[2]!)?.state).toBe('queued');
    expect(queue.get(e[1]!)?.state).toBe('queued');

    downloads.run(d[1]!).work.resolve(null);
    await queue.waitFor(d[1]!);
    await flush();
    expect([...downloads.runs.keys()]).toEqual([d[0], d[1], d[2]]);
    expect(downloads.running).toBe(2);

    exports.run(e[0]!).work.reject(new Error('boom'));
    await queue.waitFor(e[0]!);
    await flush();
    expect(exports.runs.has(e[1]!)).toBe(true);

    for (const id of [d[0], d[2]]) downloads.run(id!).work.resolve(null);
    await flush();
    downloads.run(d[3]!).work.resolve(null);
    exports.run(e[1]!).work.resolve(null);
    const finished = await Promise.all([...d, ...e].map((id) => queue.waitFor(id)));
    expect(finished.map((j) => j.state)).toEqual(['done', 'done', 'done', 'done', 'failed', 'done']);
    expect(downloads.maxRunning).toBe(2);
    expect(exports.maxRunning).toBe(1);
  });

  it('stores an AppError as failed with its code and message', async () => {
    const m = manualHandler('export');
    queue.register(m.handler);
    const job = queue.enqueue('export', {});
    await flush();
    m.run(job.id).work.reject(new AppError('FFMPEG_FAILED', 'ffmpeg stopped: invalid data in input.'));
    const failed = await queue.waitFor(job.id);
    expect(failed.state).toBe('failed');
    expect(failed.error).toEqual({ code: 'FFMPEG_FAILED', message: 'ffmpeg stopped: invalid data in input.' });
    expect(lib.jobs.get(job.id)?.error).toEqual(failed.error);
    expect(statesOf(job.id)).toEqual(['queued', 'running', 'failed']);
  });

  it('stores any other error as INTERNAL, including one thrown synchronously', async () => {
    queue.register({
      kind: 'sync-throw',
      concurrency: 1,
      title: () => 'throws',
      run: () => {
        throw new TypeError('x is undefined');
      },
    });
    const failed = await queue.waitFor(queue.enqueue('sync-throw', {}).id);
    expect(failed.state).toBe('failed');
    expect(failed.error).toEqual({ code: 'INTERNAL', message: 'Unexpected error: x is undefined' });
  });

  it('fails a job whose result cannot be stored as JSON', async () => {
    queue.register({ kind: 'bigint', concurrency: 1, title: () => 'b', run: async () => ({ n: 1n }) });
    const failed = await queue.waitFor(queue.enqueue('bigint', {}).id);
    expect(failed.state).toBe('failed');
    expect(failed.error?.code).toBe('INTERNAL');
    expect(lib.jobs.get(failed.id)?.state).toBe('failed');
  });

  it('stores a job that returns nothing with a null result', async () => {
    queue.register({ kind: 'void', concurrency: 1, title: () => 'v', run: async () => undefined });
    const done = await queue.waitFor(queue.enqueue('void', {}).id);
    expect(done).toMatchObject({ state: 'done', result: null });
  });

  it('refuses unknown kinds and double registration', () => {
    expect(() => queue.enqueue('nope', {})).toThrow(AppError);
    queue.register(manualHandler('k').handler);
    expect(() => queue.register(manualHandler('k').handler)).toThrow(AppError);
  });

  it('lists newest first with the live state of running jobs', async () => {
    const m = manualHandler('k', { concurrency: 5 });
    queue.register(m.handler);
    const a = queue.enqueue('k', { n: 1 });
    const b = queue.enqueue('k', { n: 2 });
    await flush();
    m.run(a.id).ctx.progress({ fraction: 0.4, detail: 'going' });
    const list = queue.list();
    expect(list.map((j) => j.id)).toEqual([b.id, a.id]);
    expect(list[1]?.progress.fraction).toBe(0.4);
  });

  it('keeps running when a listener throws, and stops calling an unsubscribed one', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const seen: JobState[] = [];
    const off = queue.on((job) => seen.push(job.state));
    queue.on(() => {
      throw new Error('listener bug');
    });
    queue.register({ kind: 'quick', concurrency: 1, title: () => 'q', run: async () => 1 });
    const first = queue.enqueue('quick', {});
    expect((await queue.waitFor(first.id)).state).toBe('done');
    expect(seen).toEqual(['queued', 'running', 'done']);
    off();
    await queue.waitFor(queue.enqueue('quick', {}).id);
    expect(seen).toHaveLength(3);
    expect(logged).toHaveBeenCalledWith('A job listener failed:', expect.any(Error));
    logged.mockRestore();
  });
});

describe('JobQueue: waitFor', () => {
  it('resolves at once for a finished job and rejects an unknown id with NOT_FOUND', async () => {
    queue.register({ kind: 'quick', concurrency: 1, title: () => 'q', run: async () => 'r' });
    const job = queue.enqueue('quick', {});
    await queue.waitFor(job.id);
    await expect(queue.waitFor(job.id)).resolves.toMatchObject({ state: 'done', result: 'r' });
    await expect(queue.waitFor(9999)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('resolves every waiter of the same job', async () => {
    const m = manualHandler('k');
    queue.register(m.handler);
    const job = queue.enqueue('k', {});
    const waits = [queue.waitFor(job.id), queue.waitFor(job.id)];
    await flush();
    m.run(job.id).work.resolve(7);
    expect((await Promise.all(waits)).map((j) => j.result)).toEqual([7, 7]);
  });
});

describe('JobQueue: cancel', () => {
  it('cancels a queued job at once; it never runs', async () => {
    const m = manualHandler('k', { concurrency: 1 });
    queue.register(m.handler);
    const first = queue.enqueue('k', {});
    const second = queue.enqueue('k', {});
    const waiting = queue.waitFor(second.id);
    const cancelled = queue.cancel(second.id);
    expect(cancelled.state).toBe('cancelled');
    expect(lib.jobs.get(second.id)?.state).toBe('cancelled');
    expect((await waiting).state).toBe('cancelled');

    await flush();
    m.run(first.id).work.resolve(null);
    await queue.waitFor(first.id);
    await flush();
    expect(m.runs.has(second.id)).toBe(false);
    expect(statesOf(second.id)).toEqual(['queued', 'cancelled']);
  });

  it('aborts a running job; it becomes cancelled when its work settles', async () => {
    const m = manualHandler('k');
    queue.register(m.handler);
    const job = queue.enqueue('k', {});
    await flush();
    const { ctx } = m.run(job.id);

    const answer = queue.cancel(job.id);
    expect(answer.state).toBe('running');
    expect(ctx.signal.aborted).toBe(true);
    expect(ctx.signal.reason).toMatchObject({ code: 'CANCELLED' });

    const settled = await queue.waitFor(job.id);
    expect(settled.state).toBe('cancelled');
    expect(settled.error).toBeNull();
    expect(lib.jobs.get(job.id)?.state).toBe('cancelled');
    expect(statesOf(job.id)).toEqual(['queued', 'running', 'cancelled']);
  });

  it('counts any error after the signal fired as a cancellation', async () => {
    const m = manualHandler('k', {}, 'ignore');
    queue.register(m.handler);
    const job = queue.enqueue('k', {});
    await flush();
    queue.cancel(job.id);
    m.run(job.id).work.reject(new Error('ffmpeg was killed with SIGKILL'));
    expect((await queue.waitFor(job.id)).state).toBe('cancelled');
  });

  it('counts a CANCELLED error as a cancellation even without the signal', async () => {
    const m = manualHandler('k');
    queue.register(m.handler);
    const job = queue.enqueue('k', {});
    await flush();
    m.run(job.id).work.reject(new AppError('CANCELLED', 'Cancelled.'));
    expect((await queue.waitFor(job.id)).state).toBe('cancelled');
  });

  it('leaves a finished job unchanged and refuses an unknown id with NOT_FOUND', async () => {
    queue.register({ kind: 'quick', concurrency: 1, title: () => 'q', run: async () => 1 });
    const job = queue.enqueue('quick', {});
    const done = await queue.waitFor(job.id);
    expect(queue.cancel(job.id)).toEqual(done);
    expect(() => queue.cancel(9999)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }) as unknown as Error);
  });

  it('frees the slot of a cancelled running job for the next one', async () => {
    const m = manualHandler('k', { concurrency: 1 });
    queue.register(m.handler);
    const first = queue.enqueue('k', {});
    const second = queue.enqueue('k', {});
    await flush();
    queue.cancel(first.id);
    await queue.waitFor(first.id);
    await flush();
    expect(queue.get(second.id)?.state).toBe('running');
  });
});

describe('JobQueue: progress', () => {
  it('throttles progress events, keeps the fraction monotonic and always emits the final state', async () => {
    let now = 0;
    const timed = new JobQueue(lib.jobs, { now: () => now, progressIntervalMs: 100 });
    const seen: Job[] = [];
    timed.on((job) => seen.push(job));
    const m = manualHandler('k');
    timed.register(m.handler);
    const job = timed.enqueue('k', {});
    await flush();
    const { ctx, work } = m.run(job.id);
    // 200 reports over one second of (fake) time, some going backwards.
    for (let i = 1; i <= 200; i++) {
      now += 5;
      ctx.progress({ fraction: i % 10 === 0 ? 0.01 : i / 200, detail: `step ${i}` });
    }
    work.resolve(null);
    await timed.waitFor(job.id);
    await timed.close();

    const progressEvents = seen.filter((j) => j.state === 'running').slice(1);
    expect(progressEvents.length).toBeGreaterThan(1);
    expect(progressEvents.length).toBeLessThanOrEqual(11); // <= 10 per second + a trailing one
    const fractions = progressEvents.map((j) => j.progress.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(Math.max(...fractions)).toBeLessThanOrEqual(1);
    expect(seen.at(-1)).toMatchObject({ state: 'done', progress: { fraction: 1, etaSec: null } });
  });

  it('emits the last report of a burst after the interval even when nothing follows', async () => {
    const trailing = new JobQueue(lib.jobs, { now: () => 0, progressIntervalMs: 20 });
    const m = manualHandler('k');
    trailing.register(m.handler);
    const job = trailing.enqueue('k', {});
    await flush();
    const emitted = new Promise<Job>((resolve) =>
      trailing.on((j) => {
        if (j.id === job.id && j.progress.fraction === 0.3) resolve(j);
      }),
    );
    m.run(job.id).ctx.progress({ fraction: 0.2 });
    m.run(job.id).ctx.progress({ fraction: 0.3, detail: '3 of 10' });
    expect((await emitted).progress).toMatchObject({ fraction: 0.3, detail: '3 of 10' });
    m.run(job.id).work.resolve(null);
    await trailing.close();
  });

  it('clamps fractions to 0..1', async () => {
    const m = manualHandler('k');
    const eager = new JobQueue(lib.jobs, { progressIntervalMs: 0 });
    eager.register(m.handler);
    const job = eager.enqueue('k', {});
    await flush();
    m.run(job.id).ctx.progress({ fraction: 7 });
    expect(eager.get(job.id)?.progress.fraction).toBe(1);
    m.run(job.id).work.resolve(null);
    await eager.close();
  });

  it('writes progress to the database at most about once a second', async () => {
    let now = 0;
    const timed = new JobQueue(lib.jobs, { now: () => now, progressIntervalMs: 0 });
    const m = manualHandler('k');
    timed.register(m.handler);
    const job = timed.enqueue('k', {});
    await flush();
    const { ctx, work } = m.run(job.id);

    now = 500;
    ctx.progress({ fraction: 0.1 });
    expect(timed.get(job.id)?.progress.fraction).toBe(0.1);
    expect(lib.jobs.get(job.id)?.progress.fraction).toBe(0);
    now = 1000;
    ctx.progress({ fraction: 0.2 });
    expect(lib.jobs.get(job.id)?.progress.fraction).toBe(0.2);
    now = 1500;
    ctx.progress({ fraction: 0.3 });
    expect(lib.jobs.get(job.id)?.progress.fraction).toBe(0.2);

    work.resolve(null);
    await timed.waitFor(job.id);
    expect(lib.jobs.get(job.id)?.progress.fraction).toBe(1);
    await timed.close();
  });

  it("uses the work's ETA when given, else estimates one after the first second", async () => {
    let now = 0;
    const timed = new JobQueue(lib.jobs, { now: () => now, progressIntervalMs: 0 });
    const m = manualHandler('k');
    timed.register(m.handler);
    const job = timed.enqueue('k', {});
    await flush();
    const { ctx, work } = m.run(job.id);

    now = 500;
    ctx.progress({ fraction: 0.2 });
    expect(timed.get(job.id)?.progress.etaSec).toBeNull();
    now = 4000;
    ctx.progress({ fraction: 0.4 });
    const expected = estimateEtaSec({ startedAtMs: 0, startFraction: 0 }, 4000, 0.4);
    expect(expected).not.toBeNull();
    expect(timed.get(job.id)?.progress.etaSec).toBe(expected);
    ctx.progress({ fraction: 0.5, etaSec: 42 });
    expect(timed.get(job.id)?.progress.etaSec).toBe(42);

    work.resolve(null);
    await timed.close();
  });

  it('ignores reports that arrive after the job settled', async () => {
    const m = manualHandler('k');
    queue.register(m.handler);
    const job = queue.enqueue('k', {});
    await flush();
    const { ctx, work } = m.run(job.id);
    work.resolve('r');
    const done = await queue.waitFor(job.id);
    const count = events.length;
    ctx.progress({ fraction: 0.5, detail: 'late' });
    expect(events).toHaveLength(count);
    expect(queue.get(job.id)).toEqual(done);
  });
});

describe('JobQueue: restart', () => {
  it('marks a job a previous process left running as interrupted, after its cleanup', async () => {
    const left = lib.jobs.create({ kind: 'export', title: 'Export reel.mp4', projectId: null, params: { tmp: '/out/.reel.part' }, createdAt: new Date().toISOString() });
    lib.jobs.save({ ...left, state: 'running', progress: { fraction: 0.4, etaSec: 10, detail: 'range 2 of 5' } });

    const cleaned: unknown[] = [];
    const m = manualHandler('export', {
      cleanup: async (params) => {
        cleaned.push(params);
      },
    });
    queue.register(m.handler);
    await queue.recover();

    expect(cleaned).toEqual([{ tmp: '/out/.reel.part' }]);
    const job = lib.jobs.get(left.id)!;
    expect(job.state).toBe('interrupted');
    expect(job.error).toEqual(INTERRUPTED_ERROR);
    expect(job.error?.message).toMatch(/stopped when Highlighter closed/);
    expect(job.progress).toEqual({ fraction: 0.4, etaSec: null, detail: 'range 2 of 5' });
    expect(m.runs.size).toBe(0);
    expect(statesOf(left.id)).toEqual(['interrupted']);
    await expect(queue.waitFor(left.id)).resolves.toMatchObject({ state: 'interrupted' });
  });

  it('queues a resumable job again under the same id and runs it with its params', async () => {
    const left = lib.jobs.create({ kind: 'download', title: 'Download VOD', projectId: null, params: { vod: '123' }, createdAt: new Date().toISOString() });
    lib.jobs.save({ ...left, state: 'running', progress: { fraction: 0.5, etaSec: null, detail: null } });
    const queuedLeft = lib.jobs.create({ kind: 'download', title: 'Download VOD 2', projectId: null, params: { vod: '456' }, createdAt: new Date().toISOString() });

    const m = manualHandler('download', { resumable: true, concurrency: 1 });
    queue.register(m.handler);
    await queue.recover();
    await flush();

    expect(m.run(left.id).params).toEqual({ vod: '123' });
    expect(queue.get(left.id)?.progress.fraction).toBe(0.5); // carried over, not reset
    expect(queue.get(queuedLeft.id)?.state).toBe('queued'); // waits for the one slot
    m.run(left.id).work.resolve('ok');
    await queue.waitFor(left.id);
    await flush();
    m.run(queuedLeft.id).work.resolve('ok');
    expect((await queue.waitFor(queuedLeft.id)).state).toBe('done');
    expect(statesOf(left.id)).toEqual(['queued', 'running', 'done']);
  });

  it('interrupts a leftover job whose kind is no longer registered', async () => {
    const left = lib.jobs.create({ kind: 'retired', title: 'Old', projectId: null, params: {}, createdAt: new Date().toISOString() });
    await queue.recover();
    expect(lib.jobs.get(left.id)).toMatchObject({ state: 'interrupted', error: INTERRUPTED_ERROR });
  });

  it('interrupts the job even when its cleanup fails', async () => {
    const logged = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const left = lib.jobs.create({ kind: 'export', title: 'x', projectId: null, params: {}, createdAt: new Date().toISOString() });
    queue.register(
      manualHandler('export', {
        cleanup: async () => {
          throw new Error('EACCES');
        },
      }).handler,
    );
    await queue.recover();
    expect(lib.jobs.get(left.id)?.state).toBe('interrupted');
    expect(logged).toHaveBeenCalledTimes(1);
    logged.mockRestore();
  });

  it("leaves this process's own jobs alone", async () => {
    const m = manualHandler('export');
    queue.register(m.handler);
    const mine = queue.enqueue('export', {});
    await flush();
    await queue.recover();
    expect(queue.get(mine.id)?.state).toBe('running');
    m.run(mine.id).work.resolve(null);
    expect((await queue.waitFor(mine.id)).state).toBe('done');
  });

  it('survives a real close and reopen of the library: the new process interrupts the old running job', async () => {
    const m = manualHandler('export');
    queue.register(m.handler);
    const job = queue.enqueue('export', { out: '/x.mp4' });
    await flush();
    expect(lib.jobs.get(job.id)?.state).toBe('running');
    // The "process" dies: the database is closed without the queue settling anything.
    lib.close();

    const reopened = openLibrary(dir);
    try {
      const next = new JobQueue(reopened.jobs);
      const cleaned: unknown[] = [];
      next.register({ ...manualHandler('export').handler, cleanup: async (p) => void cleaned.push(p) });
      await next.recover();
      expect(reopened.jobs.get(job.id)).toMatchObject({ state: 'interrupted', error: INTERRUPTED_ERROR });
      expect(cleaned).toEqual([{ out: '/x.mp4' }]);
      await next.close();
    } finally {
      reopened.close();
      // Let the old queue's run settle against a fresh handle so afterEach can close cleanly.
      lib = openLibrary(dir);
      queue = new JobQueue(lib.jobs);
    }
  });

  it('cancels a leftover job before recovery without running it', async () => {
    const left = lib.jobs.create({ kind: 'export', title: 'x', projectId: null, params: { p: 1 }, createdAt: new Date().toISOString() });
    const cleaned: unknown[] = [];
    queue.register({ ...manualHandler('export').handler, cleanup: async (p) => void cleaned.push(p) });
    expect(queue.cancel(left.id).state).toBe('cancelled');
    await queue.recover();
    expect(lib.jobs.get(left.id)?.state).toBe('cancelled');
    expect(cleaned).toEqual([{ p: 1 }]);
  });
});

describe('JobQueue: close', () => {
  it('aborts running jobs and waits for them; non-resumable ones become interrupted', async () => {
    let settledWork = 0;
    // Work that takes a moment to stop (killing ffmpeg, removing a temporary file).
    const m = manualHandler('export', { concurrency: 1 }, ({ ctx, work }) => {
      setTimeout(() => {
        settledWork++;
        work.reject(ctx.signal.reason);
      }, 5);
    });
    queue.register(m.handler);
    const running = queue.enqueue('export', {});
    const waiting = queue.enqueue('export', {});
    await flush();

    await queue.close();
    expect(settledWork).toBe(1);
    expect(lib.jobs.get(running.id)).toMatchObject({ state: 'interrupted', error: INTERRUPTED_ERROR });
    expect(lib.jobs.get(waiting.id)).toMatchObject({ state: 'interrupted', error: INTERRUPTED_ERROR });
    expect(m.runs.has(waiting.id)).toBe(false);
    expect(() => queue.enqueue('export', {})).toThrow(AppError);
  });

  it('keeps resumable jobs queued for the next start, and a user cancel stays a cancel', async () => {
    const m = manualHandler('download', { resumable: true, concurrency: 2 });
    queue.register(m.handler);
    const a = queue.enqueue('download', { n: 1 });
    const b = queue.enqueue('download', { n: 2 });
    const c = queue.enqueue('download', { n: 3 });
    await flush();
    m.run(a.id).ctx.progress({ fraction: 0.6 });
    const waitA = queue.waitFor(a.id);
    queue.cancel(b.id);

    await queue.close();
    await expect(waitA).rejects.toMatchObject({ code: 'INTERRUPTED' });
    expect(lib.jobs.get(a.id)).toMatchObject({ state: 'queued', progress: { fraction: 0.6 } });
    expect(lib.jobs.get(b.id)?.state).toBe('cancelled');
    expect(lib.jobs.get(c.id)?.state).toBe('queued');

    const next = new JobQueue(lib.jobs);
    const again = manualHandler('download', { resumable: true, concurrency: 2 });
    next.register(again.handler);
    await next.recover();
    await flush();
    expect([...again.runs.keys()].sort()).toEqual([a.id, c.id].sort());
    expect(next.get(a.id)?.progress.fraction).toBe(0.6);
    for (const id of [a.id, c.id]) again.run(id).work.resolve(null);
    expect((await next.waitFor(c.id)).state).toBe('done');
    await next.close();
  });

  it('a job that finishes despite the abort is done', async () => {
    const m = manualHandler('export', {}, 'ignore');
    queue.register(m.handler);
    const job = queue.enqueue('export', {});
    await flush();
    const { ctx, work } = m.run(job.id);
    ctx.signal.addEventListener('abort', () => work.resolve('finished anyway'));
    await queue.close();
    expect(lib.jobs.get(job.id)).toMatchObject({ state: 'done', result: 'finished anyway' });
  });
});
