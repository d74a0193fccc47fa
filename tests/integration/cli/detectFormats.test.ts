// `highlighter detect` runs the app's detector (features accumulated over import batches, then
// detectFromFeatures) on every import format: the same chat as a text log, a chat-downloader JSON and a
// gzipped TwitchDownloader JSON gives the same proposals, and they equal the library-free detector's.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatFeaturesOf } from '../../../main/core/analysis/chatFeatures';
import { detectFromFeatures } from '../../../main/core/analysis/detectHighlights';
import { paramsForSensitivity } from '../../../main/core/analysis/detectorParams';
import type { ChatMessage } from '../../../main/core/chat/message';
import { assertBuilt, runCli } from '../../fixtures/cli';
import { seededRandom } from '../../fixtures/chat';

const DURATION = 1800;
const BURSTS = [600, 1300];

/** Whole-second chat: a few viewers talking, and two bursts of many viewers laughing. */
function makeChat(): ChatMessage[] {
  const random = seededRandom(11);
  const messages: ChatMessage[] = [];
  for (let t = 0; t < DURATION; t++) {
    if (random() < 0.5) messages.push({ offsetSec: t, author: `talker${Math.floor(random() * 40)}`, text: 'what build is this', emotes: [] });
    for (const b of BURSTS) {
      if (t >= b && t < b + 15) for (let k = 0; k < 4; k++) messages.push({ offsetSec: t, author: `fan${t}_${k}`, text: 'KEKW', emotes: [] });
    }
  }
  // Noise that must not become a highlight: a bot and a spammer.
  for (let t = 900; t < 915; t++) {
    for (let k = 0; k < 5; k++) messages.push({ offsetSec: t, author: 'Nightbot', text: 'Follow the channel!', emotes: [] });
    for (let k = 0; k < 5; k++) messages.push({ offsetSec: t, author: 'spammer', text: 'LUL LUL LUL', emotes: [] });
  }
  return messages.sort((a, b) => a.offsetSec - b.offsetSec);
}

const clock = (sec: number): string =>
  `${Math.floor(sec / 3600)}:${String(Math.floor(sec / 60) % 60).padStart(2, '0')}:${String(sec % 60).padStart(2, '0')}`;

const FORMATS: Record<string, (m: ChatMessage[]) => Buffer> = {
  'text log': (m) => Buffer.from(m.map((x) => `[${clock(x.offsetSec)}] ${x.author}: ${x.text}`).join('\n')),
  'chat-downloader JSON': (m) =>
    Buffer.from(JSON.stringify(m.map((x, i) => ({ message_id: `c${i}`, message: x.text, time_in_seconds: x.offsetSec, author: { name: x.author } })))),
  'gzipped TwitchDownloader JSON': (m) =>
    gzipSync(
      JSON.stringify({
        comments: m.map((x, i) => ({
          _id: `a${i}`,
          content_offset_seconds: x.offsetSec,
          commenter: { display_name: x.author, name: x.author.toLowerCase() },
          message: { body: x.text, fragments: [{ text: x.text, emoticon: null }] },
        })),
      }),
    ),
};

let dir: string;
const messages = makeChat();

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'hl-cli-detect-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('highlighter detect on every import format', () => {
  it.each(Object.keys(FORMATS))('proposes the app detector’s ranges for a %s', async (name) => {
    const path = join(dir, `chat-${name.replace(/\W+/g, '-')}`);
    await writeFile(path, FORMATS[name]!(messages));
    const r = await runCli(['detect', '--chat', path, '--duration', String(DURATION), '--top', '5', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const data = JSON.parse(r.stdout) as { highlights: { start: number; end: number; score: number }[] };
    for (const h of data.highlights) expect(Object.keys(h).sort()).toEqual(['end', 'score', 'start']);

    const expected = detectFromFeatures(chatFeaturesOf(messages), DURATION, paramsForSensitivity(1))
      .slice(0, 5)
      .map((h) => ({ start: h.start, end: h.end, score: h.score }));
    expect(data.highlights).toEqual(expected);
    // Asked for 5, it gives 5 (the ranking cut by --top alone), best first, distinct moments.
    expect(data.highlights).toHaveLength(5);
    for (let i = 1; i < 5; i++) expect(data.highlights[i]!.score).toBeLessThanOrEqual(data.highlights[i - 1]!.score);
    // The two bursts lead, each starting before the chat reacted; the bot and the spammer are not a moment.
    for (const b of BURSTS) expect(data.highlights.slice(0, 2).some((h) => h.start < b && h.end > b - 30)).toBe(true);

    // With --sensitivity, only what the app would propose at that setting: the two bursts.
    const app = await runCli(['detect', '--chat', path, '--duration', String(DURATION), '--sensitivity', '0.5', '--json']);
    const proposed = (JSON.parse(app.stdout) as { highlights: { start: number; end: number }[] }).highlights;
    expect(proposed.map((h) => [h.start, h.end])).toEqual(
      detectFromFeatures(chatFeaturesOf(messages), DURATION, paramsForSensitivity(0.5)).slice(0, 10).map((h) => [h.start, h.end]),
    );
    for (const b of BURSTS) expect(proposed.some((h) => h.start < b && h.end > b - 30)).toBe(true);
    expect(proposed.some((h) => h.start > 850 && h.start < 915)).toBe(false);
  });
});

describe('highlighter detect --chat-shift', () => {
  it('places a wall-clock log that began after the video started where it belongs', async () => {
    // A UTC log started 40 s into the stream: its clock counts from its first message, so without the
    // shift every moment lands 40 s early.
    const logStart = 40;
    const later = [{ offsetSec: logStart, author: 'first', text: 'hi', emotes: [] }, ...messages.filter((m) => m.offsetSec > logStart)];
    const utc = (sec: number): string => new Date(Date.UTC(2024, 4, 17, 18, 0, 0) + sec * 1000).toISOString().replace('T', ' ').slice(0, 19);
    const path = join(dir, 'late.utc.log');
    await writeFile(path, later.map((m) => `[${utc(m.offsetSec)} UTC] ${m.author}: ${m.text}`).join('\n'));

    const expected = detectFromFeatures(chatFeaturesOf(later), DURATION, paramsForSensitivity(1)).slice(0, 5);
    const run = async (extra: string[]) => {
      const r = await runCli(['detect', '--chat', path, '--duration', String(DURATION), '--top', '5', '--json', ...extra]);
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { highlights: { start: number; end: number }[] }).highlights;
    };
    const shifted = await run(['--chat-shift', String(logStart)]);
    expect(shifted.map((h) => [h.start, h.end])).toEqual(expected.map((h) => [h.start, h.end]));
    const unshifted = await run([]);
    expect(unshifted[0]!.start).toBeCloseTo(shifted[0]!.start - logStart, 6);

    const bad = await runCli(['detect', '--chat', path, '--chat-shift', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--chat-shift must be a valid number, got "soon"/);
  });
});
