// Reads a chat file of any known format into normalised message batches. What every format shares
// lives here: opening the file, gzip, choosing the format from the content (never the extension),
// the offset rules, progress by bytes, cancellation and the errors the user sees.
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { pipeline, type Readable } from 'node:stream';
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
const BATCH_SIZE = 5000;
const READ_CHUNK_BYTES = 256 * 1024;

export interface ImportChatOptions {
  /** Receives every batch in file order; awaited before more is read (backpressure). */
  onBatch: (batch: ChatMessage[]) => void | Promise<void>;
  signal?: AbortSignal;
  onProgress?: ProgressFn;
}

export interface ImportChatResult {
  /** ChatFormat.name of the format that read the file. */
  format: string;
  messageCount: number;
  /** Items that were left out: no usable time, or not a message at all. */
  skipped: number;
}

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
    return await streamMessages(handle, head, format, name, opts);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

async function streamMessages(
  handle: FileHandle,
  head: ChatHead,
  format: ChatFormat,
  name: string,
  { onBatch, signal, onProgress }: ImportChatOptions,
): Promise<ImportChatResult> {
  const file = handle.createReadStream({ start: 0, highWaterMark: READ_CHUNK_BYTES, autoClose: false });
  const input: Readable = head.gzip ? pipeline(file, createGunzip(), () => undefined) : file;
  // Destroying the input with the CANCELLED error ends a pending read at once.
  const onAbort = (): void => void input.destroy(cancelled());
  signal?.addEventListener('abort', onAbort, { once: true });

  let messageCount = 0;
  let skipped = 0;
  const ctx = { batchSize: BATCH_SIZE, signal, skip: () => void skipped++ };
  const report = (fraction: number): void =>
    onProgress?.({ fraction, detail: `${messageCount.toLocaleString('en-US')} messages` });

  try {
    report(0);
    for await (const parsed of format.parse(input, ctx)) {
      throwIfCancelled(signal);
      const batch = keepTimedMessages(parsed);
      skipped += parsed.length - batch.length;
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
    report(1);
    return { format: format.name, messageCount, skipped };
  } catch (error) {
    if (error instanceof CallerError) throw error.error;
    throw readError(name, head.gzip, error);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    input.destroy();
    file.destroy();
  }
}

/** A message needs a known, non-negative time to be placed on the video. */
function keepTimedMessages(batch: ChatMessage[]): ChatMessage[] {
  const ok = (m: ChatMessage): boolean => Number.isFinite(m.offsetSec) && m.offsetSec >= 0;
  return batch.every(ok) ? batch : batch.filter(ok);
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
