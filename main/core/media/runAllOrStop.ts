// Runs several ffmpeg reads of one file side by side (the audio heatmap and the waveform split long
// files), all or none: the caller's cancel or one part failing stops every part, and this returns only
// once every part has ended (the caller may then delete files they wrote). The error thrown is the
// failure that stopped the others, not the CANCELLED it caused in them.
import { isAppError, throwIfCancelled } from '../errors';

export async function runAllOrStop<T>(
  parts: readonly T[],
  signal: AbortSignal | undefined,
  run: (part: T, index: number, signal: AbortSignal) => Promise<unknown>,
): Promise<void> {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  let outcomes: PromiseSettledResult<unknown>[];
  try {
    outcomes = await Promise.allSettled(
      parts.map(async (part, i) => {
        try {
          return await run(part, i, controller.signal);
        } catch (error) {
          controller.abort(); // one failed: the others stop too
          throw error;
        }
      }),
    );
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  throwIfCancelled(signal);
  const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
  const failure = failures.find((e) => !(isAppError(e) && e.code === 'CANCELLED')) ?? failures[0];
  if (failure !== undefined) throw failure;
}
