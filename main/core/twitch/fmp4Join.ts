// Joins an fMP4 VOD's downloaded segments (Twitch's HEVC/AV1 VODs: an init segment, the #EXT-X-MAP,
// then fragments that are only readable behind it) into one MP4 without re-encoding.
//
// Route: local HLS playlists (EXT-X-MAP -> the downloaded init segment, then the segment files with the
// playlist's EXTINF), read by ffmpeg's HLS demuxer with stream copy. Measured against concatenating the
// bytes (init + segments, then remuxing) on 300 segments / 63 MB: both 0.29 s and identical output
// (frames, audio packets, timestamps). The playlist wins because it needs no copy of the VOD and no
// pipe, and because a playlist can be one entry of an ffconcat list: a partial export (runs of
// segments with gaps between them) and muted segments that must be rewritten are joined by the concat
// demuxer over [playlist of a run] [rewritten segment] [playlist of a run]..., which places each entry
// at its EXTINF sum like the MPEG-TS join does. A full download without such segments is a single
// entry. (The third way, each segment its own concat entry through the concat protocol, took 0.72 s,
// needs a widened protocol whitelist and puts a seam at every segment.)
//
// Muted segments: in fMP4 the init segment declares the audio track for every segment, so a muted
// segment either carries silence with the same parameters (copied as it is) or no audio samples at all
// (the demuxer would leave a hole): those are rewritten to a standalone MP4 with silence on the VOD's
// audio grid, as in the MPEG-TS join.
import { writeFile, rm } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { AppError, throwIfCancelled } from '../errors';
import { runFfmpeg } from '../media/runFfmpeg';
import { fmp4FileProblem, scanBoxes } from './fmp4Boxes';
import {
  fmp4ConcatArgs,
  fmp4ConcatList,
  fmp4Pieces,
  fmp4ProbeArgs,
  fmp4SilenceRewriteArgs,
  fmp4StreamsFromJson,
  localMediaPlaylist,
  silenceSourceArgs,
  type Fmp4ConcatEntry,
  type Fmp4SegmentStreams,
} from './fmp4Plan';
import { PREPARE_CONCURRENCY, PREPARE_SHARE, type JoinRun } from './joinRun';
import { mapPool } from './mapPool';
import { INIT_FILE_NAME, segmentFileName } from './segmentFiles';
import { audioGrid, leadOf, rewriteReason, rewriteSpan, silenceLeadSec, type SilenceSpan } from './segmentStreams';
import type { VodSegment } from './types';

/** Box-header checks in parallel (a few small reads each; thousands of files in a long VOD). */
const CHECK_CONCURRENCY = 16;

