// The pure half of the audio heatmap: segment plan, ffmpeg arguments, the metadata parser, rolling
// median, heat and binning. (Lives beside loudness.test.ts, which exercises the same module with ffmpeg.)
import { describe, expect, it } from 'vitest';
import { MAX_HEATMAP_BINS } from '../../../main/core/analysis/heatmap';
import {
  audioHeatmap,
  createLoudnessParser,
  loudnessArgs,
  loudnessHeat,
  planSegments,
  rollingMedian,
  SILENCE_DB,
} from '../../../main/core/media/loudness';
import { seededRandom } from '../../fixtures/chat';

const rng = seededRandom;

function naiveMedian(values: number[], before: number, after: number): number[] {
  return values.map((_, i) => {
    const w = values.slice(Math.max(0, i - before), Math.min(values.length, i + after + 1)).sort((a, b) => a - b);
    return w.length % 2 ? w[(w.length - 1) / 2]! : (w[w.length / 2 - 1]! + w[w.length / 2]!) / 2;
  });
}

describe('planSegments', () => {
  it('uses one open-ended pass for short or unknown durations and one process', () => {
    expect(planSegments(0, 4)).toEqual([{ startSec: 0, lengthSec: null }]);
    expect(planSegments(NaN, 4)).toEqual([{ startSec: 0, lengthSec: null }]);
    expect(planSegments(599, 4)).toEqual([{ startSec: 0, lengthSec: null }]);
    expect(planSegments(36_000, 1)).toEqual([{ startSec: 0, lengthSec: null }]);
  });

  it('splits into whole-second segments that tile the file, the last one open-ended', () => {
    for (const [duration, processes, min] of [[3600.5, 4, 600], [1250, 4, 600], [90, 3, 30], [91, 3, 30], [7, 8, 1]] as const) {
      const segments = planSegments(duration, processes, min);
      expect(segments.length).toBeLessThanOrEqual(processes);
      expect(segments.length).toBe(Math.max(1, Math.min(processes, Math.floor(duration / min))));
      expect(segments[0]!.startSec).toBe(0);
      expect(segments.at(-1)!.lengthSec).toBeNull();
      segments.forEach((s, i) => {
        expect(Number.isInteger(s.startSec)).toBe(true);
        if (i > 0) expect(s.startSec).toBe(segments[i - 1]!.startSec + segments[i - 1]!.lengthSec!);
      });
      expect(segments.at(-1)!.startSec).toBeLessThan(duration);
    }
  });
});

describe('loudnessArgs', () => {
  it('decodes only the first audio stream, seeking only for later segments', () => {
    const first = loudnessArgs('/v/a b.mp4', { startSec: 0, lengthSec: 900 });
    expect(first).toEqual(expect.arrayContaining(['-map', '0:a:0', '-vn', '-t', '900', '-i', '/v/a b.mp4']));
    expect(first).not.toContain('-ss');
    const last = loudnessArgs('/v/a.mp4', { startSec: 900, lengthSec: null });
    expect(last.slice(last.indexOf('-ss'), last.indexOf('-ss') + 2)).toEqual(['-ss', '900']);
    expect(last).not.toContain('-t');
    // Seeking is an input option: before -i.
    expect(last.indexOf('-ss')).toBeLessThan(last.indexOf('-i'));
    // Timestamp gaps are filled, so one-second frames stay on whole seconds.
    expect(last[last.indexOf('-af') + 1]).toMatch(/^aresample=8000:async=1,asetnsamples=n=8000/);
  });
});

describe('createLoudnessParser', () => {
  it('pairs each frame line with its level, flooring silence and skipping other keys', () => {
    const got: [number, number][] = [];
    const parse = createLoudnessParser((s, db) => got.push([s, db]));
    [
      'frame:0    pts:0       pts_time:0',
      'lavfi.astats.Overall.RMS_level=-28.401590',
      'frame:1    pts:8000    pts_time:1',
      'lavfi.astats.Overall.RMS_level=-inf',
      'frame:2    pts:16000   pts_time:2.02',
      'lavfi.astats.Overall.Peak_level=-3',
      'lavfi.astats.Overall.RMS_level=-75.5',
      'frame:3    pts:24000   pts_time:2.98',
      'lavfi.astats.Overall.RMS_level=nan',
      'lavfi.astats.Overall.RMS_level=-10', // a second value without its frame line is ignored
      'frame:4 pts:N/A pts_time:N/A',
      'lavfi.astats.Overall.RMS_level=-20',
      '',
    ].forEach(parse);
    expect(got).toEqual([
      [0, -28.40159],
      [1, SILENCE_DB],
      [2, SILENCE_DB],
      [3, SILENCE_DB],
    ]);
  });
});

