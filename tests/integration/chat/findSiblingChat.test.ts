import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findSiblingChat, siblingChatNames } from '../../../main/core/chat/findSiblingChat';
import { writeTwitchDownloaderChat } from '../../fixtures/chat';
import { writeChatFile } from '../../fixtures/chatFormats';

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
  it('lists .chat.json before .json, then the other tools\' names, each plain before gzip', () => {
    const names = siblingChatNames('vod');
    expect(names.slice(0, 4)).toEqual(['vod.chat.json', 'vod.chat.json.gz', 'vod.json', 'vod.json.gz']);
    expect(names).toEqual(expect.arrayContaining(['vod.live_chat.json', 'vod.jsonl', 'vod.txt', 'vod.log', 'vod.txt.gz']));
  });

  it('finds chat in the other formats by their usual names (yt-dlp, chat-downloader, text logs)', async () => {
    const messages = [{ offsetSec: 1, author: 'a', text: 'hi' }];
    await video('yt.webm');
    await writeChatFile(join(dir, 'yt.live_chat.json'), 'youtube-live-chat', messages);
    expect(await findSiblingChat(join(dir, 'yt.webm'))).toBe(join(dir, 'yt.live_chat.json'));
    await video('log.mp4');
    await writeChatFile(join(dir, 'log.txt'), 'text-log-relative', messages);
    expect(await findSiblingChat(join(dir, 'log.mp4'))).toBe(join(dir, 'log.txt'));
    // A text file that is not chat (notes) is not taken.
    await video('notes.mp4');
    await writeFile(join(dir, 'notes.txt'), 'remember to cut the intro\n');
    expect(await findSiblingChat(join(dir, 'notes.mp4'))).toBeNull();
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
