// Reads a chat file of any known format into normalised message batches. What every format shares
// lives here: opening the file, gzip, choosing the format from the content (never the extension),
// the offset rules, the size limits, progress by bytes, cancellation and the errors the user sees.
// It runs in whatever thread calls it: importWorkerClient runs it in a worker thread for the app.
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { pipeline, Transform, type Readable } from 'node:stream';
import { constants as zlibConstants, createGunzip, gunzipSync } from 'node:zlib';
import { AppError, cancelled, isAppError, throwIfCancelled } from '../errors';
import type { ProgressFn } from '../progress';
import { acceptedFormatsText, detectFormat } from './formats';
import { ChatSyntaxError, type ChatFormat } from './formats/types';
import type { ChatMessage } from './message';

/** Bytes read from the start of the file for sniffing. */
const HEAD_BYTES = 64 * 1024;
/** Compressed bytes inflated for sniffing (JSON inflates ~10x, so plenty of decompressed head). */
const GZIP_HEAD_BYTES = 16 * 1024;
export const DEFAULT_BATCH_SIZE = 5000;
const READ_CHUNK_BYTES = 256 * 1024;

export interface ImportLimits {
  /** Bytes on disk. */
  maxFileBytes: number;
  /** Bytes of chat after gzip decompression (a small .gz can inflate to anything). */
  maxContentBytes: number;
}

/**
 * The biggest real chats (a million messages over 8 hours) are about 1 GB of TwitchDownloader JSON;
 * a file several times that is not a chat, and reading it would take minutes for nothing.
 */
export const IMPORT_LIMITS: ImportLimits = { maxFileBytes: 4 * 2 ** 30, maxContentBytes: 4 * 2 ** 30 };

export interface ImportChatOptions {
  /** Receives every batch in file order; awaited before more is read (backpressure). */
  onBatch: (batch: ChatMessage[]) => void | Promise<void>;
  signal?: AbortSignal;
  onProgress?: ProgressFn;
  /** Length of the video when known: messages after it are skipped (and counted). */
  durationSec?: number | null;
  /** Seconds added to every message's time before the offset rules (chat sync; default 0). */
  shiftSec?: number;
  /** Preferred messages per batch (default 5000). */
  batchSize?: number;
  /** Overrides IMPORT_LIMITS (tests use small ones). */
  limits?: Partial<ImportLimits>;
}

/** Why messages were left out, by reason, e.g. { 'after the end of the video': 12 }. */
export type SkippedReasons = Record<string, number>;

export interface ImportChatResult {
  /** ChatFormat.name of the format that read the file. */
  format: string;
  messageCount: number;
  /** Items that were left out: no usable time, outside the video, damaged or not a message at all. */
  skipped: number;
  skippedReasons: SkippedReasons;
  /**
   * Messages stored with an offset earlier than the message before them. Accepted as they are: chat
   * tools write in arrival order, which can differ from offset order by a little, and the library's
   * (import, offset) index returns every read sorted; sorting here would mean holding the whole chat.
   */
  outOfOrder: number;
}

export const SKIP_NO_TIME = 'no usable time';
export const SKIP_BEFORE_VIDEO = 'before the start of the video';
export const SKIP_AFTER_VIDEO = 'after the end of the video';
/** Distinct reasons kept; formats give fixed texts, so more would be a bug, folded into 'other'. */
const MAX_REASONS = 20;

export interface ChatHead {
  /** First bytes of the content, decompressed when the file is gzip; empty when that failed. */
  head: Buffer;
  gzip: boolean;
  /** Size of the file on disk. */
  sizeBytes: number;
}

