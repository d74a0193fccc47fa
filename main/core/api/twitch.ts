// Opening Twitch VODs: look one up (nothing downloads), open it as a project (chat job, then video job),
// resume a video download, and keep the OAuth token for subscriber-only VODs.
import type { HighlighterApi, Probe, VodPreview } from '../../../preload/contract';
import { AppError } from '../errors';
import type { CoreContext } from '../context';
import { fetchMediaPlaylist } from '../twitch/playback';
import { chooseVariant, mutedSpans } from '../twitch/playlists';
import { fetchThumbnail } from '../twitch/thumbnail';
import { lookupVod } from '../twitch/twitchAccess';
import type { MediaPlaylist, VodVariant } from '../twitch/types';
import { savePlaylist, vodPaths } from '../twitch/vodFiles';
import { parseVodRef } from '../twitch/vodRef';
import { loadProject } from './loadProject';
import { CHAT_JOB, TOKEN_SETTING, VIDEO_JOB, accessFor, activeJob, type VideoJobParams, type VodJobParams } from './vodJobs';

export const vodUrl = (vodId: string) => `https://www.twitch.tv/videos/${vodId}`;

/** What the library records about a video not downloaded yet, from the playlist (re-probed once it is). */
export function playlistProbe(variant: VodVariant, playlist: MediaPlaylist): Probe {
  return {
    durationSec: playlist.totalSec,
    sizeBytes: 0,
    formatName: 'hls',
    video: {
      codec: /^(hvc1|hev1)/.test(variant.codecs ?? '') ? 'hevc' : /^av01/.test(variant.codecs ?? '') ? 'av1' : 'h264',
      width: variant.resolution?.width ?? 0,
      height: variant.resolution?.height ?? 0,
      fps: variant.fps ?? 30,
      keyframeIntervalSec: null,
    },
    audio: { codec: 'aac', sampleRate: 48_000, channels: 2 },
  };
}

/** Stored OAuth tokens: what users paste is often "oauth:abc…" or "OAuth abc…". */
export function normaliseToken(token: string): string {
  const value = token.trim().replace(/^(oauth:|oauth\s+)/i, '').trim();
  if (!/^[A-Za-z0-9_-]{8,200}$/.test(value)) {
    throw new AppError('BAD_ARGUMENTS', 'That does not look like a Twitch OAuth token (letters and digits, e.g. the auth-token cookie of twitch.tv).');
  }
  return value;
}

export function twitchHandlers(
  ctx: CoreContext,
): Pick<HighlighterApi, 'resolveVod' | 'openVod' | 'downloadVodVideo' | 'setTwitchToken'> {
  function ensureJobs(projectId: number, vodId: string, opts: { video: boolean; quality: string }): void {
    if (!ctx.library.chat.info(projectId) && !activeJob(ctx, CHAT_JOB, projectId)) {
      ctx.queue.enqueue(CHAT_JOB, { projectId, vodId } satisfies VodJobParams, { projectId });
    }
    const vod = ctx.library.vods.byProject(projectId);
    if (opts.video && vod?.videoState !== 'complete' && !activeJob(ctx, VIDEO_JOB, projectId)) {
      ctx.queue.enqueue(VIDEO_JOB, { projectId, vodId, quality: opts.quality } satisfies VideoJobParams, { projectId });
    }
  }

  return {
    async resolveVod({ ref }): Promise<VodPreview> {
      const { vodId, startSec } = parseVodRef(ref);
      const access = accessFor(ctx);
      const { metadata, variants } = await lookupVod(access, vodId);
      const video = variants.filter((v) => !v.audioOnly);
      const thumbnail = fetchThumbnail(metadata.thumbnailUrl);
      // The playlist says whether the stream still goes on; and fresh VODs report length 0, it knows better.
      const playlist = await fetchMediaPlaylist(chooseVariant(variants, null), access.retry);
      const lengthSec = playlist.ended ? metadata.lengthSec || playlist.totalSec : playlist.totalSec;
      return {
        vodId,
        url: vodUrl(vodId),
        title: metadata.title,
        channelLogin: metadata.owner.login,
        channelName: metadata.owner.displayName,
        lengthSec,
        createdAt: metadata.createdAt,
        game: metadata.game,
        thumbnail: await thumbnail,
        qualities: video.map((v) => ({
          id: v.groupId,
          name: v.name,
          resolution: v.resolution ? `${v.resolution.width}x${v.resolution.height}` : null,
          fps: v.fps,
          bandwidth: v.bandwidth,
          source: v.source,
        })),
        startSec,
        live: !playlist.ended,
      };
    },

    async openVod({ ref, quality, video = true }) {
      const { vodId } = parseVodRef(ref);
      const existing = ctx.library.vods.byVodId(vodId);
      if (existing) {
        ensureJobs(existing.projectId, vodId, { video, quality: existing.quality });
        ctx.library.projects.touch(existing.projectId);
        return loadProject(ctx, existing.projectId);
      }

      // Everything that can refuse (unknown VOD, subscriber-only, processing, bad quality) is asked
      // before the project exists, so a refusal leaves nothing behind.
      const access = accessFor(ctx);
      const { metadata, variants } = await lookupVod(access, vodId);
      const variant = chooseVariant(variants, quality);
      const playlist = await fetchMediaPlaylist(variant, access.retry);
      const paths = vodPaths(ctx.library.dataDir, vodId);
      await savePlaylist(paths.playlist(variant.groupId), playlist);

      const projectId = ctx.library.db.transaction(() => {
        const media = ctx.library.media.upsert(paths.video, playlistProbe(variant, playlist), { size: 0, mtimeMs: 0 });
        const project = ctx.library.projects.create({ name: metadata.title || `VOD ${vodId}`, mediaId: media.id });
        ctx.library.vods.create({ projectId: project.id, url: vodUrl(vodId), quality: variant.groupId, metadata, live: !playlist.ended });
        ctx.library.vods.setMuted(project.id, mutedSpans(playlist.segments));
        return project.id;
      })();
      ensureJobs(projectId, vodId, { video, quality: variant.groupId });
      return loadProject(ctx, projectId);
    },

    async downloadVodVideo({ projectId, quality }) {
      const vod = ctx.library.vods.byProject(projectId);
      if (!vod) throw new AppError('BAD_ARGUMENTS', `Project #${projectId} was not opened from a Twitch VOD.`);
      const running = activeJob(ctx, VIDEO_JOB, projectId);
      if (running) return running;
      if (vod.videoState === 'complete') throw new AppError('BAD_ARGUMENTS', 'The video of this VOD is already downloaded.');
      let chosen = vod.quality;
      if (quality && quality !== vod.quality) {
        // A different quality: check it exists before the job starts, and keep its playlist.
        const access = accessFor(ctx);
        const { variants } = await lookupVod(access, vod.vodId);
        const variant = chooseVariant(variants, quality);
        const playlist = await fetchMediaPlaylist(variant, access.retry);
        await savePlaylist(vodPaths(ctx.library.dataDir, vod.vodId).playlist(variant.groupId), playlist);
        ctx.library.vods.setQuality(projectId, variant.groupId);
        chosen = variant.groupId;
      }
      return ctx.queue.enqueue(VIDEO_JOB, { projectId, vodId: vod.vodId, quality: chosen } satisfies VideoJobParams, { projectId });
    },

    async setTwitchToken({ token }) {
      ctx.library.settings.set(TOKEN_SETTING, token === null || token.trim() === '' ? undefined : normaliseToken(token));
      return { twitchToken: ctx.library.settings.get<string>(TOKEN_SETTING) !== undefined };
    },
  };
}