describe('rollingMedian', () => {
  it('matches a naive median for centred, trailing and uneven windows, ties and short inputs', () => {
    const random = rng(11);
    for (const n of [0, 1, 2, 5, 40, 300]) {
      const values = Array.from({ length: n }, () => Math.round(random() * 20) - 60); // many ties
      for (const [before, after] of [[0, 0], [1, 1], [1, 0], [0, 3], [5, 5], [15, 4], [120, 0], [60, 60], [1000, 0]] as const) {
        expect(Array.from(rollingMedian(values, before, after)), `n=${n} ${before}/${after}`).toEqual(naiveMedian(values, before, after));
      }
    }
  });
});

describe('loudnessHeat', () => {
  it('is zero for a constant level and for silence', () => {
    expect(Array.from(loudnessHeat(new Array<number>(50).fill(-30)))).toEqual(new Array<number>(50).fill(0));
    expect(Array.from(loudnessHeat(new Array<number>(50).fill(-Infinity)))).toEqual(new Array<number>(50).fill(0));
  });

  it('is the excess over the surrounding median, never negative', () => {
    const random = rng(5);
    const db = Array.from({ length: 600 }, () => -40 + random() * 4);
    db[300] = -10;
    db[301] = -50; // a dip: no negative heat
    const heat = loudnessHeat(db);
    expect(heat.every((v) => v >= 0)).toBe(true);
    expect(heat[300]).toBeGreaterThan(27);
    expect(heat[300]).toBeLessThan(32);
    expect(heat[301]).toBe(0);
    const argmax = heat.indexOf(Math.max(...heat));
    expect(argmax).toBe(300);
  });

  it('treats anything under the silence floor as silence, so faint noise in silence is no peak', () => {
    const db = new Array<number>(200).fill(-90);
    db[100] = -70;
    expect(Math.max(...loudnessHeat(db))).toBe(0);
    db[100] = -40;
    expect(loudnessHeat(db)[100]).toBe(-40 - SILENCE_DB);
  });

  it('shows where a long loud stretch starts, then takes it as the new normal (music is not one plateau)', () => {
    const db = [...new Array<number>(300).fill(-45), ...new Array<number>(600).fill(-20), ...new Array<number>(300).fill(-45)];
    const heat = loudnessHeat(db);
    expect(heat[300]).toBe(25); // the moment it gets loud
    expect(heat[330]).toBe(25);
    expect(heat[600]).toBe(0); // the middle of the loud stretch
    expect(heat[950]).toBe(0); // back to quiet: no heat
  });
});

describe('audioHeatmap', () => {
  it('keeps one-second bins for ordinary lengths and puts the peak where the sound is', () => {
    const db = new Array<number>(120).fill(-40);
    for (let s = 60; s < 63; s++) db[s] = -15;
    const heatmap = audioHeatmap(db, 119.5);
    expect(heatmap).toMatchObject({ binSec: 1, durationSec: 119.5, source: 'audio' });
    expect(heatmap.values.length).toBe(120);
    expect(heatmap.max).toBe(Math.max(...heatmap.values));
    expect(heatmap.values.indexOf(heatmap.max)).toBe(61);
    expect(heatmap.values[30]).toBe(0);
  });

  it('widens bins for very long videos like the chat heatmap, keeping the peak in its bin', () => {
    const duration = 8 * 3600 + 0.4;
    const db = new Array<number>(Math.ceil(duration)).fill(-40);
    for (let s = 20_000; s < 20_010; s++) db[s] = -10;
    const heatmap = audioHeatmap(db, duration);
    expect(heatmap.binSec).toBe(2);
    expect(heatmap.values.length).toBeLessThanOrEqual(MAX_HEATMAP_BINS);
    expect(heatmap.values.length * heatmap.binSec).toBeGreaterThanOrEqual(duration);
    const peakBin = heatmap.values.indexOf(heatmap.max);
    expect(peakBin * heatmap.binSec).toBeGreaterThanOrEqual(20_000);
    expect(peakBin * heatmap.binSec).toBeLessThan(20_010);
  });

  it('is flat for no data', () => {
    expect(audioHeatmap([], 0)).toEqual({ binSec: 1, values: [], max: 0, durationSec: 0, source: 'audio' });
    const flat = audioHeatmap([], 10);
    expect(flat.values).toEqual(new Array<number>(10).fill(0));
  });
});
