// Twitch VODs behind projects: one row per VOD project, with what the UI shows before and while the
// video downloads (title, channel, muted stretches, clips) and how far the download got.
import type { Database } from 'better-sqlite3';
import type { TimeSpan, TwitchSource, VodClip } from '../../../preload/contract';
import { vodChapters, type VodMetadata } from '../twitch/metadata';

export type VideoState = TwitchSource['video'];

export interface VodRow {
  projectId: number;
  vodId: string;
  url: string;
  quality: string;
  videoState: VideoState;
  metadata: VodMetadata;
  source: TwitchSource;
}

export interface VodRepository {
  /** `live`: the stream was still going when the VOD was opened (its playlist had no end yet). */
  create(input: { projectId: number; url: string; quality: string; metadata: VodMetadata; live?: boolean }): VodRow;
  byProject(projectId: number): VodRow | null;
  byVodId(vodId: string): VodRow | null;
  setQuality(projectId: number, quality: string): void;
  setVideoState(projectId: number, state: VideoState): void;
  setMuted(projectId: number, muted: TimeSpan[]): void;
  setClips(projectId: number, clips: VodClip[]): void;
}

interface Row {
  project_id: number;
  vod_id: string;
  url: string;
  title: string;
  channel_login: string;
  channel_name: string;
  created_at: string;
  quality: string;
  video_state: VideoState;
  muted: string;
  clips: string;
  metadata: string;
  live: number;
}

function toVod(row: Row): VodRow {
  const metadata = JSON.parse(row.metadata) as VodMetadata;
  return {
    projectId: row.project_id,
    vodId: row.vod_id,
    url: row.url,
    quality: row.quality,
    videoState: row.video_state,
    metadata,
    source: {
      vodId: row.vod_id,
      url: row.url,
      title: row.title,
      channelName: row.channel_name,
      createdAt: row.created_at,
      quality: row.quality,
      video: row.video_state,
      muted: JSON.parse(row.muted) as TimeSpan[],
      clips: JSON.parse(row.clips) as VodClip[],
      chapters: vodChapters(metadata),
      live: row.live === 1,
    },
  };
}

export function vodRepository(db: Database): VodRepository {
  const insert = db.prepare<[Record<string, unknown>], Row>(`
    INSERT INTO vods (project_id, vod_id, url, title, channel_login, channel_name, created_at, quality, video_state, metadata, live)
    VALUES (@projectId, @vodId, @url, @title, @login, @name, @createdAt, @quality, 'none', @metadata, @live)
    RETURNING *`);
  const byProject = db.prepare<[number], Row>('SELECT * FROM vods WHERE project_id = ?');
  const byVodId = db.prepare<[string], Row>('SELECT * FROM vods WHERE vod_id = ?');
  const update = (column: 'quality' | 'video_state' | 'muted' | 'clips') =>
    db.prepare<[string, number]>(`UPDATE vods SET ${column} = ? WHERE project_id = ?`);
  const setQuality = update('quality');
  const setState = update('video_state');
  const setMuted = update('muted');
  const setClips = update('clips');

  return {
    create({ projectId, url, quality, metadata, live = false }) {
      return toVod(
        insert.get({
          projectId,
          vodId: metadata.vodId,
          url,
          title: metadata.title,
          login: metadata.owner.login,
          name: metadata.owner.displayName,
          createdAt: metadata.createdAt,
          quality,
          metadata: JSON.stringify(metadata),
          live: live ? 1 : 0,
        })!,
      );
    },
    byProject(projectId) {
      const row = byProject.get(projectId);
      return row ? toVod(row) : null;
    },
    byVodId(vodId) {
      const row = byVodId.get(vodId);
      return row ? toVod(row) : null;
    },
    setQuality: (projectId, quality) => void setQuality.run(quality, projectId),
    setVideoState: (projectId, state) => void setState.run(state, projectId),
    setMuted: (projectId, muted) => void setMuted.run(JSON.stringify(muted), projectId),
    setClips: (projectId, clips) => void setClips.run(JSON.stringify(clips), projectId),
  };
}
