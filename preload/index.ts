// window.highlighter for the Electron renderer, generic over the contract: a method added to
// preload/contract.ts appears here with no code change.
//
// Sandboxed preloads can only require 'electron', so this is bundled into one CJS file (out/preload/index.cjs).
//
// Why the bridge is built in the page's own world (contextBridge.executeInMainWorld) instead of being
// handed over with exposeInMainWorld: an Error thrown across the context bridge arrives with its message
// only (electron/electron#25596), so `error.code` would be lost in Electron and present in web mode. Here
// only envelopes cross the bridge and the Error, with its code, is created on the page's side.
import { contextBridge, ipcRenderer, webUtils, type IpcRenderer, type IpcRendererEvent, type WebUtils } from 'electron';
import {
  eventNames,
  methodNames,
  type Envelope,
  type HighlighterApi,
  type HighlighterBridge,
} from './contract';

// Same prefixes as main/ipc.ts (methodChannel / eventChannel).
const METHOD_PREFIX = 'highlighter:';
const EVENT_PREFIX = 'highlighter:event:';

/** What the isolated world hands to the page: calls that resolve to envelopes, and event subscription. */
export interface BridgeTransport {
  invoke(method: string, args: unknown): Promise<Envelope<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  pathForFile(file: File): string | null;
}

export function createTransport(
  ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>,
  utils: Pick<WebUtils, 'getPathForFile'>,
): BridgeTransport {
  const knownMethods = new Set<string>(methodNames);
  const knownEvents = new Set<string>(eventNames);
  return {
    async invoke(method, args) {
      if (!knownMethods.has(method)) {
        return { ok: false, error: { code: 'BAD_ARGUMENTS', message: `Unknown method "${method}".` } };
      }
      return (await ipc.invoke(METHOD_PREFIX + method, args)) as Envelope<unknown>;
    },
    on(event, listener) {
      if (!knownEvents.has(event)) throw new Error(`Unknown event "${event}".`);
      const channel = EVENT_PREFIX + event;
      // The IPC event (and its `sender`) never reaches the page: only the payload does.
      const relay = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipc.on(channel, relay);
      return () => {
        ipc.removeListener(channel, relay);
      };
    },
    pathForFile(file) {
      try {
        return utils.getPathForFile(file) || null;
      } catch {
        return null;
      }
    },
  };
}

/**
 * Defines window.highlighter. Runs in the page's world: executeInMainWorld serialises this function, so it
 * must stay self-contained (no imports, no outer variables; only its arguments and page globals).
 */
export function installBridge(transport: BridgeTransport, names: readonly string[]): void {
  const call = (name: string) => async (args: unknown) => {
    const envelope = await transport.invoke(name, args === undefined ? {} : args);
    if (envelope.ok) return envelope.value;
    const error = new Error(envelope.error.message) as Error & { code: string };
    error.name = 'HighlighterError';
    error.code = envelope.error.code;
    throw error;
  };
  const api = Object.fromEntries(names.map((name) => [name, call(name)])) as unknown as HighlighterApi;
  const bridge = {
    ...api,
    on: (event, listener) => transport.on(event, listener as (payload: unknown) => void),
    mediaUrl: (mediaId) => `media://file/${mediaId}`,
    pathForFile: (file) => transport.pathForFile(file),
    transport: 'electron',
  } satisfies HighlighterBridge;
  Object.defineProperty(globalThis, 'highlighter', { value: Object.freeze(bridge), enumerable: true });
}

contextBridge.executeInMainWorld({
  func: installBridge,
  args: [createTransport(ipcRenderer, webUtils), [...methodNames]],
});
