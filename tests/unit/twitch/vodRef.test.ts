import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../main/core/errors';
import { parseTimestamp, parseVodRef } from '../../../main/core/twitch/vodRef';

function refusal(input: string): { code: string; message: string } {
  try {
    parseVodRef(input);
  } catch (error) {
    if (isAppError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error(`"${input}" was accepted`);
}

describe('parseVodRef', () => {
  it.each([
    ['https://www.twitch.tv/videos/123456789', '123456789', null],
    ['https://www.twitch.tv/videos/123456789?t=1h2m3s', '123456789', 3723],
    ['https://www.twitch.tv/videos/123456789?filter=archives&t=90s', '123456789', 90],
    ['http://twitch.tv/videos/123456789/', '123456789', null],
    ['https://m.twitch.tv/videos/2001234567', '2001234567', null],
    ['m.twitch.tv/videos/2001234567?t=5m', '2001234567', 300],
    ['www.twitch.tv/videos/42', '42', null],
    ['https://www.twitch.tv/somechannel/video/987654321', '987654321', null],
    ['https://www.twitch.tv/somechannel/v/987654321', '987654321', null],
    ['https://player.twitch.tv/?video=v555555555&parent=example.com', '555555555', null],
    ['123456789', '123456789', null],
    ['  v123456789 ', '123456789', null],
    ['000123', '123', null],
  ])('%s → %s', (input, id, start) => {
    expect(parseVodRef(input)).toEqual({ vodId: id, startSec: start });
  });

  it.each([
    '',
    'hello',
    'https://www.youtube.com/watch?v=abc',
    'https://twitch.tv.evil.example/videos/123',
    'https://www.twitch.tv/videos/abc',
    'https://www.twitch.tv/videos/123/extra',
    'ftp://twitch.tv/videos/123',
    '12345678901234567890',
    '0',
    'javascript:alert(1)',
  ])('refuses %j with a message that shows what a VOD link looks like', (input) => {
    const { code, message } = refusal(input);
    expect(code).toBe('VOD_REF_INVALID');
    expect(message).toContain('https://www.twitch.tv/videos/123456789');
  });

  it('names clip and channel links for what they are', () => {
    expect(refusal('https://clips.twitch.tv/FunnySlug').message).toMatch(/clip, not to a VOD/);
    expect(refusal('https://www.twitch.tv/somechannel/clip/FunnySlug').message).toMatch(/clip/);
    expect(refusal('https://www.twitch.tv/somechannel').message).toMatch(/channel "somechannel"/);
  });
});

describe('parseTimestamp', () => {
  it.each([
    ['1h2m3s', 3723],
    ['2m', 120],
    ['45s', 45],
    ['3723', 3723],
    ['1h', 3600],
    ['1.5s', 1.5],
  ])('%s = %d s', (text, sec) => expect(parseTimestamp(text)).toBe(sec));
  it.each(['', 'abc', '1x', 'h'])('%j is not a time', (text) => expect(parseTimestamp(text)).toBeNull());
});
