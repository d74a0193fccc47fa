// Runs a chat import in worker threads so that reading (and storing) a million-message chat never
// blocks the main process (Electron's UI, the web server). A reader thread parses, gunzips and
// computes the chat features. Its batches go either to a writer thread that stores them into the
// library with its own SQLite connection (the app's path: the main thread only opens and finishes
// the import), or to the caller's onBatch on this thread, one batch per event-loop turn.
//
// Where the worker comes from depends on the shell: from the TypeScript sources (vitest, tsx) it is
// importWorker.ts loaded through tsx's loader, since a worker cannot load .ts by itself; from the
// electron-vite build it is out/main/importWorker.js, an entry of the main build beside the bundles
// that use it (or one folder up, from out/main/chunks).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { ChatFeatures } from '../analysis/chatFeatures';
import { AppError, cancelled, type ErrorCode } from '../errors';
import type { ImportChatOptions, ImportChatResult } from './importChat';
import type { FromReader, FromWriter, ReaderData, ToReader, ToWriter, WorkerData, WriterData } from './importWorkerProtocol';

/** Rows per batch: one SQLite transaction (a few ms), short enough for other writers to wait on. */
export const WORKER_BATCH_SIZE = 2000;
/** Batches on their way or waiting to be stored; bounds memory and keeps both threads busy. */
const MAX_IN_FLIGHT = 3;

export interface WorkerImportStore {
  /** The library's database file. */
  dbFile: string;
  /** The SQLite addon the library was opened with (Electron's build); else the one this process loaded. */
  nativeBinding?: string;
  /** Opens the import the rows go into; called once, when the first batch is about to be stored. */
  beginImport(): number;
}

export type WorkerImportOptions = Omit<ImportChatOptions, 'batchSize' | 'onBatch'> &
  (
    | { onBatch: ImportChatOptions['onBatch']; store?: undefined }
    | { store: WorkerImportStore; onBatch?: undefined }
  );

export interface WorkerImportResult extends ImportChatResult {
  features: ChatFeatures;
  /** With a store: the import the rows went into, or null when no batch was stored. */
  importId: number | null;
}

export type WorkerLaunch =
  | { kind: 'source'; workerUrl: string; tsxApiUrl: string }
  | { kind: 'built'; workerPath: string };

/**
 * How to start the worker from the module at `moduleUrl` (this file's URL, wherever the shell put
 * it). Pure apart from `exists`/`resolveTsxApi`, so each shell's layout is tested without building.
 */
export function workerLaunch(
  moduleUrl: string,
  exists: (path: string) => boolean = existsSync,
  resolveTsxApi: () => string = () => createRequire(moduleUrl).resolve('tsx/esm/api'),
): WorkerLaunch {
  const file = fileURLToPath(moduleUrl);
  if (file.endsWith('.ts')) {
    // require.resolve picks the CommonJS build of tsx's API; the ESM one sits beside it.
    const api = resolveTsxApi().replace(/\.cjs$/, '.mjs');
    return {
      kind: 'source',
      workerUrl: pathToFileURL(join(dirname(file), 'importWorker.ts')).href,
      tsxApiUrl: pathToFileURL(api).href,
    };
  }
  const candidates = [join(dirname(file), 'importWorker.js'), join(dirname(file), '..', 'importWorker.js')];
  const found = candidates.find((path) => exists(path));
  if (!found) {
    throw new AppError(
      'INTERNAL',
      `The chat import worker is missing (looked for ${candidates.join(' and ')}); rebuild with \`npm run build\`.`,
    );
  }
  return { kind: 'built', workerPath: found };
}

function startWorker(data: WorkerData, transfer: readonly Transferable[]): Worker {
  const launch = workerLaunch(import.meta.url);
  const options = { workerData: data, transferList: [...transfer] as never[] };
  if (launch.kind === 'built') return new Worker(launch.workerPath, options);
  // A tiny script that registers tsx in the worker, then loads the TypeScript worker through it.
  const code = `import(${JSON.stringify(launch.tsxApiUrl)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(launch.workerUrl)}); });`;
  return new Worker(code, { ...options, eval: true });
}

/**
 * The SQLite addon this process loaded, for the writer thread to load the same one when the library
 * does not say which (under Electron it is a build for Electron's ABI, not the one `better-sqlite3`
 * finds itself). better-sqlite3 loads it with require(), so it is in the require cache.
 */
export function loadedSqliteBinding(cache: Record<string, unknown> = createRequire(import.meta.url).cache): string | undefined {
  return Object.keys(cache).find((path) => /[\\/]better_sqlite3\.node$/.test(path));
}