const isGzip = (bytes: Buffer): boolean => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/** Reads and (when gzip) inflates the beginning of an open file for sniffing. */
async function readHead(handle: FileHandle): Promise<ChatHead> {
  const stat = await handle.stat();
  if (!stat.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' });
  const buffer = Buffer.alloc(Math.min(HEAD_BYTES, stat.size));
  const { bytesRead } = await handle.read({ buffer, position: 0 });
  const raw = buffer.subarray(0, bytesRead);
  if (!isGzip(raw)) return { head: raw, gzip: false, sizeBytes: stat.size };
  try {
    // SYNC_FLUSH inflates what there is without requiring the end of the stream.
    const head = gunzipSync(raw.subarray(0, GZIP_HEAD_BYTES), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    return { head, gzip: true, sizeBytes: stat.size };
  } catch {
    return { head: Buffer.alloc(0), gzip: true, sizeBytes: stat.size };
  }
}

/** The sniffing head of a file on disk (used to check candidate files without importing them). */
export async function readChatHead(path: string): Promise<ChatHead> {
  const handle = await open(path, 'r');
  try {
    return await readHead(handle);
  } finally {
    await handle.close();
  }
}

/** Marks an error thrown by the caller's onBatch so it passes through unchanged. */
class CallerError {
  constructor(readonly error: unknown) {}
}

export async function importChatFile(path: string, opts: ImportChatOptions): Promise<ImportChatResult> {
  const { signal } = opts;
  const name = basename(path);
  const limits = { ...IMPORT_LIMITS, ...opts.limits };
  throwIfCancelled(signal);

  let handle: FileHandle;
  let head: ChatHead;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw unreadable(name, error);
  }
  try {
    try {
      head = await readHead(handle);
    } catch (error) {
      throw unreadable(name, error);
    }
    if (head.sizeBytes > limits.maxFileBytes) {
      throw new AppError(
        'CHAT_UNREADABLE',
        `"${name}" is ${formatSize(head.sizeBytes)}: Highlighter reads chat files up to ${formatSize(limits.maxFileBytes)} (a million-message chat is about 1 GB), so this is not a chat file or not one it can import.`,
      );
    }
    if (head.sizeBytes === 0) {
      throw new AppError('CHAT_FORMAT_UNKNOWN', `"${name}" is empty. Choose a chat file: ${acceptedFormatsText()}.`);
    }
    if (head.gzip && head.head.length === 0) {
      throw new AppError('CHAT_UNREADABLE', `Cannot read chat file "${name}": it is gzip-compressed but the data is damaged.`);
    }
    const format = detectFormat(head.head);
    if (!format) {
      throw new AppError(
        'CHAT_FORMAT_UNKNOWN',
        `"${name}" is not a chat file Highlighter can read. Accepted: ${acceptedFormatsText()}.`,
      );
    }
    throwIfCancelled(signal);
    return await streamMessages(handle, head, format, name, limits, opts);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Counts decompressed bytes and stops a gzip file that inflates past the limit. */
function contentLimit(maxBytes: number, name: string): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      total += chunk.length;
      if (total > maxBytes) {
        done(
          new AppError(
            'CHAT_UNREADABLE',
            `"${name}" inflates to more than ${formatSize(maxBytes)} of chat: Highlighter reads chats up to that size, so this is not a chat file or not one it can import.`,
          ),
        );
        return;
      }
      done(null, chunk);
    },
  });
}

async function streamMessages(
  handle: FileHandle,
  head: ChatHead,
  format: ChatFormat,
  name: string,
  limits: ImportLimits,
  { onBatch, signal, onProgress, durationSec, shiftSec, batchSize }: ImportChatOptions,
): Promise<ImportChatResult> {
  const file = handle.createReadStream({ start: 0, highWaterMark: READ_CHUNK_BYTES, autoClose: false });
  const input: Readable = head.gzip
    ? pipeline(file, createGunzip({ chunkSize: READ_CHUNK_BYTES }), contentLimit(limits.maxContentBytes, name), () => undefined)
    : file;
  // Destroying the input with the CANCELLED error ends a pending read at once.
  const onAbort = (): void => void input.destroy(cancelled());
  signal?.addEventListener('abort', onAbort, { once: true });

  let messageCount = 0;
  let skipped = 0;
  const skippedReasons: SkippedReasons = {};
  const skip = (reason: string, count = 1): void => {
    skipped += count;
    const known = Object.hasOwn(skippedReasons, reason);
    const key = known || Object.keys(skippedReasons).length < MAX_REASONS ? reason : 'other';
    skippedReasons[key] = (skippedReasons[key] ?? 0) + count;
  };
  const rules = offsetRules(durationSec, shiftSec);
  const ctx = { batchSize: batchSize ?? DEFAULT_BATCH_SIZE, signal, skip: (reason: string) => skip(reason) };
  const report = (fraction: number): void =>
    onProgress?.({ fraction, detail: `${messageCount.toLocaleString('en-US')} messages` });

  try {
    report(0);
    for await (const parsed of format.parse(input, ctx)) {
      throwIfCancelled(signal);
      const batch = rules.apply(parsed, skip);
      if (batch.length > 0) {
        try {
          await onBatch(batch);
        } catch (error) {
          throw new CallerError(error);
        }
        messageCount += batch.length;
      }
      report(head.sizeBytes > 0 ? Math.min(1, file.bytesRead / head.sizeBytes) : 0);
    }
    throwIfCancelled(signal);
    if (messageCount === 0 && skipped > 0) throw nothingUsable(name, skippedReasons, durationSec);
    report(1);
    return { format: format.name, messageCount, skipped, skippedReasons, outOfOrder: rules.outOfOrder() };
  } catch (error) {
    if (error instanceof CallerError) throw error.error;
    throw readError(name, head.gzip, error);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    input.destroy();
    file.destroy();
  }
}

