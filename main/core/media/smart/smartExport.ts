// Smart export: frame-exact cuts that cost little more than a stream copy. Per range only the frames
// between the cut and the nearest keyframe inside it are re-encoded (encoded to match the source, see
// encodeMatch.ts); the GOPs in between are copied untouched (smartPlan.ts decides which from the packet
// listing, videoPackets.ts). The pieces are written as MPEG-TS into the work folder (pieceArgs.ts) by
// chains at once: the encode runs on a lane per core (CPU-bound), the copy run (disk-bound) and the audio run, which
// cuts every range's audio from the source and encodes it once. Every piece is checked as it is written
// (pieceCheck.ts), then one stream-copy run joins the pieces in reel order with that audio.
//
// Whatever makes a smart cut unsafe throws SmartFallback with the reason: exportReel then exports in
// accurate mode and says why. Cancelling stops every ffmpeg this started before it returns.
import { stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { PlannedRange } from '../../../../preload/contract';
import { AppError, cancelled, isAppError, throwIfCancelled } from '../../errors';
import type { ProgressFn } from '../../progress';
import { fitsCommandLine, type OutputFormat } from '../exportArgs';
import type { FfmpegProgress } from '../ffmpegProgress';
import { encoderArgs } from './encodeMatch';
import { audioRunArgs, copyRunArgs, encodeRunArgs, frameSecOf, joinArgs, piecesConcatList, type ContainerKind } from './pieceArgs';
import { checkPieceParams, checkPieceStart, probePieceParams, scanTsVideo } from './pieceCheck';
import { planSmart, pieceFrames, type CopyPiece, type EncodePiece, type Piece, type SmartPlan } from './smartPlan';
import { containerKind, sourceCheck } from './sourceCheck';
import { readPacketRuns, readStreamFacts, type VideoStreamFacts, type Window } from './videoPackets';

/** Smart cutting is not safe for this export; `reason` says why, for the user. */
export class SmartFallback extends Error {
  constructor(readonly reason: string) {
    super(`smart cut not possible: ${reason}`);
    this.name = 'SmartFallback';
  }
}

type Run = (
  bin: string,
  args: string[],
  opts?: {
    signal?: AbortSignal;
    onProgress?: (p: FfmpegProgress) => void;
    /** Each key=value line of `-progress` instead (the frame count, which FfmpegProgress does not keep). */
    onProgressLine?: (key: string, value: string) => void;
  },
) => Promise<void>;

export interface SmartExportInput {
  videoPath: string;
  /** In reel order, none empty. */
  cuts: readonly PlannedRange[];
  hasAudio: boolean;
  /** Where the reel goes (exportReel's hidden temporary file). */
  outPath: string;
  format: OutputFormat;
  /** An empty folder for the pieces (exportReel removes it). */
  workDir: string;
  ffmpegPath: string;
  /** Runs one ffmpeg command and records its command line. */
  run: Run;
  report: ProgressFn;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

/**
 * Seconds listed before each range's start, tried in turn while the listing of some range starts after
 * its keyframe: an indexed container's seek lands on that keyframe anyway, an MPEG-TS's near the point.
 */
const LOOKBACKS: Record<ContainerKind, readonly number[]> = { indexed: [0.5, 12, 40], mpegts: [3, 12, 40] };
/** Listed past each range's end: frames shown before it but decoded after, and a keyframe right at it. */
const LOOKAHEAD_SEC = 1;

/** Pieces per encode run at 1080p or less (see maxEncodeInputs). */
const MAX_ENCODE_INPUTS = 8;
/** Pieces per copy run: inputs without decoders, only demuxers. */
const MAX_COPY_INPUTS = 16;
/** Packets of a piece's start its check looks at (a copy's are compared with the planned ones). */
const FIRST_PACKETS = 6;

/** Relative cost of a frame copied, joined, against one re-encoded (1): for the progress bar only. */
const COPY_COST = 0.02;
const JOIN_COST = 0.03;

export async function smartExport(input: SmartExportInput): Promise<void> {
  try {
    await runSmart(input);
  } catch (error) {
    if (error instanceof SmartFallback) throw error;
    // A step that fails on this file (an encoder missing from this ffmpeg, a stream it cannot seek in)
    // makes the export fall back, not fail; a cancel or a missing ffmpeg stays what it is.
    if (isAppError(error) && (error.code === 'FFMPEG_FAILED' || error.code === 'MEDIA_UNREADABLE')) {
      throw new SmartFallback(`a smart-cut step failed (${error.message})`);
    }
    throw error;
  }
}

async function runSmart(input: SmartExportInput): Promise<void> {
  const { signal, report } = input;
  const ctx = { signal, env: input.env };
  report({ fraction: 0, detail: 'reading keyframes', etaSec: null });
  const facts = await readStreamFacts(input.videoPath, ctx);
  const unsafe = sourceCheck(facts);
  if (unsafe) throw new SmartFallback(unsafe);
  const container = containerKind(facts.formatName) as ContainerKind;
  const rate = facts.frameRate!;
  const frameSec = frameSecOf(rate);

  const plan = await planFromListing(input, facts, container, frameSec);
  if (plan.ranges.length === 0) throw new AppError('BAD_RANGES', 'The ranges are shorter than a frame: there is nothing to export.');
  const encoder = encoderArgs(facts, plan.delayFrames);
  if (!encoder.ok) throw new SmartFallback(encoder.reason);
  throwIfCancelled(signal);

  // File names: the encode runs' pieces by run and number, the copies by number.
  const encodes = plan.pieces.filter((p): p is EncodePiece => p.kind === 'encode');
  const copies = plan.pieces.filter((p): p is CopyPiece => p.kind === 'copy');
  const encodeArgsFor = (group: EncodePiece[], b: number) =>
    encodeRunArgs({
      videoPath: input.videoPath,
      pieces: group,
      container,
      frameRate: rate,
      sar: facts.sar,
      encoder: encoder.args,
      threads: encoderThreads(lanes),
      outPattern: join(input.workDir, `enc-${pad(b + 1)}-%04d.ts`),
    });
  const fileOf = new Map<Piece, string>();
  const lanes = encodeLanes();
  const encodeBatches = withoutShortRuns(
    batches(encodes, encodeBatchSize(encodes.length, maxEncodeInputs(facts), lanes), (group) => encodeArgsFor(group, 0), input.ffmpegPath),
    (group) => encodeArgsFor(group, 0),
    input.ffmpegPath,
  );
  const encodedOf = encodeBatches.map(() => 0);
  const copyArgsFor = (group: CopyPiece[]) =>
    copyRunArgs({ videoPath: input.videoPath, pieces: group, container, frameRate: rate, outPaths: group.map((p) => join(input.workDir, fileOf.get(p) ?? 'x')) });
  const copyBatches = batches(copies, MAX_COPY_INPUTS, copyArgsFor, input.ffmpegPath);
  encodeBatches.forEach((group, b) => group.forEach((p, i) => fileOf.set(p, `enc-${pad(b + 1)}-${String(i).padStart(4, '0')}.ts`)));
  copies.forEach((p, i) => fileOf.set(p, `copy-${pad(i + 1)}.ts`));
  const withAudio = input.hasAudio && facts.hasAudio;
  const audioPath = withAudio ? join(input.workDir, 'audio.m4a') : null;

  const { encoded, copied } = pieceFrames(plan);
  const allFrames = encoded + copied;
  const total = encoded + COPY_COST * copied + JOIN_COST * allFrames;
  let encodedDone = 0;
  let copiedDone = 0;
  const detail = `re-encoding ${encoded} frames at the cuts, copying ${copied}`;
  const piecesProgress = () => report({ fraction: (encodedDone + COPY_COST * copiedDone) / total, detail, etaSec: null });
  piecesProgress();
  const expect = { delayFrames: plan.delayFrames, frameSec };

  // At once: the encode runs on as many lanes as the machine has cores for (the critical path: each
  // decodes from a keyframe before it encodes), the copies (disk-bound) and the audio (one thread).
  const nextBatch = queue([...encodeBatches.entries()]);
  const encodeLane = async (inner: AbortSignal) => {
    for (let item = nextBatch(); item; item = nextBatch()) {
      const [b, group] = item;
      const groupFrames = group.reduce((sum, p) => sum + p.frames, 0);
      let frames: number | null = null;
      await input.run(input.ffmpegPath, encodeArgsFor(group, b), {
        signal: inner,
        onProgressLine: (key, value) => {
          if (key === 'frame' && /^\d+$/.test(value)) {
            frames = Number(value);
            encodedDone += Math.min(groupFrames, frames) - encodedOf[b]!;
            encodedOf[b] = Math.min(groupFrames, frames);
            piecesProgress();
          }
        },
      });
      // The segment muxer cut the run at the IDR frames forced on each piece's first frame: with the
      // run's frame count right and every file there, each piece holds its frames. Its first piece
      // shows what the encoder made (parameters, keyframe, decode delay).
      if (frames !== groupFrames) throw new SmartFallback(`the re-encoded frames came out as ${frames ?? 'no'} frames instead of ${groupFrames}`);
      for (const piece of group) {
        const exists = await stat(join(input.workDir, fileOf.get(piece)!)).then(() => true, () => false);
        if (!exists) throw new SmartFallback(`the re-encoded frames at ${piece.firstSec.toFixed(2)} s were not split into a piece of their own`);
      }
      await checkPiece(input, group[0]!, facts, { ...expect, wholePiece: false, params: true }, fileOf, inner);
      encodedDone += groupFrames - encodedOf[b]!;
      encodedOf[b] = groupFrames;
    }
  };
  await all(signal, [
    ...Array.from({ length: Math.min(lanes, encodeBatches.length) }, () => encodeLane),
    async (inner) => {
      for (const group of copyBatches) {
        await input.run(input.ffmpegPath, copyArgsFor(group), { signal: inner });
        // Only an MPEG-TS source's copies carry the SPS in force at their keyframe (see pieceCheck.ts).
        const params = container === 'mpegts';
        for (const piece of group) await checkPiece(input, piece, facts, { ...expect, wholePiece: true, params }, fileOf, inner);
        copiedDone += group.reduce((sum, p) => sum + p.frames, 0);
        piecesProgress();
      }
    },
    async (inner) => {
      if (audioPath) {
        await input.run(input.ffmpegPath, audioRunArgs({ videoPath: input.videoPath, ranges: plan.ranges, frameRate: rate, outPath: audioPath }), { signal: inner });
      }
    },
  ]);
  throwIfCancelled(signal);

  const listPath = join(input.workDir, 'pieces.ffconcat');
  await writeFile(listPath, piecesConcatList(plan.pieces.map((p) => ({ fileName: fileOf.get(p)!, frames: p.frames })), rate));
  const reelSec = allFrames * frameSec;
  const joinedBefore = encoded + COPY_COST * copied;
  const joinDetail = `joining ${plan.ranges.length} range${plan.ranges.length === 1 ? '' : 's'}`;
  report({ fraction: joinedBefore / total, detail: joinDetail, etaSec: null });
  await input.run(input.ffmpegPath, joinArgs({ listPath, audioPath, outPath: input.outPath, format: input.format }), {
    signal,
    onProgress: (p) => {
      const done = Math.min(1, (p.outTimeSec ?? 0) / reelSec);
      report({ fraction: (joinedBefore + JOIN_COST * allFrames * done) / total, detail: joinDetail, etaSec: p.speed ? ((1 - done) * reelSec) / p.speed : null });
    },
  });
}

/**
 * Encode runs at once. A run decodes from a keyframe before it encodes, one input after another, so
 * one run leaves cores idle; two on two cores, each with one decoder thread and two encoder threads,
 * cut the bench's smart export from about 11 s to 10 s. More than three only adds memory (about 300 MB
 * a run at 1080p).
 */
function encodeLanes(): number {
  return Math.max(1, Math.min(3, availableParallelism()));
}

/** An encode run's encoder threads: its lane's share of the cores, at least two (x264's lookahead). */
function encoderThreads(lanes: number): number {
  return Math.max(2, Math.floor(availableParallelism() / lanes));
}

/**
 * Pieces per encode run: at most `max`, and an equal share per lane (20 pieces on 2 lanes run as 4 runs
 * of 5, not 8 + 8 + 4 where the last runs alone).
 */
export function encodeBatchSize(pieces: number, max: number, lanes: number): number {
  if (pieces === 0) return max;
  const runs = Math.ceil(Math.ceil(pieces / max) / lanes) * lanes;
  return Math.max(1, Math.ceil(pieces / Math.min(runs, pieces)));
}

/**
 * Pieces per encode run, each an input with its own decoder open for the whole run (about 50 MB at
 * 1080p, on top of the encoder's 250): fewer for bigger frames.
 */
function maxEncodeInputs(facts: VideoStreamFacts): number {
  return Math.max(1, Math.min(MAX_ENCODE_INPUTS, Math.floor((MAX_ENCODE_INPUTS * 1920 * 1080) / Math.max(1, facts.width * facts.height))));
}

async function checkPiece(
  input: SmartExportInput,
  piece: Piece,
  facts: VideoStreamFacts,
  expect: { delayFrames: number; frameSec: number; wholePiece: boolean; params: boolean },
  fileOf: Map<Piece, string>,
  signal: AbortSignal,
): Promise<void> {
  const path = join(input.workDir, fileOf.get(piece)!);
  const wrong =
    checkPieceStart(piece, await scanTsVideo(path, FIRST_PACKETS), expect) ??
    (expect.params ? checkPieceParams(piece, await probePieceParams(path, { signal, env: input.env }), facts) : null);
  if (wrong) throw new SmartFallback(wrong);
}

/**
 * Lists the packets around the ranges and plans the pieces; lists again further back for ranges whose
 * listing began after their keyframe (MPEG-TS seeks land near the point, GOPs may be long).
 */
async function planFromListing(input: SmartExportInput, facts: VideoStreamFacts, container: ContainerKind, frameSec: number): Promise<SmartPlan> {
  const steps = LOOKBACKS[container];
  const lookback = input.cuts.map(() => 0);
  for (;;) {
    const windows: Window[] = input.cuts.map((c, i) => ({ from: Math.max(0, c.cutStart - steps[lookback[i]!]!), to: c.cutEnd + LOOKAHEAD_SEC }));
    const runs = await readPacketRuns(input.videoPath, facts, windows, { signal: input.signal, env: input.env });
    if (runs.length === 0) throw new SmartFallback('the video has no packets ffprobe can list');
    if (!runs.some((run) => run.packets.some((p) => p.key))) throw new SmartFallback('the video has no keyframe index');
    const result = planSmart({ cuts: input.cuts, runs, frameSec });
    if (result.ok) return result.plan;
    const further = (result.lookback ?? []).filter((i) => lookback[i]! + 1 < steps.length);
    if (!result.lookback || further.length < result.lookback.length) {
      const at = result.lookback?.[0] !== undefined ? ` (${input.cuts[result.lookback[0]]!.cutStart.toFixed(2)} s)` : '';
      throw new SmartFallback(`${result.reason}${result.lookback ? ` within ${steps[steps.length - 1]} s${at}` : ''}`);
    }
    for (const i of further) lookback[i]!++;
    throwIfCancelled(input.signal);
  }
}

/**
 * Runs the tasks at once, each with a signal that fires when the caller's does or another task fails,
 * and settles only when all have (no ffmpeg outlives the call). The first real failure wins over the
 * cancellations it caused.
 */
async function all(signal: AbortSignal | undefined, tasks: ((signal: AbortSignal) => Promise<void>)[]): Promise<void> {
  const inner = new AbortController();
  const onAbort = () => inner.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) inner.abort();
  try {
    const results = await Promise.allSettled(
      tasks.map((task) =>
        task(inner.signal).catch((error: unknown) => {
          inner.abort();
          throw error;
        }),
      ),
    );
    if (signal?.aborted) throw cancelled();
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
    const real = failures.find((e) => !(isAppError(e) && e.code === 'CANCELLED'));
    if (real !== undefined) throw real;
    if (failures.length > 0) throw failures[0];
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Frames an encode run needs for the encoder to reorder as it does on longer runs: a run of a frame or
 * two comes out with no decode delay, which the pieces of the other runs have.
 */
const MIN_RUN_FRAMES = 16;

/** The runs, each too short one joined to the run before it (or the first to the next) where it fits. */
export function withoutShortRuns<T extends { frames: number }>(groups: T[][], argsOf: (group: T[]) => string[], bin: string): T[][] {
  const out = groups.map((g) => [...g]);
  const framesOf = (g: T[]) => g.reduce((sum, p) => sum + p.frames, 0);
  for (let i = 0; i < out.length && out.length > 1; ) {
    if (framesOf(out[i]!) >= MIN_RUN_FRAMES) {
      i++;
      continue;
    }
    const into = i > 0 ? i - 1 : 1;
    const merged = into < i ? [...out[into]!, ...out[i]!] : [...out[i]!, ...out[into]!];
    if (!fitsCommandLine(bin, argsOf(merged))) {
      i++;
      continue;
    }
    out.splice(Math.min(i, into), 2, merged);
    i = Math.min(i, into);
  }
  return out;
}

/** Hands out the items one by one to whoever asks (lanes sharing a list of work). */
function queue<T>(items: readonly T[]): () => T | undefined {
  let next = 0;
  return () => items[next++];
}

/** Consecutive groups of at most `max` items whose command line (built by `argsOf`) fits. */
function batches<T>(items: readonly T[], max: number, argsOf: (group: T[]) => string[], bin: string): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  for (const item of items) {
    const next = [...current, item];
    if (current.length > 0 && (next.length > max || !fitsCommandLine(bin, argsOf(next)))) {
      groups.push(current);
      current = [item];
    } else current = next;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
