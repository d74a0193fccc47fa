// A project's chat messages, imported all-or-nothing: messages stream into a new import that only
// becomes the project's chat when finished, so a failed or cancelled import never shows half a chat
// and never destroys the previous one.
import type { Database } from 'better-sqlite3';
import type { ChatInfo } from '../../../preload/contract';
import type { ChatMessage } from '../chat/message';
import { AppError } from '../errors';
import type { ChatPurger } from './chatPurge';
import { projectToucher } from './projects';
import { isConstraintError } from './sqliteErrors';

export const DEFAULT_MESSAGE_LIMIT = 1000;
/** Finished imports whose offsets stay in memory (a finished import never changes). */
const OFFSETS_CACHE_SIZE = 2;

export interface ChatRepository {
  /** Starts an import whose rows stay invisible until finishImport. Returns the import id. */
  beginImport(projectId: number, source: { path: string; format: string; shiftSec?: number }): number;
  /** Stores one batch in one transaction. */
  appendBatch(importId: number, messages: readonly ChatMessage[]): void;
  /**
   * Makes the import the project's chat in one small transaction; the previous chat disappears at once
   * and its rows are deleted in the background. `format` replaces the one given to beginImport
   * (callers that only learn it while reading).
   */
  finishImport(importId: number, result: { skipped: number; format?: string }): ChatInfo;
  /** Drops the import's rows; no-op for an unknown or already finished import. */
  abortImport(importId: number): void;
  /** Discards every import of the project (its chat disappears at once; rows go in the background). */
  discardAll(projectId: number): void;
  /** Resolves once the rows of replaced and aborted imports are deleted (they are invisible before). */
  whenCleanedUp(): Promise<void>;
  info(projectId: number): ChatInfo | null;
  /** Offsets of the project's chat in seconds, ascending (empty without a chat). */
  offsets(projectId: number): Float64Array;
  /** Messages with fromSec <= offset < toSec in time order, at most `limit`. */
  messages(projectId: number, fromSec: number, toSec: number, limit?: number): ChatMessage[];
}

interface ImportRow {
  id: number;
  project_id: number;
  path: string;
  format: string;
  state: 'importing' | 'done' | 'discarded';
  message_count: number;
  skipped: number;
  imported_at: string | null;
  shift_sec: number;
}

interface MessageRow {
  offset_sec: number;
  author: string;
  text: string;
  emotes: string;
}

function toInfo(row: ImportRow): ChatInfo {
  return {
    path: row.path,
    format: row.format,
    messageCount: row.message_count,
    skipped: row.skipped,
    importedAt: row.imported_at ?? '',
    shiftSec: row.shift_sec,
  };
}

const NO_EMOTES = '[]';