type Queued = FromReader | { type: 'exit'; code: number };

/**
 * importChatFile in worker threads: same options and result, plus the chat features. With `store`,
 * a writer thread stores the batches; with `onBatch`, they come to this thread. Cancelling stops
 * the threads at once (an open write transaction rolls back when its thread ends).
 */
export function importChatFileInWorker(path: string, opts: WorkerImportOptions): Promise<WorkerImportResult> {
  const { signal, store } = opts;
  if (signal?.aborted) return Promise.reject(cancelled());

  let writer: Worker | null = null;
  let channel: MessageChannel | null = null;
  if (store) {
    channel = new MessageChannel();
    const writerData: WriterData = { role: 'write', dbFile: store.dbFile, nativeBinding: store.nativeBinding ?? loadedSqliteBinding(), reader: channel.port2 };
    writer = startWorker(writerData, [channel.port2]);
  }
  const readerData: ReaderData = {
    role: 'read',
    path,
    durationSec: opts.durationSec ?? null,
    shiftSec: opts.shiftSec ?? 0,
    batchSize: WORKER_BATCH_SIZE,
    maxInFlight: MAX_IN_FLIGHT,
    limits: opts.limits,
    writer: channel?.port1,
  };
  const reader = startWorker(readerData, channel ? [channel.port1] : []);
  const toReader = (message: ToReader): void => reader.postMessage(message);

  return new Promise<WorkerImportResult>((resolve, reject) => {
    let settled = false;
    let importId: number | null = null;
    let readerDone: { result: ImportChatResult; features: ChatFeatures } | null = null;
    let written = writer === null;

    const settle = (done: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      // Both threads are gone before the caller hears the outcome, so it may discard the import
      // without a write still under way.
      void Promise.all([reader.terminate(), writer?.terminate()]).finally(done);
    };
    const fail = (error: unknown): void => settle(() => reject(error));
    const maybeFinish = (): void => {
      if (readerDone && written) settle(() => resolve({ ...readerDone!.result, features: readerDone!.features, importId }));
    };
    const onAbort = (): void => {
      toReader({ type: 'cancel' });
      fail(cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const threadError = (error: unknown): AppError =>
      new AppError('INTERNAL', `The chat import worker failed: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    const fromShape = (error: { code: string; message: string }): AppError => new AppError(error.code as ErrorCode, error.message);

    // A port delivers every queued message in one go; handling one batch per event-loop turn keeps
    // each main-thread task to one batch.
    const queue: Queued[] = [];
    let pumping = false;
    const handle = async (message: Queued): Promise<void> => {
      switch (message.type) {
        case 'progress':
          opts.onProgress?.(message.progress);
          return;
        case 'batch':
          await opts.onBatch!(message.batch);
          if (!settled) toReader({ type: 'ack' });
          await new Promise((next) => setImmediate(next));
          return;
        case 'done':
          readerDone = message;
          maybeFinish();
          return;
        case 'error':
          fail(fromShape(message.error));
          return;
        case 'exit':
          // After its result the reader ends normally (the writer may still be storing).
          if (readerDone) return;
          // Only reached when the reader ended without a result (killed or crashed).
          fail(new AppError('INTERNAL', `The chat import worker stopped before finishing (exit code ${message.code}).`));
          return;
      }
    };
    const pump = async (): Promise<void> => {
      try {
        while (queue.length > 0 && !settled) await handle(queue.shift()!);
      } catch (error) {
        // The caller's onBatch failed (e.g. the database): its error, unchanged.
        toReader({ type: 'cancel' });
        fail(error);
      } finally {
        pumping = false;
      }
    };
    const enqueue = (message: Queued): void => {
      if (settled) return;
      queue.push(message);
      if (!pumping) {
        pumping = true;
        void pump();
      }
    };
    reader.on('message', enqueue);
    reader.on('error', (error) => fail(threadError(error)));
    // After the messages it sent, which may still wait in the queue.
    reader.on('exit', (code) => enqueue({ type: 'exit', code }));

    writer?.on('message', (message: FromWriter) => {
      if (settled) return;
      try {
        if (message.type === 'begin') {
          importId = store!.beginImport();
          writer!.postMessage({ type: 'importId', importId } satisfies ToWriter);
        } else if (message.type === 'written') {
          written = true;
          maybeFinish();
        } else {
          fail(fromShape(message.error));
        }
      } catch (error) {
        fail(error);
      }
    });
    writer?.on('error', (error) => fail(threadError(error)));
    writer?.on('exit', (code) => {
      if (!written) fail(new AppError('INTERNAL', `The chat writer thread stopped before finishing (exit code ${code}).`));
    });
  });
}
