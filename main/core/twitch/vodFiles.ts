// Where a VOD's files live. The library keeps each VOD in its own folder under the data folder:
//   vods/<id>/<id>.mp4          the joined video (appears only when complete)
//   vods/<id>/<id>.chat.json    the chat in TwitchDownloader format, for other tools
//   vods/<id>/<quality>/        downloaded segments and the playlist they came from (resume, partial export)
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MediaPlaylist } from './types';

export interface VodPaths {
  dir: string;
  video: string;
  chat: string;
  segments(quality: string): string;
  playlist(quality: string): string;
}

/** Quality ids come from Twitch ("chunked", "720p60"); keep only characters safe in a folder name. */
export function safeQuality(quality: string): string {
  return quality.replace(/[^a-zA-Z0-9_.-]/g, '_').slice(0, 64) || 'video';
}

export function vodPaths(dataDir: string, vodId: string): VodPaths {
  const dir = join(dataDir, 'vods', vodId);
  return {
    dir,
    video: join(dir, `${vodId}.mp4`),
    chat: join(dir, `${vodId}.chat.json`),
    segments: (quality) => join(dir, safeQuality(quality)),
    playlist: (quality) => join(dir, safeQuality(quality), 'playlist.json'),
  };
}

/**
 * The media playlist a download started from, kept so a resumed download (or a later partial export)
 * uses the same segment list even if Twitch's playlist URL has expired.
 */
export async function savePlaylist(path: string, playlist: MediaPlaylist): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(playlist));
  await rename(temp, path);
}

export async function loadPlaylist(path: string): Promise<MediaPlaylist | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as MediaPlaylist;
  } catch {
    return null;
  }
}

/**
 * Once the whole video is joined, the segment folders of every quality are of no more use: the one
 * that was joined is already gone, and others are what a download in a quality the user switched away
 * from left behind (gigabytes, for a long VOD). Files beside them (the video, the chat) stay.
 */
export async function removeSegmentFolders(paths: Pick<VodPaths, 'dir'>): Promise<string[]> {
  const entries = await readdir(paths.dir, { withFileTypes: true }).catch(() => []);
  const folders = entries.filter((e) => e.isDirectory()).map((e) => join(paths.dir, e.name));
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
  return folders;
}
