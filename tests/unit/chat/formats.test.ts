import { describe, expect, it } from 'vitest';
import { acceptedFormatsText, chatFormats, detectFormat } from '../../../main/core/chat/formats';

describe('chat format registry', () => {
  it('has unique names and labels for every format', () => {
    expect(chatFormats.length).toBeGreaterThan(0);
    expect(new Set(chatFormats.map((f) => f.name)).size).toBe(chatFormats.length);
    for (const f of chatFormats) expect(f.label.length).toBeGreaterThan(0);
  });

  it('detects TwitchDownloader JSON from its content', () => {
    const head = Buffer.from('{"FileInfo":{"Version":{"Major":1,"Minor":4,"Patch":0}},"streamer":{"name":"s","id":1},"video":{"start":0},"comments":[{"_id":"a","content_offset_seconds":1');
    expect(detectFormat(head)?.name).toBe('twitch-downloader-json');
  });

  it('returns null for content no format claims', () => {
    expect(detectFormat(Buffer.from('hello world'))).toBeNull();
    expect(detectFormat(Buffer.from('{"a":1}'))).toBeNull();
    expect(detectFormat(Buffer.alloc(0))).toBeNull();
    expect(detectFormat(Buffer.from([0x00, 0xff, 0xfe, 0x10]))).toBeNull();
  });

  it('lists what is accepted for error messages', () => {
    expect(acceptedFormatsText()).toContain('TwitchDownloader');
  });
});
