// Saves the highlight list as the user edits: debounced, one request at a time, in order, with an
// explicit flush (before export, on close, on page hide). A reply is applied only when no newer edit
// exists, so a slow save can never roll back what the user just did.

export interface SaveQueueOptions<T, R> {
  save: (value: T) => Promise<R>;
  /** Called with the server's answer when it is still the latest state. */
  onSaved: (result: R) => void;
  /** Called with every successful answer, even one a newer edit supersedes: it is what the server holds now. */
  onConfirmed?: (result: R) => void;
  onError: (error: unknown) => void;
  delayMs: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export interface SaveQueue<T> {
  /** Remember `value` as the newest state and save it after the debounce delay. */
  schedule(value: T): void;
  /** Save whatever is pending now; resolves once every save so far has finished (or failed). */
  flush(): Promise<void>;
  /** True while an edit is waiting or being saved. */
  busy(): boolean;
  /** Forget a pending edit (the project was closed after a flush). */
  dispose(): void;
  /**
   * Keep new edits waiting (not sent by the timer) until the returned release is called: while the
   * server is re-detecting, a list made before its answer must not replace what it is about to send.
   * flush() still sends.
   */
  hold(): () => void;
}

export function createSaveQueue<T, R>(options: SaveQueueOptions<T, R>): SaveQueue<T> {
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let pending: { value: T; version: number } | null = null;
  let timer: unknown = null;
  let version = 0;
  let chain: Promise<void> = Promise.resolve();
  let inFlight = 0;
  let disposed = false;
  let holds = 0;

  function startTimer(): void {
    if (timer !== null) clearTimer(timer);
    timer = setTimer(() => {
      timer = null;
      if (holds === 0) void send();
    }, options.delayMs);
  }

  function send(): Promise<void> {
    if (timer !== null) {
      clearTimer(timer);
      timer = null;
    }
    const job = pending;
    pending = null;
    if (!job) return chain;
    inFlight += 1;
    chain = chain.then(async () => {
      let outcome: { ok: true; result: R } | { ok: false; error: unknown };
      try {
        outcome = { ok: true, result: await options.save(job.value) };
      } catch (error) {
        outcome = { ok: false, error };
      }
      // Settled before the callbacks run, so busy() inside them tells whether more is waiting.
      inFlight -= 1;
      if (disposed) return;
      if (!outcome.ok) {
        options.onError(outcome.error);
        return;
      }
      options.onConfirmed?.(outcome.result);
      // Newer edits exist (pending or already sent later): their own reply will be the truth.
      if (job.version === version) options.onSaved(outcome.result);
    });
    return chain;
  }

  return {
    schedule(value) {
      if (disposed) return;
      version += 1;
      pending = { value, version };
      startTimer();
    },
    flush() {
      return send();
    },
    busy() {
      return pending !== null || inFlight > 0;
    },
    dispose() {
      if (timer !== null) clearTimer(timer);
      timer = null;
      pending = null;
      disposed = true;
    },
    hold() {
      holds += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        holds -= 1;
        // An edit made while held was kept waiting: send it on the usual delay.
        if (holds === 0 && pending !== null && !disposed) startTimer();
      };
    },
  };
}
