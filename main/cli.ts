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

const HELP = `Highlighter ${pkg.version} — turn a long stream recording into a highlight reel.

Usage:
  highlighter serve [--port N] [--host 127.0.0.1]
      Open the editor in a browser. Prints the URL (with its access token) on the first line.
  highlighter detect --chat FILE [--top K] [--sensitivity 0..1] [--duration SEC | --video FILE]
                     [--chat-shift SEC] [--json]
      Propose highlights from a chat file: the --top K best (default 10), at least 2 minutes apart;
      --sensitivity keeps only moments that strong (as the app does). --json prints
      {"highlights":[{"start","end","score"},...]}, best first.
      --chat-shift moves every message SEC seconds later (negative: earlier), for logs whose clock
      does not start with the video (UTC and IRC logs count from their first message).
  highlighter export --video FILE --ranges "s-e,s-e,..." --out FILE [--mode fast|accurate] [--separate]
      Cut the ranges (seconds or h:mm:ss) out of the video into one reel. fast = stream copy with cuts
      snapped to keyframes; accurate = re-encoded, frame-exact (default). --separate writes one file
      per range instead, named after --out (reel.mp4 -> reel-01.mp4, reel-02.mp4, ...).
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
      });
      if (values.help) return void process.stdout.write(HELP);
      if (typeof values.video !== 'string' || typeof values.ranges !== 'string' || typeof values.out !== 'string') {
        usage('export needs --video FILE --ranges "s-e,..." --out FILE');
      }
      const mode = ExportModeSchema.safeParse(values.mode ?? 'accurate');
      if (!mode.success) usage(`--mode must be fast or accurate, got "${String(values.mode)}"`);
      await exportCommand(
        { video: values.video as string, ranges: values.ranges as string, out: values.out as string, mode: mode.data, separate: values.separate === true },
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
