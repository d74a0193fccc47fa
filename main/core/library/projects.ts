// Projects: one video being edited, with its detector settings and the editor's view. The chat and
// highlights hang off a project in their own tables.
import type { Database } from 'better-sqlite3';
import { ProjectViewSchema, type ProjectSummary, type ProjectView, type TwitchSource } from '../../../preload/contract';
import { AppError } from '../errors';
import { isConstraintError } from './sqliteErrors';

export const DEFAULT_SENSITIVITY = 0.5;

export interface ProjectRow {
  id: number;
  name: string;
  mediaId: number;
  sensitivity: number;
  /** "Target reel length" of the detector (s); null = no limit. */
  targetReelSec: number | null;
  /** The editor's view as last saved; null when never saved (or unreadable). */
  view: ProjectView | null;
  createdAt: string;
  updatedAt: string;
}

/** A row of the project list, with what its thumbnail is made from (see api/projectThumbnails.ts). */
export interface ProjectListRow extends Omit<ProjectSummary, 'thumbnail'> {
  mediaSizeBytes: number;
  mediaMtimeMs: number;
  /** Start of the first range in reel order, null without ranges. */
  firstRangeSec: number | null;
  /** Null for a local video. */
  vodVideo: TwitchSource['video'] | null;
  vodThumbnailUrl: string | null;
}

export interface ProjectRepository {
  create(input: { name: string; mediaId: number }): ProjectRow;
  get(id: number): ProjectRow | null;
  /** The most recently updated project of that video, if any. */
  byMedia(mediaId: number): ProjectRow | null;
  /** Most recently updated first. */
  list(): ProjectListRow[];
  /** Paths of the videos of every project but this one (files a removal of it must leave alone). */
  otherVideoPaths(projectId: number): string[];
  setSensitivity(id: number, sensitivity: number): void;
  setTargetReel(id: number, targetReelSec: number | null): void;
  /** updatedAt = now. */
  touch(id: number): void;
  /** Stores the editor's view; not an edit, so updatedAt stays. */
  setView(id: number, view: ProjectView): void;
}

interface Row {
  id: number;
  name: string;
  media_id: number;
  sensitivity: number;
  target_reel_sec: number | null;
  view: string | null;
  created_at: string;
  updated_at: string;
}

function parseView(json: string | null): ProjectView | null {
  if (json === null) return null;
  try {
    const parsed = ProjectViewSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function toProject(row: Row): ProjectRow {
  return {
    id: row.id,
    name: row.name,
    mediaId: row.media_id,
    sensitivity: row.sensitivity,
    targetReelSec: row.target_reel_sec ?? null,
    view: parseView(row.view),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

// Every write that changes updated_at also takes the next update_seq, which orders the list.
const NEXT_SEQ = '(SELECT COALESCE(MAX(update_seq), 0) + 1 FROM projects)';

export function projectRepository(db: Database): ProjectRepository {
  const insert = db.prepare<[string, number, number, string, string], Row>(
    `INSERT INTO projects (name, media_id, sensitivity, created_at, updated_at, update_seq)
     VALUES (?, ?, ?, ?, ?, ${NEXT_SEQ}) RETURNING *`,
  );
  const byId = db.prepare<[number], Row>('SELECT * FROM projects WHERE id = ?');
  const byMedia = db.prepare<[number], Row>(
    'SELECT * FROM projects WHERE media_id = ? ORDER BY update_seq DESC, id DESC LIMIT 1',
  );
  const list = db.prepare<[], ProjectListRow>(`
    SELECT p.id, p.name, m.path AS videoPath, v.vod_id AS twitchVodId, m.duration_sec AS durationSec,
           (SELECT COUNT(*) FROM highlights h WHERE h.project_id = p.id) AS highlightCount,
           (SELECT COALESCE(SUM(h.end_sec - h.start_sec), 0) FROM highlights h WHERE h.project_id = p.id) AS rangesLengthSec,
           p.updated_at AS updatedAt,
           m.size_bytes AS mediaSizeBytes, m.mtime_ms AS mediaMtimeMs,
           (SELECT h.start_sec FROM highlights h WHERE h.project_id = p.id ORDER BY h.position LIMIT 1) AS firstRangeSec,
           v.video_state AS vodVideo, json_extract(v.metadata, '$.thumbnailUrl') AS vodThumbnailUrl
    FROM projects p JOIN media m ON m.id = p.media_id LEFT JOIN vods v ON v.project_id = p.id
    ORDER BY p.update_seq DESC, p.id DESC`);
  const otherVideoPaths = db
    .prepare<[number], string>('SELECT m.path FROM projects p JOIN media m ON m.id = p.media_id WHERE p.id <> ?')
    .pluck();
  const setView = db.prepare<[string, number]>('UPDATE projects SET view = ? WHERE id = ?');
  const setSensitivity = db.prepare<[number, string, number]>(
    `UPDATE projects SET sensitivity = ?, updated_at = ?, update_seq = ${NEXT_SEQ} WHERE id = ?`,
  );
  const setTargetReel = db.prepare<[number | null, string, number]>(
    `UPDATE projects SET target_reel_sec = ?, updated_at = ?, update_seq = ${NEXT_SEQ} WHERE id = ?`,
  );
  const touch = projectToucher(db);

  function requireChanged(changes: number, id: number): void {
    if (changes === 0) throw new AppError('NOT_FOUND', `There is no project #${id} in the library.`);
  }

  return {
    create({ name, mediaId }) {
      const now = new Date().toISOString();
      try {
        return toProject(insert.get(name, mediaId, DEFAULT_SENSITIVITY, now, now)!);
      } catch (error) {
        if (isConstraintError(error, 'FOREIGNKEY')) {
          throw new AppError('NOT_FOUND', `Cannot create a project: video #${mediaId} is not in the library.`, { cause: error });
        }
        throw error;
      }
    },
    get(id) {
      const row = byId.get(id);
      return row ? toProject(row) : null;
    },
    byMedia(mediaId) {
      const row = byMedia.get(mediaId);
      return row ? toProject(row) : null;
    },
    list() {
      return list.all();
    },
    otherVideoPaths(projectId) {
      return otherVideoPaths.all(projectId);
    },
    setSensitivity(id, sensitivity) {
      if (!Number.isFinite(sensitivity) || sensitivity < 0 || sensitivity > 1) {
        throw new AppError('BAD_ARGUMENTS', `Sensitivity must be between 0 and 1 (got ${sensitivity}).`);
      }
      requireChanged(setSensitivity.run(sensitivity, new Date().toISOString(), id).changes, id);
    },
    setTargetReel(id, targetReelSec) {
      if (targetReelSec !== null && (!Number.isFinite(targetReelSec) || targetReelSec <= 0)) {
        throw new AppError('BAD_ARGUMENTS', `The target reel length must be a positive number of seconds (got ${targetReelSec}).`);
      }
      requireChanged(setTargetReel.run(targetReelSec, new Date().toISOString(), id).changes, id);
    },
    touch(id) {
      requireChanged(touch(id), id);
    },
    setView(id, view) {
      requireChanged(setView.run(JSON.stringify(view), id).changes, id);
    },
  };
}

/**
 * Sets a project's updatedAt to now and returns how many rows changed (0: no such project). Also used by
 * the repositories that change a project's data (highlights, chat).
 */
export function projectToucher(db: Database): (id: number) => number {
  const touch = db.prepare<[string, number]>(
    `UPDATE projects SET updated_at = ?, update_seq = ${NEXT_SEQ} WHERE id = ?`,
  );
  return (id) => touch.run(new Date().toISOString(), id).changes;
}
