// Media files the library knows. A file is identified by its absolute path; re-registering refreshes
// what ffprobe and stat said, so a replaced file is not served with stale metadata.
import { basename, resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Media, Probe } from '../../../preload/contract';

export interface MediaStat {
  size: number;
  mtimeMs: number;
}

export interface MediaRepository {
  /** Registers a file (same absolute path → same id; probe and stat refreshed). */
  upsert(path: string, probe: Probe, stat: MediaStat): Media;
  get(id: number): Media | null;
  byPath(path: string): Media | null;
  /** Size and mtime recorded at the last upsert: lets callers tell whether the file changed since. */
  stat(id: number): MediaStat | null;
}

interface MediaRow {
  id: number;
  path: string;
  name: string;
  probe: string;
  size_bytes: number;
  mtime_ms: number;
}

interface UpsertParams {
  path: string;
  name: string;
  probe: string;
  durationSec: number;
  size: number;
  mtimeMs: number;
  now: string;
}

function toMedia(row: MediaRow): Media {
  return { id: row.id, path: row.path, name: row.name, probe: JSON.parse(row.probe) as Probe };
}

export function mediaRepository(db: Database): MediaRepository {
  const upsert = db.prepare<[UpsertParams], MediaRow>(`
    INSERT INTO media (path, name, probe, duration_sec, size_bytes, mtime_ms, created_at, updated_at)
    VALUES (@path, @name, @probe, @durationSec, @size, @mtimeMs, @now, @now)
    ON CONFLICT (path) DO UPDATE SET
      name = excluded.name, probe = excluded.probe, duration_sec = excluded.duration_sec,
      size_bytes = excluded.size_bytes, mtime_ms = excluded.mtime_ms, updated_at = excluded.updated_at
    RETURNING *`);
  const byId = db.prepare<[number], MediaRow>('SELECT * FROM media WHERE id = ?');
  const byPath = db.prepare<[string], MediaRow>('SELECT * FROM media WHERE path = ?');

  return {
    upsert(path, probe, stat) {
      const absolute = resolve(path);
      const row = upsert.get({
        path: absolute,
        name: basename(absolute),
        probe: JSON.stringify(probe),
        durationSec: probe.durationSec,
        size: stat.size,
        mtimeMs: stat.mtimeMs,
        now: new Date().toISOString(),
      })!;
      return toMedia(row);
    },
    get(id) {
      const row = byId.get(id);
      return row ? toMedia(row) : null;
    },
    byPath(path) {
      const row = byPath.get(resolve(path));
      return row ? toMedia(row) : null;
    },
    stat(id) {
      const row = byId.get(id);
      return row ? { size: row.size_bytes, mtimeMs: row.mtime_ms } : null;
    },
  };
}
