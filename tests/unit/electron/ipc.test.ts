import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { eventNames, methodNames, type HighlighterApi, type MethodName } from '../../../preload/contract';
import { AppError } from '../../../main/core/errors';
import type { CoreEvents } from '../../../main/core/core';

vi.mock('electron', async () => (await import('./electronDouble')).electronModule);

import { bindIpc, callMethod, eventChannel, forwardEvents, methodChannel } from '../../../main/ipc';
import { double } from './electronDouble';

const APP_URL = 'file:///app/out/renderer/index.html';
const trusted = { isTrustedSender: (url: string) => url.startsWith(APP_URL) };

/** An API whose every method records its (validated) arguments and echoes them back. */
function fakeApi() {
  const calls: { name: MethodName; args: unknown }[] = [];
  const api = Object.fromEntries(
    methodNames.map((name) => [
      name,
      vi.fn(async (args: unknown) => {
        calls.push({ name, args });
        return { method: name, args };
      }),
    ]),
  ) as unknown as HighlighterApi;
  return { api, calls };
}

/** Valid arguments for every method, so the loop below covers the whole contract. */
const validArgs: { [M in MethodName]: unknown } = {
  getAppInfo: {},
  listProjects: {},
  openLocal: { videoPath: '/v/a.mp4' },
  openProject: { projectId: 1 },
  saveView: { projectId: 1, view: { playheadSec: 1, zoom: 2, scrollSec: 0, selectedId: null } },
  describeRemoval: { projectId: 1 },
  removeProject: { projectId: 1 },
  resolveVod: { ref: 'https://www.twitch.tv/videos/123456789' },
  openVod: { ref: '123456789', quality: 'chunked', video: true },
  downloadVodVideo: { projectId: 1 },
  setTwitchToken: { token: null },
  importChat: { projectId: 1, chatPath: '/v/chat.json' },
  getHeatmap: { projectId: 1 },
  getWaveform: { projectId: 1 },
  getThumbnails: { projectId: 1, startSec: 0, endSec: 60, count: 10 },
  chatAt: { projectId: 1, startSec: 10, endSec: 20 },
  detect: { projectId: 1, sensitivity: 0.5 },
  saveHighlights: { projectId: 1, highlights: [] },
  planExport: { projectId: 1, mode: 'fast' },
  startExport: { projectId: 1, outPath: '/v/out.mp4', mode: 'accurate' },
  exportTimeline: { projectId: 1, format: 'fcpxml', outPath: '/v/out.fcpxml' },
  exportDefaults: { projectId: 1 },
  cancelJob: { jobId: 3 },
  listJobs: {},
  chooseFile: { purpose: 'video' },
};

const invoke = (name: MethodName, args: unknown, sender: string | null = APP_URL) =>
  double.ipcMain.invoke(methodChannel(name), sender, args);

let unbind: () => void = () => undefined;
beforeEach(() => {
  unbind();
});

