import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importChatFile } from '../../../main/core/chat/importChat';
import type { ChatMessage } from '../../../main/core/chat/message';
import { writeTwitchDownloaderChat, type DownloadedChat } from '../../../main/core/twitch/chatJson';
import type { VodComment } from '../../../main/core/twitch/types';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hl-chatjson-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const vod: DownloadedChat['vod'] = {
  id: '2001234567',
  title: 'A "quoted" title\nwith a newline',
  createdAt: '2024-03-01T18:00:00Z',
  lengthSec: 7200,
  channel: { id: '123456789', login: 'some_streamer', displayName: 'Some_Streamer' },
  game: 'Just Chatting',
};

function makeComments(n: number): VodComment[] {
  const out: VodComment[] = [];
  for (let i = 0; i < n; i++) {
    const emote = i % 4 === 0;
    out.push({
      id: `id-${i}`,
      offsetSec: Math.floor(i / 3),
      createdAt: new Date(Date.UTC(2024, 2, 1, 18) + i * 333).toISOString(),
      commenter: i % 10 === 9 ? null : { id: String(1000 + (i % 37)), login: `viewer_${i % 37}`, displayName: `Viewer_${i % 37}` },
      fragments: emote
        ? [
            { text: `wow ${i} `, emoteId: null },
            { text: 'PogChamp', emoteId: '305954156' },
          ]
        : [{ text: `message "${i}" \u00e9\u{1F600}`, emoteId: null }],
      badges: i % 5 === 0 ? [{ setId: 'subscriber', version: '12' }] : [],
      color: i % 2 === 0 ? '#1E90FF' : null,
    });
  }
  return out;
}

async function importAll(path: string): Promise<{ messages: ChatMessage[]; format: string; skipped: number }> {
  const messages: ChatMessage[] = [];
  const result = await importChatFile(path, { onBatch: (batch) => void messages.push(...batch) });
  expect(result.messageCount).toBe(messages.length);
  return { messages, format: result.format, skipped: result.skipped };
}

describe('writeTwitchDownloaderChat', () => {
  it('writes a TwitchDownloader 1.4 document that importChatFile reads back message for message', async () => {
    const comments = makeComments(1000);
    const path = join(dir, 'small.json');
    await writeTwitchDownloaderChat(path, { vod, comments });

    const { messages, format, skipped } = await importAll(path);
    expect(format).toBe('twitch-downloader-json');
    expect(skipped).toBe(0);
    expect(messages).toHaveLength(comments.length);
    messages.forEach((m, i) => {
      const c = comments[i]!;
      expect(m.offsetSec).toBe(c.offsetSec);
      expect(m.author).toBe(c.commenter?.displayName ?? '');
      expect(m.text).toBe(c.fragments.map((f) => f.text).join(''));
      expect(m.emotes).toEqual(c.fragments.filter((f) => f.emoteId !== null).map((f) => f.text));
    });
  });

  it('has the fields TwitchDownloader writes', async () => {
    const comments = makeComments(10);
    const path = join(dir, 'fields.json');
    await writeTwitchDownloaderChat(path, { vod, comments });
    const doc = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['FileInfo', 'streamer', 'video', 'comments', 'embeddedData']);
    expect(doc.FileInfo).toMatchObject({ Version: { Major: 1, Minor: 4, Patch: 0 } });
    expect(Date.parse((doc.FileInfo as { CreatedAt: string }).CreatedAt)).not.toBeNaN();
    expect(doc.streamer).toEqual({ name: 'Some_Streamer', id: 123456789 });
    expect(doc.video).toEqual({
      title: vod.title,
      description: null,
      id: vod.id,
      created_at: vod.createdAt,
      start: 0,
      end: 7200,
      length: 7200,
      viewCount: 0,
      game: 'Just Chatting',
      chapters: [],
    });
    expect(doc.embeddedData).toBeNull();
    const written = doc.comments as Record<string, unknown>[];
    expect(written[0]).toEqual({
      _id: 'id-0',
      created_at: comments[0]!.createdAt,
      channel_id: '123456789',
      content_type: 'video',
      content_id: vod.id,
      content_offset_seconds: 0,
      commenter: {
        display_name: 'Viewer_0',
        _id: '1000',
        name: 'viewer_0',
        type: null,
        bio: null,
        created_at: null,
        updated_at: null,
        logo: null,
      },
      message: {
        body: 'wow 0 PogChamp',
        bits_spent: 0,
        fragments: [
          { text: 'wow 0 ', emoticon: null },
          { text: 'PogChamp', emoticon: { emoticon_id: '305954156' } },
        ],
        user_badges: [{ _id: 'subscriber', version: '12' }],
        user_color: '#1E90FF',
        user_notice_params: {},
        emoticons: [],
      },
    });
    expect(written[9]!.commenter).toBeNull(); // deleted account
    expect((written[1]!.message as { user_color: unknown }).user_color).toBeNull();
  });

  it('an empty chat and a fresh VOD (length 0) still make a readable file', async () => {
    const path = join(dir, 'empty.json');
    await writeTwitchDownloaderChat(path, { vod: { ...vod, lengthSec: 0, game: null }, comments: [] });
    const doc = JSON.parse(await readFile(path, 'utf8')) as { video: { length: number; game: unknown }; comments: unknown[] };
    expect(doc.comments).toEqual([]);
    expect(doc.video.game).toBeNull();
    expect((await importAll(path)).messages).toEqual([]);

    const fresh = join(dir, 'fresh.json');
    await writeTwitchDownloaderChat(fresh, { vod: { ...vod, lengthSec: 0 }, comments: makeComments(30) });
    expect((JSON.parse(await readFile(fresh, 'utf8')) as { video: { length: number } }).video.length).toBe(9);
  });

  it('streams a large chat and replaces an existing file', async () => {
    const comments = makeComments(100_000);
    const path = join(dir, 'large.json');
    await writeFile(path, 'old content');
    const started = Date.now();
    await writeTwitchDownloaderChat(path, { vod, comments });
    const writeMs = Date.now() - started;
    const { messages } = await importAll(path);
    expect(messages).toHaveLength(comments.length);
    expect(messages.at(-1)!.offsetSec).toBe(comments.at(-1)!.offsetSec);
    expect(writeMs).toBeLessThan(10_000);
    expect((await readdir(dir)).filter((n) => n.endsWith('.part'))).toEqual([]);
  });

  it('fails with OUTPUT_UNWRITABLE and leaves nothing behind', async () => {
    // Folder missing: the temporary file cannot even be created.
    await expect(writeTwitchDownloaderChat(join(dir, 'missing', 'x.json'), { vod, comments: makeComments(5) })).rejects.toMatchObject({
      code: 'OUTPUT_UNWRITABLE',
      message: expect.stringContaining('the folder does not exist'),
    });
    // The target is a folder: everything is written, then the rename fails; the temporary file goes.
    const sub = join(dir, 'target-is-folder');
    await mkdir(join(sub, 'chat.json'), { recursive: true });
    await expect(writeTwitchDownloaderChat(join(sub, 'chat.json'), { vod, comments: makeComments(5000) })).rejects.toMatchObject({
      code: 'OUTPUT_UNWRITABLE',
    });
    expect(await readdir(sub)).toEqual(['chat.json']);
  });
});
