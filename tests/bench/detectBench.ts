// Times the chat analysis on a big stream: 1,000,000 messages over an 8-hour video. Detection reads
// the per-second features the import accumulated, so it is timed from those; the accumulator's own
// rate (what import pays per message) is timed separately.
// Run alone: node --import tsx tests/bench/detectBench.ts
import { pathToFileURL } from 'node:url';
import { createChatFeatureAccumulator } from '../../main/core/analysis/chatFeatures';
import { detectFromFeatures } from '../../main/core/analysis/detectHighlights';
import { buildHeatmap } from '../../main/core/analysis/heatmap';
import type { ChatMessage } from '../../main/core/chat/message';
import { seededRandom } from '../fixtures/chat';

const MESSAGES = 1_000_000;
const VIDEO_HOURS = 8;
const RUNS = 5;
const BATCH = 5000;

const TALK = ['hi chat', 'what game is this', 'nice', 'o7', 'when is the next stream', 'true', 'that build tho', '@friend yes'];
const REACTIONS = ['KEKW', 'LUL LUL', 'PogChamp', 'OMEGALUL', 'monkaS', 'POGGERS', 'clip it', 'no way'];

/**
 * Sorted messages: drifting background volume plus a reaction burst every ~10 minutes, 50,000
 * chatters, a bot and some commands.
 */
function syntheticMessages(count: number, durationSec: number): ChatMessage[] {
  const random = seededRandom(42);
  const messages: ChatMessage[] = new Array(count);
  const burstEvery = 600;
  for (let i = 0; i < count; i++) {
    const inBurst = random() < 0.15;
    // 15% of messages land in 20-second bursts; the rest grow over the stream (sqrt warp).
    const offsetSec = inBurst
      ? Math.floor(random() * Math.floor(durationSec / burstEvery)) * burstEvery + 300 + random() * 20
      : durationSec * Math.sqrt(random());
    const r = random();
    const author = r < 0.002 ? 'Nightbot' : `viewer_${Math.floor(random() * 50_000)}`;
    const text = r < 0.01 ? '!uptime' : inBurst ? REACTIONS[i % REACTIONS.length]! : TALK[i % TALK.length]!;
    messages[i] = { offsetSec, author, text, emotes: inBurst && i % 2 === 0 ? [text.split(' ')[0]!] : [] };
  }
  return messages.sort((a, b) => a.offsetSec - b.offsetSec);
}

function medianMs(run: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(RUNS / 2)]! * 100) / 100;
}

export async function benchDetection(): Promise<Record<string, number>> {
  const durationSec = VIDEO_HOURS * 3600;
  const messages = syntheticMessages(MESSAGES, durationSec);
  const offsets = Float64Array.from(messages, (m) => m.offsetSec);
  const batches: ChatMessage[][] = [];
  for (let i = 0; i < messages.length; i += BATCH) batches.push(messages.slice(i, i + BATCH));

  let features = createChatFeatureAccumulator().finish();
  const accumulateMs = medianMs(() => {
    const acc = createChatFeatureAccumulator();
    for (const batch of batches) acc.add(batch);
    features = acc.finish();
  });
  // What the library stores and reads back: the detector works on the parsed JSON.
  const stored = JSON.stringify(features);
  const parsed = JSON.parse(stored) as typeof features;

  let proposals = 0;
  const heatmapMs = medianMs(() => buildHeatmap(offsets, durationSec));
  const detectMs = medianMs(() => {
    proposals = detectFromFeatures(parsed, durationSec).length;
  });
  return {
    messages: MESSAGES,
    videoHours: VIDEO_HOURS,
    featureAccumulateMs: accumulateMs,
    featureMessagesPerSec: Math.round(MESSAGES / (accumulateMs / 1000)),
    featureJsonKB: Math.round(stored.length / 1024),
    heatmapMs,
    detectMs,
    totalMs: Math.round((heatmapMs + detectMs) * 100) / 100,
    proposals,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchDetection()));
}
