// The `highlighter` command: the same core as the app, no window. Each subcommand lives in main/cli/.
// Failures print one line on stderr and exit non-zero.
import { parseArgs } from 'node:util';
import pkg from '../package.json';
import { AppError, toErrorShape } from './core/errors';
import { ExportModeSchema } from '../preload/contract';
import { detectCommand } from './cli/detectCommand';
import { downloadCommand } from './cli/downloadCommand';
import { exportCommand } from './cli/exportCommand';
import { serveCommand } from './cli/serveCommand';
import { timelineCommand } from './cli/timelineCommand';
import { timelineFormatNames, timelineFormatNamesText } from './core/timeline/formats';

const HELP = `Highlighter ${pkg.version} — turn a long stream recording into a highlight reel.

Usage:
  highlighter serve [--port N] [--host 127.0.0.1]
      Open the editor in a browser. Prints the URL (with its access token) on the first line.
  highlighter detect --chat FILE [--top K] [--sensitivity 0..1] [--duration SEC | --video FILE]
                     [--chat-shift SEC] [--examples "s-e,s-e,..."] [--json]
      Propose highlights from a chat file: the --top K best (default 10), at least 2 minutes apart;
      --sensitivity keeps only moments that strong (as the app does). --json prints
      {"highlights":[{"start","end","score"},...]}, best first.
      --chat-shift moves every message SEC seconds later (negative: earlier), for logs whose clock
      does not start with the video (UTC and IRC logs count from their first message).
      --examples gives ranges you marked as highlights: the other proposals follow how late chat
      reacted to them and how long they are, and proposals overlapping them are left out.
  highlighter export --video FILE --ranges "s-e,s-e,..." --out FILE [--mode smart|accurate|fast] [--separate]
                     [--labels "a,b,..."] [--chapters] [--side-files]
                     [--vertical crop|blur|split --crop X,Y,W,H [--crop2 X,Y,W,H]] [--preset source|1080p|720p]
      Cut the ranges (seconds or h:mm:ss) out of the video into one reel. smart (default) = frame-exact, only the
      frames up to the next keyframe re-encoded (default; falls back to accurate, saying why, where it
      cannot cut exactly); accurate = all re-encoded, frame-exact; fast = stream copy with cuts snapped
      to keyframes. --separate writes one file per range instead, named
      after --out and the range's label (reel.mp4 -> reel-01-the-clutch.mp4, reel-02.mp4, ...).
      --labels names the ranges, one per range (\\, for a comma in a label; empty for none).
      --chapters puts one chapter per range into the reel and writes OUT.chapters.txt for YouTube.
      --side-files writes the ranges as OUT.csv (start,end,label: LosslessCut imports it) and OUT.json.
      --vertical crop|blur|split makes 1080x1920 (Shorts, TikTok, Reels): crop takes --crop X,Y,W,H (a
      9:16 box in source pixels), blur puts the whole frame on a blurred fill, split stacks --crop (the
      facecam) over --crop2 (the gameplay). --preset source|1080p|720p sets the size. Both re-encode
      every frame (accurate mode).
  highlighter timeline --video FILE --ranges "s-e,..." [--labels "a,b,..."] --format FORMAT --out FILE
      Write the ranges, in this order, as a timeline another editor opens (nothing is rendered; it
      points at the video by absolute path): fcpxml (Final Cut Pro, Resolve), xmeml (FCP 7 XML:
      Premiere Pro, Resolve), edl (CMX 3600), otio (OpenTimelineIO), mlt (Shotcut) or kdenlive.
      --labels names the clips, one per range (\\, for a comma in a label; empty for "Highlight N").
  highlighter download <url-or-id> --out DIR [--quality NAME] [--chat-only]
      Download a Twitch VOD: DIR/<id>.chat.json (TwitchDownloader format) and DIR/<id>.mp4 (source
      quality unless --quality names another, e.g. 720p60). Running it again resumes.
  highlighter --help | --version

Environment:
  HIGHLIGHTER_DATA_DIR   where the library (SQLite database, caches) lives
  HIGHLIGHTER_FFMPEG, HIGHLIGHTER_FFPROBE   ffmpeg/ffprobe to use (else ffmpeg-static, else PATH)
  HIGHLIGHTER_TWITCH_TOKEN   OAuth token for subscriber-only VODs (download)
  HIGHLIGHTER_TWITCH_GQL_URL, HIGHLIGHTER_TWITCH_USHER_URL   replace Twitch's endpoints
`;

function usage(message: string): never {
  throw Object.assign(new AppError('BAD_ARGUMENTS', `${message} (see highlighter --help)`), { exitCode: 2 });
}

