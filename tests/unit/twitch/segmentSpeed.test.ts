import { describe, expect, it } from 'vitest';
import { createSpeedMeter } from '../../../main/core/twitch/segmentDownload';

describe('createSpeedMeter', () => {
  it('is null until the samples span enough time', () => {
    const meter = createSpeedMeter(5000, 500);
    expect(meter.rate(0)).toBeNull();
    meter.add(0, 0);
    meter.add(100, 1000);
    expect(meter.rate(200)).toBeNull();
    expect(meter.rate(1000)).toBe(1000);
  });

  it('measures over the recent window, not since the start', () => {
    const meter = createSpeedMeter(2000, 500);
    // 1 MB/s for 10 s, then 100 KB/s for 4 s.
    let total = 0;
    for (let t = 0; t <= 10_000; t += 100) meter.add(t, (total = t * 1000));
    for (let t = 10_100; t <= 14_000; t += 100) meter.add(t, (total += 10_000));
    expect(meter.rate(14_000)).toBeCloseTo(100_000, -3);
  });

  it('counts the time since the last sample (a stalled download slows down)', () => {
    const meter = createSpeedMeter(5000, 500);
    meter.add(0, 0);
    meter.add(1000, 1_000_000);
    expect(meter.rate(1000)).toBe(1_000_000);
    expect(meter.rate(2000)).toBe(500_000);
  });

  it('never reports a negative speed when a failed attempt takes its bytes back', () => {
    const meter = createSpeedMeter(5000, 500);
    meter.add(0, 5000);
    meter.add(1000, 1000);
    expect(meter.rate(1000)).toBe(0);
  });
});