export async function joinFmp4(run: JoinRun): Promise<{ stderrTail: string }> {
  const { segments, dir, work, ffmpegPath, ffprobePath, signal, totalSec, progress } = run;
  await checkFiles(run);
  throwIfCancelled(signal);

  // Playlists live in the work folder (inside the segment folder) and name the files relatively: the
  // names are ours, so nothing in them needs escaping whatever the folder is called.
  const uriOf = (name: string) => relative(work, join(dir, name)).split(sep).join('/');
  const initUri = uriOf(INIT_FILE_NAME);
  const playlistOf = async (name: string, members: readonly VodSegment[]) => {
    const path = join(work, name);
    await writeFile(path, localMediaPlaylist(initUri, members.map((s) => ({ uri: uriOf(segmentFileName(s)), durationSec: s.durationSec }))));
    return path;
  };
  const probed = new Map<number, { playlist: string; streams: Fmp4SegmentStreams }>();
  const probe = async (s: VodSegment) => {
    const playlist = await playlistOf(`segment-${s.index}.m3u8`, [s]);
    const { stdout } = await runFfmpeg(ffprobePath, fmp4ProbeArgs(playlist), { signal });
    probed.set(s.index, { playlist, streams: fmp4StreamsFromJson(stdout) });
  };

  // Muted segments, and the first unmuted one as the reference for the audio every segment should have.
  const muted = segments.filter((s) => s.muted);
  const unmuted = segments.find((s) => !s.muted);
  const firstProbes = muted.length > 0 ? [...(unmuted ? [unmuted] : []), ...muted] : [];
  const prepareShare = firstProbes.length > 0 ? PREPARE_SHARE : 0;
  await mapPool(firstProbes, PREPARE_CONCURRENCY, probe, (done) => progress((prepareShare / 3) * (done / firstProbes.length)));
  const streamsOf = (s: VodSegment) => probed.get(s.index)?.streams ?? null;
  const reference = unmuted ? streamsOf(unmuted) : (muted.map(streamsOf).find((p) => p?.audio) ?? null);
  const toRewrite = reference ? muted.filter((s) => rewriteReason(reference, streamsOf(s)) !== null) : [];
  const pieces = fmp4Pieces(segments, new Set(toRewrite.map((s) => s.index)));

  // Where each run starts relative to its first video frame matters only where runs meet other entries.
  const runStarts = pieces.length > 1 ? pieces.flatMap((p) => (p.kind === 'run' && !probed.has(p.segments[0]!.index) ? [p.segments[0]!] : [])) : [];
  await mapPool(runStarts, PREPARE_CONCURRENCY, probe);
  progress((2 * prepareShare) / 3);

  const rewritten = new Map<number, { path: string; leadSec: number }>();
  const audio = reference?.audio;
  if (toRewrite.length > 0 && reference && audio) {
    const grid = audioGrid(reference);
    // The segment's audio was cut where its keyframe comes in decoding order (see Fmp4SegmentStreams);
    // a first segment's silence starts with its picture (see rewriteSpan).
    const spanOf = (s: VodSegment): SilenceSpan => rewriteSpan(grid, streamsOf(s), s.durationSec, s === segments[0]);
    const ext = audio.codec === 'aac' ? 'aac' : 'nut';
    const makeSilence = async (name: string, packets: number, durationSec: number) => {
      const output = join(work, name);
      await runFfmpeg(ffmpegPath, silenceSourceArgs({ audio, packets, durationSec, output }), { signal });
      return output;
    };
    // On the AAC grid one file, cut by packet count, serves every segment; otherwise one each, cut by time.
    const shared = grid ? await makeSilence(`silence.${ext}`, Math.max(...toRewrite.map((s) => spanOf(s).packets)), 0) : null;
    await mapPool(
      toRewrite,
      PREPARE_CONCURRENCY,
      async (s) => {
        const span = spanOf(s);
        const silence = shared ?? (await makeSilence(`silence-${s.index}.${ext}`, 0, span.durationSec));
        const output = join(work, `rewritten-${s.index}.mp4`);
        await runFfmpeg(ffmpegPath, fmp4SilenceRewriteArgs({ input: probed.get(s.index)!.playlist, silence, output, reference, span }), { signal });
        // With B-frames the silence starts ahead of the first picture: the entry's lead.
        rewritten.set(s.index, { path: output, leadSec: silenceLeadSec(streamsOf(s)?.videoStartSec ?? null, span) });
      },
      (done) => progress((2 * prepareShare) / 3 + (prepareShare / 3) * (done / toRewrite.length)),
    );
  }

  const entries: Fmp4ConcatEntry[] = [];
  for (const [i, piece] of pieces.entries()) {
    if (piece.kind === 'rewritten') {
      entries.push({ ...rewritten.get(piece.segment.index)!, durationSec: piece.segment.durationSec });
      continue;
    }
    const first = probed.get(piece.segments[0]!.index)?.streams;
    entries.push({
      path: await playlistOf(`run-${i}.m3u8`, piece.segments),
      durationSec: piece.segments.reduce((sum, s) => sum + s.durationSec, 0),
      leadSec: first ? leadOf(first) : 0,
    });
  }
  const listPath = join(work, 'list.ffconcat');
  await writeFile(listPath, fmp4ConcatList(entries));
  return runFfmpeg(ffmpegPath, fmp4ConcatArgs({ listPath, outPath: run.outPath }), {
    signal,
    onProgress: (p) => {
      if (p.outTimeSec !== null && totalSec > 0) progress(prepareShare + (1 - prepareShare) * (p.outTimeSec / totalSec));
    },
  });
}

/**
 * Every file's boxes, before ffmpeg sees them (see fmp4Boxes.ts). Damaged files are removed so that
 * the next download run fetches them again (complete files are otherwise skipped).
 */
async function checkFiles(run: JoinRun): Promise<void> {
  const files = [
    { name: INIT_FILE_NAME, label: 'The init segment', kind: 'init' as const },
    ...run.segments.map((s) => ({ name: segmentFileName(s), label: `Segment ${s.uri}`, kind: 'segment' as const })),
  ];
  const problems = await mapPool(files, CHECK_CONCURRENCY, async (f) => fmp4FileProblem(await scanBoxes(join(run.dir, f.name)), f.kind));
  const damaged = files.flatMap((f, i) => (problems[i] ? [{ ...f, problem: problems[i] }] : []));
  if (damaged.length === 0) return;
  await Promise.all(damaged.map((f) => rm(join(run.dir, f.name), { force: true })));
  const first = damaged[0]!;
  const others = damaged.length > 1 ? ` (and ${damaged.length - 1} more)` : '';
  throw new AppError(
    'FFMPEG_FAILED',
    `${first.label} of the VOD is damaged (${first.problem})${others} and could not be joined; it was removed, download the VOD again to fetch it.`,
  );
}
