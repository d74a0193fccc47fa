// Errors are values with a stable code and a message written for the user, created where the failure
// is understood and shown as is by every shell (CLI stderr line, HTTP body, UI toast).
import type { ErrorShape } from '../../preload/contract';

export type ErrorCode =
  | 'BAD_ARGUMENTS'
  | 'NOT_FOUND'
  | 'FFMPEG_MISSING'
  | 'FFMPEG_FAILED'
  | 'MEDIA_UNREADABLE'
  | 'CHAT_UNREADABLE'
  | 'CHAT_FORMAT_UNKNOWN'
  | 'NO_CHAT'
  | 'NO_HIGHLIGHTS'
  | 'BAD_RANGES'
  | 'OUTPUT_EXISTS'
  | 'OUTPUT_UNWRITABLE'
  | 'CANCELLED'
  | 'INTERRUPTED'
  | 'JOB_RUNNING'
  | 'NO_DIALOGS'
  | 'FORBIDDEN'
  | 'VOD_REF_INVALID'
  | 'VOD_NOT_FOUND'
  | 'VOD_SUBSCRIBER_ONLY'
  | 'VOD_PROCESSING'
  | 'NETWORK'
  | 'TWITCH_CHANGED'
  | 'INTERNAL';

export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** The shape every transport sends; unknown errors become INTERNAL with their message. */
export function toErrorShape(error: unknown): ErrorShape {
  if (isAppError(error)) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: `Unexpected error: ${message}` };
}

export function cancelled(): AppError {
  return new AppError('CANCELLED', 'Cancelled.');
}

/** Throws CANCELLED when the signal has fired; call between steps of long work. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelled();
}
