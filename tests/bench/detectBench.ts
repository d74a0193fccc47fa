// Times the chat analysis on a big stream: 1,000,000 messages over an 8-hour video.
// Run alone: node --import tsx tests/bench/detectBench.ts
import { pathToFileURL } from 'node:url';
import { detectHighlights } from '../../main/core/analysis/detectHighlights';
import { buildHeatmap } from '../../main/core/analysis/heatmap';
import { seededRandom } from '../fixtures/chat';

const MESSAGES = 1_000_000;
const VIDEO_HOURS = 8;
const RUNS = 5;

/** Sorted offsets: drifting background volume plus a reaction burst every ~10 minutes. */
function syntheticOffsets(count: number, durationSec: number): Float64Array {
  const random = seededRandom(42);
  const offsets = new Float64Array(count);
  const burstEvery = 600;
  for (let i = 0; i < count; i++) {
    if (random() < 0.15) {
      // 15% of messages land in 20-second bursts.
      const burst = Math.floor(random() * Math.floor(durationSec / burstEvery));
      offsets[i] = burst * burstEvery + 300 + random() * 20;
    } else {
      // Volume grows over the stream (sqrt warp), like a stream that builds an audience.
      offsets[i] = durationSec * Math.sqrt(random());
    }
  }
  return offsets.sort();
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
  const offsets = syntheticOffsets(MESSAGES, durationSec);
  let proposals = 0;
  const heatmapMs = medianMs(() => buildHeatmap(offsets, durationSec));
  const detectMs = medianMs(() => {
    proposals = detectHighlights(offsets, durationSec).length;
  });
  return {
    messages: MESSAGES,
    videoHours: VIDEO_HOURS,
    heatmapMs,
    detectMs,
    totalMs: Math.round((heatmapMs + detectMs) * 100) / 100,
    proposals,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchDetection()));
}
