// window.highlighter for a browser talking to `highlighter serve` (see notes/web-protocol.md): one POST
// per call with an Envelope back, Server-Sent Events for pushes, /media/<id> for the video. Generic
// over the contract's method and event names; nothing here is written per method.
import {
  eventNames,
  methodNames,
  type Envelope,
  type EventName,
  type EventPayload,
  type HighlighterApi,
  type HighlighterBridge,
  type MethodName,
} from '../../../preload/contract';
import { BridgeError } from './bridgeError';

export interface WebBridgeOptions {
  /** Prefix for every URL; '' means same origin (the server also serves this page). */
  baseUrl?: string;
  fetch?: typeof fetch;
  EventSource?: typeof EventSource;
}

/** Small bodies may outlive the page (a last save on close); browsers cap keepalive bodies at 64 KB. */
const KEEPALIVE_LIMIT = 60_000;

type AnyListener = (payload: unknown) => void;

export function createWebBridge(options: WebBridgeOptions = {}): HighlighterBridge {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const EventSourceImpl = options.EventSource ?? globalThis.EventSource;
  const listeners = new Map<EventName, Set<AnyListener>>();
  let source: EventSource | null = null;

  async function call(method: MethodName, args: unknown): Promise<unknown> {
    const body = JSON.stringify(args ?? {});
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
        credentials: 'same-origin',
        keepalive: body.length < KEEPALIVE_LIMIT,
      });
    } catch (cause) {
      throw new BridgeError(
        'NETWORK',
        'Highlighter is not reachable. Is `highlighter serve` still running?',
        { cause },
      );
    }
    if (response.status === 401) {
      throw new BridgeError(
        'UNAUTHORIZED',
        'This page is not signed in to Highlighter. Open the link that `highlighter serve` printed (it contains the token).',
      );
    }
    let envelope: Envelope<unknown>;
    try {
      envelope = (await response.json()) as Envelope<unknown>;
    } catch (cause) {
      throw new BridgeError('INTERNAL', `Highlighter answered ${method} with an unreadable response (HTTP ${response.status}).`, {
        cause,
      });
    }
    if (envelope && typeof envelope === 'object' && 'ok' in envelope) {
      if (envelope.ok) return envelope.value;
      throw new BridgeError(envelope.error.code, envelope.error.message);
    }
    throw new BridgeError('INTERNAL', `Highlighter answered ${method} with an unexpected response.`);
  }

  function ensureSource(): void {
    if (source || !EventSourceImpl) return;
    source = new EventSourceImpl(`${baseUrl}/api/events`, { withCredentials: true });
    for (const name of eventNames) {
      source.addEventListener(name, (event) => {
        const data = (event as MessageEvent<string>).data;
        let payload: unknown;
        try {
          payload = JSON.parse(data);
        } catch {
          return; // A malformed push is dropped; the next one or a refresh brings the state back.
        }
        for (const listener of listeners.get(name) ?? []) listener(payload);
      });
    }
  }

  function closeSourceIfIdle(): void {
    const active = [...listeners.values()].some((set) => set.size > 0);
    if (!active && source) {
      source.close();
      source = null;
    }
  }

  const api = Object.fromEntries(
    methodNames.map((name) => [name, (args: unknown) => call(name, args)]),
  ) as unknown as HighlighterApi;

  return {
    ...api,
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      const wrapped = listener as AnyListener;
      set.add(wrapped);
      ensureSource();
      return () => {
        set.delete(wrapped);
        closeSourceIfIdle();
      };
    },
    mediaUrl(mediaId: number): string {
      return `${baseUrl}/media/${encodeURIComponent(String(mediaId))}`;
    },
    pathForFile(): string | null {
      return null; // A browser never reveals where a dropped file lives.
    },
    transport: 'web',
  };
}
