// The shape every shell (Electron, CLI, web server, tests) gets from createCore(): the API that
// implements the contract, the events it pushes, and the lookups a transport needs for media.
import type { EventName, EventPayload, HighlighterApi } from '../../preload/contract';

export interface CoreOptions {
  /** Where the library lives (SQLite database, caches). Shells pass HIGHLIGHTER_DATA_DIR or their default. */
  dataDir: string;
  /** Path to a better-sqlite3 .node built for this runtime (Electron passes its own build). */
  sqliteNativeBinding?: string;
  /** Native dialogs, provided by the Electron shell only. */
  dialogs?: Dialogs;
  /** Environment for tool lookup (HIGHLIGHTER_FFMPEG …); defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface Dialogs {
  chooseFile(purpose: 'video' | 'chat' | 'export', defaultPath?: string): Promise<string | null>;
}

export interface CoreEvents {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export interface Core {
  api: HighlighterApi;
  events: CoreEvents;
  /** Absolute path of a media file the library registered, or null: transports serve nothing else. */
  mediaPath(mediaId: number): string | null;
  dataDir: string;
  close(): Promise<void>;
}
