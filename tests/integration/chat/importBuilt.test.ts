// The chat import worker as the built app runs it: `highlighter serve` (out/main, built by
// `npm run build`) imports a chat through its worker threads, and a refusal crosses them intact.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, startServe, type Served } from '../../fixtures/cli';
import { makeWorkspace, type TestWorkspace } from '../../fixtures/core';

let ws: TestWorkspace;
let served: Served;
beforeAll(async () => {
  assertBuilt();
  ws = await makeWorkspace({ durationSec: 60, bursts: [30] });
  served = await startServe({ HIGHLIGHTER_DATA_DIR: ws.dataDir });
}, 60_000);
afterAll(async () => {
  await served?.stop();
  await ws?.cleanup();
});

async function call<T>(method: string, args: unknown): Promise<{ ok: boolean; value: T; error: { code: string; message: string } }> {
  const response = await fetch(`${served.origin}/api/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${served.token}` },
    body: JSON.stringify(args),
  });
  return (await response.json()) as { ok: boolean; value: T; error: { code: string; message: string } };
}

describe('chat import in the built app', () => {
  it('imports the chat given with the video through the built worker', async () => {
    const opened = await call<{ chat: { messageCount: number; format: string } | null; warnings: string[] }>('openLocal', {
      videoPath: ws.videoPath,
      chatPath: ws.chatPath,
    });
    expect(opened.error).toBeUndefined();
    expect(opened.value.chat).toMatchObject({ format: 'twitch-downloader-json' });
    expect(opened.value.chat!.messageCount).toBeGreaterThan(50);
    expect(opened.value.warnings).toEqual([]);
  });

  it('brings a refusal from the worker with its reason', async () => {
    const notChat = join(ws.dir, 'notes.json');
    await writeFile(notChat, JSON.stringify({ name: 'x', version: '1.0.0' }));
    const projects = await call<{ id: number }[]>('listProjects', {});
    const refused = await call('importChat', { projectId: projects.value[0]!.id, chatPath: notChat });
    expect(refused.ok).toBe(false);
    expect(refused.error.code).toBe('CHAT_FORMAT_UNKNOWN');
    expect(refused.error.message).toContain('notes.json');
  });
});