function numberOption(value: string | undefined, name: string, check: (n: number) => boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || !check(n)) usage(`--${name} must be a valid number, got "${value}"`);
  return n;
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${pkg.version}\n`);
    return;
  }
  const parse = (options: Record<string, { type: 'string' | 'boolean' }>, allowPositionals = false) => {
    try {
      const { values, positionals } = parseArgs({ args: rest, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
      return { values: values as Record<string, string | boolean | undefined>, positionals };
    } catch (error) {
      return usage((error as Error).message);
    }
  };

  switch (command) {
    case 'detect': {
      const { values } = parse({
        chat: { type: 'string' },
        top: { type: 'string' },
        sensitivity: { type: 'string' },
        duration: { type: 'string' },
        video: { type: 'string' },
        'chat-shift': { type: 'string' },
        examples: { type: 'string' },
        json: { type: 'boolean' },
      });
      if (values.help) return void process.stdout.write(HELP);
      if (typeof values.chat !== 'string') usage('detect needs --chat FILE');
      await detectCommand(
        {
          chat: values.chat as string,
          top: numberOption(values.top as string | undefined, 'top', (n) => Number.isInteger(n) && n > 0),
          sensitivity: numberOption(values.sensitivity as string | undefined, 'sensitivity', (n) => n >= 0 && n <= 1),
          durationSec: numberOption(values.duration as string | undefined, 'duration', (n) => n > 0),
          video: values.video as string | undefined,
          shiftSec: numberOption(values['chat-shift'] as string | undefined, 'chat-shift', (n) => Math.abs(n) <= 86_400),
          examples: values.examples as string | undefined,
          json: values.json === true,
        },
        process.stdout,
      );
      return;
    }
    case 'export': {
      const { values } = parse({
        video: { type: 'string' },
        ranges: { type: 'string' },
        out: { type: 'string' },
        mode: { type: 'string' },
        separate: { type: 'boolean' },
        labels: { type: 'string' },
        chapters: { type: 'boolean' },
        'side-files': { type: 'boolean' },
        vertical: { type: 'string' },
        crop: { type: 'string' },
        crop2: { type: 'string' },
        preset: { type: 'string' },
      });
      if (values.help) return void process.stdout.write(HELP);
      if (typeof values.video !== 'string' || typeof values.ranges !== 'string' || typeof values.out !== 'string') {
        usage('export needs --video FILE --ranges "s-e,..." --out FILE');
      }
      const mode = ExportModeSchema.safeParse(values.mode ?? 'smart');
      if (!mode.success) usage(`--mode must be smart, accurate or fast, got "${String(values.mode)}"`);
      await exportCommand(
        {
          video: values.video as string,
          ranges: values.ranges as string,
          out: values.out as string,
          mode: mode.data,
          separate: values.separate === true,
          labels: values.labels as string | undefined,
          chapters: values.chapters === true,
          sideFiles: values['side-files'] === true,
          vertical: values.vertical as string | undefined,
          crop: values.crop as string | undefined,
          crop2: values.crop2 as string | undefined,
          preset: values.preset as string | undefined,
        },
        process.stderr,
      );
      return;
    }
    case 'timeline': {
      const { values } = parse({
        video: { type: 'string' },
        ranges: { type: 'string' },
        labels: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
      });
      if (values.help) return void process.stdout.write(HELP);
      if (typeof values.video !== 'string' || typeof values.ranges !== 'string' || typeof values.out !== 'string' || typeof values.format !== 'string') {
        usage(`timeline needs --video FILE --ranges "s-e,..." --format ${timelineFormatNames.join('|')} --out FILE`);
      }
      if (!(timelineFormatNames as readonly string[]).includes(values.format as string)) {
        usage(`--format must be ${timelineFormatNamesText()}, got "${String(values.format)}"`);
      }
      await timelineCommand(
        {
          video: values.video as string,
          ranges: values.ranges as string,
          labels: values.labels as string | undefined,
          format: values.format as string,
          out: values.out as string,
        },
        process.stderr,
      );
      return;
    }
    case 'download': {
      const { values, positionals } = parse({ out: { type: 'string' }, quality: { type: 'string' }, 'chat-only': { type: 'boolean' } }, true);
      if (values.help) return void process.stdout.write(HELP);
      if (positionals.length !== 1) usage('download needs one VOD link or id, e.g. highlighter download https://www.twitch.tv/videos/123456789 --out DIR');
      if (typeof values.out !== 'string') usage('download needs --out DIR');
      await downloadCommand(
        { ref: positionals[0]!, out: values.out as string, quality: values.quality as string | undefined, chatOnly: values['chat-only'] === true },
        process.stderr,
      );
      return;
    }
    case 'serve': {
      const { values } = parse({ port: { type: 'string' }, host: { type: 'string' } });
      if (values.help) return void process.stdout.write(HELP);
      await serveCommand(
        {
          port: numberOption(values.port as string | undefined, 'port', (n) => Number.isInteger(n) && n >= 0 && n < 65536),
          host: values.host as string | undefined,
        },
        process.stdout,
        process.stderr,
      );
      return;
    }
    default:
      usage(`unknown command "${command}"`);
  }
}

// exitCode rather than exit(): stdout may be a pipe that is still draining.
main(process.argv.slice(2)).then(
  () => {
    process.exitCode = 0;
  },
  (error: unknown) => {
    const { message } = toErrorShape(error);
    process.stderr.write(`highlighter: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
    process.exitCode = (error as { exitCode?: number }).exitCode ?? 1;
  },
);
