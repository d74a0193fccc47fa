// Deletes the messages of replaced and aborted chat imports in small chunks between other work: a
// long VOD's chat has a million rows, and deleting them in one statement would block the process
// (the Electron main process included) for about a second.
import type { Database } from 'better-sqlite3';

/** Rows per chunk: a few milliseconds of work each. */
export const PURGE_CHUNK_ROWS = 10_000;

export interface ChatPurger {
  /** Starts (or keeps) deleting discarded imports in the background. */
  schedule(): void;
  /** Resolves once no discarded import is left (or the purger was stopped). */
  idle(): Promise<void>;
  /** Stops before the database closes; what is left is purged after the next open. */
  stop(): void;
}

export function chatPurger(db: Database): ChatPurger {
  const nextDiscarded = db
    .prepare<[], number>(`SELECT id FROM chat_imports WHERE state = 'discarded' ORDER BY id LIMIT 1`)
    .pluck();
  const deleteChunk = db.prepare<[number]>(
    `DELETE FROM chat_messages WHERE rowid IN
       (SELECT rowid FROM chat_messages WHERE import_id = ? LIMIT ${PURGE_CHUNK_ROWS})`,
  );
  const deleteImport = db.prepare<[number]>('DELETE FROM chat_imports WHERE id = ?');

  let pending: ReturnType<typeof setImmediate> | null = null;
  let stopped = false;
  let waiters: Array<() => void> = [];

  /** Deletes one chunk; false when nothing is left. */
  function step(): boolean {
    const id = nextDiscarded.get();
    if (id === undefined) return false;
    if (deleteChunk.run(id).changes < PURGE_CHUNK_ROWS) deleteImport.run(id);
    return true;
  }

  function settle(): void {
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
  }

  function tick(): void {
    pending = null;
    if (stopped) return settle();
    let more: boolean;
    try {
      more = step();
    } catch (error) {
      // Left for the next open; a failed cleanup must not take the app down.
      console.warn('Deleting an old chat import failed:', error);
      more = false;
    }
    if (more) {
      pending = setImmediate(tick);
      // Background work must not keep a CLI run alive, unless someone waits for it.
      if (waiters.length === 0) pending.unref?.();
    } else {
      settle();
    }
  }

  return {
    schedule() {
      if (stopped || pending) return;
      pending = setImmediate(tick);
      pending.unref?.();
    },
    idle() {
      if (!pending) return Promise.resolve();
      pending.ref?.();
      return new Promise((resolve) => waiters.push(resolve));
    },
    stop() {
      stopped = true;
      if (pending) clearImmediate(pending);
      pending = null;
      settle();
    },
  };
}
