// Runs an action once input has been still for a moment: moving the sensitivity slider or typing a
// target re-detects once, after the user pauses, not on every step. Timers are injectable for tests.

export interface Debouncer {
  /** (Re)start the wait; the action runs `delayMs` after the last call. */
  schedule(): void;
  /** Forget a waiting run (an explicit run happened, or the project closed). */
  cancel(): void;
  /** True while a run is waiting. */
  pending(): boolean;
}

export function createDebouncer(
  action: () => void,
  delayMs: number,
  setTimer: (fn: () => void, ms: number) => unknown = (fn, ms) => setTimeout(fn, ms),
  clearTimer: (handle: unknown) => void = (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
): Debouncer {
  let timer: unknown = null;
  return {
    schedule() {
      if (timer !== null) clearTimer(timer);
      timer = setTimer(() => {
        timer = null;
        action();
      }, delayMs);
    },
    cancel() {
      if (timer !== null) clearTimer(timer);
      timer = null;
    },
    pending() {
      return timer !== null;
    },
  };
}
