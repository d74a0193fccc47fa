// Checks every written piece before the pieces are joined, by ffprobe on the piece (packets only, no
// decoding): the right number of frames, starting with a keyframe, with the reel's decode delay, and the
// stream parameters of the source. A copied piece shows the parameters the source has at that point
// (its in-band SPS), so this is also where a file whose parameters change midway is caught; an encoded
// piece shows what the encoder made of the arguments it was given. A copy must also start with the very
// packets planned (their sizes): the proof that its seek found the right keyframe.
import { requireFfmpeg } from '../ffmpegPaths';
import { runFfmpeg } from '../runFfmpeg';
import { FRAME_JITTER_SEC, type Piece } from './smartPlan';
import { normaliseSar, type VideoStreamFacts } from './videoPackets';

export interface PieceFacts {
  codec: string | null;
  profile: string | null;
  level: number | null;
  width: number | null;
  height: number | null;
  pixFmt: string | null;
  sar: string | null;
  packets: { pts: number | null; dts: number | null; key: boolean; size: number }[];
}

interface PieceJson {
  streams?: { codec_name?: string; profile?: string; level?: number; width?: number; height?: number; pix_fmt?: string; sample_aspect_ratio?: string }[];
  packets?: { pts_time?: string; dts_time?: string; size?: string; flags?: string }[];
}

export function pieceFactsFromJson(json: PieceJson): PieceFacts {
  const s = json.streams?.[0] ?? {};
  const num = (v: string | undefined) => (v === undefined || v === 'N/A' ? null : Number(v));
  return {
    codec: s.codec_name ?? null,
    profile: s.profile ?? null,
    level: typeof s.level === 'number' && s.level > 0 ? s.level : null,
    width: s.width ?? null,
    height: s.height ?? null,
    pixFmt: s.pix_fmt ?? null,
    sar: normaliseSar(s.sample_aspect_ratio),
    packets: (json.packets ?? []).map((p) => ({ pts: num(p.pts_time), dts: num(p.dts_time), key: (p.flags ?? '').startsWith('K'), size: Number(p.size ?? 0) })),
  };
}

/** A Baseline decoder decodes Constrained Baseline: the two count as one. */
function sameProfile(a: string | null, b: string | null): boolean {
  const norm = (p: string | null) => (p === 'Baseline' ? 'Constrained Baseline' : p);
  return norm(a) === norm(b);
}

/**
 * The MPEG-TS muxer puts an access unit delimiter before every frame that has none: a copied packet
 * may come back this much bigger.
 */
const MAX_ADDED_BYTES = 16;
/** …and packets with more slices lose a byte more: the differences may spread this much. */
const SIZE_SPREAD_BYTES = 4;

/** Pure: null when the piece is what the plan asked for, else what is wrong (for the fallback reason). */
export function checkPiece(
  piece: Piece,
  facts: PieceFacts,
  source: VideoStreamFacts,
  expect: { delayFrames: number; frameSec: number },
): string | null {
  const where = piece.kind === 'copy' ? `at ${piece.from.pts.toFixed(2)} s` : `at ${piece.firstSec.toFixed(2)} s`;
  const differs: string[] = [];
  if (facts.codec !== source.codec) differs.push(`codec ${facts.codec} instead of ${source.codec}`);
  if (facts.width !== source.width || facts.height !== source.height) {
    differs.push(`size ${facts.width}x${facts.height} instead of ${source.width}x${source.height}`);
  }
  if (facts.pixFmt !== source.pixFmt) differs.push(`pixel format ${facts.pixFmt} instead of ${source.pixFmt}`);
  if (!sameProfile(facts.profile, source.profile)) differs.push(`profile ${facts.profile} instead of ${source.profile}`);
  if (source.level !== null && facts.level !== null && facts.level !== source.level) differs.push(`level ${facts.level} instead of ${source.level}`);
  if ((facts.sar ?? '1:1') !== (source.sar ?? '1:1')) differs.push(`pixel aspect ${facts.sar ?? '1:1'} instead of ${source.sar ?? '1:1'}`);
  if (differs.length > 0) {
    return piece.kind === 'copy'
      ? `the video's parameters change within the file (${differs.join(', ')} ${where})`
      : `re-encoded frames would not match the source (${differs.join(', ')})`;
  }
  const what = piece.kind === 'copy' ? `the copied frames ${where}` : `the re-encoded frames ${where}`;
  const packets = facts.packets;
  if (packets.length !== piece.frames) return `${what} came out as ${packets.length} frames instead of ${piece.frames}`;
  const first = packets[0];
  if (!first?.key) return `${what} do not start with a keyframe`;
  if (first.pts === null || first.dts === null) return `${what} have no timestamps`;
  const delay = first.pts - first.dts;
  if (Math.abs(delay - expect.delayFrames * expect.frameSec) > FRAME_JITTER_SEC) {
    return `${what} are decoded ${(delay * 1000).toFixed(1)} ms ahead instead of ${(expect.delayFrames * expect.frameSec * 1000).toFixed(1)} ms`;
  }
  if (piece.kind === 'copy') {
    // The keyframe itself may have gained parameter sets; the frames after it only a delimiter (and
    // start codes for length fields, a byte less per slice after the first).
    const compared = Math.min(piece.from.sizes.length, packets.length);
    const added = piece.from.sizes.slice(1, compared).map((size, i) => (packets[i + 1] as { size: number }).size - size);
    const base = added[0];
    if (base !== undefined && (base < -MAX_ADDED_BYTES || base > MAX_ADDED_BYTES || added.some((d) => Math.abs(d - base) > SIZE_SPREAD_BYTES))) {
      return `${what} do not start with the planned keyframe`;
    }
  }
  return null;
}

export async function probePiece(path: string, opts: { signal?: AbortSignal; env?: NodeJS.ProcessEnv }): Promise<PieceFacts> {
  const { ffprobePath } = requireFfmpeg(opts.env);
  const { stdout } = await runFfmpeg(
    ffprobePath,
    [
      '-v', 'error', '-select_streams', 'v:0',
      '-show_entries', 'stream=codec_name,profile,level,width,height,pix_fmt,sample_aspect_ratio:packet=pts_time,dts_time,size,flags',
      '-of', 'json', path,
    ],
    { signal: opts.signal },
  );
  return pieceFactsFromJson(JSON.parse(stdout) as PieceJson);
}
