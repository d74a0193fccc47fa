// A project's highlight ranges. Saved as a whole (the editor sends its full list), so a save is one
// delete + inserts in a single transaction and a reader never sees half of an edit.
import type { Database } from 'better-sqlite3';
import type { Evidence, Highlight } from '../../../preload/contract';
import { AppError } from '../errors';
import { projectToucher } from './projects';
import { isConstraintError } from './sqliteErrors';

export interface HighlightRepository {
  /** In reel order: the order of the last save (not necessarily time order). */
  list(projectId: number): Highlight[];
  /** Replaces all of the project's highlights, keeping the given order as the reel order. */
  replaceAll(projectId: number, highlights: readonly Highlight[]): void;
}

interface Row {
  id: string;
  start_sec: number;
  end_sec: number;
  score: number;
  origin: 'auto' | 'manual';
  edited: number;
  tags: string;
  evidence: string | null;
  label: string;
}

type InsertParams = [number, string, number, number, number, number, string, number, string, string | null, string];

export function highlightRepository(db: Database): HighlightRepository {
  const list = db.prepare<[number], Row>(
    `SELECT id, start_sec, end_sec, score, origin, edited, tags, evidence, label FROM highlights
     WHERE project_id = ? ORDER BY position`,
  );
  const clear = db.prepare<[number]>('DELETE FROM highlights WHERE project_id = ?');
  const insert = db.prepare<InsertParams>(
    `INSERT INTO highlights (project_id, id, position, start_sec, end_sec, score, origin, edited, tags, evidence, label)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const touchProject = projectToucher(db);

  const replaceAll = db.transaction((projectId: number, highlights: readonly Highlight[]) => {
    if (touchProject(projectId) === 0) {
      throw new AppError('NOT_FOUND', `There is no project #${projectId} in the library.`);
    }
    clear.run(projectId);
    highlights.forEach((h, position) => {
      try {
        const evidence = h.evidence ? JSON.stringify(h.evidence) : null;
        insert.run(projectId, h.id, position, h.start, h.end, h.score, h.origin, h.edited ? 1 : 0, JSON.stringify(h.tags), evidence, h.label);
      } catch (error) {
        if (isConstraintError(error, 'PRIMARYKEY')) {
          throw new AppError('BAD_ARGUMENTS', `Two highlights have the same id "${h.id}".`, { cause: error });
        }
        throw error;
      }
    });
  });

  return {
    list(projectId) {
      return list.all(projectId).map((r) => ({
        id: r.id,
        start: r.start_sec,
        end: r.end_sec,
        score: r.score,
        origin: r.origin,
        edited: r.edited === 1,
        tags: JSON.parse(r.tags) as string[],
        evidence: r.evidence ? (JSON.parse(r.evidence) as Evidence) : null,
        label: r.label,
      }));
    },
    replaceAll(projectId, highlights) {
      replaceAll.immediate(projectId, highlights);
    },
  };
}
