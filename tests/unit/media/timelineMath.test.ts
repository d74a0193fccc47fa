// The pure parts of the timeline's waveform, thumbnails and chat tooltip: bin widths, the peak fold
// across chunk boundaries, the thumbnail grid, and the chat window clamp.
import { describe, expect, it } from 'vitest';
import { chatWindow } from '../../../main/core/api/chatAt';
import { gridStepSec, MIN_GRID_STEP_SEC, thumbnailTimes } from '../../../main/core/media/thumbnailGrid';
import { createPeakFolder, MAX_WAVEFORM_BINS, waveformBinSec, WAVEFORM_RATE } from '../../../main/core/media/waveform';

describe('waveformBinSec', () => {
  it('is 0.1 s up to the bin limit, then grows so 12 hours stay within 200k bins', () => {
    expect(waveformBinSec(60)).toBe(0.1);
    expect(waveformBinSec(3600)).toBe(0.1);
    expect(waveformBinSec(20_000)).toBe(0.1);
    const twelveHours = 12 * 3600;
    const bin = waveformBinSec(twelveHours);
    expect(bin).toBeCloseTo(0.216, 9);
    expect(Math.ceil(twelveHours / bin)).toBeLessThanOrEqual(MAX_WAVEFORM_BINS);
    // Always a whole number of samples.
    for (const d of [1, 3600, 25_001, 43_200, 99_999]) expect(Number.isInteger(Math.round(waveformBinSec(d) * WAVEFORM_RATE * 1e6) / 1e6)).toBe(true);
  });
});

describe('createPeakFolder', () => {
  const pcm = (values: number[]) => {
    const b = Buffer.alloc(values.length * 2);
    values.forEach((v, i) => b.writeInt16LE(v, i * 2));
    return b;
  };

  it('keeps the absolute peak per bin, whatever the chunk boundaries (odd ones included)', () => {
    const values = [100, -3000, 5, 7, -32768, 2, 16384, 0, 1];
    const whole = new Float32Array(3);
    createPeakFolder(whole, 3, 0).push(pcm(values));
    expect(Array.from(whole)).toEqual([3000 / 32768, 1, 0.5]);

    const bytes = pcm(values);
    const split = new Float32Array(3);
    const folder = createPeakFolder(split, 3, 0);
    // Cut after 1, 4 and 11 bytes: samples split in the middle, and an odd byte offset.
    for (const [a, b] of [[0, 1], [1, 4], [4, 11], [11, bytes.length]] as const) folder.push(Buffer.from(bytes.subarray(a, b)));
    expect(Array.from(split)).toEqual(Array.from(whole));
    expect(folder.samples()).toBe(values.length);
  });

  it('starts at the segment sample and ignores samples past the end', () => {
    const peaks = new Float32Array(2);
    createPeakFolder(peaks, 2, 2).push(pcm([1000, 2000, 3000]));
    expect(Array.from(peaks)).toEqual([0, 2000 / 32768]);
  });
});

describe('thumbnail grid', () => {
  it('uses the largest power-of-two step that fits the spacing', () => {
    expect(gridStepSec(12)).toBe(8);
    expect(gridStepSec(8)).toBe(8);
    expect(gridStepSec(1.2)).toBe(1);
    expect(gridStepSec(0.6)).toBe(0.5);
    expect(gridStepSec(0.01)).toBe(MIN_GRID_STEP_SEC);
    expect(gridStepSec(0)).toBe(MIN_GRID_STEP_SEC);
  });

  it('snaps the centre of each slice to the grid: distinct, ascending, reused when scrolling', () => {
    const times = thumbnailTimes(0, 120, 10, 600);
    expect(times).toEqual([8, 16, 32, 40, 56, 64, 80, 88, 104, 112]);
    // Scrolled by a bit more than a step: the same step, so the times overlap the first request's.
    const scrolled = thumbnailTimes(10, 130, 10, 600);
    expect(scrolled.every((t) => t % 8 === 0)).toBe(true);
    expect(scrolled.filter((t) => times.includes(t)).length).toBeGreaterThanOrEqual(8);
    // Zoomed in by two: a step of 4 s, and the coarser grid's times are all on it.
    expect(thumbnailTimes(0, 60, 10, 600).every((t) => t % 4 === 0)).toBe(true);
  });

  it('stays inside the video and gives fewer times for a window narrower than its count', () => {
    expect(thumbnailTimes(590, 700, 10, 600).every((t) => t <= 599.5)).toBe(true);
    expect(thumbnailTimes(0, 2, 20, 600)).toEqual([0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2]);
    expect(thumbnailTimes(30, 30, 5, 600)).toEqual([30]);
    expect(thumbnailTimes(40, 20, 2, 600)).toEqual([24, 32]);
  });
});

describe('chatWindow', () => {
  it('keeps windows up to 60 s and narrows longer ones around their centre', () => {
    expect(chatWindow(10, 20)).toEqual({ from: 10, to: 20 });
    expect(chatWindow(20, 10)).toEqual({ from: 10, to: 20 });
    expect(chatWindow(100, 300)).toEqual({ from: 170, to: 230 });
    expect(chatWindow(0, 1000)).toEqual({ from: 470, to: 530 });
  });
});
