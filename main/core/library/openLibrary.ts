// Opens (creating and migrating as needed) the library database in the data folder and wires the
// repositories onto it. One process owns a library at a time: opening it discards chat imports a
// previous process left unfinished (the job queue's recover() does the same for jobs).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { AppError, isAppError } from '../errors';
import { chatRepository, discardUnfinishedImports, type ChatRepository } from './chat';
import { chatFeaturesRepository, type ChatFeaturesRepository } from './chatFeatures';
import { chatPurger, type ChatPurger } from './chatPurge';
import { highlightRepository, type HighlightRepository } from './highlights';
import { jobStore, type JobStore } from './jobs';
import { mediaRepository, type MediaRepository } from './media';
import { migrate } from './migrate';
import { projectRowsRemover, type RemovedRows } from './projectRemoval';
import { projectRepository, type ProjectRepository } from './projects';
import { settingsRepository, type SettingsRepository } from './settings';
import { vodRepository, type VodRepository } from './vods';

export type { ProjectListRow, ProjectRow } from './projects';
export type { RemovedRows } from './projectRemoval';

export const DATABASE_FILE = 'highlighter.db';
/** How long a statement waits for another connection's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

export interface Library {
  readonly dataDir: string;
  readonly db: Database.Database;
  /** The SQLite addon given to openLibrary (Electron's build), for worker threads that open the file too. */
  readonly nativeBinding: string | undefined;
  close(): void;
  media: MediaRepository;
  projects: ProjectRepository;
  chat: ChatRepository;
  chatFeatures: ChatFeaturesRepository;
  highlights: HighlightRepository;
  jobs: JobStore;
  settings: SettingsRepository;
  vods: VodRepository;
  /** Deletes a project's rows (see projectRemoval.ts); purge its chat first (chat.discardAll). */
  removeProjectRows(projectId: number): RemovedRows;
}

export function openLibrary(dataDir: string, opts: { nativeBinding?: string } = {}): Library {
  const file = join(dataDir, DATABASE_FILE);
  let db: Database.Database;
  let purger: ChatPurger;
  try {
    mkdirSync(dataDir, { recursive: true });
    db = new Database(file, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
  } catch (error) {
    throw new AppError('INTERNAL', `Cannot open the library database at ${file}: ${messageOf(error)}`, { cause: error });
  }
  try {
    db.pragma('journal_mode = WAL');
    // WAL makes NORMAL durable against app crashes; only a power loss can drop the last commits.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    migrate(db);
    discardUnfinishedImports(db);
    purger = chatPurger(db);
    purger.schedule();
  } catch (error) {
    db.close();
    if (isAppError(error)) throw error;
    throw new AppError('INTERNAL', `Cannot open the library database at ${file}: ${messageOf(error)}`, { cause: error });
  }

  return {
    dataDir,
    db,
    nativeBinding: opts.nativeBinding,
    close() {
      purger.stop();
      if (db.open) db.close();
    },
    media: mediaRepository(db),
    projects: projectRepository(db),
    chat: chatRepository(db, purger),
    chatFeatures: chatFeaturesRepository(db),
    highlights: highlightRepository(db),
    jobs: jobStore(db),
    settings: settingsRepository(db),
    vods: vodRepository(db),
    removeProjectRows: projectRowsRemover(db),
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
