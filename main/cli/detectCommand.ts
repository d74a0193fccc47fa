// `highlighter detect --chat FILE [--top K] [--sensitivity S] [--duration SEC | --video FILE] [--chat-shift SEC]
//  [--examples "s-e,s-e"] [--json]`
// Reads a chat file through the normal import path (no library needed), accumulates the same per-second
// features the app stores at import, and runs the app's detector on them. --examples are ranges the user
// marked as highlights: the proposals follow their learned delay and length (learnFromExamples.ts), and
// none overlaps them.
import { createChatFeatureAccumulator } from '../core/analysis/chatFeatures';
import { detectFromFeatures } from '../core/analysis/detectHighlights';
import { paramsForSensitivity } from '../core/analysis/detectorParams';
import { detectWithExamples, type ExampleRange } from '../core/analysis/learnFromExamples';
import { importChatFile } from '../core/chat/importChat';
import { AppError } from '../core/errors';
import { probeMedia } from '../core/media/probe';
import { formatClock } from './format';
import { parseRanges } from './parseRanges';

export interface DetectOptions {
  chat: string;
  top?: number;
  sensitivity?: number;
  durationSec?: number;
  video?: string;
  /** Chat sync: seconds added to every message's time (ImportChatOptions.shiftSec). */
  shiftSec?: number;
  /** Ranges the user marked as highlights, "s-e,s-e" (seconds or clock times). */
  examples?: string;
  json: boolean;
}

export async function detectCommand(opts: DetectOptions, out: NodeJS.WritableStream): Promise<void> {
  // A known video length bounds the chat like an import into a project does (later messages skipped).
  const knownSec = opts.durationSec ?? (opts.video ? (await probeMedia(opts.video)).durationSec : undefined);
  if (knownSec !== undefined && !(knownSec > 0)) throw new AppError('BAD_ARGUMENTS', 'The video duration must be a positive number of seconds.');
  const examples = opts.examples === undefined ? [] : parseExamples(opts.examples);
  const features = createChatFeatureAccumulator();
  let last = 0;
  const result = await importChatFile(opts.chat, {
    durationSec: knownSec ?? null,
    shiftSec: opts.shiftSec,
    onBatch: (batch) => {
      features.add(batch);
      for (const message of batch) if (message.offsetSec > last) last = message.offsetSec;
    },
  });
  // Without a video the chat's last message bounds the timeline (plus the reaction tail).
  const durationSec = knownSec ?? last + 30;

  // Without --sensitivity the ranking is cut by --top alone: asked for the 10 best, a script gets 10
  // (the app's default sensitivity would stop at the moments strong enough to propose unasked).
  const params = paramsForSensitivity(opts.sensitivity ?? 1);
  const chat = features.finish();
  const detected = examples.length > 0 ? detectWithExamples(chat, durationSec, examples, params).ranges : detectFromFeatures(chat, durationSec, params);
  const top = detected.slice(0, opts.top ?? 10);
  if (opts.json) {
    out.write(
      `${JSON.stringify({
        format: result.format,
        messages: result.messageCount,
        skipped: result.skipped,
        highlights: top.map((h) => ({ start: h.start, end: h.end, score: h.score })),
      })}\n`,
    );
    return;
  }
  out.write(`${result.messageCount} messages (${result.format}${result.skipped ? `, ${result.skipped} skipped` : ''})\n`);
  if (top.length === 0) out.write('No highlights found.\n');
  top.forEach((h, i) => {
    out.write(`${String(i + 1).padStart(3)}  ${formatClock(h.start)} – ${formatClock(h.end)}  (${(h.end - h.start).toFixed(1)} s)  score ${h.score.toFixed(2)}\n`);
  });
}

/** --examples "s-e,s-e": the same syntax as export's --ranges, with errors that name --examples. */
function parseExamples(text: string): ExampleRange[] {
  if (text.trim() === '') throw new AppError('BAD_RANGES', 'No examples given: use --examples "start-end,start-end" in seconds.');
  return parseRanges(text);
}
