import { appendFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileChatCheckpoint } from '../../../main/core/twitch/chatCheckpoint';
import type { VodComment } from '../../../main/core/twitch/types';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hl-chat-checkpoint-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const comment = (id: string, offsetSec: number): VodComment => ({
  id,
  offsetSec,
  createdAt: '2024-01-01T00:00:00Z',
  commenter: { id: '1', login: 'viewer', displayName: 'Viewer' },
  fragments: [{ text: 'LUL', emoteId: '425618' }],
  badges: [],
  color: null,
});

describe('fileChatCheckpoint', () => {
  it('reads back what was saved, in order, with open-ended spans', async () => {
    const path = join(dir, 'a.jsonl');
    const first = fileChatCheckpoint(path);
    expect(await first.load()).toEqual({ comments: [], covered: [] });
    await Promise.all([first.save([comment('a', 1), comment('b', 2)], { fromSec: 0, toSec: 2 }), first.save([], { fromSec: 600, toSec: 700 })]);
    await first.save([comment('c', 900)], { fromSec: 600, toSec: Infinity });
    await first.close();

    const saved = await fileChatCheckpoint(path).load();
    expect(saved.comments.map((c) => c.id)).toEqual(['a', 'b', 'c']);
    expect(saved.comments[0]).toEqual(comment('a', 1));
    expect(saved.covered).toEqual([
      { fromSec: 0, toSec: 2 },
      { fromSec: 600, toSec: 700 },
      { fromSec: 600, toSec: Infinity },
    ]);
  });

  it('skips a line a crash cut short, and what is not a checkpoint line', async () => {
    const path = join(dir, 'b.jsonl');
    const checkpoint = fileChatCheckpoint(path);
    await checkpoint.save([comment('a', 1)], { fromSec: 0, toSec: 5 });
    await checkpoint.close();
    await appendFile(path, '{"from":5,"to":9,"comments":[{"id":"x","offsetSec":6,"fra');
    await appendFile(path, '\n{"something":"else"}\n');
    const saved = await fileChatCheckpoint(path).load();
    expect(saved.comments.map((c) => c.id)).toEqual(['a']);
    expect(saved.covered).toEqual([{ fromSec: 0, toSec: 5 }]);
  });

  it('appends across runs and is gone once removed', async () => {
    const path = join(dir, 'c.jsonl');
    const one = fileChatCheckpoint(path);
    await one.save([comment('a', 1)], { fromSec: 0, toSec: 1 });
    await one.close();
    const two = fileChatCheckpoint(path);
    await two.save([comment('b', 3)], { fromSec: 1, toSec: 4 });
    await two.close();
    expect((await readFile(path, 'utf8')).trim().split('\n')).toHaveLength(2);
    await fileChatCheckpoint(path).remove();
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('fileChatCheckpoint failures', () => {
  it('says where it could not save, as OUTPUT_UNWRITABLE', async () => {
    const checkpoint = fileChatCheckpoint(join(dir, 'no-such-folder', 'x.jsonl'));
    await expect(checkpoint.save([comment('a', 1)], { fromSec: 0, toSec: 1 })).rejects.toMatchObject({
      code: 'OUTPUT_UNWRITABLE',
      message: expect.stringContaining('no-such-folder'),
    });
    await checkpoint.close();
  });
});
