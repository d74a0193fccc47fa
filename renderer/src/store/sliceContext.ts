// What every slice of the store shares: the bridge, the store's own get/set, and how a failure becomes
// the alert the UI shows.
import type { HighlighterBridge } from '../../../preload/contract';
import { errorCode, userMessage } from '../bridge/bridgeError';
import type { AppState, Store } from './types';

export interface SliceContext {
  bridge: HighlighterBridge;
  get(): Store;
  set(partial: Partial<AppState>): void;
  /** Shows a failed call (or a refusal's message) as the alert. */
  fail(error: unknown): void;
  /** Shows a warning (code WARNING) as the alert. */
  warn(message: string): void;
}

export function createSliceContext(
  bridge: HighlighterBridge,
  get: () => Store,
  set: (partial: Partial<AppState>) => void,
): SliceContext {
  let alertSeq = 0;
  return {
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
  };
}