/** Why a message cannot be placed on the video, or null when it can. */
export function offsetProblem(offsetSec: number, durationSec: number | null | undefined): string | null {
  if (!Number.isFinite(offsetSec)) return SKIP_NO_TIME;
  if (offsetSec < 0) return SKIP_BEFORE_VIDEO;
  if (durationSec != null && durationSec > 0 && offsetSec > durationSec) return SKIP_AFTER_VIDEO;
  return null;
}

/**
 * The offset rules every format shares: a message's time is first moved by `shiftSec` (chat sync),
 * then it needs a finite time inside the video (0 to its length when known); others are skipped and
 * counted by reason, so a shift that pushes messages out of the video says how many. Order is only
 * counted (see ImportChatResult.outOfOrder).
 */
export function offsetRules(durationSec: number | null | undefined, shiftSec = 0) {
  let last = -Infinity;
  let outOfOrder = 0;
  return {
    apply(batch: ChatMessage[], skip: (reason: string) => void): ChatMessage[] {
      let kept: ChatMessage[] | null = null;
      for (let i = 0; i < batch.length; i++) {
        const m = batch[i]!;
        // The parsers made these objects for this batch alone, so moving them in place is safe.
        if (shiftSec !== 0) m.offsetSec += shiftSec;
        const problem = offsetProblem(m.offsetSec, durationSec);
        if (problem !== null) {
          // Copy only once something is left out: the common batch passes through as it is.
          kept ??= batch.slice(0, i);
          skip(problem);
          continue;
        }
        if (m.offsetSec < last) outOfOrder++;
        else last = m.offsetSec;
        kept?.push(m);
      }
      return kept ?? batch;
    },
    outOfOrder: () => outOfOrder,
  };
}

/** The refusal when a file had items but none could be placed on the video, saying why. */
function nothingUsable(name: string, reasons: SkippedReasons, durationSec: number | null | undefined): AppError {
  const total = Object.values(reasons).reduce((a, b) => a + b, 0);
  const after = reasons[SKIP_AFTER_VIDEO] ?? 0;
  const why =
    after === total && durationSec != null
      ? `all ${formatByte(total)} messages are after the end of the video (${formatClock(durationSec)}): is it the chat of another video?`
      : `none of its ${formatByte(total)} items is a message with a time in the video (${Object.entries(reasons)
          .map(([reason, count]) => `${formatByte(count)} ${reason}`)
          .join(', ')}).`;
  return new AppError('CHAT_UNREADABLE', `Nothing to import from "${name}": ${why}`);
}

function formatClock(sec: number): string {
  const s = Math.floor(sec);
  const hms = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  return `${hms[0]}:${String(hms[1]).padStart(2, '0')}:${String(hms[2]).padStart(2, '0')}`;
}

function formatSize(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GB` : `${(bytes / 2 ** 20).toFixed(1)} MB`;
}

function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'the file does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder, not a file';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

function unreadable(name: string, error: unknown): AppError {
  if (isAppError(error)) return error;
  return new AppError('CHAT_UNREADABLE', `Cannot read chat file "${name}": ${reasonOf(error)}.`, { cause: error });
}

const formatByte = (n: number): string => n.toLocaleString('en-US');

/** Turns whatever stopped the stream into the error the user sees, saying where it broke. */
function readError(name: string, gzip: boolean, error: unknown): AppError {
  if (isAppError(error)) return error;
  if (error instanceof ChatSyntaxError) {
    const unit = gzip ? ' of the uncompressed data' : '';
    let where = '';
    if (error.line !== null) where = ` at line ${formatByte(error.line)}`;
    else if (error.byteOffset !== null) where = ` at byte ${formatByte(error.byteOffset)}${unit}`;
    const hint = error.truncated ? ' The file looks truncated (an incomplete download or copy?).' : '';
    return new AppError('CHAT_UNREADABLE', `Cannot read chat file "${name}": ${error.message}${where}.${hint}`, {
      cause: error,
    });
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return new AppError(
      'CHAT_UNREADABLE',
      `Cannot read chat file "${name}": the gzip-compressed data is damaged or truncated.`,
      { cause: error },
    );
  }
  return unreadable(name, error);
}
