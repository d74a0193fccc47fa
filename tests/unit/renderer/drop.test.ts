import { describe, expect, it } from 'vitest';
import { extensionOf, isVideoName, planDrop } from '../../../renderer/src/drop';

describe('planDrop', () => {
  it('recognises videos by extension, case-insensitively', () => {
    expect(isVideoName('/a/b/Stream.MP4')).toBe(true);
    expect(isVideoName('C:\\vods\\x.mkv')).toBe(true);
    expect(isVideoName('/a/b/chat.json')).toBe(false);
    expect(isVideoName('/a/.mp4')).toBe(false);
    expect(extensionOf('/a.b/c')).toBe('');
    expect(extensionOf('/x/y.tar.gz')).toBe('gz');
  });

  it('takes the first video as the video and another file as its chat', () => {
    expect(planDrop(['/v/chat.json', '/v/stream.mp4'])).toEqual({ video: '/v/stream.mp4', chat: '/v/chat.json' });
    expect(planDrop(['/v/stream.webm'])).toEqual({ video: '/v/stream.webm', chat: null });
    expect(planDrop(['/v/log.txt'])).toEqual({ video: null, chat: '/v/log.txt' });
    expect(planDrop([])).toEqual({ video: null, chat: null });
  });
});
