// What one chat file format contributes: recognising its own content and turning a byte stream into
// normalised messages. Everything shared by all formats (opening the file, gzip, progress, cancel,
// the offset rules, user-facing errors) lives in importChat, so a new format is one module here.
import type { Readable } from 'node:stream';
import type { ChatMessage } from '../message';

export interface ChatFormat {
  /** Stable id stored with the import, e.g. 'twitch-downloader-json'. */
  name: string;
  /** What the user knows the format as, used in "accepted formats" messages. */
  label: string;
  /**
   * True when these first bytes (already decompressed, possibly cut mid-token) look like this
   * format. Must be cheap and must not throw.
   */
  sniff(head: Buffer): boolean;
  /**
   * Streams the messages in batches of about `ctx.batchSize`. A message whose time is unknown is
   * still yielded with `offsetSec: NaN`; importChat skips and counts it, so every format follows
   * the same offset rules. Items that are not messages at all go to `ctx.skip`.
   * Broken input throws ChatSyntaxError.
   */
  parse(input: Readable, ctx: ChatParseContext): AsyncIterable<ChatMessage[]>;
}

export interface ChatParseContext {
  /** Preferred number of messages per batch. */
  batchSize: number;
  signal?: AbortSignal;
  /** Reports one item that could not become a message (counted as skipped in the import result). */
  skip(reason: string): void;
}

/**
 * Input that is not valid for the format, with where it broke in the (decompressed) stream, so
 * importChat can say which byte or line. Formats throw this; importChat turns it into an AppError.
 */
export class ChatSyntaxError extends Error {
  /** Byte position in the decompressed input where parsing failed, when known. */
  readonly byteOffset: number | null;
  /** 1-based line number, for line-based formats. */
  readonly line: number | null;
  /** True when the input ended early (the usual sign of a truncated download). */
  readonly truncated: boolean;
  constructor(
    message: string,
    where: { byteOffset?: number | null; line?: number | null; truncated?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: where.cause });
    this.name = 'ChatSyntaxError';
    this.byteOffset = where.byteOffset ?? null;
    this.line = where.line ?? null;
    this.truncated = where.truncated ?? false;
  }
}