describe('bindIpc', () => {
  it('binds exactly one channel per contract method', () => {
    unbind = bindIpc(double.ipcMain, fakeApi().api, trusted);
    expect([...double.ipcMain.handlers.keys()].sort()).toEqual(methodNames.map((name) => `highlighter:${name}`).sort());
  });

  it('removes every handler when unbound', () => {
    bindIpc(double.ipcMain, fakeApi().api, trusted)();
    expect(double.ipcMain.handlers.size).toBe(0);
  });

  it.each(methodNames)('%s: valid arguments reach the API and come back in an ok envelope', async (name) => {
    const { api, calls } = fakeApi();
    unbind = bindIpc(double.ipcMain, api, trusted);
    const envelope = await invoke(name, validArgs[name]);
    expect(envelope).toEqual({ ok: true, value: { method: name, args: calls[0]?.args } });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.name).toBe(name);
  });

  it.each(methodNames)('%s: arguments of the wrong shape give BAD_ARGUMENTS and never reach the API', async (name) => {
    const { api, calls } = fakeApi();
    unbind = bindIpc(double.ipcMain, api, trusted);
    for (const bad of [undefined, null, 'x', 42, []]) {
      const envelope = await invoke(name, bad);
      expect(envelope).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    }
    expect(calls).toHaveLength(0);
  });

  it('says which argument is wrong, readably', async () => {
    unbind = bindIpc(double.ipcMain, fakeApi().api, trusted);
    const envelope = (await invoke('detect', { projectId: -1, sensitivity: 3 })) as { error: { message: string } };
    expect(envelope.error.message).toMatch(/^Invalid arguments for detect: /);
    expect(envelope.error.message).toContain('projectId');
    expect(envelope.error.message).toContain('sensitivity');
  });

  it.each([
    ['a path from outside the app', 'file:///tmp/evil.html'],
    ['a web page', 'https://evil.example/'],
    ['a frame that is gone', null],
    ['an empty URL', ''],
  ])('refuses calls from %s', async (_label, sender) => {
    const { api, calls } = fakeApi();
    unbind = bindIpc(double.ipcMain, api, trusted);
    const envelope = await invoke('openLocal', { videoPath: '/etc/passwd' }, sender);
    expect(envelope).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('Refused openLocal') } });
    expect(calls).toHaveLength(0);
  });

  it('applies schema defaults before calling the API', async () => {
    const { api, calls } = fakeApi();
    unbind = bindIpc(double.ipcMain, api, trusted);
    await invoke('saveHighlights', { projectId: 2, highlights: [{ id: 'h1', start: 1, end: 2 }] });
    expect(calls[0]?.args).toEqual({
      projectId: 2,
      highlights: [{ id: 'h1', start: 1, end: 2, score: 0, origin: 'manual', edited: true }],
    });
  });

  it('drops unknown keys instead of passing them on', async () => {
    const { api, calls } = fakeApi();
    unbind = bindIpc(double.ipcMain, api, trusted);
    await invoke('openProject', { projectId: 1, sql: 'DROP TABLE projects' });
    expect(calls[0]?.args).toEqual({ projectId: 1 });
  });
});

describe('callMethod errors', () => {
  it('turns an AppError into an envelope with its code and message', async () => {
    const { api } = fakeApi();
    api.openProject = async () => {
      throw new AppError('NOT_FOUND', 'That project no longer exists.');
    };
    expect(await callMethod(api, 'openProject', { projectId: 9 })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'That project no longer exists.' },
    });
  });

  it('turns anything else into INTERNAL', async () => {
    const { api } = fakeApi();
    api.listJobs = async () => {
      throw new TypeError('x is undefined');
    };
    expect(await callMethod(api, 'listJobs', {})).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'Unexpected error: x is undefined' },
    });
  });

  it('calls the method with the API as `this`', async () => {
    const api = {
      ...fakeApi().api,
      label: 'core',
      async getAppInfo(this: { label: string }) {
        return this.label;
      },
    } as unknown as HighlighterApi;
    expect(await callMethod(api, 'getAppInfo', {})).toEqual({ ok: true, value: 'core' });
  });
});

describe('forwardEvents', () => {
  function fakeEvents() {
    const emitter = new EventEmitter();
    const events: CoreEvents = {
      on(event, listener) {
        emitter.on(event, listener);
        return () => emitter.off(event, listener);
      },
    };
    return { emitter, events };
  }

  it('sends every contract event on its own channel, until unsubscribed', () => {
    const { emitter, events } = fakeEvents();
    const contents = { send: vi.fn(), isDestroyed: () => false };
    const stop = forwardEvents(events, contents);
    for (const name of eventNames) emitter.emit(name, { from: name });
    expect(contents.send.mock.calls).toEqual(eventNames.map((name) => [`highlighter:event:${name}`, { from: name }]));
    expect(eventNames.map(eventChannel)).toEqual(eventNames.map((name) => `highlighter:event:${name}`));
    stop();
    for (const name of eventNames) expect(emitter.listenerCount(name)).toBe(0);
  });

  it('does not send to a destroyed window', () => {
    const { emitter, events } = fakeEvents();
    const contents = { send: vi.fn(), isDestroyed: () => true };
    forwardEvents(events, contents);
    emitter.emit('project', { projectId: 1 });
    expect(contents.send).not.toHaveBeenCalled();
  });
});
