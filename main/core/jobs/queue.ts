// The job queue: runs long work (downloads, imports, analysis, exports) with a concurrency limit per
// kind, reports progress as throttled events, cancels through an AbortSignal and records every job in
// the store so a restart shows what happened and resumes what can be resumed.
// It only orchestrates promises; the work itself is async (child processes, network, workers).
import type { Job, JobState } from '../../../preload/contract';
import { AppError, cancelled, isAppError, toErrorShape } from '../errors';
import type { Progress, ProgressFn } from '../progress';
import { nextProgress, sameProgress } from './progressState';
import type { JobStore } from './store';

export interface JobContext {
  jobId: number;
  signal: AbortSignal;
  progress: ProgressFn;
}

export interface JobHandler<P = unknown, R = unknown> {
  kind: string;
  /** Per-kind limit of jobs running at once. */
  concurrency: number;
  /** e.g. "Export reel.mp4" */
  title(params: P): string;
  /** Gets the params as stored (a JSON round trip of what was enqueued). */
  run(params: P, ctx: JobContext): Promise<R>;
  /**
   * A resumable job found queued/running when the app starts again (or stopped by close()) is queued
   * again; others are cleaned up and marked 'interrupted'.
   */
  resumable?: boolean;
  /** Removes what a killed run may have left (temporary files); called before marking it interrupted. */
  cleanup?(params: P): Promise<void>;
}

export type JobListener = (job: Job) => void;

const TERMINAL_STATES: ReadonlySet<JobState> = new Set(['done', 'failed', 'cancelled', 'interrupted']);

export function isTerminal(state: JobState): boolean {
  return TERMINAL_STATES.has(state);
}

export const INTERRUPTED_ERROR = {
  code: 'INTERRUPTED',
  message: 'This job stopped when Highlighter closed before it had finished. Start it again.',
} as const;

const DEFAULT_PROGRESS_INTERVAL_MS = 100;
/** Progress reaches SQLite at most this often per job; final states are always written. */
const PERSIST_INTERVAL_MS = 1000;

/** A job this queue is responsible for: waiting for a slot or running. */
interface ActiveJob {
  /** Live copy; the stored one lags behind by up to PERSIST_INTERVAL_MS of progress. */
  job: Job;
  handler: JobHandler;
  controller: AbortController | null;
  /** Why the signal fired: the user's cancel, or close(). */
  stop: 'cancel' | 'shutdown' | null;
  startedAtMs: number;
  startFraction: number;
  lastEmitAtMs: number;
  lastPersistAtMs: number;
  emitTimer: ReturnType<typeof setTimeout> | null;
  settled: Promise<void> | null;
}

interface Outcome {
  state: JobState;
  result?: unknown;
  error?: { code: string; message: string } | null;
}

interface Waiter {
  resolve(job: Job): void;
  reject(error: unknown): void;
}

export class JobQueue {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly active = new Map<number, ActiveJob>();
  /** Ids of queued jobs, first come first served. */
  private readonly pending: number[] = [];
  private readonly runningByKind = new Map<string, number>();
  private readonly listeners = new Set<JobListener>();
  private readonly waiters = new Map<number, Waiter[]>();
  private readonly now: () => number;
  private readonly progressIntervalMs: number;
  private pumpScheduled = false;
  private recovering: Promise<void> | null = null;
  private closing: Promise<void> | null = null;

  constructor(
    private readonly store: JobStore,
    opts: { now?: () => number; progressIntervalMs?: number } = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.progressIntervalMs = opts.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS;
  }

