// HTTP for the Twitch client: fetch with a timeout and the caller's cancel signal, failures sorted into
// "worth retrying" (connection lost, timeout, 5xx, 429) and "final" (4xx), and messages that never
// carry a URL's query string (playlist URLs hold the playback token; OAuth tokens live in headers).
import { AppError, cancelled } from '../errors';

export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
    readonly body: string,
  ) {
    super(`HTTP ${status} from ${safeUrl(url)}`);
    this.name = 'HttpStatusError';
  }
}

/** The connection failed, was reset, or took longer than the timeout. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly url: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransportError';
  }
}

export interface HttpOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** URL without its query: safe to show and log. */
export function safeUrl(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/**
 * Sends the request and returns the response once its headers arrive. Non-2xx becomes HttpStatusError
 * (body read, up to 4 KB); a network failure or timeout becomes TransportError; the caller's abort
 * becomes CANCELLED. The timeout covers reading the body as well (fetch ties the body to the signal),
 * so a body that stalls half-way is a timeout too.
 */
export async function httpRequest(url: string, opts: HttpOptions = {}): Promise<Response> {
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(url, { method: opts.method ?? 'GET', headers: opts.headers, body: opts.body, signal });
  } catch (error) {
    throw transportFailure(error, url, opts.signal);
  }
  if (!response.ok) {
    const body = await response.text().then((t) => t.slice(0, 4096), () => '');
    throw new HttpStatusError(response.status, url, body);
  }
  return response;
}

/** Reads a whole (small) body as text with the same failure mapping. */
export async function httpText(url: string, opts: HttpOptions = {}): Promise<string> {
  const response = await httpRequest(url, opts);
  try {
    return await response.text();
  } catch (error) {
    throw transportFailure(error, url, opts.signal);
  }
}

export async function httpJson(url: string, opts: HttpOptions = {}): Promise<unknown> {
  const text = await httpText(url, opts);
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('TWITCH_CHANGED', `Twitch answered ${safeUrl(url)} with something that is not JSON. Twitch may have changed its API.`);
  }
}

/** Maps an error thrown by fetch or a body read: CANCELLED for the user's abort, TransportError otherwise. */
export function transportFailure(error: unknown, url: string, userSignal?: AbortSignal): Error {
  if (userSignal?.aborted) return cancelled();
  if (error instanceof AppError) return error;
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError') return new TransportError(`No answer from ${safeUrl(url)} in time.`, url, { cause: error });
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : '';
  const message = error instanceof Error ? error.message : String(error);
  return new TransportError(`Connection to ${safeUrl(url)} failed: ${cause || message}`, url, { cause: error });
}

/** Failures a later attempt can fix. */
export function isTransient(error: unknown): boolean {
  if (error instanceof TransportError) return true;
  if (error instanceof HttpStatusError) return error.status >= 500 || error.status === 429 || error.status === 408;
  return false;
}

/** What the user sees when retries ran out on a transient failure. */
export function networkError(error: unknown, what: string): AppError {
  if (error instanceof AppError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new AppError(
    'NETWORK',
    `Could not ${what}: ${detail} Check your internet connection; the download can be resumed and keeps what it already has.`,
    { cause: error },
  );
}
