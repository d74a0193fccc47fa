// The two jobs behind a VOD project: the chat (first: it is small and the heatmap needs it) and the
// video (resumable: segments on disk survive a restart, and the rerun skips them).
import { stat } from 'node:fs/promises';
import type { Job } from '../../../preload/contract';
import { AppError, toErrorShape } from '../errors';
import type { CoreContext } from '../context';
import type { JobHandler } from '../jobs/queue';
import { isTerminal } from '../jobs/queue';
import { probeMedia } from '../media/probe';
import { fetchVodClips } from '../twitch/clips';
import { fetchMediaPlaylist } from '../twitch/playback';
import { chooseVariant, mutedSpans } from '../twitch/playlists';
import { lookupVod, twitchAccess, type TwitchAccess } from '../twitch/twitchAccess';
import type { MediaPlaylist } from '../twitch/types';
import { downloadVodChatFile } from '../twitch/vodChat';
import { loadPlaylist, removeSegmentFolders, savePlaylist, vodPaths } from '../twitch/vodFiles';
import { downloadVodVideo } from '../twitch/vodVideo';
import { importChatIntoProject } from './chatImport';
import { runDetection } from './detection';

export const CHAT_JOB = 'twitch-chat';
export const VIDEO_JOB = 'twitch-video';
export const TOKEN_SETTING = 'twitch.oauthToken';

export interface VodJobParams {
  projectId: number;
  vodId: string;
}
export interface VideoJobParams extends VodJobParams {
  quality: string;
}

export function accessFor(ctx: CoreContext): TwitchAccess {
  return twitchAccess(ctx.env, ctx.library.settings.get<string>(TOKEN_SETTING) ?? null);
}

function requireVod(ctx: CoreContext, projectId: number) {
  const vod = ctx.library.vods.byProject(projectId);
  if (!vod) throw new AppError('NOT_FOUND', `Project #${projectId} is not a Twitch VOD (or was removed).`);
  return vod;
}

/** The playlist a download of this quality started from, or a fresh one (saved for the next run). */
export async function playlistFor(ctx: CoreContext, vodId: string, quality: string, signal?: AbortSignal): Promise<MediaPlaylist> {
  const path = vodPaths(ctx.library.dataDir, vodId).playlist(quality);
  const saved = await loadPlaylist(path);
  if (saved) return saved;
  const access = accessFor(ctx);
  const { variants } = await lookupVod(access, vodId, { signal });
  const playlist = await fetchMediaPlaylist(chooseVariant(variants, quality), { signal, ...access.retry });
  await savePlaylist(path, playlist);
  return playlist;
}

/** The running or queued job of that kind for the project, if any. */
export function activeJob(ctx: CoreContext, kind: string, projectId: number): Job | null {
  return ctx.queue.list({ limit: 500 }).find((j) => j.kind === kind && j.projectId === projectId && !isTerminal(j.state)) ?? null;
}

export function chatJob(ctx: CoreContext): JobHandler<VodJobParams, { messages: number; clips: number }> {
  return {
    kind: CHAT_JOB,
    concurrency: 3,
    resumable: true,
    title: (p) => `Download chat of VOD ${p.vodId}`,
    async run({ projectId, vodId }, job) {
      const vod = requireVod(ctx, projectId);
      const access = accessFor(ctx);
      const paths = vodPaths(ctx.library.dataDir, vodId);
      const media = ctx.library.media.get(ctx.library.projects.get(projectId)!.mediaId)!;
      const { messages } = await downloadVodChatFile(access, vod.metadata, {
        lengthSec: media.probe.durationSec,
        outPath: paths.chat,
        signal: job.signal,
        onProgress: (p) => job.progress({ ...p, fraction: p.fraction * 0.85 }),
      });
      job.progress({ fraction: 0.85, detail: `importing ${messages.toLocaleString('en-US')} messages` });
      await importChatIntoProject(ctx, projectId, paths.chat, { signal: job.signal });
      if (ctx.library.highlights.list(projectId).length === 0 && messages > 0) {
        await runDetection(ctx, projectId, ctx.library.projects.get(projectId)!.sensitivity);
      }
      ctx.emit('project', { projectId });
      // What viewers clipped is a hint, not a requirement: a failure here leaves the chat in place.
      let clips = 0;
      try {
        const found = await fetchVodClips(access.client, vod.metadata.owner.login, vodId, { signal: job.signal });
        ctx.library.vods.setClips(projectId, found);
        clips = found.length;
        ctx.emit('project', { projectId });
      } catch (error) {
        if (job.signal.aborted) throw error;
        console.warn(`Clips of VOD ${vodId} could not be fetched: ${toErrorShape(error).message}`);
      }
      return { messages, clips };
    },
  };
}

export function videoJob(ctx: CoreContext): JobHandler<VideoJobParams, { path: string; durationSec: number; downloaded: number; skipped: number }> {
  return {
    kind: VIDEO_JOB,
    concurrency: 2,
    resumable: true,
    title: (p) => `Download video of VOD ${p.vodId}`,
    async run({ projectId, vodId, quality }, job) {
      requireVod(ctx, projectId);
      const paths = vodPaths(ctx.library.dataDir, vodId);
      const playlist = await playlistFor(ctx, vodId, quality, job.signal);
      ctx.library.vods.setMuted(projectId, mutedSpans(playlist.segments));
      ctx.library.vods.setVideoState(projectId, 'partial');
      ctx.emit('project', { projectId });
      const result = await downloadVodVideo({
        playlist,
        segmentsDir: paths.segments(quality),
        outPath: paths.video,
        signal: job.signal,
        onProgress: job.progress,
        ...accessFor(ctx).retry,
      });
      await removeSegmentFolders(paths);
      const probe = await probeMedia(paths.video, { env: ctx.env });
      const info = await stat(paths.video);
      ctx.library.media.upsert(paths.video, probe, { size: info.size, mtimeMs: info.mtimeMs });
      ctx.library.vods.setVideoState(projectId, 'complete');
      ctx.library.projects.touch(projectId);
      ctx.emit('project', { projectId });
      return { path: paths.video, durationSec: result.durationSec, downloaded: result.downloaded, skipped: result.skipped };
    },
  };
}
