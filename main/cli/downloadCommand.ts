// `highlighter download <url-or-id> --out DIR [--quality NAME] [--chat-only]`
// Chat first (small, and what the heatmap needs), then the video; progress on stderr, Ctrl-C cancels.
// Segments wait in DIR/.<id>.parts/ until the join, so running the command again after a kill or a
// network failure fetches only what is missing.
import { mkdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { requireFfmpeg } from '../core/media/ffmpegPaths';
import type { Progress } from '../core/progress';
import { fetchVodMetadata } from '../core/twitch/metadata';
import { fetchMediaPlaylist, fetchVariants } from '../core/twitch/playback';
import { chooseVariant } from '../core/twitch/playlists';
import { twitchAccess } from '../core/twitch/twitchAccess';
import { downloadVodChatFile } from '../core/twitch/vodChat';
import { safeQuality } from '../core/twitch/vodFiles';
import { parseVodRef } from '../core/twitch/vodRef';
import { downloadVodVideo } from '../core/twitch/vodVideo';
import { formatClock } from './format';

export interface DownloadOptions {
  ref: string;
  out: string;
  quality?: string;
  chatOnly: boolean;
}

/** Progress lines at most once a second (and on a new phase), so logs stay readable. */
function progressPrinter(err: NodeJS.WritableStream, label: string): (p: Progress) => void {
  let lastAt = 0;
  return (p) => {
    const now = Date.now();
    if (now - lastAt < 1000 && p.fraction < 1) return;
    lastAt = now;
    const eta = p.etaSec != null && Number.isFinite(p.etaSec) ? ` · ${formatClock(Math.ceil(p.etaSec)).replace(/\.0$/, '')} left` : '';
    err.write(`${label} ${(p.fraction * 100).toFixed(0)}%${p.detail ? ` · ${p.detail}` : ''}${eta}\n`);
  };
}

export async function downloadCommand(opts: DownloadOptions, err: NodeJS.WritableStream, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { vodId } = parseVodRef(opts.ref);
  if (!opts.chatOnly) requireFfmpeg(env);
  const outDir = resolve(opts.out);
  await mkdir(outDir, { recursive: true });
  const access = twitchAccess(env, env.HIGHLIGHTER_TWITCH_TOKEN?.trim() || null);

  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const { signal } = controller;
  try {
    const metadata = await fetchVodMetadata(access.client, vodId, { signal });
    err.write(`VOD ${vodId}: "${metadata.title}" by ${metadata.owner.displayName}, ${formatClock(metadata.lengthSec)}\n`);

    // The playlist is asked before the chat so that a VOD that cannot be downloaded (subscriber-only,
    // processing) fails at once rather than after the chat.
    let playlist = null;
    let quality = '';
    if (!opts.chatOnly) {
      const variants = await fetchVariants(access.endpoints, access.client, vodId, {
        oauthToken: access.oauthToken,
        signal,
        channel: metadata.owner.displayName,
        ...access.retry,
      });
      const variant = chooseVariant(variants, opts.quality);
      quality = variant.groupId;
      playlist = await fetchMediaPlaylist(variant, { signal, ...access.retry });
      err.write(`quality ${variant.name}${variant.source ? ' (source)' : ''}: ${playlist.segments.length} segments, ${formatClock(playlist.totalSec)}\n`);
    }

    const chatPath = join(outDir, `${vodId}.chat.json`);
    const chat = await downloadVodChatFile(access, metadata, {
      lengthSec: playlist?.totalSec ?? metadata.lengthSec,
      outPath: chatPath,
      signal,
      onProgress: progressPrinter(err, 'chat'),
    });
    err.write(`wrote ${chatPath} (${chat.messages.toLocaleString('en-US')} messages)\n`);

    if (playlist) {
      const videoPath = join(outDir, `${vodId}.mp4`);
      if (await stat(videoPath).then((s) => s.size > 0, () => false)) {
        err.write(`${videoPath} is already there; not downloading the video again\n`);
        return;
      }
      const partsDir = join(outDir, `.${vodId}.parts`);
      const result = await downloadVodVideo({
        playlist,
        segmentsDir: join(partsDir, safeQuality(quality)),
        outPath: videoPath,
        signal,
        onProgress: progressPrinter(err, 'video'),
        ...access.retry,
      });
      await rm(partsDir, { recursive: true, force: true });
      const kept = result.skipped ? `, ${result.skipped} segments kept from an earlier run` : '';
      err.write(`wrote ${videoPath} (${formatClock(result.durationSec)}, ${result.downloaded} segments downloaded${kept})\n`);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
