// Retries with exponential back-off and jitter: what keeps a download alive through the blips of a
// long session (a dropped connection, a 5xx, a null chat page) without hammering Twitch.
import { cancelled } from '../errors';

export interface RetryOptions {
  /** Extra attempts after the first. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs?: number;
  signal?: AbortSignal;
  isRetryable: (error: unknown) => boolean;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/** Delay before retry `attempt` (1-based): base·2^(attempt-1), capped, with ±25 % jitter. */
export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs: number, random = Math.random): number {
  const raw = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  return Math.round(raw * (0.75 + random() * 0.5));
}

export async function withRetry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  const maxDelayMs = opts.maxDelayMs ?? 30_000;
  for (let attempt = 0; ; attempt++) {
    if (opts.signal?.aborted) throw cancelled();
    try {
      return await fn(attempt);
    } catch (error) {
      if (opts.signal?.aborted) throw cancelled();
      if (attempt >= opts.retries || !opts.isRetryable(error)) throw error;
      const delayMs = backoffDelay(attempt + 1, opts.baseDelayMs, maxDelayMs);
      opts.onRetry?.(error, attempt + 1, delayMs);
      await sleep(delayMs, opts.signal);
    }
  }
}

/** Resolves after ms; rejects with CANCELLED as soon as the signal fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
