import { describe, expect, it } from 'vitest';
import { chatDetail, formatBytes, segmentDetail } from '../../../main/core/twitch/progressText';

describe('download progress text', () => {
  it('formats sizes in binary units with sensible precision', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(12.34 * 2 ** 20)).toBe('12.3 MB');
    expect(formatBytes(250 * 2 ** 20)).toBe('250 MB');
    expect(formatBytes(8.5 * 2 ** 30)).toBe('8.5 GB');
  });
  it('says segments, bytes and rate, or messages and rate', () => {
    expect(segmentDetail({ doneSegments: 45, totalSegments: 1200, bytes: 12.3 * 2 ** 20, bytesPerSec: 2.1 * 2 ** 20 })).toBe(
      '45 of 1,200 segments · 12.3 MB · 2.1 MB/s',
    );
    expect(segmentDetail({ doneSegments: 0, totalSegments: 3, bytes: 0, bytesPerSec: null })).toBe('0 of 3 segments · 0 B');
    expect(chatDetail({ messages: 12345, messagesPerSec: 2300.4 })).toBe('12,345 messages · 2,300/s');
    expect(chatDetail({ messages: 0, messagesPerSec: null })).toBe('0 messages');
  });
});
