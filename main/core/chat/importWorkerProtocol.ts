// Messages between importWorkerClient (main thread) and the import worker threads: a reader (parses
// the file: importChat + chat features) and, when the import goes into the library, a writer (stores
// the batches with its own SQLite connection). Batches go from the reader to whoever stores them:
// the writer through a MessageChannel, or the main thread (onBatch) when there is no writer.
import type { MessagePort } from 'node:worker_threads';
import type { ErrorShape } from '../../../preload/contract';
import type { ChatFeatures } from '../analysis/chatFeatures';
import type { Progress } from '../progress';
import type { ImportChatResult, ImportLimits } from './importChat';
import type { ChatMessage } from './message';

export interface ReaderData {
  role: 'read';
  path: string;
  durationSec: number | null;
  /** ImportChatOptions.shiftSec. */
  shiftSec: number;
  batchSize: number;
  /** Batches sent and not yet acknowledged before the reader pauses. */
  maxInFlight: number;
  limits?: Partial<ImportLimits>;
  /** The writer's end of the batch channel; without it batches go to the main thread. */
  writer?: MessagePort;
}

export interface WriterData {
  role: 'write';
  /** The library's database file (WAL, so this connection writes while the main one reads). */
  dbFile: string;
  /** The SQLite addon the main thread loaded (Electron's build differs from Node's). */
  nativeBinding?: string;
  /** The reader's end of the batch channel. */
  reader: MessagePort;
}

export type WorkerData = ReaderData | WriterData;

/** Between reader and writer (or main, as the writer): batches one way, acknowledgements back. */
export type BatchMessage = { type: 'batch'; batch: ChatMessage[] } | { type: 'end' };
export type AckMessage = { type: 'ack' };

/** Main → reader. */
export type ToReader = AckMessage | { type: 'cancel' };
/** Main → writer: the import to store into, once the writer asked for it. */
export type ToWriter = { type: 'importId'; importId: number };

export type FromReader =
  | { type: 'batch'; batch: ChatMessage[] }
  | { type: 'progress'; progress: Progress }
  | { type: 'done'; result: ImportChatResult; features: ChatFeatures }
  | { type: 'error'; error: ErrorShape };

export type FromWriter =
  /** The first batch arrived: the main thread opens the import (so a refused file leaves none). */
  | { type: 'begin' }
  | { type: 'written'; messages: number }
  | { type: 'error'; error: ErrorShape };