export function chatRepository(db: Database, purger: ChatPurger): ChatRepository {
  const insertImport = db.prepare<[number, string, string, number, string]>(
    `INSERT INTO chat_imports (project_id, path, format, shift_sec, state, started_at) VALUES (?, ?, ?, ?, 'importing', ?)`,
  );
  const importById = db.prepare<[number], ImportRow>('SELECT * FROM chat_imports WHERE id = ?');
  const currentImport = db.prepare<[number], ImportRow>(
    `SELECT * FROM chat_imports WHERE project_id = ? AND state = 'done' ORDER BY id DESC LIMIT 1`,
  );
  const countBatch = db.prepare<[number, number]>(
    `UPDATE chat_imports SET message_count = message_count + ? WHERE id = ? AND state = 'importing'`,
  );
  const insertMessage = db.prepare<[number, number, string, string, string]>(
    'INSERT INTO chat_messages (import_id, offset_sec, author, text, emotes) VALUES (?, ?, ?, ?, ?)',
  );
  const discardOthers = db.prepare<[number, number]>(
    `UPDATE chat_imports SET state = 'discarded' WHERE project_id = ? AND state = 'done' AND id <> ?`,
  );
  const discard = db.prepare<[number]>(`UPDATE chat_imports SET state = 'discarded' WHERE id = ? AND state = 'importing'`);
  const discardProject = db.prepare<[number]>(`UPDATE chat_imports SET state = 'discarded' WHERE project_id = ? AND state <> 'discarded'`);
  const markDone = db.prepare<[number, string, string, number], ImportRow>(
    `UPDATE chat_imports SET state = 'done', skipped = ?, format = ?, imported_at = ? WHERE id = ? RETURNING *`,
  );
  const offsets = db
    .prepare<[number], number>('SELECT offset_sec FROM chat_messages WHERE import_id = ? ORDER BY offset_sec')
    .pluck();
  // rowid breaks ties in arrival order; the (import_id, offset_sec) index already sorts that way.
  const messages = db.prepare<[number, number, number, number], MessageRow>(
    `SELECT offset_sec, author, text, emotes FROM chat_messages
     WHERE import_id = ? AND offset_sec >= ? AND offset_sec < ?
     ORDER BY offset_sec, rowid LIMIT ?`,
  );
  const touchProject = projectToucher(db);
  // Reading a million offsets takes ~200 ms; detection and the heatmap ask for them on every change
  // of the sensitivity, so the last few are kept.
  const offsetsCache = new Map<number, Float64Array>();

  function cachedOffsets(importId: number): Float64Array {
    let values = offsetsCache.get(importId);
    if (values) {
      offsetsCache.delete(importId); // re-inserted below as the most recent
    } else {
      values = Float64Array.from(offsets.all(importId));
    }
    offsetsCache.set(importId, values);
    while (offsetsCache.size > OFFSETS_CACHE_SIZE) offsetsCache.delete(offsetsCache.keys().next().value!);
    return values;
  }

  function requireImporting(importId: number): ImportRow {
    const row = importById.get(importId);
    if (!row || row.state !== 'importing') {
      throw new AppError('INTERNAL', `Chat import #${importId} is not in progress.`);
    }
    return row;
  }

  const appendBatch = db.transaction((importId: number, batch: readonly ChatMessage[]) => {
    // Checked (and counted) first: an aborted import's id must not silently collect orphan rows.
    if (countBatch.run(batch.length, importId).changes === 0) requireImporting(importId);
    for (const m of batch) {
      if (!Number.isFinite(m.offsetSec)) {
        throw new AppError('INTERNAL', `Chat message with an invalid time offset (${m.offsetSec}).`);
      }
      insertMessage.run(
        importId,
        m.offsetSec,
        m.author,
        m.text,
        m.emotes.length === 0 ? NO_EMOTES : JSON.stringify(m.emotes),
      );
    }
  });

  // Switching is one small transaction; the replaced import's rows go in the background (chatPurge).
  const finishImport = db.transaction((importId: number, result: { skipped: number; format?: string }) => {
    const row = requireImporting(importId);
    discardOthers.run(row.project_id, importId);
    const done = markDone.get(result.skipped, result.format ?? row.format, new Date().toISOString(), importId)!;
    touchProject(row.project_id);
    return toInfo(done);
  });

  return {
    beginImport(projectId, source) {
      try {
        return Number(insertImport.run(projectId, source.path, source.format, source.shiftSec ?? 0, new Date().toISOString()).lastInsertRowid);
      } catch (error) {
        if (isConstraintError(error, 'FOREIGNKEY')) {
          throw new AppError('NOT_FOUND', `There is no project #${projectId} in the library.`, { cause: error });
        }
        throw error;
      }
    },
    appendBatch(importId, batch) {
      appendBatch.immediate(importId, batch);
    },
    finishImport(importId, result) {
      const info = finishImport.immediate(importId, result);
      purger.schedule();
      return info;
    },
    abortImport(importId) {
      if (discard.run(importId).changes > 0) purger.schedule();
    },
    discardAll(projectId) {
      if (discardProject.run(projectId).changes > 0) purger.schedule();
    },
    whenCleanedUp() {
      return purger.idle();
    },
    info(projectId) {
      const row = currentImport.get(projectId);
      return row ? toInfo(row) : null;
    },
    offsets(projectId) {
      const row = currentImport.get(projectId);
      // A copy, so a caller that sorts or scales its array cannot corrupt the cache.
      return row ? cachedOffsets(row.id).slice() : new Float64Array(0);
    },
    messages(projectId, fromSec, toSec, limit = DEFAULT_MESSAGE_LIMIT) {
      const row = currentImport.get(projectId);
      if (!row) return [];
      return messages.all(row.id, fromSec, toSec, limit).map((m) => ({
        offsetSec: m.offset_sec,
        author: m.author,
        text: m.text,
        emotes: m.emotes === NO_EMOTES ? [] : (JSON.parse(m.emotes) as string[]),
      }));
    },
  };
}

/** Discards imports a previous process left unfinished (it crashed or was killed mid-import). */
export function discardUnfinishedImports(db: Database): void {
  db.prepare(`UPDATE chat_imports SET state = 'discarded' WHERE state = 'importing'`).run();
}
