// Per-import chat features (what the detector reads instead of the messages), computed while importing
// and stored beside the import as one JSON document. Opaque here: analysis/ owns its shape.
import type { Database } from 'better-sqlite3';

export interface ChatFeaturesRepository {
  /** Stores (or replaces) the features of an import; they vanish with the import. */
  set(importId: number, features: unknown): void;
  /** Features of the project's current chat, or null (no chat, or imported before features existed). */
  forProject(projectId: number): unknown;
  /** Stores features for the project's current chat (computed later: an older import, a new version). */
  setForProject(projectId: number, features: unknown): void;
}

export function chatFeaturesRepository(db: Database): ChatFeaturesRepository {
  const set = db.prepare<[number, string]>(
    'INSERT INTO chat_features (import_id, data) VALUES (?, ?) ON CONFLICT (import_id) DO UPDATE SET data = excluded.data',
  );
  const forProject = db
    .prepare<[number], string>(
      `SELECT f.data FROM chat_features f JOIN chat_imports i ON i.id = f.import_id
       WHERE i.project_id = ? AND i.state = 'done' ORDER BY i.id DESC LIMIT 1`,
    )
    .pluck();
  const currentImport = db
    .prepare<[number], number>(`SELECT id FROM chat_imports WHERE project_id = ? AND state = 'done' ORDER BY id DESC LIMIT 1`)
    .pluck();
  return {
    set: (importId, features) => void set.run(importId, JSON.stringify(features)),
    forProject(projectId) {
      const data = forProject.get(projectId);
      return data === undefined ? null : (JSON.parse(data) as unknown);
    },
    setForProject(projectId, features) {
      const importId = currentImport.get(projectId);
      if (importId !== undefined) set.run(importId, JSON.stringify(features));
    },
  };
}
