import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findSiblingChat, siblingChatNames } from '../../../main/core/chat/findSiblingChat';
import { writeTwitchDownloaderChat } from '../../fixtures/chat';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hl-sibling-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const chat = (name: string, gzip = false) =>
  writeTwitchDownloaderChat(join(dir, name), [{ offsetSec: 1, author: 'a', text: 'hi' }], { gzip });
const video = (name: string) => writeFile(join(dir, name), 'not really a video');

describe('findSiblingChat', () => {
  it('lists .chat.json before .json, each plain before gzip', () => {
    expect(siblingChatNames('vod')).toEqual(['vod.chat.json', 'vod.chat.json.gz', 'vod.json', 'vod.json.gz']);
  });

  it('prefers <base>.chat.json over <base>.json', async () => {
    await video('stream.mp4');
    await chat('stream.json');
    await chat('stream.chat.json');
    expect(await findSiblingChat(join(dir, 'stream.mp4'))).toBe(join(dir, 'stream.chat.json'));
  });

  it('finds <base>.json and gzip-compressed variants', async () => {
    await video('a.mkv');
    await chat('a.json');
    expect(await findSiblingChat(join(dir, 'a.mkv'))).toBe(join(dir, 'a.json'));

    await video('b.mp4');
    await chat('b.json.gz', true);
    expect(await findSiblingChat(join(dir, 'b.mp4'))).toBe(join(dir, 'b.json.gz'));

    await chat('b.chat.json.gz', true);
    expect(await findSiblingChat(join(dir, 'b.mp4'))).toBe(join(dir, 'b.chat.json.gz'));
  });

  it('skips a same-named file whose content is not chat and takes the next candidate', async () => {
    await video('c.mp4');
    await writeFile(join(dir, 'c.chat.json'), JSON.stringify({ title: 'metadata, not chat' }));
    expect(await findSiblingChat(join(dir, 'c.mp4'))).toBeNull();
    await chat('c.json');
    expect(await findSiblingChat(join(dir, 'c.mp4'))).toBe(join(dir, 'c.json'));
  });

  it('matches names case-insensitively and keeps dots in the base name', async () => {
    await video('My.Stream.2024.MP4');
    await chat('My.Stream.2024.Chat.JSON');
    expect(await findSiblingChat(join(dir, 'My.Stream.2024.MP4'))).toBe(join(dir, 'My.Stream.2024.Chat.JSON'));
  });

  it('ignores chat for other videos, folders with chat names, and missing folders', async () => {
    await video('d.mp4');
    await chat('d-other.chat.json');
    await chat('d.mp4.chat.json');
    await mkdir(join(dir, 'd.chat.json'));
    expect(await findSiblingChat(join(dir, 'd.mp4'))).toBeNull();
    expect(await findSiblingChat(join(dir, 'no-such-folder', 'x.mp4'))).toBeNull();
  });
});
