// Small fire-and-forget work the user never waits for and never needs to see (thumbnails): too
// cheap for a job in the jobs list, but it must not run twice at once, must not start a process per
// project at the same moment, must not retry a failure on every call, and must stop when the core
// closes.
import { isAppError } from './errors';

export type BackgroundWork = (signal: AbortSignal) => Promise<void>;

export class BackgroundTasks {
  /** Keys started and not settled yet (queued or running). */
  private readonly started = new Set<string>();
  /** Keys whose work failed: not tried again by this process. */
  private readonly failed = new Set<string>();
  private readonly waiting: (() => void)[] = [];
  private readonly pending = new Set<Promise<void>>();
  private readonly controller = new AbortController();
  private running = 0;

  constructor(private readonly limit = 1) {}

  /** Starts `work` under `key` unless it is already underway or failed before in this process. */
  start(key: string, work: BackgroundWork): void {
    if (this.controller.signal.aborted || this.started.has(key) || this.failed.has(key)) return;
    this.started.add(key);
    const done = this.run(key, work).finally(() => {
      this.started.delete(key);
      this.pending.delete(done);
    });
    this.pending.add(done);
  }

  /** Resolves once nothing is queued or running (for tests and close). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Stops running work (its signal fires), drops what waits, and resolves when all has settled. */
  async close(): Promise<void> {
    this.controller.abort();
    for (const wake of this.waiting.splice(0)) wake();
    await this.idle();
  }

  private async run(key: string, work: BackgroundWork): Promise<void> {
    const { signal } = this.controller;
    while (this.running >= this.limit && !signal.aborted) await new Promise<void>((wake) => this.waiting.push(wake));
    if (signal.aborted) return;
    this.running++;
    try {
      await work(signal);
    } catch (error) {
      if (signal.aborted) return;
      this.failed.add(key);
      // Expected failures (a moved video) only mean "no thumbnail"; anything else is a bug to see.
      if (!isAppError(error)) console.warn(`Background task ${key} failed:`, error);
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