  // `any`: each handler has its own params type; the queue only passes the stored params back to it.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  register(handler: JobHandler<any, any>): void {
    if (this.handlers.has(handler.kind)) {
      throw new AppError('INTERNAL', `A job handler for "${handler.kind}" is already registered.`);
    }
    this.handlers.set(handler.kind, handler as JobHandler);
  }

  /** Persists the job as 'queued'; it starts when a slot of its kind is free. */
  enqueue(kind: string, params: unknown, opts: { projectId?: number | null } = {}): Job {
    if (this.closing) throw new AppError('INTERNAL', 'Highlighter is closing; no new jobs can start.');
    const handler = this.handlers.get(kind);
    if (!handler) throw new AppError('INTERNAL', `No job handler is registered for "${kind}".`);
    const job = this.store.create({
      kind,
      title: handler.title(params),
      projectId: opts.projectId ?? null,
      params,
      createdAt: this.iso(),
    });
    this.admit(job, handler);
    return structuredClone(job);
  }

  /**
   * Queued → cancelled at once; running → the signal fires and the job becomes 'cancelled' when its
   * work settles; finished → unchanged.
   */
  cancel(jobId: number): Job {
    const active = this.active.get(jobId);
    if (active?.job.state === 'queued') {
      this.pending.splice(this.pending.indexOf(jobId), 1);
      this.active.delete(jobId);
      const job: Job = { ...active.job, state: 'cancelled', progress: { ...active.job.progress, etaSec: null }, updatedAt: this.iso() };
      this.record(job);
      return structuredClone(job);
    }
    if (active) {
      active.stop ??= 'cancel';
      active.controller?.abort(cancelled());
      return structuredClone(active.job);
    }
    const stored = this.store.get(jobId);
    if (!stored) throw new AppError('NOT_FOUND', `There is no job #${jobId}.`);
    if (isTerminal(stored.state)) return stored;
    // Left unfinished by a previous process and not recovered yet: nothing runs it, so only record it.
    const job: Job = { ...stored, state: 'cancelled', progress: { ...stored.progress, etaSec: null }, updatedAt: this.iso() };
    this.record(job);
    void this.cleanup(this.handlers.get(stored.kind), stored);
    return structuredClone(job);
  }

  get(jobId: number): Job | null {
    const active = this.active.get(jobId);
    return active ? structuredClone(active.job) : this.store.get(jobId);
  }

  /** Newest first (all of them unless `limit` is given), with live progress for running jobs. */
  list(opts?: { limit?: number }): Job[] {
    return this.store.list(opts).map((job) => {
      const active = this.active.get(job.id);
      return active ? structuredClone(active.job) : job;
    });
  }

  /** Called on every creation, state change and (throttled) progress change. */
  on(listener: JobListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Resolves with the job once it is done, failed, cancelled or interrupted. */
  waitFor(jobId: number): Promise<Job> {
    const job = this.get(jobId);
    if (!job) return Promise.reject(new AppError('NOT_FOUND', `There is no job #${jobId}.`));
    if (isTerminal(job.state)) return Promise.resolve(job);
    if (this.closing) return Promise.reject(closingError());
    return new Promise<Job>((resolve, reject) => {
      const list = this.waiters.get(jobId) ?? [];
      list.push({ resolve, reject });
      this.waiters.set(jobId, list);
    });
  }

  /**
   * At start: jobs a previous process left queued or running are queued again when resumable, else
   * cleaned up and marked 'interrupted'. Calling it again returns the same promise.
   */
  recover(): Promise<void> {
    this.recovering ??= this.recoverLeftovers();
    return this.recovering;
  }

  /**
   * Stops everything: running jobs are aborted and awaited. A job stopped this way is queued again at
   * the next start when resumable, else marked 'interrupted'; so are jobs that had not started.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  // --- internals -------------------------------------------------------------------------------

  private async recoverLeftovers(): Promise<void> {
    for (const stored of this.store.unfinished()) {
      if (this.active.has(stored.id) || this.closing) continue;
      const handler = this.handlers.get(stored.kind);
      if (handler?.resumable) {
        const job: Job = { ...stored, state: 'queued', progress: { ...stored.progress, etaSec: null }, updatedAt: this.iso() };
        this.store.save(job);
        this.admit(job, handler);
        continue;
      }
      await this.cleanup(handler, stored);
      // cancel() may have settled it while the cleanup ran.
      const current = this.store.get(stored.id);
      if (!current || isTerminal(current.state)) continue;
      this.record({
        ...current,
        state: 'interrupted',
        progress: { ...current.progress, etaSec: null },
        error: { ...INTERRUPTED_ERROR },
        updatedAt: this.iso(),
      });
    }
  }

  private async shutdown(): Promise<void> {
    for (const id of this.pending.splice(0)) {
      const queued = this.active.get(id)!;
      this.active.delete(id);
      if (queued.handler.resumable) this.rejectWaiters(id); // stays 'queued' in the store
      else this.record({ ...queued.job, state: 'interrupted', error: { ...INTERRUPTED_ERROR }, updatedAt: this.iso() });
    }
    const running = [...this.active.values()];
    for (const job of running) {
      job.stop ??= 'shutdown';
      job.controller?.abort(cancelled());
    }
    await Promise.all(running.map((job) => job.settled));
    for (const id of [...this.waiters.keys()]) this.rejectWaiters(id);
  }

  private admit(job: Job, handler: JobHandler): void {
    this.active.set(job.id, {
      job,
      handler,
      controller: null,
      stop: null,
      startedAtMs: 0,
      startFraction: 0,
      lastEmitAtMs: 0,
      lastPersistAtMs: 0,
      emitTimer: null,
      settled: null,
    });
    this.pending.push(job.id);
    this.emit(job);
    this.schedulePump();
  }

  // Starting in a microtask lets enqueue() return (and emit) the 'queued' job before its work begins.
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    queueMicrotask(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.closing) return;
    for (let i = 0; i < this.pending.length; ) {
      const active = this.active.get(this.pending[i]!)!;
      const { kind } = active.job;
      if ((this.runningByKind.get(kind) ?? 0) < slots(active.handler)) {
        this.pending.splice(i, 1);
        this.start(active);
      } else {
        i++;
      }
    }
  }

  private start(active: ActiveJob): void {
    const { kind } = active.job;
    this.runningByKind.set(kind, (this.runningByKind.get(kind) ?? 0) + 1);
    const nowMs = this.now();
    const controller = new AbortController();
    active.controller = controller;
    active.startedAtMs = nowMs;
    active.startFraction = active.job.progress.fraction;
    active.lastEmitAtMs = nowMs;
    active.lastPersistAtMs = nowMs;
    active.job = {
      ...active.job,
      state: 'running',
      progress: { ...active.job.progress, etaSec: null },
      updatedAt: this.iso(nowMs),
    };
    this.record(active.job);

    const ctx: JobContext = {
      jobId: active.job.id,
      signal: controller.signal,
      progress: (progress) => this.onProgress(active, progress),
    };
    active.settled = Promise.resolve()
      .then(() => active.handler.run(active.job.params, ctx))
      .then(
        (result) => this.settle(active, { state: 'done', result }),
        (error: unknown) => this.settle(active, this.outcomeOfError(active, error)),
      )
      .catch((error: unknown) => {
        // Only reachable when the store itself fails (e.g. the database was closed underneath).
        console.error(`Job #${active.job.id} could not be recorded:`, error);
      });
  }

  private outcomeOfError(active: ActiveJob, error: unknown): Outcome {
    const wasCancelled = (isAppError(error) && error.code === 'CANCELLED') || active.controller?.signal.aborted;
    if (!wasCancelled) return { state: 'failed', error: toErrorShape(error) };
    if (active.stop === 'shutdown') {
      return active.handler.resumable ? { state: 'queued' } : { state: 'interrupted', error: { ...INTERRUPTED_ERROR } };
    }
    return { state: 'cancelled' };
  }

  private settle(active: ActiveJob, outcome: Outcome): void {
    const { id, kind } = active.job;
    if (active.emitTimer) clearTimeout(active.emitTimer);
    active.emitTimer = null;
    this.active.delete(id);
    this.runningByKind.set(kind, (this.runningByKind.get(kind) ?? 1) - 1);

    const done = outcome.state === 'done';
    let job: Job = {
      ...active.job,
      state: outcome.state,
      progress: { ...active.job.progress, fraction: done ? 1 : active.job.progress.fraction, etaSec: null },
      result: null,
      error: outcome.error ?? null,
      updatedAt: this.iso(),
    };
    if (done) {
      try {
        job.result = jsonRoundTrip(outcome.result);
      } catch (error) {
        job = { ...job, state: 'failed', error: toErrorShape(new AppError('INTERNAL', `The job's result cannot be stored: ${String(error)}`)) };
      }
    }
    if (job.state === 'queued') {
      // Stopped by close() and resumable: left queued in the store for the next start.
      this.store.save(job);
      this.emit(job);
      this.rejectWaiters(id);
    } else {
      this.record(job);
    }
    this.schedulePump();
  }

  private onProgress(active: ActiveJob, reported: Progress): void {
    // Reports that arrive after the job settled (a straggling callback) change nothing.
    if (this.active.get(active.job.id) !== active || active.job.state !== 'running') return;
    const nowMs = this.now();
    const progress = nextProgress(active.job.progress, reported, active, nowMs);
    if (sameProgress(progress, active.job.progress)) return;
    active.job = { ...active.job, progress, updatedAt: this.iso(nowMs) };

    if (nowMs - active.lastPersistAtMs >= PERSIST_INTERVAL_MS) this.persistProgress(active, nowMs);
    const sinceEmit = nowMs - active.lastEmitAtMs;
    if (sinceEmit >= this.progressIntervalMs) {
      this.emitProgress(active, nowMs);
    } else if (!active.emitTimer) {
      // Trailing emit: the last report of a burst is shown even if no further report comes.
      const delay = Math.min(this.progressIntervalMs, Math.max(0, this.progressIntervalMs - sinceEmit));
      active.emitTimer = setTimeout(() => {
        active.emitTimer = null;
        if (this.active.get(active.job.id) !== active) return;
        const at = this.now();
        if (at - active.lastPersistAtMs >= PERSIST_INTERVAL_MS) this.persistProgress(active, at);
        this.emitProgress(active, at);
      }, delay);
      active.emitTimer.unref?.();
    }
  }

  private emitProgress(active: ActiveJob, nowMs: number): void {
    if (active.emitTimer) clearTimeout(active.emitTimer);
    active.emitTimer = null;
    active.lastEmitAtMs = nowMs;
    this.emit(active.job);
  }

  private persistProgress(active: ActiveJob, nowMs: number): void {
    active.lastPersistAtMs = nowMs;
    try {
      this.store.save(active.job);
    } catch (error) {
      // Progress is a convenience for a later restart; losing one write must not fail the job.
      console.warn(`Progress of job #${active.job.id} could not be saved:`, error);
    }
  }

  /** Persists, emits, and resolves waiters when the state is final. */
  private record(job: Job): void {
    this.store.save(job);
    this.emit(job);
    if (isTerminal(job.state)) {
      const waiters = this.waiters.get(job.id) ?? [];
      this.waiters.delete(job.id);
      for (const waiter of waiters) waiter.resolve(structuredClone(job));
    }
  }

  private rejectWaiters(jobId: number): void {
    const waiters = this.waiters.get(jobId) ?? [];
    this.waiters.delete(jobId);
    for (const waiter of waiters) waiter.reject(closingError());
  }

  private emit(job: Job): void {
    if (this.listeners.size === 0) return;
    const snapshot = structuredClone(job);
    for (const listener of this.listeners) {
      try {
        listener(snapshot);
      } catch (error) {
        console.error('A job listener failed:', error);
      }
    }
  }

  private async cleanup(handler: JobHandler | undefined, job: Job): Promise<void> {
    if (!handler?.cleanup) return;
    try {
      await handler.cleanup(job.params);
    } catch (error) {
      console.warn(`Cleanup of job #${job.id} (${job.kind}) failed:`, error);
    }
  }

  private iso(ms: number = this.now()): string {
    return new Date(ms).toISOString();
  }
}

function slots(handler: JobHandler): number {
  return Number.isFinite(handler.concurrency) ? Math.max(1, Math.floor(handler.concurrency)) : 1;
}

function jsonRoundTrip(value: unknown): unknown {
  const json = JSON.stringify(value);
  return json === undefined ? null : (JSON.parse(json) as unknown);
}

function closingError(): AppError {
  return new AppError('INTERRUPTED', 'Highlighter closed before the job finished.');
}
