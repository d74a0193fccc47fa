// What every slice of the store shares: the bridge, the store's own get/set, and how a failure becomes
// the alert the UI shows.
import type { HighlighterBridge } from '../../../preload/contract';
import { errorCode, userMessage } from '../bridge/bridgeError';
import type { AppState, Busy, Store } from './types';

export interface SliceContext {
  bridge: HighlighterBridge;
  get(): Store;
  set(partial: Partial<AppState>): void;
  /** Shows a failed call (or a refusal's message) as the alert. */
  fail(error: unknown): void;
  /** Shows a warning (code WARNING) as the alert. */
  warn(message: string): void;
  /**
   * Runs one user-visible operation: `busy` shows it, the alert is cleared first, a failure becomes the
   * alert. Resolves to what `run` returns (`false` on failure).
   */
  busyWith(busy: NonNullable<Busy>, run: () => Promise<boolean>): Promise<boolean>;
}

export function createSliceContext(
  bridge: HighlighterBridge,
  get: () => Store,
  set: (partial: Partial<AppState>) => void,
): SliceContext {
  let alertSeq = 0;
  const context: SliceContext = {
    bridge,
    get,
    set,
    fail(error) {
      alertSeq += 1;
      set({ alert: { message: userMessage(error), code: errorCode(error), seq: alertSeq } });
    },
    warn(message) {
      alertSeq += 1;
      set({ alert: { message, code: 'WARNING', seq: alertSeq } });
    },
    async busyWith(busy, run) {
      set({ busy, alert: null });
      try {
        return await run();
      } catch (error) {
        context.fail(error);
        return false;
      } finally {
        set({ busy: null });
      }
    },
  };
  return context;
}
