// The import worker threads (one entry, two roles; see importWorkerProtocol):
// - reader: reads the chat file (importChat: any format, gzip, offset rules) and computes the
//   detector's chat features; sends each batch on and pauses while MAX_IN_FLIGHT wait to be stored,
//   so memory stays flat whatever the file size;
// - writer: stores the batches through the library's chat repository on its own connection, so
//   SQLite work (inserts, WAL checkpoints) never runs on the main thread either.
// Parsing and storing then run side by side on two cores. Started by importWorkerClient.
import Database from 'better-sqlite3';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { createChatFeatureAccumulator } from '../analysis/chatFeatures';
import { toErrorShape } from '../errors';
import { chatRepository } from '../library/chat';
import type { ChatPurger } from '../library/chatPurge';
import type { Progress } from '../progress';
import { importChatFile } from './importChat';
import type {
  AckMessage,
  BatchMessage,
  FromReader,
  FromWriter,
  ReaderData,
  ToReader,
  ToWriter,
  WorkerData,
  WriterData,
} from './importWorkerProtocol';

/** Progress messages at most this often: the bar cannot show more. */
const PROGRESS_EVERY_MS = 100;
/** As the library's own connection: wait for the other connection's write lock rather than fail. */
const BUSY_TIMEOUT_MS = 5000;
/** Nice value of the import threads: below the main thread's, so it gets a core the moment it wakes. */
const IMPORT_THREAD_NICE = 10;

/**
 * Lowers this thread's CPU priority. With two busy import threads on a two-core machine, the main
 * thread otherwise waits its turn for tens of milliseconds although it has nothing to do but answer.
 * Linux only (a thread id is a pid there, found through /proc/thread-self); elsewhere a no-op.
 */
function yieldToMainThread(): void {
  if (process.platform !== 'linux') return;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, IMPORT_THREAD_NICE);
  } catch {
    // Not allowed or not there: the import still works, only with less headroom for the main thread.
  }
}

async function read(main: MessagePort, data: ReaderData): Promise<void> {
  const send = (message: FromReader): void => main.postMessage(message);
  // Batches go to the writer when there is one, else to the main thread; acks come from there too.
  const sink = data.writer ?? main;
  const controller = new AbortController();
  let inFlight = 0;
  let wake: (() => void) | null = null;
  const onMessage = (message: ToReader | AckMessage): void => {
    if (message.type === 'ack') inFlight--;
    else if (message.type === 'cancel') controller.abort();
    wake?.();
    wake = null;
  };
  main.on('message', onMessage);
  if (data.writer) data.writer.on('message', onMessage);

  const features = createChatFeatureAccumulator();
  let lastProgress = 0;
  const onProgress = (progress: Progress): void => {
    const now = performance.now();
    if (progress.fraction < 1 && progress.fraction > 0 && now - lastProgress < PROGRESS_EVERY_MS) return;
    lastProgress = now;
    send({ type: 'progress', progress });
  };

  try {
    const result = await importChatFile(data.path, {
      durationSec: data.durationSec,
      shiftSec: data.shiftSec,
      batchSize: data.batchSize,
      limits: data.limits,
      signal: controller.signal,
      onProgress,
      async onBatch(batch) {
        features.add(batch);
        sink.postMessage({ type: 'batch', batch } satisfies BatchMessage);
        inFlight++;
        while (inFlight >= data.maxInFlight && !controller.signal.aborted) {
          await new Promise<void>((resolve) => (wake = resolve));
        }
      },
    });
    data.writer?.postMessage({ type: 'end' } satisfies BatchMessage);
    send({ type: 'done', result, features: features.finish() });
  } catch (error) {
    send({ type: 'error', error: toErrorShape(error) });
  } finally {
    // Not main.close(): that can drop the result just posted. Without listeners the thread ends.
    main.off('message', onMessage);
    data.writer?.close();
  }
}

const noPurger: ChatPurger = { schedule: () => undefined, idle: async () => undefined, stop: () => undefined };

function write(main: MessagePort, data: WriterData): void {
  const send = (message: FromWriter): void => main.postMessage(message);
  let db: Database.Database | null = null;
  const close = (): void => {
    db?.close();
    main.removeAllListeners('message');
    data.reader.close();
  };
  try {
    db = new Database(data.dbFile, data.nativeBinding ? { nativeBinding: data.nativeBinding } : {});
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
  } catch (error) {
    send({ type: 'error', error: toErrorShape(error) });
    close();
    return;
  }
  const chat = chatRepository(db, noPurger);
  let importId: number | null = null;
  let messages = 0;
  // Batches that arrived before the main thread said which import they belong to.
  const waiting: BatchMessage[] = [];

  const handle = (message: BatchMessage): void => {
    if (message.type === 'end') {
      send({ type: 'written', messages });
      close();
      return;
    }
    chat.appendBatch(importId!, message.batch);
    messages += message.batch.length;
    data.reader.postMessage({ type: 'ack' } satisfies AckMessage);
  };

  main.on('message', (message: ToWriter) => {
    importId = message.importId;
    try {
      for (const queued of waiting.splice(0)) handle(queued);
    } catch (error) {
      send({ type: 'error', error: toErrorShape(error) });
      close();
    }
  });
  data.reader.on('message', (message: BatchMessage) => {
    try {
      if (importId === null) {
        if (message.type === 'batch' && waiting.length === 0) send({ type: 'begin' });
        // An empty chat ends without a batch: nothing to wait for.
        if (message.type === 'end' && waiting.length === 0) handle(message);
        else waiting.push(message);
        return;
      }
      handle(message);
    } catch (error) {
      send({ type: 'error', error: toErrorShape(error) });
      close();
    }
  });
}

if (parentPort) {
  yieldToMainThread();
  const data = workerData as WorkerData;
  if (data.role === 'write') write(parentPort, data);
  else void read(parentPort, data);
}
