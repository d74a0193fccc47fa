// Which H.264 encoder renders: a hardware one (NVENC, VA-API, Quick Sync, VideoToolbox) when this
// machine really has it, else libx264. A build listing an encoder proves nothing (Debian's ffmpeg lists
// nvenc, vaapi and qsv on a machine without any GPU), so a candidate is used only when `ffmpeg -encoders`
// lists it AND a one-second test encode with the very arguments a render would use succeeds. The probe
// runs once per ffmpeg binary for the life of the process (a few short runs), and its answer is cached.
//
// Quality: the spec's quality is an x264 CRF (0–51, lower is better). The hardware encoders' constant
// quality modes are mapped onto it: NVENC `-cq` and Quick Sync ICQ `-global_quality` share the 1–51
// scale and take the number as is, VA-API takes it as constant QP, VideoToolbox's `-q:v` (1–100, higher
// is better) takes 100·(51 − crf)/51. These are approximations: at the same number a hardware encoder
// gives a somewhat bigger file at a similar picture.
import { existsSync } from 'node:fs';
import { AppError } from '../../errors';
import { runFfmpeg } from '../../media/runFfmpeg';

export type H264Encoder = 'libx264' | 'h264_nvenc' | 'h264_vaapi' | 'h264_qsv' | 'h264_videotoolbox';
export type HardwareEncoder = Exclude<H264Encoder, 'libx264'>;

export const VAAPI_DEVICE = '/dev/dri/renderD128';

/** Tried in this order: the platform's own first, then the discrete GPUs before the integrated ones. */
export function hardwareCandidates(platform: NodeJS.Platform = process.platform): HardwareEncoder[] {
  return platform === 'darwin' ? ['h264_videotoolbox'] : ['h264_nvenc', 'h264_qsv', 'h264_vaapi'];
}

/**
 * The encoder names in `ffmpeg -encoders` output: the lines after the "------" rule, each a six-letter
 * capability field (V for video) and the name.
 */
export function parseEncoderList(output: string): Set<string> {
  const names = new Set<string>();
  let inList = false;
  for (const line of output.split(/\r?\n/)) {
    if (!inList) {
      if (/^\s*-{3,}\s*$/.test(line)) inList = true;
      continue;
    }
    const match = /^\s*([VAS][A-Z.]{5})\s+(\S+)/.exec(line);
    if (match) names.add(match[2]!);
  }
  return names;
}

/** Arguments that go before the inputs (VA-API opens its device there). */
export function encoderInputArgs(encoder: H264Encoder, device = VAAPI_DEVICE): string[] {
  return encoder === 'h264_vaapi' ? ['-vaapi_device', device] : [];
}

/** The end of the video filter chain: the pixel format the encoder takes (VA-API: uploaded to the GPU). */
export function encoderFormatFilter(encoder: H264Encoder): string {
  switch (encoder) {
    case 'h264_vaapi':
      return 'format=nv12,hwupload';
    case 'h264_qsv':
      return 'format=nv12';
    default:
      return 'format=yuv420p';
  }
}

/** The codec arguments for `crf` (see the header for the mapping). */
export function encoderArgs(encoder: H264Encoder, crf: number): string[] {
  if (!(Number.isInteger(crf) && crf >= 0 && crf <= 51)) throw new AppError('BAD_ARGUMENTS', `Quality must be a whole number from 0 to 51 (got ${crf}).`);
  const q = String(Math.max(1, crf)); // 0 means "automatic" to NVENC and is not a valid ICQ/QP for the others
  switch (encoder) {
    case 'libx264':
      return ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', String(crf), '-pix_fmt', 'yuv420p'];
    case 'h264_nvenc':
      return ['-c:v', 'h264_nvenc', '-preset', 'p5', '-tune', 'hq', '-rc', 'vbr', '-cq', q, '-b:v', '0'];
    case 'h264_qsv':
      return ['-c:v', 'h264_qsv', '-preset', 'medium', '-global_quality', q];
    case 'h264_vaapi':
      return ['-c:v', 'h264_vaapi', '-rc_mode', 'CQP', '-qp', q];
    case 'h264_videotoolbox':
      return ['-c:v', 'h264_videotoolbox', '-q:v', String(videotoolboxQuality(crf))];
  }
}

