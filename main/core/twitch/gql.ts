// Twitch GraphQL: single or batched operations, retried on transient failures, and Twitch's way of
// failing (HTTP 200 with an `errors` array) turned into errors that name what changed.
import { AppError } from '../errors';
import { COMMENTS_CLIENT_ID, WEB_CLIENT_ID, type TwitchEndpoints } from './endpoints';
import { HttpStatusError, httpJson, isTransient, networkError } from './http';
import { withRetry } from './retry';

export interface GqlOptions {
  /** Which client id to send (comments need the other one, see endpoints.ts). */
  client?: 'web' | 'comments';
  /** Sends `Authorization: OAuth <token>` (subscriber-only VODs). Never logged or shown. */
  oauthToken?: string | null;
  signal?: AbortSignal;
}

export interface GqlClientOptions {
  retries?: number;
  baseDelayMs?: number;
  timeoutMs?: number;
}

/** One operation's answer: `data` and the errors Twitch attached (already checked by `request`). */
export type GqlData = Record<string, unknown>;

/** An `errors` entry Twitch sends with HTTP 200. */
export class GqlError extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join('; '));
    this.name = 'GqlError';
  }
}

/** Twitch's own hiccups that a retry fixes ("service timeout", "service error"). */
function transientGqlError(error: unknown): boolean {
  return error instanceof GqlError && error.messages.every((m) => /timeout|service error|service unavailable|rate limit/i.test(m));
}

export function isRetryableGql(error: unknown): boolean {
  return isTransient(error) || transientGqlError(error);
}

/** Names the failure when Twitch's answer says the API moved under us. */
export function describeGqlError(error: GqlError): AppError {
  const text = error.messages.join('; ');
  if (/integrity/i.test(text)) {
    return new AppError(
      'TWITCH_CHANGED',
      `Twitch refused the request with an integrity check ("${text}"). Twitch changed what its private API accepts; a newer Highlighter is needed.`,
      { cause: error },
    );
  }
  if (/PersistedQueryNotFound|persisted query/i.test(text)) {
    return new AppError(
      'TWITCH_CHANGED',
      `Twitch no longer knows the query Highlighter uses ("${text}"). Twitch changed its private API; a newer Highlighter is needed.`,
      { cause: error },
    );
  }
  return new AppError('TWITCH_CHANGED', `Twitch answered with an error: "${text}". Twitch may have changed its private API.`, {
    cause: error,
  });
}

export class GqlClient {
  private readonly retries: number;
  private readonly baseDelayMs: number;
  private readonly timeoutMs: number;

  constructor(
    readonly endpoints: TwitchEndpoints,
    opts: GqlClientOptions = {},
  ) {
    this.retries = opts.retries ?? 5;
    this.baseDelayMs = opts.baseDelayMs ?? 500;
    this.timeoutMs = opts.timeoutMs ?? 20_000;
  }

  /** One operation; resolves to its `data`. */
  async request(operation: object, opts: GqlOptions = {}): Promise<GqlData> {
    const [data] = await this.batch([operation], opts);
    return data as GqlData;
  }

  /**
   * Several operations in one round trip; resolves to each one's `data` in order. Any `errors` fails
   * the whole call (transient ones are retried first).
   */
  async batch(operations: object[], opts: GqlOptions = {}): Promise<GqlData[]> {
    const headers: Record<string, string> = {
      'Client-ID': opts.client === 'comments' ? COMMENTS_CLIENT_ID : WEB_CLIENT_ID,
      'Content-Type': 'text/plain;charset=UTF-8',
    };
    if (opts.oauthToken) headers.Authorization = `OAuth ${opts.oauthToken}`;
    const body = JSON.stringify(operations.length === 1 ? operations[0] : operations);
    try {
      return await withRetry(
        async () => {
          const json = await httpJson(this.endpoints.gqlUrl, {
            method: 'POST',
            headers,
            body,
            timeoutMs: this.timeoutMs,
            signal: opts.signal,
          });
          return unpack(json, operations.length);
        },
        { retries: this.retries, baseDelayMs: this.baseDelayMs, signal: opts.signal, isRetryable: isRetryableGql },
      );
    } catch (error) {
      // Twitch still saying "service timeout" after every retry is an outage, not an API change.
      if (transientGqlError(error)) throw networkError(error, 'get an answer from Twitch');
      if (error instanceof GqlError) throw describeGqlError(error);
      if (error instanceof HttpStatusError && error.status === 401) {
        throw new AppError('VOD_SUBSCRIBER_ONLY', 'Twitch did not accept the OAuth token. Paste a current token or remove it.', {
          cause: error,
        });
      }
      if (error instanceof HttpStatusError && !isTransient(error)) {
        throw new AppError('TWITCH_CHANGED', `Twitch's API refused the request (HTTP ${error.status}). Twitch may have changed its private API.`, {
          cause: error,
        });
      }
      throw networkError(error, 'reach Twitch');
    }
  }
}

function unpack(json: unknown, count: number): GqlData[] {
  const answers = Array.isArray(json) ? json : [json];
  if (answers.length !== count) {
    throw new AppError('TWITCH_CHANGED', `Twitch answered ${answers.length} results to ${count} queries. Twitch may have changed its API.`);
  }
  return answers.map((answer) => {
    if (typeof answer !== 'object' || answer === null) {
      throw new AppError('TWITCH_CHANGED', 'Twitch sent an answer without data. Twitch may have changed its API.');
    }
    const { data, errors } = answer as { data?: unknown; errors?: { message?: unknown }[] };
    if (Array.isArray(errors) && errors.length > 0) {
      throw new GqlError(errors.map((e) => String(e?.message ?? 'unknown error')));
    }
    if (typeof data !== 'object' || data === null) {
      throw new AppError('TWITCH_CHANGED', 'Twitch sent an answer without data. Twitch may have changed its API.');
    }
    return data as GqlData;
  });
}