/** CRF 0–51 (lower better) onto VideoToolbox's 1–100 (higher better). */
export function videotoolboxQuality(crf: number): number {
  return Math.min(100, Math.max(1, Math.round((100 * (51 - crf)) / 51)));
}

/** The one-second test encode of a candidate: the arguments a render would use, on a generated pattern. */
export function testEncodeArgs(encoder: H264Encoder, crf = 23): string[] {
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'error',
    ...encoderInputArgs(encoder),
    '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=30',
    '-t', '1',
    '-vf', encoderFormatFilter(encoder),
    ...encoderArgs(encoder, crf),
    '-f', 'null', '-',
  ];
}

export interface EncoderTrial {
  encoder: HardwareEncoder;
  listed: boolean;
  /** Whether the test encode succeeded; null when it was not tried (not listed). */
  works: boolean | null;
  /** Why it was not used, for logs and the report. */
  reason: string | null;
}

export interface EncoderChoice {
  encoder: H264Encoder;
  hardware: boolean;
  trials: EncoderTrial[];
}

/** How long a test encode may take before its hardware counts as not there (a hung driver). */
const TEST_ENCODE_TIMEOUT_MS = 30_000;

const cache = new Map<string, Promise<EncoderChoice>>();

/**
 * The H.264 encoder for renders with this ffmpeg: the first hardware candidate that is listed and
 * passes its test encode, else libx264. Cached per ffmpeg path for the process (a failed listing too:
 * libx264 then, which a render needs anyway).
 */
export function chooseH264Encoder(ffmpegPath: string, platform: NodeJS.Platform = process.platform): Promise<EncoderChoice> {
  const key = `${platform}\0${ffmpegPath}`;
  let choice = cache.get(key);
  if (!choice) {
    choice = probeEncoders(ffmpegPath, hardwareCandidates(platform));
    cache.set(key, choice);
  }
  return choice;
}

/** Forgets the cached choices (tests). */
export function clearEncoderCache(): void {
  cache.clear();
}

async function probeEncoders(ffmpegPath: string, candidates: readonly HardwareEncoder[]): Promise<EncoderChoice> {
  let listed: Set<string>;
  try {
    listed = parseEncoderList((await runFfmpeg(ffmpegPath, ['-hide_banner', '-nostdin', '-encoders'])).stdout);
  } catch (error) {
    const reason = `ffmpeg -encoders failed: ${(error as Error).message}`;
    return { encoder: 'libx264', hardware: false, trials: candidates.map((encoder) => ({ encoder, listed: false, works: null, reason })) };
  }
  const trials: EncoderTrial[] = [];
  for (const encoder of candidates) {
    if (!listed.has(encoder)) {
      trials.push({ encoder, listed: false, works: null, reason: 'not in this ffmpeg build' });
      continue;
    }
    if (encoder === 'h264_vaapi' && !existsSync(VAAPI_DEVICE)) {
      trials.push({ encoder, listed: true, works: false, reason: `no ${VAAPI_DEVICE}` });
      continue;
    }
    const reason = await testEncode(ffmpegPath, encoder);
    trials.push({ encoder, listed: true, works: reason === null, reason });
    if (reason === null) return { encoder, hardware: true, trials };
  }
  return { encoder: 'libx264', hardware: false, trials };
}

/** null when the test encode worked, else why not (the end of ffmpeg's message). */
async function testEncode(ffmpegPath: string, encoder: H264Encoder): Promise<string | null> {
  try {
    await runFfmpeg(ffmpegPath, testEncodeArgs(encoder), { signal: AbortSignal.timeout(TEST_ENCODE_TIMEOUT_MS) });
    return null;
  } catch (error) {
    return (error as Error).message || 'the test encode failed';
  }
}
